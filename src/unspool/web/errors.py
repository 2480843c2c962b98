"""Error responses: JSON {"error": {"status", "message"}} for the API, a page for people."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .site import get_site

HEADINGS = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 501: "Not available yet"}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/oembed"


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    heading = HEADINGS.get(status, "Something went wrong")
    return get_site(request).page("message.html", status_code=status, headers=headers, heading=heading, message=message, hint=None)


def install(app: FastAPI) -> None:
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
