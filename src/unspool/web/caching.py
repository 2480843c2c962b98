"""Conditional GET (ETag, Last-Modified, 304) and a small in-process LRU of rendered pages."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from email.utils import formatdate

from fastapi import Request, Response


def make_etag(*parts: object) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def http_date(ms: int) -> str:
    return formatdate(ms / 1000, usegmt=True)


def etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 asks for If-None-Match.
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates


def validator_headers(etag: str, modified_ms: int, max_age: int = 300) -> dict[str, str]:
    return {"ETag": etag, "Last-Modified": http_date(modified_ms), "Cache-Control": f"public, max-age={max_age}"}


def not_modified(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers=headers)


class LRUCache:
    """Keys carry the stored version (thread id + stored_ms), so entries never go stale,
    and every process of a load-balanced deployment computes the same answer."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()  # sync endpoints run in a thread pool

    def get(self, key: Hashable, default=None):
        with self._lock:
            value = self._items.get(key, default)
            if value is not default:
                self._items.move_to_end(key)
            return value

    def get_or_make(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)
