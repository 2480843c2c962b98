"""Conditional GET for routes: ETag, Last-Modified, 304 (the page cache answers them the same way)."""

from __future__ import annotations

import hashlib
from email.utils import formatdate

from fastapi import Request, Response

from .cache import etag_matches as header_matches


def make_etag(*parts: object) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def http_date(ms: int) -> str:
    return formatdate(ms / 1000, usegmt=True)


def etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    return bool(header) and header_matches(header, etag.encode("latin-1"))


def validator_headers(etag: str, modified_ms: int, max_age: int = 300) -> dict[str, str]:
    return {"ETag": etag, "Last-Modified": http_date(modified_ms), "Cache-Control": f"public, max-age={max_age}"}


def not_modified(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers=headers)
