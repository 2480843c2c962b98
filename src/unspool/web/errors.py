"""Error responses: JSON {"error": {"status", "message"}} for the API, a page for people."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ..errors import Blocked, FetchRefused, Forbidden, InputError, NotFound, NotFoundRemote, RateLimited, RemoteError, UnspoolError
from .site import get_site

HEADINGS = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    410: "No longer available", 413: "Too large", 429: "Too many requests", 501: "Not available yet",
    502: "The network did not answer well", 503: "Not available here",
}
# Library errors -> HTTP: the first matching class wins (subclasses before their bases).
STATUS_OF = [
    (FetchRefused, 400), (InputError, 400), (Forbidden, 403), (NotFoundRemote, 404), (NotFound, 404),
    (Blocked, 410), (RateLimited, 429), (RemoteError, 502), (UnspoolError, 503),
]


def status_of(exc: UnspoolError) -> int:
    return next(code for kind, code in STATUS_OF if isinstance(exc, kind))


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/oembed"


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    heading = HEADINGS.get(status, "Something went wrong")
    return get_site(request).page("message.html", status_code=status, headers=headers, heading=heading, message=message, hint=None)


def install(app: FastAPI) -> None:
    @app.exception_handler(UnspoolError)
    async def library_error(request: Request, exc: UnspoolError) -> Response:
        status = status_of(exc)
        retry = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(int(retry))} if status == 429 and retry else None
        return error_response(request, status, str(exc), headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HEADINGS.get(exc.status_code, "Error")
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = "There is nothing at this address."
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        # 422 is what API clients expect from FastAPI; people get a plain 400 page.
        status = 422 if wants_json(request) else 400
        return error_response(request, status, f"Invalid request: {problems}")
