"""Persistence of threads: SQLite (WAL, FTS5) by default, PostgreSQL for scale."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import msgspec
from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..model import Author, PackedPost, Thread, derive_title, pack_post, unpack_post
from . import changes
from .db import migrate, open_engine
from .listing import AuthorRef, Cursor, ThreadPage, ThreadSummary, list_summaries, thread_page
from .moderation import ThreadStatus, check_import_allowed, thread_status, visible_threads
from .schema import author_columns, author_from_row, authors, posts, threads


class StoredPost(msgspec.Struct, array_like=True):
    thread_id: str
    position: int
    native_id: str
    reply_to_id: str | None
    created_ms: int


class ThreadRecord(msgspec.Struct):
    """A thread's row and search entry, computed from its packed posts."""

    id: str
    network: str
    root_post_id: str
    title: str
    post_count: int
    created_ms: int
    last_post_ms: int
    body: str

    @classmethod
    def of(cls, thread_id: str, thread_posts: list[PackedPost]) -> ThreadRecord:
        root, last = thread_posts[0], thread_posts[-1]
        return cls(
            id=thread_id,
            network=root.network,
            root_post_id=root.id,
            title=derive_title(root.text),
            post_count=len(thread_posts),
            created_ms=root.created_ms,
            last_post_ms=last.created_ms,
            body="\n\n".join(post.text for post in thread_posts),
        )


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str, *, cache_kib: int = 16384) -> Store:
        engine = open_engine(url, cache_kib=cache_kib)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """All-or-nothing: an error anywhere leaves the database as it was."""
        try:
            with self.engine.begin() as conn:
                try:
                    yield conn
                    changes.flush(conn)  # last: see store/changes.py
                except BaseException:
                    changes.discard(conn)
                    raise
        except SQLAlchemyError as exc:
            raise StoreError(f"database error, nothing was changed: {exc}") from exc

    # --- writing -------------------------------------------------------------------------

    def upsert_author(self, conn: Connection, author: Author) -> int:
        """The author's row id. Every writer (import, live unroll) stores the author first, so
        this is where a blocked author is refused (Blocked), before anything is written."""
        check_import_allowed(conn, author)
        values = dict(handle=author.handle, name=author.name, avatar_url=author.avatar_url, profile_url=author.profile_url,
                      avatar_local_name=author.avatar_local_name)
        row = conn.execute(
            select(authors).where(authors.c.network == author.network, authors.c.native_id == author.native_id)
        ).mappings().first()
        if row is None:
            author_id = conn.execute(
                insert(authors).values(network=author.network, native_id=author.native_id, **values)
            ).inserted_primary_key[0]
            changes.touch(conn, changes.author_tag(author_id))
            return author_id
        if any(row[key] != value for key, value in values.items()):
            conn.execute(update(authors).where(authors.c.id == row["id"]).values(**values))
            changes.touch(conn, changes.author_tag(row["id"]), changes.LISTS)  # lists show names and avatars
        return row["id"]

    def delete_threads(self, conn: Connection, thread_ids: Iterable[str]) -> None:
        ids = list(thread_ids)
        if not ids:
            return
        changes.touch(conn, changes.LISTS, *changes.tags_of_threads(conn, ids))
        for chunk in _chunks(ids, 500):
            self._delete_search(conn, chunk)
            conn.execute(delete(posts).where(posts.c.thread_id.in_(chunk)))
            conn.execute(delete(threads).where(threads.c.id.in_(chunk)))

    def add_threads(self, conn: Connection, author_id: int, new_threads: list[Thread]) -> None:
        """Stores whole threads (ids not stored yet: delete changed ones first)."""
        records = []
        for thread in new_threads:
            packed = [pack_post(post) for post in thread.posts]
            self.insert_posts(conn, [(thread.id, position, post) for position, post in enumerate(packed)])
            records.append(ThreadRecord.of(thread.id, packed))
        self.insert_threads(conn, author_id, records)

    def insert_posts(self, conn: Connection, placed: list[tuple[str, int, PackedPost]]) -> None:
        """Stores posts as (thread id, position, packed post); their thread rows may follow
        later in the same transaction (the foreign key is checked at commit)."""
        _bulk_insert(
            conn,
            posts,
            ("thread_id", "position", "network", "native_id", "reply_to_id", "created_ms", "data"),
            [
                (thread_id, position, post.network, post.id, post.reply_to_id, post.created_ms, bytes(post.data))
                for thread_id, position, post in placed
            ],
        )

    def insert_threads(self, conn: Connection, author_id: int, records: list[ThreadRecord]) -> None:
        """Thread rows and search entries for threads whose posts `insert_posts` stored."""
        if not records:
            return
        changes.touch(conn, changes.author_tag(author_id), changes.LISTS)
        now = int(time.time() * 1000)
        _bulk_insert(
            conn,
            threads,
            ("id", "network", "author_id", "root_post_id", "title", "post_count", "created_ms", "last_post_ms", "stored_ms"),
            [
                (r.id, r.network, author_id, r.root_post_id, r.title, r.post_count, r.created_ms, r.last_post_ms, now)
                for r in records
            ],
        )
        if self.dialect == "sqlite":
            conn.exec_driver_sql(
                "INSERT INTO thread_search (thread_id, title, body) VALUES (?, ?, ?)", [(r.id, r.title, r.body) for r in records]
            )
        else:
            conn.exec_driver_sql(
                "INSERT INTO thread_search (thread_id, title, body, document) VALUES (%(id)s, %(title)s, %(body)s, "
                "setweight(to_tsvector('simple', %(title)s), 'A') || to_tsvector('simple', %(body)s))",
                [{"id": r.id, "title": r.title, "body": r.body} for r in records],
            )

    def _delete_search(self, conn: Connection, thread_ids: list[str]) -> None:
        statement = text("DELETE FROM thread_search WHERE thread_id IN :ids").bindparams(bindparam("ids", expanding=True))
        conn.execute(statement, {"ids": thread_ids})

    # --- reading -------------------------------------------------------------------------

    def stored_posts_of(self, conn: Connection, network: str, author_native_id: str) -> list[StoredPost]:
        """Every stored post of an author's threads, light: the input to re-assembly."""
        rows = conn.execute(
            select(posts.c.thread_id, posts.c.position, posts.c.native_id, posts.c.reply_to_id, posts.c.created_ms)
            .join(threads, threads.c.id == posts.c.thread_id)
            .join(authors, authors.c.id == threads.c.author_id)
            .where(authors.c.network == network, authors.c.native_id == author_native_id)
            .order_by(posts.c.thread_id, posts.c.position)
        )
        return [StoredPost(*row) for row in rows]

    def load_posts(self, conn: Connection, network: str, native_ids: Iterable[str]) -> dict[str, PackedPost]:
        """Stored posts, packed as an import produces them (for re-assembly with a newer archive)."""
        found: dict[str, PackedPost] = {}
        for chunk in _chunks(list(native_ids), 500):
            rows = conn.execute(
                select(posts.c.native_id, posts.c.data, *author_columns())
                .join(threads, threads.c.id == posts.c.thread_id)
                .join(authors, authors.c.id == threads.c.author_id)
                .where(posts.c.network == network, posts.c.native_id.in_(chunk))
            )
            for native_id, data, *author in rows:
                found[native_id] = pack_post(unpack_post(data, author_from_row(author)))
        return found

    def get_thread(self, thread_id: str) -> Thread | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(threads.c.network, *author_columns()).join(authors).where(threads.c.id == thread_id)
            ).first()
            if row is None:
                return None
            author = author_from_row(row[1:])
            # Posts are stored without their author: the current profile goes back in.
            thread_posts = [
                unpack_post(data, author)
                for (data,) in conn.execute(
                    select(posts.c.data).where(posts.c.thread_id == thread_id).order_by(posts.c.position)
                )
            ]
        return Thread(id=thread_id, network=row[0], author=author, posts=thread_posts)

    def find_thread_id(self, native_id: str, network: str | None = None, *, conn: Connection | None = None) -> str | None:
        """The thread with this id, or the thread holding the post with this native id."""
        query = select(posts.c.thread_id).where(posts.c.native_id == native_id)
        if network:
            query = query.where(posts.c.network == network)
        with _reuse_or_connect(self.engine, conn) as c:
            if c.execute(select(threads.c.id).where(threads.c.id == native_id)).first():
                return native_id
            return c.execute(query.limit(1)).scalar()

    def stored_ms(self, thread_id: str) -> int | None:
        """When the thread was last stored (epoch ms): how fresh a live unroll is."""
        with self.engine.connect() as conn:
            return conn.execute(select(threads.c.stored_ms).where(threads.c.id == thread_id)).scalar()

    def list_threads(
        self, *, author_handle: str | None = None, limit: int | None = None, before: Cursor | None = None
    ) -> list[ThreadSummary]:
        """Visible threads, newest first (older than `before`); rows only, no posts."""
        author: AuthorRef | None = (None, author_handle) if author_handle else None
        with self.engine.connect() as conn:
            return list_summaries(conn, limit=limit, before=before, author=author)

    def thread_page(self, *, per_page: int, before: Cursor | None = None, author: AuthorRef | None = None) -> ThreadPage:
        """One page of the newest-first list (see store/listing.py)."""
        with self.engine.connect() as conn:
            return thread_page(conn, per_page=per_page, before=before, author=author)

    def post_ids_of(self, thread_ids: list[str]) -> dict[str, list[str]]:
        """Each thread's post ids in order: for `unspool threads --json`, never for a page."""
        found: dict[str, list[str]] = {thread_id: [] for thread_id in thread_ids}
        with self.engine.connect() as conn:
            for chunk in _chunks(thread_ids, 500):
                rows = conn.execute(
                    select(posts.c.thread_id, posts.c.native_id).where(posts.c.thread_id.in_(chunk)).order_by(posts.c.thread_id, posts.c.position)
                )
                for thread_id, native_id in rows:
                    found[thread_id].append(native_id)
        return found

    def iter_threads(self, *, author_handle: str | None = None) -> Iterator[Thread]:
        for summary in self.list_threads(author_handle=author_handle):
            thread = self.get_thread(summary.id)
            if thread is not None:
                yield thread

    def count_threads(self) -> int:
        """Threads the public may see (as `list_threads` lists them)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(threads).where(visible_threads())).scalar_one()

    def thread_status(self, thread_id: str) -> ThreadStatus | None:
        """'visible', 'taken_down' or 'author_blocked'; None when the thread is not stored.
        `get_thread` returns hidden threads too: public views ask this first."""
        with self.engine.connect() as conn:
            return thread_status(conn, thread_id)

    def search(self, query: str, *, limit: int = 20, offset: int = 0):
        """Full-text search; see store/search.py (snippets carry match markers, not HTML)."""
        from .search import search_threads

        return search_threads(self.engine, query, limit=limit, offset=offset)


@contextmanager
def _reuse_or_connect(engine: Engine, conn: Connection | None) -> Iterator[Connection]:
    if conn is not None:
        yield conn
    else:
        with engine.connect() as fresh:
            yield fresh


def _bulk_insert(conn: Connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    # executemany with plain tuples: imports insert tens of thousands of rows, and building a
    # parameter dict per row through SQLAlchemy costs more than the insert itself.
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    conn.exec_driver_sql(sql, rows)



def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["Store", "ThreadSummary", "ThreadPage", "Cursor", "ThreadRecord", "StoredPost", "open_engine", "migrate", "StoreError"]
