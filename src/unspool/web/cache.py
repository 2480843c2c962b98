"""One cache of rendered responses for every public GET.

A route that may be cached says what its page depends on: ``cache_for(request, *tags)`` with
the tags of store/changes.py (``author:<id>``, ``lists``; none for pages that depend on nothing
stored, like robots.txt). `CachedSite` (the outermost ASGI layer of the app) keeps each 200
answer to a GET with tags — bytes, headers (security headers included) and an ETag — under
(origin, path, query with only the parameters some route reads, in order), and answers the next
GET or HEAD for that key itself, with a 304 when If-None-Match matches. The same entries are
answered by uvicorn's HTTP protocol without an ASGI call (web/uvicorn_hits.py).

An entry stays until a change to one of its tags (store.changes.ChangeFeed, polled before every
lookup, costs no query while nothing was committed) or the byte budget pushes it out. An answer
rendered while one of its tags changed is not kept (the seq check in `store`), so a cached page
is never older than the data it was rendered from. Errors, redirects, HEAD answers, answers
with cookies or a root path are never kept.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode

from anyio import to_thread
from starlette.requests import Request

from ..store.changes import ChangeFeed
from .origin import SiteOrigin

log = logging.getLogger("unspool.web")

SCOPE_KEY = "unspool.cache"


def cache_for(request: Request, *tags: str) -> None:
    """Lets `CachedSite` keep this GET's answer until one of `tags` changes."""
    holder = request.scope.get(SCOPE_KEY)
    if holder is not None:
        holder["tags"] = frozenset(tags)


def make_etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def etag_matches(header: bytes | str, etag: bytes) -> bool:
    """Weak comparison, as RFC 9110 asks for If-None-Match."""
    value = header.encode("latin-1") if isinstance(header, str) else header
    if value.strip() == b"*":
        return True
    return etag in {tag.strip().removeprefix(b"W/") for tag in value.split(b",")}


class Entry:
    """A kept answer: what the ASGI path and uvicorn's protocol send, encoded once."""

    __slots__ = ("body", "etag", "headers", "headers_304", "http1", "http1_304", "tags", "size", "used")

    def __init__(self, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes, tags: frozenset[str]):
        self.body = body
        self.etag = etag
        self.headers = headers
        self.headers_304 = [(k, v) for k, v in headers if k not in _ENTITY_HEADERS]  # validators and the rest
        self.http1 = b"".join(b"%s: %s\r\n" % pair for pair in self.headers)
        self.http1_304 = b"".join(b"%s: %s\r\n" % pair for pair in self.headers_304)
        self.tags = tags
        self.size = len(body) + len(self.http1) * 2 + 200
        self.used = False  # second chance on eviction


_ENTITY_HEADERS = {b"content-type", b"content-length", b"content-disposition", b"content-encoding", b"content-language"}


@dataclass
class PageCache:
    """Entries by key, an index by tag, a byte budget (oldest unused entry out first)."""

    feed: ChangeFeed
    max_bytes: int = 64 << 20
    entries: OrderedDict[tuple, Entry] = field(default_factory=OrderedDict)
    hits: int = 0
    misses: int = 0

    def __post_init__(self) -> None:
        self._by_tag: dict[str, set[tuple]] = {}
        self._tag_seq: dict[str, int] = {}  # when each tag last changed (feed seq)
        self._floor = 0  # answers rendered before this seq are not kept (everything changed)
        self._bytes = 0
        self.feed.changed = self.changed

    # -- reading (the event loop's thread) --

    def get(self, key: tuple) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        entry.used = True
        self.hits += 1
        return entry

    @property
    def size_bytes(self) -> int:
        return self._bytes

    @property
    def hit_rate(self) -> float | None:
        total = self.hits + self.misses
        return round(self.hits / total, 4) if total else None

    # -- writing (the event loop's thread too: stores from the ASGI layer, changes from poll) --

    def store(self, key: tuple, entry: Entry, begin_seq: int) -> bool:
        """Keeps `entry` unless something it depends on changed since `begin_seq`."""
        if begin_seq < self._floor or any(self._tag_seq.get(tag, 0) > begin_seq for tag in entry.tags):
            return False
        if entry.size > self.max_bytes // 8:
            return False
        self._remove(key)
        self.entries[key] = entry
        self._bytes += entry.size
        for tag in entry.tags:
            self._by_tag.setdefault(tag, set()).add(key)
        while self._bytes > self.max_bytes and self.entries:
            old_key, old = next(iter(self.entries.items()))
            if old.used:  # used since it last came round: one more round
                old.used = False
                self.entries.move_to_end(old_key)
            else:
                self._remove(old_key)
        return True

    def changed(self, seq: int, tags: frozenset[str] | None) -> None:
        if tags is None:
            self.entries.clear()
            self._by_tag.clear()
            self._tag_seq.clear()
            self._bytes = 0
            self._floor = seq
            return
        if len(self._tag_seq) > 100_000:  # bounded: forget, and refuse answers begun before now
            self._tag_seq.clear()
            self._floor = seq
        for tag in tags:
            self._tag_seq[tag] = seq
            for key in self._by_tag.pop(tag, ()):
                self._remove(key)

    def _remove(self, key: tuple) -> None:
        entry = self.entries.pop(key, None)
        if entry is None:
            return
        self._bytes -= entry.size
        for tag in entry.tags:
            keys = self._by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_tag[tag]


class RequestKeys:
    """Cache keys from request parts: (origin, path, normalised query). The origin is what
    `SiteOrigin` (origin.py) gives for absolute URLs: the public URL, or a Host the site lists;
    None (a foreign Host) means no key, so the app answers (400) and nothing is kept."""

    def __init__(self, origin: SiteOrigin, query_names: Iterable[str] | None):
        self.origin = origin
        self.query_names = None if query_names is None else frozenset(query_names)
        self._raw: dict[tuple, tuple | None] = {}

    def from_raw(self, url: bytes, host: bytes | None, scheme: str) -> tuple | None:
        """For uvicorn's protocol: the raw request target and Host header (remembered)."""
        memo = (url, host, scheme)
        key = self._raw.get(memo, _UNSET)
        if key is _UNSET:
            if len(self._raw) >= 4096:  # the client chooses these: keep it small
                self._raw.clear()
            raw_path, _, query = url.partition(b"?")
            try:
                path = unquote(raw_path.decode("ascii"), errors="strict")
            except UnicodeError:
                key = None
            else:
                key = self.key(path, query, scheme, None if host is None else host.decode("latin-1"))
            self._raw[memo] = key
        return key  # type: ignore[return-value]

    def from_scope(self, scope) -> tuple | None:
        if scope.get("root_path"):
            return None
        host = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
                break
        return self.key(scope["path"], scope.get("query_string", b""), scope.get("scheme", "http"), host)

    def key(self, path: str, query: bytes, scheme: str, host: str | None) -> tuple | None:
        base = self.origin.base(scheme, host)
        if base is None:
            return None
        try:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, strict_parsing=False)
        except ValueError:
            return None
        names = self.query_names
        kept = sorted(((k, v) for k, v in pairs if names is None or k in names), key=lambda pair: pair[0])
        return (base, path, urlencode(kept))


_UNSET = object()


class CachedSite:
    """The ASGI side: answers hits, records misses (see the module docstring)."""

    def __init__(self, cache: PageCache, keys: RequestKeys, max_entry_bytes: int | None = None):
        self.cache = cache
        self.keys = keys
        self.max_entry_bytes = max_entry_bytes or cache.max_bytes // 8

    async def poll(self) -> None:
        feed = self.cache.feed
        if feed.memory_only:
            feed.poll()
        else:  # a query each time: never on the event loop
            await to_thread.run_sync(feed.poll)

    def lookup(self, key: tuple | None, if_none_match: bytes | None) -> tuple[Entry, bool] | None:
        """The entry for a key after `poll`, and whether to answer 304."""
        if key is None:
            return None
        entry = self.cache.get(key)
        if entry is None:
            return None
        return entry, if_none_match is not None and etag_matches(if_none_match, entry.etag)

    async def handle(self, scope, receive, send, app) -> None:
        method = scope["method"]
        if (method != "GET" and method != "HEAD") or scope.get("root_path"):
            return await app(scope, receive, send)
        try:
            await self.poll()
            key = self.keys.from_scope(scope)
            if_none_match = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
            found = self.lookup(key, if_none_match)
        except Exception:  # never let the cache stand between a reader and the page
            log.warning("page cache lookup failed; answering without it", exc_info=True)
            return await app(scope, receive, send)
        if found is not None:
            entry, not_modified = found
            await _send_entry(send, entry, not_modified, head=method == "HEAD")
            return
        if method == "HEAD" or key is None:
            return await app(scope, receive, send)
        holder: dict = {}
        scope[SCOPE_KEY] = holder
        recorder = _Recorder(self, key, holder, self.cache.feed.seq, send, if_none_match)
        await app(scope, receive, recorder)


async def _send_entry(send, entry: Entry, not_modified: bool, head: bool) -> None:
    if not_modified:
        await send({"type": "http.response.start", "status": 304, "headers": entry.headers_304})
        await send({"type": "http.response.body", "body": b""})
    else:
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": b"" if head else entry.body})


class _Recorder:
    """Wraps `send` for a miss: a 200 of a route that called `cache_for` is held back until
    complete (up to the entry size limit), kept, and sent with its ETag."""

    def __init__(self, site: CachedSite, key: tuple, holder: dict, begin_seq: int, send, if_none_match: bytes | None):
        self.site, self.key, self.holder, self.begin_seq = site, key, holder, begin_seq
        self.send, self.if_none_match = send, if_none_match
        self.start: dict | None = None
        self.chunks: list[bytes] = []
        self.size = 0

    async def __call__(self, message) -> None:
        if self.start is None and message["type"] == "http.response.start":
            if message["status"] == 200 and "tags" in self.holder and not _has_cookie(message.get("headers", ())):
                self.start = message
                return
            self.holder.clear()  # not kept: pass everything through
            return await self.send(message)
        if self.start is None or message["type"] != "http.response.body":
            return await self.send(message)
        self.chunks.append(message.get("body", b""))
        self.size += len(self.chunks[-1])
        if self.size > self.site.max_entry_bytes:  # too big to keep: send what we held, stream the rest
            start, self.start = self.start, None
            await self.send(start)
            await self.send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": message.get("more_body", False)})
            self.chunks = []
            return
        if message.get("more_body"):
            return
        body = b"".join(self.chunks)
        headers = [(k.lower(), v) for k, v in self.start.get("headers", [])]
        etag = next((v for k, v in headers if k == b"etag"), None)
        if etag is None:
            etag = make_etag(body)
            headers.insert(0, (b"etag", etag))
        entry = Entry(headers, body, etag, self.holder["tags"])
        try:
            self.site.cache.store(self.key, entry, self.begin_seq)
        except Exception:
            log.warning("page cache store failed", exc_info=True)
        not_modified = self.if_none_match is not None and etag_matches(self.if_none_match, etag)
        await _send_entry(self.send, entry, not_modified, head=False)


def _has_cookie(headers) -> bool:
    return any(k.lower() == b"set-cookie" for k, _ in headers)


def query_names(app) -> frozenset[str] | None:
    """Every query parameter some GET route of the app reads (by its alias), dependencies
    included; None when the routes cannot be read (then keys keep the whole query)."""
    from fastapi.routing import APIRoute

    names: set[str] = set()
    found = 0

    def walk_dependant(dependant) -> None:
        names.update(param.alias for param in dependant.query_params)
        for sub in dependant.dependencies:
            walk_dependant(sub)

    def walk(router, depth: int = 0) -> None:
        nonlocal found
        for route in getattr(router, "routes", ()):
            if isinstance(route, APIRoute):
                found += 1
                if "GET" in route.methods:
                    walk_dependant(route.dependant)
            elif depth < 8:  # an included router (FastAPI wraps them in versions after 0.120)
                walk(getattr(route, "original_router", route), depth + 1)

    try:
        walk(app.router)
    except Exception:
        found = 0
    if not found:
        log.warning("could not read the routes' query parameters: cached pages are keyed by the whole query")
        return None
    return frozenset(names)
