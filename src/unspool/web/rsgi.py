"""The site on granian's RSGI interface (`unspool serve --server granian-rsgi`).

`RSGISite` answers cached thread pages (`GET`/`HEAD /t/{id}`) itself, with the bytes and
headers `ThreadPageCache` keeps (the same version and moderation check, the same lookup), and
hands every other request to the FastAPI app through a small RSGI→ASGI bridge. RSGI costs granian
less per request than ASGI (no message dicts, no per-request receive/send callables), which is
what a cache hit mostly pays for. The app's lifespan runs once per worker, at start and stop,
through granian's own ASGI lifespan handler. Websockets are not served (granian runs with
websockets off; a websocket scope gets nothing).

Granian 2.x ships no RSGI→ASGI adapter, hence `_asgi_call`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from granian.rsgi import ProtocolClosed

from .pagecache import parse_address

log = logging.getLogger("unspool.web")

_ERROR_500 = b"Internal Server Error"


def header_str(value: bytes) -> str:
    """An ASGI header value as RSGI takes it. Granian writes str headers as UTF-8, so this keeps
    the bytes whenever they are UTF-8 (always, for the ASCII the app sends)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class RSGISite:
    def __init__(self, app: FastAPI):
        self.app = app
        self.cache = getattr(app, "page_cache", None)
        self._lifespan = None

    # Granian calls these once per worker, with the worker's loop not yet running.
    def __rsgi_init__(self, loop) -> None:
        from granian.asgi import LifespanProtocol

        self._lifespan = LifespanProtocol(self.app)
        loop.run_until_complete(self._lifespan.startup())
        if self._lifespan.interrupt:
            raise RuntimeError("ASGI lifespan startup failed") from self._lifespan.exc

    def __rsgi_del__(self, loop) -> None:
        if self._lifespan is not None:
            loop.run_until_complete(self._lifespan.shutdown())

    async def __rsgi__(self, scope, protocol) -> None:
        if scope.proto != "http":  # websockets are off; nothing else is served
            return
        cache = self.cache
        if cache is not None:
            method = scope.method
            if (method == "GET" or method == "HEAD") and scope.path.startswith("/t/"):
                headers = scope.headers
                args = (method, scope.path, scope.scheme, headers.get("host"), scope.server, headers.get("if-none-match"))
                found = cache.lookup_now(*args) if cache.versions.inline else await cache.lookup(*args)
                if found is not None:
                    page, fresh = found
                    if fresh:
                        protocol.response_bytes(304, page.rsgi_headers_304, b"")
                    else:
                        protocol.response_bytes(200, page.rsgi_headers, page.body if method == "GET" else b"")
                    return
        await _asgi_call(self.app, scope, protocol, self._lifespan.state if self._lifespan else None)


async def _asgi_call(app, scope, protocol, state: dict | None) -> None:
    """Runs one HTTP request through an ASGI app on an RSGI protocol."""
    # RSGI gives the path percent-decoded, like ASGI's "path", but no raw form: no raw_path here
    # (it is optional in ASGI). Request header values with bytes other than visible ASCII are
    # left out by granian's RSGI headers.
    query = scope.query_string
    asgi_scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": scope.http_version,
        "method": scope.method,
        "scheme": scope.scheme,
        "path": scope.path,
        "query_string": query.encode("utf-8") if query else b"",
        "root_path": "",
        "headers": [(k.encode("latin-1"), v.encode("utf-8")) for k, v in scope.headers.items()],
        "client": parse_address(scope.client),
        "server": parse_address(scope.server),
        "extensions": {},
    }
    if state is not None:
        asgi_scope["state"] = state.copy()

    body = protocol.__aiter__()
    body_done = False
    response_done = False
    status = 200
    headers: list[tuple[str, str]] = []
    stream = None
    started = False

    async def receive():
        nonlocal body_done
        if not body_done:
            try:
                chunk = await body.__anext__()
            except StopAsyncIteration:
                body_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": bytes(chunk), "more_body": True}
        if not response_done:  # like an ASGI server: wait until the client leaves
            await protocol.client_disconnect()
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status, headers, stream, response_done, started
        kind = message["type"]
        if kind == "http.response.start":
            if started:
                raise RuntimeError("http.response.start sent twice")
            status = message["status"]
            headers = [(header_str(k), header_str(v)) for k, v in message.get("headers", ())]
            started = True
        elif kind == "http.response.body":
            if response_done:
                return
            if not started:
                raise RuntimeError("http.response.body before http.response.start")
            chunk = message.get("body", b"")
            more = message.get("more_body", False)
            if stream is None and not more:
                protocol.response_bytes(status, headers, bytes(chunk))
                response_done = True
                return
            if stream is None:
                stream = protocol.response_stream(status, headers)
            if chunk:
                try:
                    await stream.send_bytes(bytes(chunk))
                except ProtocolClosed:  # the client left: drop the rest, as ASGI servers do
                    response_done = True
                    return
            if not more:
                response_done = True
        else:
            raise RuntimeError(f"unsupported ASGI message {kind!r}")

    try:
        await app(asgi_scope, receive, send)
    except Exception:
        log.exception("unhandled error on %s", scope.path)
        if not started:
            protocol.response_bytes(500, [("content-type", "text/plain; charset=utf-8")], _ERROR_500)
            return
        raise
    if not response_done:
        if not started:  # the app sent nothing at all
            protocol.response_bytes(500, [("content-type", "text/plain; charset=utf-8")], _ERROR_500)
        elif stream is None:  # started, no body message
            protocol.response_bytes(status, headers, b"")


def rsgi_app_from_env() -> RSGISite:
    """The RSGI app factory granian imports in each worker process (`unspool serve --server
    granian-rsgi`, or `granian --interface rsgi --factory unspool.web.rsgi:rsgi_app_from_env`)."""
    from .app import app_from_env

    return RSGISite(app_from_env())
