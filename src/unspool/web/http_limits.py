"""Limits on the request head that uvicorn's httptools protocol does not have.

uvicorn bounds the head only in its h11 protocol (`h11_max_incomplete_event_size`); with httptools
(the one `unspool serve` runs, for its speed) a client may send headers without end — httptools
even joins the pieces of one long header by concatenation, so memory and CPU grow with it — and a
new connection that sends nothing, or trickles a head, is kept open for ever (uvicorn's
keep-alive timeout only starts after a response). `HeadLimits` adds both, to any subclass of
`HttpToolsProtocol`:

- a head (request target + headers) over `HEAD_LIMIT_BYTES` is answered 431 and the connection
  closed. Counted exactly once the head is complete (only when the reads it came in were larger
  than the limit: a typical request costs one comparison); and, because httptools hands over a
  header only once it is complete, a head still incomplete after more than the limit plus one
  read's worth of bytes (a read may start with the end of the previous body) is refused then;
- a head not complete `HEAD_TIMEOUT_SECONDS` after the connection opened (or after the first
  byte of a later request) closes the connection.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .uvicorn_hits import CachedPageProtocol, protocol_class

HEAD_LIMIT_BYTES = 16 * 1024  # also h11's default; nginx allows 4 x 8 KB
HEAD_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5  # idle time between requests on one connection (uvicorn's timeout_keep_alive)
READ_SIZE_MAX = 256 * 1024  # the most asyncio (and uvloop) hand over in one data_received
TOO_LARGE = b"Request header fields too large.\n"


class HeadLimits:
    """Mixin: `class Limited(HeadLimits, HttpToolsProtocol)`; see the module docstring."""

    head_limit = HEAD_LIMIT_BYTES
    head_timeout = HEAD_TIMEOUT_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._raw_head_bytes = 0  # bytes of the earlier reads that ended inside the head being received
        self._read_size = 0  # bytes of the read being parsed
        self._in_head = True  # until the first request's headers are complete
        self._refused = False
        super().connection_made(transport)  # type: ignore[misc]
        # One timer per connection, not one per request: it checks and re-arms itself.
        self._head_started = self.loop.time()  # type: ignore[attr-defined]
        self._head_timer: asyncio.TimerHandle | None = self.loop.call_later(self.head_timeout, self._check_head)  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)  # type: ignore[misc]

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._read_size = len(data)
        super().data_received(data)  # type: ignore[misc]
        if self._in_head and not self._refused:
            self._raw_head_bytes += len(data)
            if self._raw_head_bytes > self.head_limit + READ_SIZE_MAX:
                self._refuse()

    def on_message_begin(self) -> None:
        super().on_message_begin()  # type: ignore[misc]
        self._in_head = True
        self._head_started = self.loop.time()  # type: ignore[attr-defined]

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        self._in_head = False
        # A head that came in reads of at most the limit in all is within it: the usual case
        # costs one comparison, not a pass over the headers.
        if self._raw_head_bytes + self._read_size > self.head_limit and self._head_size() > self.head_limit:
            self._refuse()
            return
        self._raw_head_bytes = 0
        super().on_headers_complete()  # type: ignore[misc]

    def _head_size(self) -> int:
        """The request target and each header's name and value with ": " and CRLF."""
        return len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)  # type: ignore[attr-defined]

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)  # type: ignore[misc]

    def on_message_complete(self) -> None:
        if not self._refused:
            super().on_message_complete()  # type: ignore[misc]

    def _refuse(self) -> None:
        if self._refused:
            return
        self._refused = True
        transport = self.transport  # type: ignore[attr-defined]
        if transport.is_closing():
            return
        cycle = self.cycle  # type: ignore[attr-defined]
        if cycle is None or cycle.response_complete:  # else an earlier answer is still being written
            head = [b"HTTP/1.1 431 Request Header Fields Too Large\r\n"]
            head += [b"%s: %s\r\n" % pair for pair in self.server_state.default_headers]  # type: ignore[attr-defined]
            head += [b"content-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % len(TOO_LARGE)]
            transport.write(b"".join(head) + TOO_LARGE)
        transport.close()

    def _check_head(self) -> None:
        """Closes the connection if the head being received is late; else checks again when it
        would be."""
        self._head_timer = None
        transport = self.transport  # type: ignore[attr-defined]
        if transport.is_closing():
            return
        delay = self.head_timeout
        if self._in_head:
            delay = self._head_started + self.head_timeout - self.loop.time()  # type: ignore[attr-defined]
            if delay <= 0:
                cycle = self.cycle  # type: ignore[attr-defined]
                if cycle is not None and not cycle.response_complete:
                    cycle.keep_alive = False  # a pipelined head is late: end after the answer in progress
                else:
                    transport.close()
                return
        self._head_timer = self.loop.call_later(delay, self._check_head)  # type: ignore[attr-defined]


class LimitedHttpToolsProtocol(HeadLimits, HttpToolsProtocol):
    """uvicorn's own httptools protocol with the head limits."""


class LimitedCachedPageProtocol(HeadLimits, CachedPageProtocol):
    """What `unspool serve` runs: cached pages answered in the protocol (uvicorn_hits.py), with
    the head limits. Module-level classes, so that `--workers N` can hand them to its processes."""


def serving_protocol() -> type[HttpToolsProtocol]:
    """What `unspool serve` runs: the cached-page shortcut when the installed uvicorn has what it
    uses (uvicorn_hits.protocol_class), with the head limits either way."""
    return LimitedCachedPageProtocol if protocol_class() is CachedPageProtocol else LimitedHttpToolsProtocol
