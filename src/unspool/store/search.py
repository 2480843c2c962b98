"""Full-text search over stored threads: SQLite FTS5 or PostgreSQL tsvector.

Snippets come back as plain text with MARK_START/MARK_END around matches (private-use
characters), so the caller escapes the text first and only then turns them into markup.
"""

from __future__ import annotations

import re

import msgspec
from sqlalchemy import Connection, literal_column, select, text
from sqlalchemy.engine import Engine

from ..model import Author
from .moderation import visible_threads
from .schema import author_columns, author_from_row, authors, threads

MARK_START = "\ue000"
MARK_END = "\ue001"
MAX_QUERY_CHARS = 200
MAX_TERMS = 16
_WORD = re.compile(r"\w+")


class SearchHit(msgspec.Struct):
    id: str
    network: str
    title: str
    author: Author
    post_count: int
    created_ms: int
    snippet: str


def query_terms(query: str) -> list[str]:
    """The words of a user's query; punctuation (FTS5 or tsquery syntax) is dropped."""
    return _WORD.findall(query[:MAX_QUERY_CHARS])[:MAX_TERMS]


def search_threads(engine: Engine, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Threads matching every word of `query`, best first; [] for a query without words."""
    if not query_terms(query):
        return []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            ranked = _sqlite_hits(conn, query, limit, offset)
        else:
            ranked = _postgres_hits(conn, query, limit, offset)
        return _with_summaries(conn, ranked)


def _sqlite_hits(conn: Connection, query: str, limit: int, offset: int) -> list[tuple[str, str]]:
    # Every term quoted: the user's text is never parsed as FTS5 syntax (NEAR, *, ", AND...).
    match = " ".join(f'"{term}"' for term in query_terms(query))
    rows = conn.execute(
        text(
            "SELECT thread_id, snippet(thread_search, 2, :start, :end, ' … ', 24) FROM thread_search "
            f"WHERE thread_search MATCH :match AND {_visible(conn, 'thread_search.thread_id')} "
            "ORDER BY rank, thread_id LIMIT :limit OFFSET :offset"
        ),
        {"start": MARK_START, "end": MARK_END, "match": match, "limit": limit, "offset": offset},
    )
    return [(row[0], row[1]) for row in rows]


def _postgres_hits(conn: Connection, query: str, limit: int, offset: int) -> list[tuple[str, str]]:
    # websearch_to_tsquery never raises on user input; NUL is the one thing text cannot hold.
    options = f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxFragments=2, MinWords=8, MaxWords=30, FragmentDelimiter=" … "'
    rows = conn.execute(
        text(
            "WITH q AS (SELECT websearch_to_tsquery('simple', :query) AS query), "
            "hits AS (SELECT s.thread_id, s.body, ts_rank(s.document, q.query) AS rank FROM thread_search s, q "
            f"WHERE s.document @@ q.query AND {_visible(conn, 's.thread_id')} "
            "ORDER BY rank DESC, s.thread_id LIMIT :limit OFFSET :offset) "
            "SELECT hits.thread_id, ts_headline('simple', hits.body, q.query, :options) FROM hits, q "
            "ORDER BY hits.rank DESC, hits.thread_id"
        ),
        {"query": query[:MAX_QUERY_CHARS].replace("\x00", ""), "limit": limit, "offset": offset, "options": options},
    )
    return [(row[0], row[1]) for row in rows]


def _visible(conn: Connection, thread_id_column: str) -> str:
    """The moderation filter as SQL (it has no parameters), applied before LIMIT so pages stay full."""
    return str(visible_threads(literal_column(thread_id_column)).compile(dialect=conn.dialect))


def _with_summaries(conn: Connection, ranked: list[tuple[str, str]]) -> list[SearchHit]:
    if not ranked:
        return []
    rows = conn.execute(
        select(
            threads.c.id, threads.c.network, threads.c.title, threads.c.post_count, threads.c.created_ms,
            *author_columns(),
        )
        .join(authors)
        .where(threads.c.id.in_([thread_id for thread_id, _ in ranked]))
    )
    by_id = {row[0]: row for row in rows}
    hits = []
    for thread_id, snippet in ranked:
        row = by_id.get(thread_id)
        if row is None:  # index row without a thread: skip rather than fail the whole search
            continue
        author = author_from_row(row[5:])
        hits.append(
            SearchHit(id=row[0], network=row[1], title=row[2], author=author, post_count=row[3], created_ms=row[4], snippet=snippet or "")
        )
    return hits
