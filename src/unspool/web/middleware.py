"""Plain ASGI middleware (not BaseHTTPMiddleware, so streaming passes through untouched):
security headers on every response, errors included, and HEAD answered like GET."""

from __future__ import annotations

import json
import logging

from markupsafe import escape

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
