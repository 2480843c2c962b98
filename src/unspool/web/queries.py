"""Small read-only queries the site needs beyond Store's API (stamps, neighbours, counts)."""

from __future__ import annotations

import msgspec
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine

from ..model import Author
from ..store.moderation import ThreadStatus, is_author_blocked, thread_status, visible_threads
from ..store.schema import author_columns, author_from_row, authors, threads


class Neighbour(msgspec.Struct):
    id: str
    title: str


class ThreadStamp(msgspec.Struct):
    """What decides whether a cached page is still right, without loading the posts."""

    id: str
    stored_ms: int
    last_post_ms: int
    author: Author
    older: Neighbour | None
    newer: Neighbour | None
    # Read on every request (no per-process state): a takedown applies at once in every worker.
    status: ThreadStatus = "visible"
    author_id: int = 0  # the row id: its change tag (store/changes.py) covers everything on the page

    @property
    def version(self) -> tuple:
        # The author's profile and the neighbours show on the page but live outside the thread row.
        a = self.author
        return (self.id, self.stored_ms, a.handle, a.name, a.avatar_url, a.profile_url, a.avatar_local_name,
                self.older and self.older.id, self.newer and self.newer.id)


def thread_stamp(engine: Engine, thread_id: str) -> ThreadStamp | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(threads.c.stored_ms, threads.c.last_post_ms, threads.c.created_ms, threads.c.author_id, *author_columns())
            .join(authors)
            .where(threads.c.id == thread_id)
        ).first()
        if row is None:
            return None
        stored_ms, last_post_ms, created_ms, author_id = row[:4]
        status = thread_status(conn, thread_id)
        if status is None:  # deleted in between
            return None
        if status != "visible":  # the page is gone: no neighbours to look up
            return ThreadStamp(thread_id, stored_ms, last_post_ms, author_from_row(row[4:]), None, None, status, author_id)
        # Hidden threads are no neighbours; which ones are shown is part of the page's version.
        same_author = and_(threads.c.author_id == author_id, visible_threads())
        before = or_(threads.c.created_ms < created_ms, and_(threads.c.created_ms == created_ms, threads.c.id < thread_id))
        after = or_(threads.c.created_ms > created_ms, and_(threads.c.created_ms == created_ms, threads.c.id > thread_id))
        older = conn.execute(
            select(threads.c.id, threads.c.title).where(same_author, before)
            .order_by(threads.c.created_ms.desc(), threads.c.id.desc()).limit(1)
        ).first()
        newer = conn.execute(
            select(threads.c.id, threads.c.title).where(same_author, after)
            .order_by(threads.c.created_ms, threads.c.id).limit(1)
        ).first()
    return ThreadStamp(
        id=thread_id,
        stored_ms=stored_ms,
        last_post_ms=last_post_ms,
        author=author_from_row(row[4:]),
        older=Neighbour(*older) if older else None,
        newer=Neighbour(*newer) if newer else None,
        author_id=author_id,
    )


def find_author(engine: Engine, network: str, handle: str) -> Author | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(*author_columns())
            .where(authors.c.network == network, func.lower(authors.c.handle) == handle.lstrip("@").lower())
            .limit(1)
        ).first()
    return author_from_row(row) if row else None


def author_row_id(engine: Engine, author: Author) -> int:
    """The author's row id: the change tag of their pages (store/changes.py)."""
    with engine.connect() as conn:
        return conn.execute(
            select(authors.c.id).where(authors.c.network == author.network, authors.c.native_id == author.native_id)
        ).scalar_one()


def author_blocked(engine: Engine, author: Author) -> bool:
    with engine.connect() as conn:
        return is_author_blocked(conn, author.network, author.native_id)


def count_threads(engine: Engine, author_handle: str | None = None) -> int:
    query = select(func.count()).select_from(threads.join(authors)).where(visible_threads())
    if author_handle:
        query = query.where(func.lower(authors.c.handle) == author_handle.lstrip("@").lower())
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def stored_times(engine: Engine, *, limit: int, thread_ids: list[str] | None = None) -> list[tuple[str, int]]:
    """(thread id, stored_ms), newest threads first: sitemap lastmod and feed `updated`."""
    query = (
        select(threads.c.id, threads.c.stored_ms)
        .where(visible_threads())
        .order_by(threads.c.created_ms.desc(), threads.c.id.desc())  # the lists' order
        .limit(limit)
    )
    if thread_ids is not None:
        query = query.where(threads.c.id.in_(thread_ids))
    with engine.connect() as conn:
        return [(row[0], row[1]) for row in conn.execute(query)]

