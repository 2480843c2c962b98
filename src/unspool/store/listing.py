"""Lists of threads, newest first, a page at a time: keyset pagination on (created_ms, id).

OFFSET makes a database read and drop every row before the page (page 500 of the home page read
10,000 rows), and a thread stored while a reader pages shifts every later page by one. A cursor
names the last thread shown instead; the next page is "the threads older than it", one index
range read (`ix_threads_created`, `ix_threads_author_created`, migration 0008) whatever the
depth, and a new thread changes only the first page. Ties on created_ms are broken by id, in the
same direction, so no two threads compare equal.

A list is built from the threads and authors rows only: no post is read for a list.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import msgspec
from sqlalchemy import Connection, ColumnElement, Select, func, select, tuple_

from ..errors import InputError
from ..model import Author
from .moderation import visible_threads
from .schema import author_columns, author_from_row, authors, threads

_CURSOR = re.compile(r"(-?[0-9]{1,19})\.([a-z0-9]{1,32})")
_MAX_MS = 2**63 - 1  # BIGINT


# (network, handle) of the author a list is limited to; network None: the handle on any network.
AuthorRef = tuple[str | None, str]


class ThreadSummary(msgspec.Struct):
    """A thread as listed: its row and author, no posts."""

    id: str
    network: str
    title: str
    author: Author
    post_count: int
    created_ms: int


class Cursor(NamedTuple):
    """A position in a newest-first list: a page holds the threads strictly older than it."""

    created_ms: int
    thread_id: str

    def encode(self) -> str:
        """The `before=` value in URLs; opaque to clients (documented as such)."""
        return f"{self.created_ms}.{self.thread_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        match = _CURSOR.fullmatch(text)
        if match is None or abs(int(match.group(1))) > _MAX_MS:
            raise InputError("This page link is not valid: start again from the first page.")
        return cls(int(match.group(1)), match.group(2))

    @classmethod
    def of(cls, summary: ThreadSummary) -> Cursor:
        return cls(summary.created_ms, summary.id)


class ThreadPage(msgspec.Struct):
    items: list[ThreadSummary]
    # `before=` of the older page; None on the last page.
    older: Cursor | None
    # The newer page: `newer_is_first` means the first page (no cursor), else `before=newer`.
    newer: Cursor | None
    newer_is_first: bool


def _key() -> ColumnElement:
    return tuple_(threads.c.created_ms, threads.c.id)


def _listed(query: Select, author: AuthorRef | None) -> Select:
    """Only what the public may see (no taken-down thread, no blocked author), of one author
    when `author` (network or None for any, handle) is given. `query` selects from threads."""
    query = query.where(visible_threads())
    if author is not None:
        network, handle = author
        ids = select(authors.c.id).where(func.lower(authors.c.handle) == handle.lstrip("@").lower())
        if network is None:
            query = query.where(threads.c.author_id.in_(ids))
        else:  # one author: the page is a range of ix_threads_author_created, read in order
            query = query.where(threads.c.author_id == ids.where(authors.c.network == network).limit(1).scalar_subquery())
    return query


def list_summaries(
    conn: Connection, *, limit: int | None, before: Cursor | None = None, author: AuthorRef | None = None
) -> list[ThreadSummary]:
    """Threads older than `before` (all when None), newest first, at most `limit`."""
    query = (
        select(threads.c.id, threads.c.network, threads.c.title, threads.c.post_count, threads.c.created_ms, *author_columns())
        .select_from(threads.join(authors))
        .order_by(threads.c.created_ms.desc(), threads.c.id.desc())
    )
    query = _listed(query, author)
    if before is not None:
        query = query.where(_key() < tuple_(before.created_ms, before.thread_id))
    if limit is not None:
        query = query.limit(limit)
    return [
        ThreadSummary(id=row[0], network=row[1], title=row[2], post_count=row[3], created_ms=row[4], author=author_from_row(row[5:]))
        for row in conn.execute(query)
    ]


def thread_page(conn: Connection, *, per_page: int, before: Cursor | None = None, author: AuthorRef | None = None) -> ThreadPage:
    """One page of a list and the cursors of its neighbours."""
    rows = list_summaries(conn, limit=per_page + 1, before=before, author=author)
    items = rows[:per_page]
    older = Cursor.of(items[-1]) if len(rows) > per_page else None
    if before is None or not items:
        return ThreadPage(items, older, None, False)
    # The newer page is the per_page threads just newer than this page's first: read their keys
    # only, oldest first; one more tells whether that page is the first one.
    first = Cursor.of(items[0])
    newer_keys = select(threads.c.created_ms, threads.c.id)
    newer_rows = conn.execute(
        _listed(newer_keys, author)
        .where(_key() > tuple_(first.created_ms, first.thread_id))
        .order_by(threads.c.created_ms, threads.c.id)
        .limit(per_page + 1)
    ).all()
    if not newer_rows:
        return ThreadPage(items, older, None, False)
    if len(newer_rows) <= per_page:
        return ThreadPage(items, older, None, True)
    return ThreadPage(items, older, Cursor(*newer_rows[per_page]), False)
