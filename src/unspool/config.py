"""Settings, read once from the environment (CLI options override them) and passed down."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sources.archive_files import ArchiveLimits

from .errors import InputError

# Hosts the site answers on when no public URL is set: loopback only, on any port.
DEFAULT_SITE_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
HOST_PORT = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$")


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
    # Rendered pages kept per server process (web/cache.py), in MB.
    page_cache_mb: int = 64
    # Bearer token of the operators' API; unset (or too short, see web/app.py): the API is off.
    admin_token: str | None = field(default=None, repr=False)
    # Hosts ("host" any port, or "host:port") whose Host header may make absolute URLs when
    # public_url is unset; any other Host is refused (web/origin.py).
    site_hosts: frozenset[str] = DEFAULT_SITE_HOSTS
    # Proxies whose X-Forwarded-For/-Proto uvicorn believes (addresses or networks; "*" all).
    # Empty: none, so per-client limits see the connecting address.
    forwarded_allow_ips: tuple[str, ...] = ()
    # The job queue (jobs/): fetches at once over all job workers, and per origin host; how many
    # jobs may wait; how many new live unrolls one client (keyed address hash) may ask an hour.
    job_fetches: int = 4
    job_fetches_per_host: int = 2
    job_queue_max: int = 1000
    unrolls_per_client_hour: int = 120

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
            page_cache_mb=_int_setting("UNSPOOL_PAGE_CACHE_MB", 64, low=0, high=65536),
            admin_token=os.environ.get("UNSPOOL_ADMIN_TOKEN", "").strip() or None,
            site_hosts=parse_site_hosts(os.environ.get("UNSPOOL_SITE_HOSTS", "")) or DEFAULT_SITE_HOSTS,
            forwarded_allow_ips=parse_forwarded_allow_ips(os.environ.get("UNSPOOL_FORWARDED_ALLOW_IPS", "")),
            job_fetches=_int_setting("UNSPOOL_JOB_FETCHES", 4),
            job_fetches_per_host=_int_setting("UNSPOOL_JOB_FETCHES_PER_HOST", 2),
            job_queue_max=_int_setting("UNSPOOL_JOB_QUEUE_MAX", 1000),
            unrolls_per_client_hour=_int_setting("UNSPOOL_UNROLLS_PER_CLIENT_HOUR", 120),

            archive_max_media_bytes=_int_setting("UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES", 200_000_000),
            archive_max_total_bytes=_int_setting("UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES", 100_000_000_000),
            archive_max_ratio=_int_setting("UNSPOOL_ARCHIVE_MAX_RATIO", 100),
        )

    def to_env(self) -> dict[str, str]:
        """Every setting as the UNSPOOL_* variable `from_env` reads it back from (an empty
        string for unset): `unspool serve` hands settings to its worker processes this way."""
        env = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None:
                text = ""
            elif isinstance(value, frozenset):
                text = ",".join(sorted(value))
            elif isinstance(value, tuple):
                text = ",".join(value)
            else:
                text = str(value)
            env["UNSPOOL_" + item.name.upper()] = text
        return env


def parse_site_hosts(text: str) -> frozenset[str]:
    """`UNSPOOL_SITE_HOSTS`: comma-separated host[:port] (lowercased); a clear error otherwise."""
    hosts = frozenset(h.strip().lower() for h in text.split(",") if h.strip())
    for host in sorted(hosts):
        if not HOST_PORT.match(host):
            raise InputError(f"UNSPOOL_SITE_HOSTS: {host!r} is not a host[:port] (IPv6 addresses in brackets)")
    return hosts


def parse_forwarded_allow_ips(text: str) -> tuple[str, ...]:
    """`--forwarded-allow-ips`: comma-separated addresses or networks of trusted proxies, or "*"."""
    entries = tuple(dict.fromkeys(e.strip() for e in text.split(",") if e.strip()))
    for entry in entries:
        if entry != "*":
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise InputError(f"forwarded-allow-ips: {entry!r} is not an IP address or network") from None
    return entries


def _int_setting(name: str, default: int, *, low: int = 1, high: int | None = None) -> int:
    """A whole-number setting ("1_000" allowed); a clear error outside low..high."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    digits = raw.replace("_", "")
    if not digits.isdigit() or not low <= int(digits) <= (high if high is not None else int(digits)):
        upper = f" and at most {high}" if high is not None else ""
        raise InputError(f"{name} must be a whole number of at least {low}{upper}, not {raw!r}")
    return int(digits)


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("unspool", appauthor=False)
