"""Cached thread pages answered by uvicorn's HTTP protocol itself (`unspool serve`, the default).

`CachedPageProtocol` is uvicorn's httptools protocol with one shortcut: when a complete
``GET``/``HEAD /t/{id}`` finds its page in the page cache (`ThreadPageCache.lookup_now`, the same
version and moderation check as every other path), it writes the stored bytes to the socket in
the parser's callback — no task, no ASGI messages, no cross-thread hand-over. That is what lets
one Python process serve a cached page in about half the CPU time of the ASGI path
(benchmarks/bench_page.py). Anything else, and anything this path is unsure of, goes to
uvicorn's own code unchanged: other paths, misses, PostgreSQL (its version query must not block
the event loop), a request while an earlier pipelined one is still being answered, a client not
reading its answers, proxy headers (they may change the scheme, so the page), a root path, or
an access log being kept.

The bytes are the ones uvicorn would write for the ASGI hit path: its status line, its default
headers (``date``, ``server`` when enabled), the page's headers with the security headers, and
``connection: close`` when the connection ends after the answer (tests compare them).
"""

from __future__ import annotations

import logging

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .pagecache import CachedPage, ThreadPageCache

logger = logging.getLogger("unspool.web")
_PROXY_PREFIXES = (b"x-forwarded-", b"forwarded", b"x-real-ip")
_default_headers: tuple[object, bytes] = (None, b"")


def _default_header_block(headers: list[tuple[bytes, bytes]]) -> bytes:
    """uvicorn's default headers as wire bytes; the server replaces the list once a second (date)."""
    global _default_headers
    if _default_headers[0] is not headers:
        _default_headers = (headers, b"".join(b"%s: %s\r\n" % pair for pair in headers))
    return _default_headers[1]


def find_page_cache(app) -> ThreadPageCache | None:
    """The page cache of our app under whatever middleware uvicorn wrapped it in."""
    for _ in range(8):
        cache = getattr(app, "page_cache", None)
        if isinstance(cache, ThreadPageCache):
            return cache
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


class CachedPageProtocol(HttpToolsProtocol):
    ANSWERS_SIZE = 512

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cache = find_page_cache(self.app)
        usable = cache is not None and cache.versions.inline and not self.root_path and not self.access_log
        self._page_cache = cache if usable else None
        # Answers found, by request (URL, Host, If-None-Match, HEAD or not, scheme, local address),
        # each with the `PageVersions.generation` it was found under: while that holds, the same
        # request gets the same answer without looking again. Kept with the app's page cache
        # (one per app; used only from the event loop's thread, like `PageVersions.fast`).
        self._answers: dict[tuple, tuple[int, CachedPage, bool]] | None = cache.answers if usable else None
        self._hit: tuple[CachedPage, bool, bool] | None = None

    def on_headers_complete(self) -> None:
        self._hit = None
        if self._page_cache is not None:
            try:
                self._hit = self._find_hit()
            except Exception:  # uvicorn would answer 400 to an error in a parser callback: let it answer properly
                logger.exception("cached page lookup failed; the app answers instead")
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
        page, not_modified, head = hit
        keep_alive = self.parser.should_keep_alive() and self.parser.get_http_version() != "1.0"
        parts = [STATUS_LINE[304 if not_modified else 200], _default_header_block(self.server_state.default_headers),
                 page.http1_headers_304 if not_modified else page.http1_headers]
        if not keep_alive:
            parts.append(b"connection: close\r\n")
        parts.append(b"\r\n")
        if not not_modified and not head:
            parts.append(page.body)
        self.transport.writelines(parts)
        if not keep_alive:
            self.transport.close()
        self.on_response_complete()

    def _find_hit(self) -> tuple[CachedPage, bool, bool] | None:
        cycle = self.cycle
        if (cycle is not None and not cycle.response_complete) or self.pipeline or self.flow.write_paused:
            return None  # answers go out in order, and only to a client that reads them
        method = self.parser.get_method()
        url = self.url
        if (method != b"GET" and method != b"HEAD") or not url.startswith(b"/t/") or self.parser.should_upgrade():
            return None
        host = if_none_match = None
        for name, value in self.headers:
            if name == b"host":
                host = value
            elif name == b"if-none-match":
                if_none_match = value
            elif name.startswith(_PROXY_PREFIXES):
                return None
        head = method == b"HEAD"
        key = (url, host, if_none_match, head, self.scheme, self.server)
        versions = self._page_cache.versions
        answers = self._answers
        known = answers.get(key)
        if known is not None and known[0] == versions.generation():
            return known[1], known[2], head
        path = url.partition(b"?")[0]
        if b"%" in path:
            return None
        found = self._page_cache.lookup_now(
            "HEAD" if head else "GET", path.decode("ascii", "replace"), self.scheme,
            None if host is None else host.decode("latin-1"), self.server,
            None if if_none_match is None else if_none_match.decode("latin-1"))
        if found is None:
            return None
        generation = versions.generation()  # after the lookup: None if anything changed since
        if generation is not None:
            if len(answers) >= self.ANSWERS_SIZE:  # the client chooses the key: keep it small
                answers.clear()
            answers[key] = (generation, found[0], found[1])
        return found[0], found[1], head
