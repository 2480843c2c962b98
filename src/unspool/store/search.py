"""Full-text search over stored threads: SQLite FTS5 or PostgreSQL tsvector.

A query is words, all required; a word ending in `*` (three letters or more) is a prefix. Any
other syntax (quotes, OR, NEAR, -, parentheses) is read as punctuation, so no user text is
ever parsed as FTS5 or tsquery syntax and no query fails. Queries are capped at
MAX_QUERY_CHARS characters and MAX_TERMS words.

Ranking is bounded: bm25 / ts_rank score every match, so a common word on a large archive
meant scoring thousands of threads per query (p99 ~300 ms at 20,000 tweets). Only the
MAX_RESULTS most recently stored matches are ranked (SQLite: the highest rowids, found from the
index alone; PostgreSQL: the first found), and results stop there; a query with more matches
wants another word. Pages are limited, not keyset: (page - 1) * per_page < MAX_RESULTS.

Snippets come back as plain text with MARK_START/MARK_END around matches (private-use
characters), so the caller escapes the text first and only then turns them into markup.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from sqlalchemy import Connection, literal_column, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .listing import ThreadSummary
from .moderation import visible_threads
from .schema import author_columns, author_from_row, authors, threads

MARK_START = "\ue000"
MARK_END = "\ue001"
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_RESULTS = 500
MIN_PREFIX = 3  # shorter prefixes match most of the index: read as whole words
# PostgreSQL snippets are cut in Python from the start of a thread's text: a match further in
# shows the thread's start, unmarked (FTS5 builds its own snippets from the whole text).
SNIPPET_SOURCE_CHARS = 6000
SNIPPET_CHARS = 200
_TERM = re.compile(r"(\w+)(\*?)")


class Term(NamedTuple):
    word: str
    prefix: bool


class SearchHit(ThreadSummary):
    """A listed thread with the part of its text that matched (marked)."""

    snippet: str


def query_terms(query: str) -> list[Term]:
    """The words of a user's query (lower-cased, deduplicated); other characters are dropped."""
    terms: dict[str, Term] = {}
    for word, star in _TERM.findall(query[:MAX_QUERY_CHARS]):
        word = word.lower()
        terms.setdefault(word, Term(word, bool(star) and len(word) >= MIN_PREFIX))
    return list(terms.values())[:MAX_TERMS]


def search_threads(engine: Engine, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Threads matching every word of `query`, best first; [] for a query without words."""
    terms = query_terms(query)
    limit = max(0, min(limit, MAX_RESULTS - offset))
    if not terms or limit == 0:
        return []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            ranked = _sqlite_hits(conn, terms, limit, offset)
        else:
            ranked = _postgres_hits(conn, terms, limit, offset)
        return _with_summaries(conn, ranked)


def _sqlite_hits(conn: Connection, terms: list[Term], limit: int, offset: int) -> list[tuple[str, str]]:
    # Every word quoted ("a""b" for a quote, though \w+ has none): never read as FTS5 syntax.
    match = " ".join('"{}"{}'.format(term.word.replace('"', '""'), "*" if term.prefix else "") for term in terms)
    # The MAX_RESULTS newest matches as a rowid range FTS5 applies while matching: an IN list
    # of rowids would run the MATCH once per row.
    rows = conn.execute(
        text(
            "SELECT thread_id, snippet(thread_search, 2, :start, :end, ' … ', 24) FROM thread_search "
            "WHERE thread_search MATCH :match AND rowid >= (SELECT coalesce(min(rowid), 0) FROM "
            "(SELECT rowid FROM thread_search WHERE thread_search MATCH :match ORDER BY rowid DESC LIMIT :cap)) "
            f"AND {_visible(conn, 'thread_search.thread_id')} "
            "ORDER BY rank, thread_id LIMIT :limit OFFSET :offset"
        ),
        {"start": MARK_START, "end": MARK_END, "match": match, "cap": MAX_RESULTS, "limit": limit, "offset": offset},
    )
    return [(row[0], row[1]) for row in rows]


def _postgres_hits(conn: Connection, terms: list[Term], limit: int, offset: int) -> list[tuple[str, str]]:
    # A tsquery built from \w+ words only, each quoted: to_tsquery never sees user syntax.
    tsquery = " & ".join("'{}'{}".format(term.word.replace("'", "''").replace("\\", ""), ":*" if term.prefix else "") for term in terms)
    rows = conn.execute(
        text(
            "WITH q AS (SELECT to_tsquery('simple', :tsquery) AS query), "
            "candidates AS (SELECT s.thread_id, s.document FROM thread_search s, q WHERE s.document @@ q.query LIMIT :cap), "
            "hits AS (SELECT c.thread_id, ts_rank(c.document, q.query) AS rank FROM candidates c, q "
            f"WHERE {_visible(conn, 'c.thread_id')} ORDER BY rank DESC, c.thread_id LIMIT :limit OFFSET :offset) "
            "SELECT hits.thread_id, left(s.body, :snippet_source) FROM hits JOIN thread_search s ON s.thread_id = hits.thread_id "
            "ORDER BY hits.rank DESC, hits.thread_id"
        ),
        {"tsquery": tsquery, "cap": MAX_RESULTS, "limit": limit, "offset": offset, "snippet_source": SNIPPET_SOURCE_CHARS},
    )
    return [(row[0], text_snippet(row[1], terms)) for row in rows]


def text_snippet(body: str, terms: list[Term]) -> str:
    """About SNIPPET_CHARS of `body` around its first match, matches marked, whitespace folded.
    ts_headline did this in 5-10 ms per page of hits, most of a search's time."""
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(t.word) + (r"\w*" if t.prefix else r"\b") for t in terms) + ")", re.IGNORECASE
    )
    first = pattern.search(body)
    start = 0 if first is None else max(0, first.start() - SNIPPET_CHARS // 4)
    if start:
        start = _word_start(body, start)
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        end = body.rfind(" ", start, end) if " " in body[start:end] else end
    window = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", body[start:end])
    return ("… " if start else "") + " ".join(window.split()) + (" …" if end < len(body) else "")


def _word_start(body: str, index: int) -> int:
    space = body.find(" ", index)
    return space + 1 if 0 <= space < index + 20 else index


def _visible(conn: Connection, thread_id_column: str) -> str:
    """The moderation filter as SQL (it has no parameters), applied before LIMIT so pages stay full."""
    return _visible_sql(conn.dialect.name, thread_id_column)


@cache
def _visible_sql(dialect_name: str, thread_id_column: str) -> str:
    # Compiled once per process: compiling it took longer than the search itself.
    dialect = sqlite.dialect() if dialect_name == "sqlite" else postgresql.dialect()
    return str(visible_threads(literal_column(thread_id_column)).compile(dialect=dialect))


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
