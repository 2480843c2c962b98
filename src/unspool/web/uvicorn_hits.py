"""Cached pages answered by uvicorn's HTTP protocol itself (`unspool serve`, the default).

`CachedPageProtocol` is uvicorn's httptools protocol with one shortcut: when a complete ``GET``
or ``HEAD`` finds its answer in the page cache (web/cache.py: the same key and change check as
the ASGI path), it writes the stored bytes to the socket in the parser's callback — no task, no
ASGI messages, no cross-thread hand-over. That is what lets one Python process serve a cached
page in about half the CPU time of the ASGI path (benchmarks/bench_pages.py). Anything else,
and anything this path is unsure of, goes to uvicorn's own code unchanged: misses, a request
while an earlier pipelined one is still being answered, a client not reading its answers, proxy
headers while no public URL is set (they may change the scheme, so the page), a root path, an
access log being kept, or a change feed that would need a query.

The subclass leans on uvicorn internals. `protocol_class` checks at start-up that the installed
uvicorn has every one of them and otherwise serves through uvicorn's own protocol with one
warning; an unexpected error at run time turns the shortcut off for the process (one warning).
The bytes are the ones uvicorn would write for the ASGI hit path: its status line, its default
headers (``date``, ``server`` when enabled), the entry's headers, and ``connection: close`` when
the connection ends after the answer (tests compare them).
"""

from __future__ import annotations

import logging

from uvicorn.protocols.http import httptools_impl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .cache import CachedSite, Entry

logger = logging.getLogger("unspool.web")
_PROXY_PREFIXES = (b"x-forwarded-", b"forwarded", b"x-real-ip")
_default_headers: tuple[object, bytes] = (None, b"")

# What the subclass uses of uvicorn: methods it overrides or calls, and attributes it reads
# (instance attributes are checked on the first connection: `_usable`, after uvicorn's __init__).
USED_METHODS = ("on_headers_complete", "on_body", "on_message_complete", "on_response_complete", "__init__")
# ("url" too, which uvicorn sets per request: a missing one fails the lookup, which turns the shortcut off.)
USED_ATTRIBUTES = ("cycle", "pipeline", "flow", "parser", "headers", "scheme", "server", "server_state",
                   "transport", "root_path", "access_log", "app")
_disabled = False


def _default_header_block(headers: list[tuple[bytes, bytes]]) -> bytes:
    """uvicorn's default headers as wire bytes; the server replaces the list once a second (date)."""
    global _default_headers
    if _default_headers[0] is not headers:
        _default_headers = (headers, b"".join(b"%s: %s\r\n" % pair for pair in headers))
    return _default_headers[1]


def find_page_cache(app) -> CachedSite | None:
    """The page cache of our app under whatever middleware uvicorn wrapped it in."""
    for _ in range(8):
        cache = getattr(app, "page_cache", None)
        if isinstance(cache, CachedSite):
            return cache
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


def missing_internals() -> list[str]:
    """What the installed uvicorn lacks of what `CachedPageProtocol` uses (empty: all there)."""
    missing = [f"HttpToolsProtocol.{name}" for name in USED_METHODS if not callable(getattr(HttpToolsProtocol, name, None))]
    status_line = getattr(httptools_impl, "STATUS_LINE", None)
    if not isinstance(status_line, dict) or not isinstance(status_line.get(200), bytes) or 304 not in status_line:
        missing.append("httptools_impl.STATUS_LINE")
    return missing


def protocol_class() -> type[HttpToolsProtocol]:
    """`CachedPageProtocol` when the installed uvicorn has what it uses, else uvicorn's own."""
    missing = missing_internals()
    if missing:
        logger.warning("uvicorn %s lacks %s: cached pages are served through the ordinary path",
                       _uvicorn_version(), ", ".join(missing))
        return HttpToolsProtocol
    return CachedPageProtocol


def _uvicorn_version() -> str:
    import uvicorn

    return getattr(uvicorn, "__version__", "?")


def _disable(reason: str) -> None:
    global _disabled
    if not _disabled:
        _disabled = True
        logger.warning("cached pages are served through the ordinary path from now on: %s", reason, exc_info=True)


class CachedPageProtocol(HttpToolsProtocol):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cache: CachedSite | None = None
        self._hit: tuple[Entry, bool, bool] | None = None
        if _disabled:
            return
        try:
            cache = find_page_cache(self.app)
            if cache is not None and not self.root_path and not self.access_log and _usable(self):
                self._cache = cache
        except Exception:
            _disable("the protocol could not be set up")

    def on_headers_complete(self) -> None:
        self._hit = None
        if self._cache is not None and not _disabled:
            try:
                self._hit = self._find_hit(self._cache)
            except Exception:  # uvicorn would answer 400 to an error in a parser callback: let it answer properly
                self._hit = None
                _disable("a cached page lookup failed")
        if self._hit is None:
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if self._hit is None:
            super().on_body(body)

    def on_message_complete(self) -> None:
        hit = self._hit
        if hit is None:
            super().on_message_complete()
            return
        self._hit = None
        if self.transport.is_closing():  # the client left
            return
        entry, not_modified, head = hit
        keep_alive = self.parser.should_keep_alive() and self.parser.get_http_version() != "1.0"
        parts = [httptools_impl.STATUS_LINE[304 if not_modified else 200],
                 _default_header_block(self.server_state.default_headers),
                 entry.http1_304 if not_modified else entry.http1]
        if not keep_alive:
            parts.append(b"connection: close\r\n")
        parts.append(b"\r\n")
        if not not_modified and not head:
            parts.append(entry.body)
        self.transport.writelines(parts)
        if not keep_alive:
            self.transport.close()
        self.on_response_complete()

    def _find_hit(self, cache: CachedSite) -> tuple[Entry, bool, bool] | None:
        cycle = self.cycle
        if (cycle is not None and not cycle.response_complete) or self.pipeline or self.flow.write_paused:
            return None  # answers go out in order, and only to a client that reads them
        method = self.parser.get_method()
        if (method != b"GET" and method != b"HEAD") or self.parser.should_upgrade():
            return None
        feed = cache.cache.feed
        if not feed.memory_only:
            return None
        proxied = cache.keys.origin.public_url is None
        host = if_none_match = None
        for name, value in self.headers:
            if name == b"host":
                host = value
            elif name == b"if-none-match":
                if_none_match = value
            elif proxied and name.startswith(_PROXY_PREFIXES):
                return None
        feed.poll()
        key = cache.keys.from_raw(self.url, host, self.scheme)
        found = cache.lookup(key, if_none_match)
        if found is None:
            return None
        return found[0], found[1], method == b"HEAD"


def _usable(protocol: HttpToolsProtocol) -> bool:
    """Whether a protocol instance has every attribute the shortcut reads (checked once)."""
    global _checked
    if _checked is None:
        missing = [name for name in USED_ATTRIBUTES if not hasattr(protocol, name)]
        flow = getattr(protocol, "flow", None)
        if flow is not None and not hasattr(flow, "write_paused"):
            missing.append("flow.write_paused")
        state = getattr(protocol, "server_state", None)
        if state is not None and not hasattr(state, "default_headers"):
            missing.append("server_state.default_headers")
        if missing:
            logger.warning("uvicorn %s lacks %s: cached pages are served through the ordinary path",
                           _uvicorn_version(), ", ".join(missing))
        _checked = not missing
    return _checked


_checked: bool | None = None
