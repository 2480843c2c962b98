"""Thread lists page by cursor (no OFFSET, no posts read), stay put when threads are stored
meanwhile, and break ties on created_ms, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from unspool.config import Settings
from unspool.model import Author, Post, Segment, Thread, make_thread_id
from unspool.store import Store
from unspool.web import create_app

from .conftest import html

TIED = datetime(2025, 4, 1, 12, tzinfo=UTC)
ROBIN = Author(network="x", native_id="700001", handle="robin_makes", name="Robin Example")
SAM = Author(network="x", native_id="800002", handle="sam_bakes", name="Sam Sample")


def make_thread(author: Author, number: int, when: datetime) -> Thread:
    post_id = f"{author.native_id}{number:06d}"
    post = Post(network="x", id=post_id, url=f"https://x.com/{author.handle}/status/{post_id}", author=author,
                created_at=when, segments=[Segment("text", f"Thread {number} about knots")])
    return Thread(id=make_thread_id("x", post_id), network="x", author=author, posts=[post])


def store_threads(store: Store, author: Author, threads: list[Thread]) -> None:
    with store.transaction() as conn:
        store.add_threads(conn, store.upsert_author(conn, author), threads)


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    # 45 of robin's threads share one time (ties decided by id), 5 of sam's are older.
    store_threads(store, ROBIN, [make_thread(ROBIN, n, TIED) for n in range(45)])
    store_threads(store, SAM, [make_thread(SAM, n, TIED - timedelta(days=n + 1)) for n in range(5)])
    yield store
    store.close()


@pytest.fixture
def client(store, tmp_path, db_url):
    settings = Settings(data_dir=tmp_path, database_url=db_url, media_dir=tmp_path / "media", public_url="https://unspool.test")
    with TestClient(create_app(settings, store=store), base_url="https://unspool.test") as client:
        yield client


def listed(doc) -> list[str]:
    return [href.removeprefix("/t/") for href in doc.xpath("//ol[@class='thread-list']//a[@class='thread-link']/@href")]


def walk(client, start: str) -> list[list[str]]:
    """The ids of every page, following rel=next from `start`."""
    pages, href = [], start
    while href:
        doc = html(response := client.get(href))
        assert response.status_code == 200, href
        pages.append(listed(doc))
        href = (doc.xpath("//a[@rel='next']/@href") or [None])[0]
        assert len(pages) < 10
    return pages


def newest_first(store: Store, author: Author | None = None) -> list[str]:
    """Every thread id (of `author`), newest first, ties by id: what the pages must add up to."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT t.id, t.created_ms, a.handle FROM threads t JOIN authors a ON a.id = t.author_id")).all()
    mine = [row for row in rows if author is None or row.handle == author.handle]
    return [row.id for row in sorted(mine, key=lambda row: (row.created_ms, row.id), reverse=True)]


def test_pages_cover_every_thread_once_across_ties(client, store):
    pages = walk(client, "/")
    assert [len(page) for page in pages] == [20, 20, 10]
    assert sum(pages, []) == newest_first(store)  # the 45 tied threads split by id, sam's after
    author_pages = walk(client, "/a/x/robin_makes")
    assert [len(page) for page in author_pages] == [20, 20, 5]
    assert sum(author_pages, []) == newest_first(store, ROBIN)


def test_prev_links_lead_back_to_the_same_pages(client):
    first = html(client.get("/"))
    second = html(client.get(first.xpath("//a[@rel='next']/@href")[0]))
    third_href = second.xpath("//a[@rel='next']/@href")[0]
    third = html(client.get(third_href))
    assert not first.xpath("//a[@rel='prev']") and not third.xpath("//a[@rel='next']")
    (back,) = third.xpath("//a[@rel='prev']/@href")
    assert listed(html(client.get(back))) == listed(second)
    assert second.xpath("//a[@rel='prev']/@href") == ["/"] and second.xpath("//link[@rel='prev']/@href") == ["/"]
    assert third.xpath("//link[@rel='canonical']/@href") == [f"https://unspool.test{third_href}"]


def test_a_thread_stored_while_paging_does_not_shift_the_next_page(client, store):
    first = html(client.get("/"))
    older = first.xpath("//a[@rel='next']/@href")[0]
    expected = listed(html(client.get(older)))
    store_threads(store, ROBIN, [make_thread(ROBIN, 999, TIED + timedelta(hours=1))])
    assert listed(html(client.get(older))) == expected
    assert listed(html(client.get("/")))[0] == make_thread_id("x", f"{ROBIN.native_id}000999")
    api_next = client.get("/api/v1/threads").json()["next"]
    expected = client.get(api_next).json()["items"]
    store_threads(store, SAM, [make_thread(SAM, 999, TIED + timedelta(hours=2))])
    assert client.get(api_next).json()["items"] == expected


class Statements:
    """Every SQL statement the engine runs while active."""

    def __init__(self, engine):
        self.engine, self.sql = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.record)
        return self.sql

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.record)

    def record(self, conn, cursor, statement, parameters, context, executemany):
        self.sql.append((statement, parameters))


def skips_rows(statement: str, parameters) -> bool:
    """An OFFSET other than the `LIMIT ? OFFSET 0` SQLAlchemy always writes for SQLite."""
    if not re.search(r"\bOFFSET\b", statement, re.I):
        return False
    return not (statement.rstrip().endswith("OFFSET ?") and parameters[-1] == 0)


def test_lists_read_no_posts_and_use_no_offset(client, store):
    doc = html(client.get("/"))
    deeper = doc.xpath("//a[@rel='next']/@href")[0]
    api = client.get("/api/v1/threads").json()
    author_next = html(client.get("/a/x/robin_makes")).xpath("//a[@rel='next']/@href")[0]
    urls = ["/", deeper, "/a/x/robin_makes", author_next, "/api/v1/threads", api["next"], "/api/v1/threads?author=sam_bakes"]
    with Statements(store.engine) as sql:
        for url in urls:
            assert client.get(url).status_code == 200, url
    assert sql, "no statement was captured"
    assert not [s for s, p in sql if skips_rows(s, p)]
    assert not [s for s, _ in sql if re.search(r"\bposts\b", s, re.I)]


@pytest.mark.parametrize("cursor", ["9999999999999999999.abc", "-9999999999999999999.abc", "1.abc\x00", "1.abc%00", "١٢٣.abc"])
def test_hostile_cursors_are_refused_cleanly(client, cursor):
    for url in ("/", "/a/x/robin_makes", "/api/v1/threads"):
        response = client.get(url, params={"before": cursor})
        assert response.status_code == 400, (url, cursor)
