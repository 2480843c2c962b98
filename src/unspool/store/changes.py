"""What changed in what public pages show: the change log writers fill and page caches follow.

A writing transaction names what it changed with `touch(conn, tag, ...)`; the tags are written
to the ``changes`` table once, at the end of the transaction (`flush`, called by
`Store.transaction`), so nothing is held while a long import runs. Tags:

- ``author:<row id>``: anything on the author's pages or the pages of their threads (a thread
  added, replaced or deleted, so the neighbours of the others; the profile; a takedown; a block).
- ``lists``: anything on a page that lists threads of several authors (home, feeds, sitemap,
  search, the API's list).

Bot, job-queue and rate-limit writes touch nothing, so they never empty a page cache.

Rows are numbered in commit order: SQLite has one writer at a time, and on PostgreSQL a
transaction-scoped advisory lock taken just before the rows are inserted is held until the
commit, so a reader that has seen row N has seen every row before it. PostgreSQL writers also
``NOTIFY`` `CHANNEL` (delivered at commit).

`ChangeFeed` follows the log for one process, calling back with the tags changed since it last
looked (or None: "assume everything changed"). It never queries on the hot path unless
something was committed: on a SQLite file it compares the wal-index header (store.walindex: a
96-byte memory read that changes with any commit of any process) and reads the log only when it
changed, plus once a second anyway; on PostgreSQL a listener thread reads the log when notified
(and every `RECHECK_SECONDS` in case a notification was missed), and `poll` only applies what it
found. Other databases (or any doubt) read the log on every poll.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from .schema import changes, threads
from .walindex import WalIndexHeader, open_wal_index

log = logging.getLogger("unspool.store")

LISTS = "lists"
CHANNEL = "unspool_changes"
KEEP_MS = 3600_000  # rows older than this are pruned; a process that looked longer ago starts afresh
_ADVISORY_KEY = 0x756E73706F6F6C  # "unspool": serialises change rows with commits on PostgreSQL
_PENDING = "unspool.changes"
_MAX_ROWS = 5000  # more rows than this since the last look: treat as "everything changed"

Changed = Callable[[int, frozenset[str] | None], None]  # (newest seq, tags or None: everything)


def author_tag(author_id: int) -> str:
    return f"author:{author_id}"


def touch(conn: Connection, *tags: str) -> None:
    """Records that this transaction changes what pages tagged so show."""
    conn.info.setdefault(_PENDING, set()).update(tags)


def flush(conn: Connection) -> None:
    """Writes the tags `touch` collected, as the last thing before the commit."""
    pending = conn.info.pop(_PENDING, None)
    if not pending:
        return
    now = int(time.time() * 1000)
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
    conn.execute(insert(changes), [{"tag": tag, "created_ms": now} for tag in sorted(pending)])
    if postgres:
        conn.execute(text(f"NOTIFY {CHANNEL}"))
    newest = conn.execute(select(func.max(changes.c.seq))).scalar_one()
    if newest % 100 == 0:  # now and then: keep the log short
        conn.execute(delete(changes).where(changes.c.created_ms < now - KEEP_MS, changes.c.seq < newest))


def discard(conn: Connection) -> None:
    """Forgets collected tags (the transaction rolled back)."""
    conn.info.pop(_PENDING, None)


def read_since(conn, seq: int) -> tuple[int, frozenset[str] | None]:
    """(newest seq, tags changed after `seq`); None when the log no longer reaches back to `seq`
    or too much changed. `conn`: a SQLAlchemy connection, or a sqlite3 or psycopg one."""
    rows = _query(conn, "SELECT seq, tag FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", (seq, _MAX_ROWS + 1))
    if not rows:
        return seq, frozenset()
    oldest = _query(conn, "SELECT min(seq) FROM changes", ())[0][0]
    newest = rows[-1][0]
    if len(rows) > _MAX_ROWS or (oldest is not None and oldest > seq + 1 and seq > 0):
        return newest, None  # pruned past what we saw (or a flood): start afresh
    return newest, frozenset(row[1] for row in rows)


def newest_seq(conn) -> int:
    return _query(conn, "SELECT coalesce(max(seq), 0) FROM changes", ())[0][0]


def _query(conn, sql: str, params: tuple) -> list:
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, params).fetchall()
    if isinstance(conn, Connection):
        if conn.dialect.paramstyle in ("format", "pyformat"):
            sql = sql.replace("?", "%s")
        return list(conn.exec_driver_sql(sql, params).fetchall())
    return conn.execute(sql.replace("?", "%s"), params).fetchall()  # psycopg's own connection


class ChangeFeed:
    """Follows the change log for one process (see the module docstring). `poll` is called from
    one thread (the server's event loop); `changed` is called on that thread, from `poll`."""

    RECHECK_SECONDS = 1.0

    def __init__(self, engine: Engine, changed: Changed | None = None):
        self.engine = engine
        self.dialect = engine.dialect.name
        self.changed: Changed = changed or (lambda seq, tags: None)
        self.seq = 0  # the newest change applied
        self._started = False
        self._sqlite: sqlite3.Connection | None = None
        self._wal: WalIndexHeader | None = None
        self._stamp: bytes | None = None
        self._recheck_at = 0.0
        self._listener: _Listener | None = None
        self._lock = threading.Lock()

    @property
    def memory_only(self) -> bool:
        """Whether `poll` answers without a query while nothing is committed (SQLite with a
        wal-index header, PostgreSQL with its listener): only then may a server's event loop
        call it directly. False until the first `poll` (which connects) has succeeded."""
        return self._started and (self._wal is not None or self._listener is not None)

    def poll(self) -> None:
        """Applies changes committed since the last poll (calls `changed`)."""
        if not self._started:
            self._start()
        if self._listener is not None:
            found = self._listener.take()
            if found is not None:
                seq, tags = found
                self._apply(seq, tags)
            return
        if self._wal is not None:
            stamp = self._wal.read()
            if stamp == self._stamp and time.monotonic() < self._recheck_at:
                return
            self._stamp = stamp  # read before the log: what we read is at least this new
        self._read()

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def _start(self) -> None:
        """Connects (and on PostgreSQL starts listening); `poll` tries again while this fails."""
        url = self.engine.url
        if self.dialect == "sqlite" and url.database not in (None, "", ":memory:"):
            cargs, cparams = self.engine.dialect.create_connect_args(url)
            conn = self.engine.dialect.loaded_dbapi.connect(
                *cargs, **{**cparams, "isolation_level": None, "check_same_thread": False})
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute("PRAGMA query_only=ON")
            self._sqlite = conn  # kept open for the life of the process, like the mapping
            self._wal = open_wal_index(conn)
            if self._wal is not None:  # read before the log, as in `poll`
                self._stamp = self._wal.read()
                self._recheck_at = time.monotonic() + self.RECHECK_SECONDS
            self.seq = newest_seq(conn)
        elif self.dialect == "postgresql":
            with self.engine.connect() as conn:
                self.seq = newest_seq(conn)
            self._listener = _Listener(self.engine, self.seq, weakref.ref(self))
        else:
            with self.engine.connect() as conn:
                self.seq = newest_seq(conn)
        self._started = True

    def _read(self) -> None:
        with self._lock:
            if self._sqlite is not None:
                seq, tags = read_since(self._sqlite, self.seq)
            else:
                with self.engine.connect() as conn:
                    seq, tags = read_since(conn, self.seq)
        self._recheck_at = time.monotonic() + self.RECHECK_SECONDS
        self._apply(seq, tags)

    def _apply(self, seq: int, tags: frozenset[str] | None) -> None:
        if seq < self.seq:  # the log went back (a database replaced under us): start afresh
            tags = None
        if tags is None or tags:
            self.changed(seq, tags)
        self.seq = seq


class _Listener:
    """PostgreSQL: a thread that LISTENs and reads the log when notified (or every
    `ChangeFeed.RECHECK_SECONDS`), leaving what it found for `ChangeFeed.poll`."""

    def __init__(self, engine: Engine, seq: int, feed: weakref.ref):
        self.engine = engine
        self.seq = seq
        self._feed = feed
        self._found: tuple[int, frozenset[str] | None] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="unspool-changes", daemon=True)
        self._thread.start()

    def take(self) -> tuple[int, frozenset[str] | None] | None:
        if self._found is None:  # the common case: one attribute read, no lock
            return None
        with self._lock:
            found, self._found = self._found, None
        return found

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        failures = 0
        while not self._stop.is_set() and self._feed() is not None:
            try:
                url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    failures = 0
                    self._catch_up(conn)  # anything committed while not listening
                    while not self._stop.is_set() and self._feed() is not None:
                        for _ in conn.notifies(timeout=ChangeFeed.RECHECK_SECONDS, stop_after=1):
                            pass
                        self._catch_up(conn)
            except Exception:
                failures += 1
                if failures == 1:
                    log.warning("listening for changes failed; retrying", exc_info=True)
                self._record(self.seq, None)  # unsure what was missed: everything changed
                self._stop.wait(min(5.0, 0.1 * 2**failures))

    def _catch_up(self, conn) -> None:
        seq, tags = read_since(conn, self.seq)
        if seq != self.seq or tags is None:
            self.seq = seq
            self._record(seq, tags)

    def _record(self, seq: int, tags: frozenset[str] | None) -> None:
        with self._lock:
            if self._found is None:
                self._found = (seq, tags)
            else:
                old_seq, old_tags = self._found
                merged = None if tags is None or old_tags is None else old_tags | tags
                self._found = (max(seq, old_seq), merged)


def tags_of_threads(conn: Connection, thread_ids: Iterable[str]) -> set[str]:
    """The author tags of stored threads (for writes that name threads, not authors)."""
    ids = list(thread_ids)
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(author_tag(a) for (a,) in conn.execute(select(threads.c.author_id).where(threads.c.id.in_(chunk)).distinct()))
    return found
