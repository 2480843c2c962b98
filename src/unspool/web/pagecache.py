"""The hot path of the public site: a thread page already in the page cache.

`ThreadPageCache` is plain ASGI middleware in front of FastAPI's routing. For ``GET``/``HEAD
/t/{id}`` it reads the page's version with one indexed query (`PageVersions`), and when the LRU
holds the page rendered for that version it sends the stored bytes with headers built once, when
the page was rendered (or a 304). Everything else — unknown ids, downloads, pages not cached yet,
database errors — goes on to the route in threads.py, which renders the page, caches it under the
same key and answers through FastAPI as before. Security headers and HEAD handling stay outside
(`SecurityHeaders`, `HeadAsGet`), so readers get the same bytes and headers either way.

The version is read on every request, hits included, so a changed thread, author profile or
neighbour shows at once, in every worker process: the key holds only database values, never a
time or anything local to a process. Anything new that decides whether a page may be served or
how it looks (a takedown, say) must be part of `version_statement` (an extra column, or a
condition that makes it return no row, which sends the request to the route) *and* of
`queries.ThreadStamp.version`, which the route keys the cache with; a test checks that both agree.
"""

from __future__ import annotations

import logging
import threading
from time import monotonic

from anyio import to_thread
from fastapi import FastAPI
from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.engine import Engine
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .. import __version__
from ..store.schema import authors, blocked_authors, takedowns, threads
from ..store.walindex import open_wal_index
from .middleware import SECURITY_HEADERS

log = logging.getLogger("unspool.web")
HTML = b"text/html; charset=utf-8"


def version_statement():
    """One row for a thread a reader may see: (id, stored_ms, author handle, name, avatar_url,
    profile_url, avatar_local_name, older neighbour's id, newer neighbour's id) — `ThreadStamp.version` in one
    statement of primary-key and index lookups. No row when the thread is not stored, taken down
    or by a blocked author (the route answers 404 or 410); taken-down threads are no neighbours
    (the author is the page's own, so not blocked). Moderation as in `store.moderation`, written as
    correlated NOT EXISTS: each is one primary-key probe, whatever the size of the lists."""
    t, a = threads.alias("t"), authors.alias("a")

    def not_taken_down(thread_id):
        return ~exists().where(takedowns.c.thread_id == thread_id)

    def neighbour(before: bool):
        def candidate(n):  # n comes before (or after) t in (created_ms, id) order, and is visible
            if before:  # the redundant bound lets the index on (author_id, created_ms) give a range
                order = and_(n.c.created_ms <= t.c.created_ms,
                             or_(n.c.created_ms < t.c.created_ms, and_(n.c.created_ms == t.c.created_ms, n.c.id < t.c.id)))
            else:
                order = and_(n.c.created_ms >= t.c.created_ms,
                             or_(n.c.created_ms > t.c.created_ms, and_(n.c.created_ms == t.c.created_ms, n.c.id > t.c.id)))
            return and_(n.c.author_id == t.c.author_id, order, not_taken_down(n.c.id))

        # The nearest (created_ms, id): first the time straight off the index, then the id among
        # the threads of that time with max/min. ORDER BY created_ms, id LIMIT 1 would give the
        # same row, but the id part makes SQLite build a sorter: 5x the cost of the whole query.
        m, n = threads.alias("m" + ("o" if before else "n")), threads.alias("o" if before else "n")
        nearest = (select(m.c.created_ms).where(candidate(m)).correlate(t)
                   .order_by(m.c.created_ms.desc() if before else m.c.created_ms).limit(1).scalar_subquery())
        pick, tie = (func.max, n.c.id < t.c.id) if before else (func.min, n.c.id > t.c.id)
        same_time = and_(n.c.author_id == t.c.author_id, n.c.created_ms == nearest,  # an index lookup
                         or_(n.c.created_ms != t.c.created_ms, tie), not_taken_down(n.c.id))
        return select(pick(n.c.id)).where(same_time).correlate(t).scalar_subquery()

    blocked = exists().where(blocked_authors.c.network == a.c.network, blocked_authors.c.native_id == a.c.native_id)
    return (
        select(t.c.id, t.c.stored_ms, a.c.handle, a.c.name, a.c.avatar_url, a.c.profile_url, a.c.avatar_local_name,
               neighbour(before=True), neighbour(before=False))
        .select_from(t.join(a, a.c.id == t.c.author_id))
        .where(t.c.id == bindparam("thread_id"), not_taken_down(t.c.id), ~blocked)
    )


class PageVersions:
    """Reads a thread page's version.

    On a SQLite file each thread that asks (the event loop's, in a server) keeps its own
    read-only autocommit connection and runs the compiled statement on it directly: SQLAlchemy's
    connection and result layers cost several times the query. It remembers the versions it read
    for as long as the database stays unchanged, which it learns from the wal-index header
    (store.walindex: a memory read, no query) and, where there is none, from ``PRAGMA
    data_version``: either changes whenever any other connection, in any process, commits. So a
    hit costs a 96-byte comparison and a dictionary lookup, and any import, takedown or block is
    seen by the next request. Once a second the pragma is asked anyway, which would also notice a
    header that stopped telling the truth (a ``-shm`` file deleted under a running server).
    Other databases go through SQLAlchemy, one query per request, in the thread pool so that a
    slow database server never blocks the event loop."""

    MEMO_SIZE = 4096
    RECHECK_SECONDS = 1.0

    def __init__(self, engine: Engine):
        self.engine = engine
        self.statement = version_statement()
        self._local = threading.local()
        self._sqlite_args = None
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            compiled = self.statement.compile(dialect=engine.dialect)
            if compiled.positional and "POSTCOMPILE" not in compiled.string:
                defaults = compiled.construct_params({"thread_id": ""})
                names = compiled.positiontup
                self._sqlite_sql = compiled.string
                self._sqlite_params = lambda thread_id: [thread_id if n == "thread_id" else defaults[n] for n in names]
                self._sqlite_args = engine.dialect.create_connect_args(engine.url)

    @property
    def inline(self) -> bool:
        """Whether `fast` runs on the calling thread without blocking it for long."""
        return self._sqlite_args is not None

    def read(self, thread_id: str) -> tuple | None:
        """Through SQLAlchemy, always one query."""
        with self.engine.connect() as conn:
            row = conn.execute(self.statement, {"thread_id": thread_id}).first()
        return tuple(row) if row is not None else None

    def fast(self, thread_id: str) -> tuple | None:
        if self._sqlite_args is None:
            return self.read(thread_id)
        local = self._local
        wal = getattr(local, "wal", _UNSET)
        if wal is not _UNSET and wal is not None and wal.read() == local.stamp and monotonic() < local.recheck_at:
            version = local.memo.get(thread_id, _UNSET)
            if version is not _UNSET:
                return version
        return self._read_sqlite(thread_id)

    def generation(self) -> int | None:
        """A number that stays the same for as long as every version `fast` remembers on this
        thread is still right, so that answers built from them may be remembered under it too;
        None when only a query could tell (no wal-index header, a change, the once-a-second check)."""
        local = self._local
        wal = getattr(local, "wal", None)
        if wal is None or wal.read() != local.stamp or monotonic() >= local.recheck_at:
            return None
        return local.generation

    def _read_sqlite(self, thread_id: str) -> tuple | None:
        local = self._local
        if getattr(local, "wal", _UNSET) is _UNSET:
            local.conn = self._connect_sqlite()
            local.wal = open_wal_index(local.conn)
            local.stamp = local.data_version = None
            local.memo = {}
            local.generation, local.recheck_at = 0, 0.0
        conn, wal, memo = local.conn, local.wal, local.memo
        # Both read before the version: what is kept under them is at least as new as they are.
        stamp = wal.read() if wal is not None else None
        data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        if data_version != local.data_version and local.data_version is not None and wal is not None \
                and wal.read() == local.stamp:  # read again: a commit may have come in between
            log.warning("the wal-index header missed a commit; asking SQLite on every request from now on")
            wal.close()
            local.wal = wal = stamp = None
        local.recheck_at = monotonic() + self.RECHECK_SECONDS
        if data_version != local.data_version or stamp != local.stamp or len(memo) >= self.MEMO_SIZE:
            memo.clear()  # something was committed since: read everything again
            local.data_version, local.stamp = data_version, stamp
            local.generation += 1
        else:
            version = memo.get(thread_id, _UNSET)
            if version is not _UNSET:
                return version
        rows = conn.execute(self._sqlite_sql, self._sqlite_params(thread_id)).fetchall()  # to the end: no open read
        version = memo[thread_id] = rows[0] if rows else None
        return version

    def _connect_sqlite(self):
        cargs, cparams = self._sqlite_args
        conn = self.engine.dialect.loaded_dbapi.connect(*cargs, **{**cparams, "isolation_level": None})
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA query_only=ON")  # never writes, so every change it sees is another's
        return conn


_UNSET = object()


class CachedPage:
    """A rendered thread page with its response headers, encoded once."""

    __slots__ = ("body", "etag", "headers", "headers_304", "front_headers", "front_headers_304", "http1_headers",
                 "http1_headers_304")

    def __init__(self, html: str, validators: dict[str, str]):
        self.body = html.encode("utf-8")
        self.etag = validators["ETag"]
        # What Starlette's HTMLResponse(html, headers=validators) and Response(304, headers=validators)
        # send, in the same order; `front_` adds what SecurityHeaders adds to every response. A page
        # looks the same whichever path served it (tests compare them).
        self.headers_304 = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in validators.items()]
        self.headers = [*self.headers_304, (b"content-length", str(len(self.body)).encode()), (b"content-type", HTML)]
        self.front_headers = self.headers + SECURITY_HEADERS
        self.front_headers_304 = self.headers_304 + SECURITY_HEADERS
        # And as HTTP/1.1 header lines, for uvicorn's protocol (uvicorn_hits.py).
        self.http1_headers = b"".join(b"%s: %s\r\n" % pair for pair in self.front_headers)
        self.http1_headers_304 = b"".join(b"%s: %s\r\n" % pair for pair in self.front_headers_304)

    def response(self, not_modified: bool = False) -> Response:
        response = Response(status_code=304) if not_modified else HTMLResponse(self.body)
        response.raw_headers = list(self.headers_304 if not_modified else self.headers)
        return response


class SiteApp(FastAPI):
    """FastAPI with cached thread pages answered in front of it: a hit skips FastAPI's own
    layers (error pages, telemetry, body limit), our middleware and the router, which together
    cost as much as the hit itself. It sends what those layers would: the same headers, security
    headers included, and no body for HEAD."""

    page_cache: ThreadPageCache | None = None

    async def __call__(self, scope, receive, send):
        cache = self.page_cache
        if cache is not None and scope["type"] == "http" and await cache.serve(scope, send):
            return
        await super().__call__(scope, receive, send)


class ThreadPageCache:
    """Serves `GET`/`HEAD /t/{id}` from `site.pages` when the page for the current version is
    there (see the module docstring); `serve` returns False to let FastAPI answer."""

    def __init__(self, site):
        self.site = site
        self.versions = PageVersions(site.store.engine)
        self._bases: dict[tuple, str] = {}
        self.answers: dict[tuple, tuple] = {}  # uvicorn_hits.CachedPageProtocol's, kept per app

    async def serve(self, scope, send) -> bool:
        if scope.get("root_path"):
            return False
        host = if_none_match = None
        if scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/t/"):
            for key, value in scope["headers"]:
                if key == b"host":
                    host = value.decode("latin-1")
                elif key == b"if-none-match":
                    if_none_match = value.decode("latin-1")
        args = (scope["method"], scope["path"], scope.get("scheme"), host, scope.get("server"), if_none_match)
        found = self.lookup_now(*args) if self.versions.inline else await self.lookup(*args)
        if found is None:
            return False
        page, fresh = found
        if fresh:
            await send({"type": "http.response.start", "status": 304, "headers": page.front_headers_304})
            await send({"type": "http.response.body", "body": b""})
        else:
            await send({"type": "http.response.start", "status": 200, "headers": page.front_headers})
            await send({"type": "http.response.body", "body": page.body if scope["method"] == "GET" else b""})
        return True

    async def lookup(self, method: str, path: str, scheme: str | None, host: str | None, server,
                     if_none_match: str | None) -> tuple[CachedPage, bool] | None:
        """The cached page for a request, and whether If-None-Match matches it (answer 304); None
        when the route must answer. Shared by the ASGI path (`serve`) and uvicorn's protocol
        (uvicorn_hits.py), which pass the request's values (header values decoded as latin-1,
        `server` as ASGI's (host, port))."""
        if self.versions.inline:
            return self.lookup_now(method, path, scheme, host, server, if_none_match)
        thread_id = _page_id(method, path)
        if thread_id is None:
            return None
        try:
            version = await to_thread.run_sync(self.versions.fast, thread_id)
        except Exception:  # nothing sent yet: the route meets the same problem and answers it properly
            log.debug("cached page lookup failed for %s", thread_id, exc_info=True)
            return None
        return self._find(version, scheme, host, server, if_none_match)

    def lookup_now(self, method: str, path: str, scheme: str | None, host: str | None, server,
                   if_none_match: str | None) -> tuple[CachedPage, bool] | None:
        """`lookup` on the calling thread, for when `versions.inline` (SQLite): no task, no wait."""
        thread_id = _page_id(method, path)
        if thread_id is None:
            return None
        try:
            version = self.versions.fast(thread_id)
        except Exception:
            log.debug("cached page lookup failed for %s", thread_id, exc_info=True)
            return None
        return self._find(version, scheme, host, server, if_none_match)

    def _find(self, version: tuple | None, scheme, host, server, if_none_match) -> tuple[CachedPage, bool] | None:
        if version is None:  # not stored, or hidden: the route answers 404 or 410
            return None
        try:
            page = self.site.pages.get((__version__, version, "page", self._base(scheme, host, server)))
            if not isinstance(page, CachedPage):
                return None
            return page, (if_none_match is not None and _etag_matches(if_none_match, page.etag))
        except Exception:
            log.debug("cached page lookup failed", exc_info=True)
            return None

    def _base(self, scheme: str | None, host: str | None, server) -> str:
        """`Site.base_url` without building a Request each time (remembered per scheme, Host and
        server address)."""
        if self.site.public_url:
            return self.site.public_url.rstrip("/")
        key = (scheme, host, tuple(server) if server else None)
        base = self._bases.get(key)
        if base is None:
            if len(self._bases) >= 64:  # Host is the client's to choose: keep this small
                self._bases.clear()
            scope = {"type": "http", "scheme": scheme or "http", "server": key[2], "path": "/", "root_path": "",
                     "query_string": b"", "headers": [] if host is None else [(b"host", host.encode("latin-1"))]}
            base = self._bases[key] = str(Request(scope).base_url).rstrip("/")
        return base


def _page_id(method: str, path: str) -> str | None:
    """The thread id of a `GET`/`HEAD /t/{id}` (a page, not a download or the print view)."""
    if (method != "GET" and method != "HEAD") or not path.startswith("/t/"):
        return None
    thread_id = path[3:]
    if not thread_id or "/" in thread_id or "." in thread_id:
        return None
    return thread_id


def _etag_matches(header: str, etag: str) -> bool:
    """caching.etag_matches on the raw header value."""
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}
