"""Plain ASGI middleware (not BaseHTTPMiddleware, so streaming passes through untouched):
security headers on every response, errors included, HEAD answered like GET, requests for
hosts that are not the site's refused, and request bodies bounded."""

from __future__ import annotations

import json
import logging

from markupsafe import escape
from starlette.exceptions import HTTPException
from starlette.requests import Request

from .errors import error_response
from .origin import SiteOrigin

CSP = (
    "default-src 'none'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"interest-cohort=(), browsing-topics=()"),
]
_MANAGED = {name for name, _ in SECURITY_HEADERS} | {b"set-cookie"}
log = logging.getLogger("unspool.web")


class SecurityHeaders:
    """Also answers unhandled exceptions itself: Starlette's own 500 handler sits outside it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # No cookies, ever: drop any a dependency might add.
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _MANAGED]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            await _send_500(scope, send_with_headers)


async def _send_500(scope, send) -> None:
    message = "Something went wrong on our side."
    if scope.get("path", "").startswith("/api/"):
        body, kind = json.dumps({"error": {"status": 500, "message": message}}).encode(), b"application/json"
    else:
        page = f"<!DOCTYPE html><html lang=en><title>Server error</title><link rel=stylesheet href=/static/unspool.css><main><h1>Server error</h1><p>{escape(message)}</p></main></html>"
        body, kind = page.encode(), b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class HeadAsGet:
    """HEAD runs the GET route and drops the body (FastAPI routes list GET only)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def send_headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class KnownHost:
    """400 for a request whose Host may not make absolute URLs (web/origin.py), before any route
    or cache sees it; /healthz answers whatever the Host (probes use addresses)."""

    EXCEPT = frozenset({"/healthz"})
    BODY = b"Unknown host.\n"

    def __init__(self, app, origin: SiteOrigin):
        self.app = app
        self.origin = origin

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in self.EXCEPT or self.origin.base_of(scope) is not None:
            return await self.app(scope, receive, send)
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(self.BODY)).encode()),
                   (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": self.BODY})


MAX_BODY_BYTES = 16 * 1024  # the largest body any route takes (a report form, an API call) fits easily
TOO_LARGE = f"The request body is too large: at most {MAX_BODY_BYTES // 1024} KB."


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a body passes the limit; routes and FastAPI let HTTPException
    through, so the app's error handlers answer it (JSON for the API) and close the connection."""

    def __init__(self) -> None:
        super().__init__(413, TOO_LARGE, headers={"Connection": "close"})


class BodyLimit:
    """Bounds every request body: a declared Content-Length over the limit is refused before
    the app runs, and a streamed (chunked) body is counted as it is received, so no route ever
    holds more than the limit plus one chunk. The 413 says `Connection: close`: the server stops
    reading the rest instead of draining it."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            return await self._refuse(scope, receive, send)
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge()
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:  # raised where no route catches it (a handler reading the stream itself)
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send) -> None:
        exc = BodyTooLarge()
        response = error_response(Request(scope, receive), exc.status_code, exc.detail, exc.headers)
        await response(scope, receive, send)


def _content_length(scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None
