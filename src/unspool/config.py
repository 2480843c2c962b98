"""Settings, read once from the environment (CLI options override them) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sources.archive_files import ArchiveLimits


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    media_dir: Path
    # Hosts the fetch guard lets through even on plain http or private addresses ("host[:port]").
    allow_hosts: frozenset[str] = frozenset()
    # The public site's origin; also named in the User-Agent of outgoing requests.
    public_url: str | None = None
    x_bearer_token: str | None = field(default=None, repr=False)
    x_api_base: str = "https://api.x.com/2"
    # Bluesky: the AppView read without login; with handle + app password, reads go through the
    # PDS (createSession, then `atproto-proxy: <appview DID>#bsky_appview`).
    bsky_appview: str = "https://public.api.bsky.app"
    bsky_pds: str = "https://bsky.social"
    bsky_handle: str | None = None
    bsky_app_password: str | None = field(default=None, repr=False)
    bsky_appview_did: str = "did:web:api.bsky.app"
    # The unroll bot's accounts (`unspool bot NETWORK`). X posts and reads mentions with an
    # OAuth 2.0 user-context token; live unrolls still read with the app's bearer token.
    mastodon_base_url: str | None = None
    mastodon_token: str | None = field(default=None, repr=False)
    x_user_token: str | None = field(default=None, repr=False)
    x_bot_user_id: str | None = None
    # Refreshing the X user token (it lasts about 2 hours): the app's client id (and secret, for
    # a confidential client) and the refresh token from the authorisation (offline.access).
    # These only seed the first run: X rotates refresh tokens, the newest pair is kept in the
    # database (bot_tokens).
    x_refresh_token: str | None = field(default=None, repr=False)
    x_client_id: str | None = None
    x_client_secret: str | None = field(default=None, repr=False)
    # Caps on what an import reads from an archive (see sources/archive_files.py).
    archive_max_media_bytes: int = 200_000_000
    archive_max_total_bytes: int = 100_000_000_000
    archive_max_ratio: int = 100

    def archive_limits(self) -> ArchiveLimits:
        from .sources.archive_files import ArchiveLimits

        return ArchiveLimits(self.archive_max_media_bytes, self.archive_max_total_bytes, self.archive_max_ratio)

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        data_dir = Path(os.environ.get("UNSPOOL_DATA_DIR") or _default_data_dir())
        url = database_url or os.environ.get("UNSPOOL_DATABASE_URL") or f"sqlite:///{data_dir / 'unspool.db'}"
        media_dir = Path(os.environ.get("UNSPOOL_MEDIA_DIR") or data_dir / "media")
        return cls(
            data_dir=data_dir,
            database_url=url,
            media_dir=media_dir,
            x_bearer_token=os.environ.get("UNSPOOL_X_BEARER_TOKEN") or None,
            x_api_base=os.environ.get("UNSPOOL_X_API_BASE") or "https://api.x.com/2",
            allow_hosts=frozenset(h.strip().lower() for h in os.environ.get("UNSPOOL_ALLOW_HOSTS", "").split(",") if h.strip()),
            public_url=os.environ.get("UNSPOOL_PUBLIC_URL") or None,
            bsky_appview=os.environ.get("UNSPOOL_BSKY_APPVIEW") or "https://public.api.bsky.app",
            bsky_pds=os.environ.get("UNSPOOL_BSKY_PDS") or "https://bsky.social",
            bsky_handle=os.environ.get("UNSPOOL_BSKY_HANDLE") or None,
            bsky_app_password=os.environ.get("UNSPOOL_BSKY_APP_PASSWORD") or None,
            bsky_appview_did=os.environ.get("UNSPOOL_BSKY_APPVIEW_DID") or "did:web:api.bsky.app",
            mastodon_base_url=os.environ.get("UNSPOOL_MASTODON_BASE_URL") or None,
            mastodon_token=os.environ.get("UNSPOOL_MASTODON_TOKEN") or None,
            x_user_token=os.environ.get("UNSPOOL_X_USER_TOKEN") or None,
            x_bot_user_id=os.environ.get("UNSPOOL_X_BOT_USER_ID") or None,
            x_refresh_token=os.environ.get("UNSPOOL_X_REFRESH_TOKEN") or None,
            x_client_id=os.environ.get("UNSPOOL_X_CLIENT_ID") or None,
            x_client_secret=os.environ.get("UNSPOOL_X_CLIENT_SECRET") or None,
            archive_max_media_bytes=_positive_int("UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES", 200_000_000),
            archive_max_total_bytes=_positive_int("UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES", 100_000_000_000),
            archive_max_ratio=_positive_int("UNSPOOL_ARCHIVE_MAX_RATIO", 100),
        )


def _positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace("_", "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        from .errors import UnspoolError

        raise UnspoolError(f"{name} must be a whole number above 0, not {os.environ[name]!r}")
    return int(value)


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("unspool", appauthor=False)
