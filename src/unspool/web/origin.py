"""The origin of the site's absolute URLs (canonical links, og:url, feeds, oEmbed, the API's
html_url, redirects), decided in one place.

With a public URL set, it is that URL whatever the request says. Without one, the request's
Host header would be reflected into every page and key the page cache, so it is believed only
when it names a host listed in `Settings.site_hosts` (by default the loopback names, on any
port); `KnownHost` (middleware.py) answers 400 to any other Host before a route runs, so no
view, and no cache entry, is ever built from an origin that was not checked here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import HOST_PORT


@dataclass(frozen=True)
class SiteOrigin:
    public_url: str | None
    # "host" (any port) or "host:port", lowercased (config.parse_site_hosts).
    hosts: frozenset[str]

    def host_allowed(self, host: str | None) -> bool:
        """Whether a Host header value names one of the site's hosts."""
        if host is None:
            return False
        name = host.lower()
        if not HOST_PORT.match(name):
            return False
        if name in self.hosts:
            return True
        bare, colon, port = name.rpartition(":")
        return bool(colon) and port.isdigit() and bare in self.hosts  # a host listed without a port

    def base(self, scheme: str | None, host: str | None, root_path: str = "") -> str | None:
        """Scheme, host and root path (no trailing slash) for absolute URLs, or None when the
        request's Host may not be used. `host` is the Host header as sent."""
        if self.public_url:
            return self.public_url
        if not self.host_allowed(host) or scheme not in ("http", "https"):
            return None
        return f"{scheme}://{host}{root_path}".rstrip("/")

    def base_of(self, scope) -> str | None:
        """`base` for an ASGI HTTP scope."""
        host = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
                break
        return self.base(scope.get("scheme"), host, scope.get("root_path", ""))
