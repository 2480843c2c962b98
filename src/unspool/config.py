"""Settings, read once from the environment (CLI options override them) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


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
    # The job queue (jobs/): fetches at once over all job workers, and per origin host; how many
    # jobs may wait; how many new live unrolls one client (keyed address hash) may ask an hour.
    job_fetches: int = 4
    job_fetches_per_host: int = 2
    job_queue_max: int = 1000
    unrolls_per_client_hour: int = 120

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
            job_fetches=_positive_int("UNSPOOL_JOB_FETCHES", 4),
            job_fetches_per_host=_positive_int("UNSPOOL_JOB_FETCHES_PER_HOST", 2),
            job_queue_max=_positive_int("UNSPOOL_JOB_QUEUE_MAX", 1000),
            unrolls_per_client_hour=_positive_int("UNSPOOL_UNROLLS_PER_CLIENT_HOUR", 120),
        )


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        from .errors import InputError

        raise InputError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("unspool", appauthor=False)
