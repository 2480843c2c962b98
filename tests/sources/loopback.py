"""A real HTTP server on a loopback port for tests, with per-test routes and a record of requests.

    with LoopbackServer() as srv:
        srv.route("GET", "/api/v1/statuses/1", json={"id": "1"})
        srv.route("GET", "/flaky", status=503, times=2)      # twice 503 ...
        srv.route("GET", "/flaky", json={"ok": True})         # ... then this, for good
        srv.route("GET", "/slow", json={}, delay=2.0)         # waits before answering
        srv.route("GET", "/big", stream=lambda: (b"x" * 65536 for _ in range(100)))  # no length, streamed
        srv.route("GET", "/who", handler=lambda req: Reply(json={"q": req.query}))
        srv.redirect("/old", srv.url("/new"))
        fetch(srv.url("/api/v1/statuses/1"))
        assert [r.path for r in srv.requests] == ["/api/v1/statuses/1"]
        assert srv.connections == 1

A route path without "?" matches any query; with "?" it matches the exact target. Unrouted
requests get 404. `srv.requests` lists every request (method, path, query, headers, body);
`srv.connections` counts accepted TCP connections, even ones that never sent a request.
"""

from __future__ import annotations

import json as jsonlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | str = b""
    json: Any = None
    delay: float = 0.0  # seconds before the status line is sent
    stream: Callable[[], Iterable[bytes]] | None = None  # body sent chunk by chunk, no Content-Length

    def payload(self) -> tuple[dict[str, str], bytes]:
        headers = dict(self.headers)
        body = self.body.encode() if isinstance(self.body, str) else self.body
        if self.json is not None:
            body = jsonlib.dumps(self.json).encode()
            headers.setdefault("Content-Type", "application/json")
        return headers, body


@dataclass
class Recorded:
    method: str
    target: str  # path and query as sent
    headers: Message  # case-insensitive: req.headers["user-agent"]
    body: bytes
    bytes_sent: int = 0  # body bytes written back so far
    aborted: bool = False  # the client hung up before the whole body was sent
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)


class LoopbackServer:
    def __init__(self, host: str = "127.0.0.1", *, ssl_context: ssl.SSLContext | None = None):
        self.host = host
        self.ssl_context = ssl_context
        self.requests: list[Recorded] = []
        self.connections = 0
        self.errors: list[BaseException] = []
        self._routes: dict[tuple[str, str], list[list]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle ---

    def start(self) -> LoopbackServer:
        outer = self

        class Server(ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in outer.host else socket.AF_INET
            daemon_threads = True

            def verify_request(self, request, client_address):
                with outer._lock:
                    outer.connections += 1
                return True

            def finish_request(self, request, client_address):
                if outer.ssl_context is not None:
                    request = outer.ssl_context.wrap_socket(request, server_side=True)
                super().finish_request(request, client_address)

            def handle_error(self, request, client_address):
                import sys

                outer.errors.append(sys.exc_info()[1])

        self._server = Server((self.host, 0), _Handler)
        self._server.outer = outer
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # --- addresses ---

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://{self.netloc}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    # --- routes ---

    def route(self, method: str, path: str, *, status: int = 200, json: Any = None, body: bytes | str = b"",
              headers: dict[str, str] | None = None, delay: float = 0.0, stream=None, times: int | None = None,
              handler: Callable[[Recorded], Reply] | None = None) -> None:
        """Answer METHOD PATH; `times=n` answers n times, then the next reply routed to it takes over."""
        reply = handler or Reply(status=status, headers=dict(headers or {}), body=body, json=json, delay=delay, stream=stream)
        with self._lock:
            self._routes.setdefault((method.upper(), path), []).append([reply, times])

    def redirect(self, path: str, to: str, *, status: int = 302, method: str = "GET") -> None:
        self.route(method, path, status=status, headers={"Location": to})

    def reset(self) -> None:
        with self._lock:
            self._routes.clear()
            self.requests.clear()
            self.connections = 0

    def wait_done(self, timeout: float = 5.0) -> None:
        """Wait until every recorded request has been answered (or the client hung up)."""
        end = time.monotonic() + timeout
        for recorded in list(self.requests):
            recorded.done.wait(max(0.0, end - time.monotonic()))

    def _reply_for(self, recorded: Recorded) -> Reply:
        method = "GET" if recorded.method == "HEAD" else recorded.method
        with self._lock:
            reply = self._take((method, recorded.target)) or self._take((method, recorded.path))
        if reply is None:
            return Reply(status=404, body=f"no route for {recorded.method} {recorded.target}\n")
        return reply(recorded) if callable(reply) else reply

    def _take(self, key: tuple[str, str]):
        for entry in self._routes.get(key, []):
            reply, times = entry
            if times is None or times > 0:
                entry[1] = None if times is None else times - 1
                return reply
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        outer: LoopbackServer = self.server.outer
        length = int(self.headers.get("Content-Length") or 0)
        recorded = Recorded(self.command, self.path, self.headers, self.rfile.read(length) if length else b"")
        with outer._lock:
            outer.requests.append(recorded)
        try:
            reply = outer._reply_for(recorded)
            if reply.delay:
                time.sleep(reply.delay)
            headers, body = reply.payload()
            self.send_response(reply.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if reply.stream is not None:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            for chunk in reply.stream() if reply.stream is not None else [body]:
                self.wfile.write(chunk)
                self.wfile.flush()
                recorded.bytes_sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            recorded.aborted = True
            self.close_connection = True
        finally:
            recorded.done.set()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def log_message(self, format, *args) -> None:  # keep test output clean
        pass


class InFlight:
    """Wraps a route handler so it holds each request `seconds` before answering, and counts
    how many it holds at once (`most`): what a server sees of a client's concurrency."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.now = self.most = 0
        self._lock = threading.Lock()

    def hold(self, answer: Callable[[Recorded], Reply]) -> Callable[[Recorded], Reply]:
        def handler(recorded: Recorded) -> Reply:
            with self._lock:
                self.now += 1
                self.most = max(self.most, self.now)
            try:
                time.sleep(self.seconds)
                return answer(recorded)
            finally:
                with self._lock:
                    self.now -= 1

        return handler
