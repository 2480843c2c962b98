"""The page cache in front of every public GET (web/cache.py): the same bytes and headers as
the routes, kept until what a page depends on changes (store/changes.py), in every process."""

from __future__ import annotations

import time

import pytest
from conftest import commit_from_another_process
from fastapi.testclient import TestClient
from sqlalchemy import update

from unspool.bot import states
from unspool.store import Store, changes
from unspool.store.moderation import block_author, take_down
from unspool.store.schema import authors, threads
from unspool.web import create_app
from unspool.web import threads as thread_views
from unspool.web.app import app_from_env
from unspool.web.cache import Entry

from .conftest import html

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options",
            "cross-origin-opener-policy", "permissions-policy")


def no_route(monkeypatch):
    """From now on the thread route fails: whatever answers comes from the page cache."""

    def fail(*args, **kwargs):
        raise AssertionError("the route ran")

    monkeypatch.setattr(thread_views, "_stamp", fail)


def test_a_cached_page_comes_with_the_same_bytes_and_headers_as_from_the_route(client, data, monkeypatch):
    path = f"/t/{data.kite_id}"
    first_head = client.head(path)
    first = client.get(path)  # rendered by the route, cached
    assert first.status_code == 200 and all(name in first.headers for name in SECURITY)
    no_route(monkeypatch)
    again = client.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert list(again.headers.multi_items()) == list(first.headers.multi_items())
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert list(head.headers.multi_items()) == list(first_head.headers.multi_items()) == list(first.headers.multi_items())
    assert client.get(path + "?utm_source=x").content == first.content


def test_conditional_requests_on_a_cached_page(client, data, monkeypatch):
    path = f"/t/{data.kite_id}"
    first = client.get(path)
    etag = first.headers["etag"]
    from_route = client.get(path, headers={"If-None-Match": etag})
    no_route(monkeypatch)
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get(path, headers={"If-None-Match": header})
        assert response.status_code == 304 and response.content == b"", header
        assert list(response.headers.multi_items()) == list(from_route.headers.multi_items())
    assert client.get(path, headers={"If-None-Match": '"stale"'}).content == first.content


def test_pages_not_cached_or_not_pages_go_to_the_routes(client, data):
    assert client.get("/t/nope").status_code == 404
    assert client.get(f"/t/{data.kite_id}.md").headers["content-type"].startswith("text/markdown")
    assert client.get(f"/t/{data.kite_id}/print").status_code == 200
    assert client.post(f"/t/{data.kite_id}").status_code == 405




def eventually(check, within: float = 0.5) -> bool:
    """On PostgreSQL a commit reaches the page cache by notification, within 100 ms; on SQLite
    at the next request."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def next_page(client, path: str) -> str:
    return html(client.get(path)).xpath('//link[@rel="next"]/@href')[0]


def test_every_public_page_is_kept_and_served_from_the_cache(client, data):
    cache = client.app.state.site.cache
    pages = ["/", next_page(client, "/"), "/a/x/robin_makes", "/a/x/robin_makes/feed.atom", "/feed.atom", "/sitemap.xml",
             "/robots.txt", "/privacy", "/search?q=kite", f"/t/{data.kite_id}", f"/t/{data.kite_id}.md",
             f"/t/{data.kite_id}/print", "/api/v1/threads", f"/api/v1/threads/{data.kite_id}", "/api/v1/search?q=kite",
             f"/oembed?url=https://unspool.test/t/{data.kite_id}", "/static/unspool.css"]
    first = {path: client.get(path) for path in pages}
    assert {path: r.status_code for path, r in first.items()} == dict.fromkeys(pages, 200)
    hits = cache.hits
    for path in pages:
        again = client.get(path)
        assert again.content == first[path].content, path
        assert list(again.headers.multi_items()) == list(first[path].headers.multi_items()), path
        assert again.headers["etag"]
    assert cache.hits == hits + len(pages)
    health = client.get("/healthz").json()["cache"]
    assert health["entries"] == len(pages) and health["hits"] == cache.hits and 0 < health["hit_rate"] < 1


def test_unknown_query_parameters_share_one_entry(client, data):
    cache = client.app.state.site.cache
    second = next_page(client, "/")
    client.get(second)
    entries = len(cache.entries)
    for junk in ("utm_source=x", "a=1&b=2", "zzz"):
        assert client.get(f"{second}&{junk}").status_code == 200
    assert len(cache.entries) == entries
    assert client.get(f"/a/x/robin_makes?{second.partition('?')[2]}").status_code == 200
    assert len(cache.entries) == entries + 1


def test_what_is_not_kept(client, data):
    cache = client.app.state.site.cache
    for path in ("/t/nope", "/a/x/nobody", "/healthz", "/unroll?url=nonsense"):
        client.get(path)
    assert not [key for key in cache.entries if key[1] in ("/t/nope", "/a/x/nobody", "/healthz", "/unroll")]


def test_changes_empty_only_the_pages_that_show_them(site_data, data):
    settings = site_data[1]
    with TestClient(create_app(settings), base_url="https://unspool.test") as client:
        cache = client.app.state.site.cache
        sam_page, kite_page = f"/t/{data.sam_id}", f"/t/{data.kite_id}"
        for path in ("/", sam_page, kite_page, "/a/x/sam_bakes"):
            assert client.get(path).status_code == 200
        keys = {key[1]: key for key in cache.entries}
        store = Store.open(settings.database_url)
        try:
            states.record(store, "mastodon", "bot", [], cursor="c1")  # the bot's writes change no page
            client.get("/")
            assert keys["/"] in cache.entries and keys[sam_page] in cache.entries

            take_down(store, data.kite_id)  # robin's thread: robin's pages and the lists go
            assert eventually(lambda: client.get(kite_page).status_code == 410)
            assert keys["/"] not in cache.entries and keys[kite_page] not in cache.entries
            assert keys[sam_page] in cache.entries and keys["/a/x/sam_bakes"] in cache.entries  # sam's stay
            assert data.kite_id not in client.get("/").text

            block_author(store, "x", "sam_bakes")
            assert eventually(lambda: client.get(sam_page).status_code == 410)
            assert client.get("/a/x/sam_bakes").status_code == 410
        finally:
            store.close()


def test_every_process_serves_the_same_page_and_sees_changes_at_once(site_data, data):
    """Two apps on one database stand for two workers behind a load balancer."""
    settings = site_data[1]
    path = f"/t/{data.kite_id}"
    with TestClient(create_app(settings), base_url="https://unspool.test") as one, \
            TestClient(create_app(settings), base_url="https://unspool.test") as two:
        a, b = one.get(path), two.get(path)
        assert a.content == b.content and a.headers["etag"] == b.headers["etag"]
        assert one.get(path).content == a.content  # now cached in both

        store = Store.open(settings.database_url)
        with store.transaction() as conn:  # raw writes name what they change (store/changes.py)
            conn.execute(update(authors).where(authors.c.handle == "robin_makes").values(name="Robin Renamed"))
            changes.touch(conn, changes.LISTS, *changes.tags_of_threads(conn, [data.kite_id]))
        for client in (one, two):
            assert eventually(lambda: "Robin Renamed" in client.get(path).text)
            assert client.get(path).headers["etag"] != a.headers["etag"]
        with store.transaction() as conn:  # a re-import stores the thread again
            conn.execute(update(threads).where(threads.c.id == data.kite_id).values(stored_ms=threads.c.stored_ms + 1000))
            changes.touch(conn, changes.LISTS, *changes.tags_of_threads(conn, [data.kite_id]))
        store.close()
        assert eventually(lambda: one.get(path).headers["last-modified"] != a.headers["last-modified"])
        assert eventually(lambda: two.get(path).headers["last-modified"] != a.headers["last-modified"])
        c, d = one.get(path), two.get(path)
        assert c.headers["last-modified"] == d.headers["last-modified"] != a.headers["last-modified"]
        assert c.headers["etag"] == d.headers["etag"]


def test_app_from_env_reads_the_settings_from_the_environment(site_data, data, monkeypatch):
    settings = site_data[1]
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("UNSPOOL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("UNSPOOL_MEDIA_DIR", str(settings.media_dir))
    monkeypatch.setenv("UNSPOOL_PUBLIC_URL", "https://unspool.example")
    with TestClient(app_from_env()) as client:
        page = client.get(f"/t/{data.kite_id}")
        assert page.status_code == 200
        assert f'<link rel="canonical" href="https://unspool.example/t/{data.kite_id}">' in page.text
        assert client.get(f"/t/{data.kite_id}").content == page.content


@pytest.fixture
def sqlite_store(site_data):
    settings = site_data[1]
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the wal-index is SQLite's")
    store = Store.open(settings.database_url)
    yield store
    store.close()


class Seen:
    def __init__(self):
        self.calls: list[tuple[int, frozenset[str] | None]] = []

    def __call__(self, seq, tags):
        self.calls.append((seq, tags))


def test_the_feed_sees_a_change_by_another_process_at_once_and_asks_nothing_otherwise(sqlite_store, data):
    seen = Seen()
    feed = changes.ChangeFeed(sqlite_store.engine, seen)
    assert not feed.memory_only  # until the first poll has connected
    feed.poll()
    assert feed.memory_only
    queries: list[str] = []
    feed._sqlite.set_trace_callback(queries.append)
    for _ in range(100):
        feed.poll()
    assert queries == [] and seen.calls == []
    database = sqlite_store.engine.url.database
    commit_from_another_process(database, "INSERT INTO changes (tag, created_ms) VALUES ('author:1', 0)")
    feed.poll()
    assert seen.calls and seen.calls[-1][1] == frozenset({"author:1"})
    commit_from_another_process(database, "CREATE TABLE unrelated (x)")  # a commit with no change row
    count = len(seen.calls)
    feed.poll()
    assert len(seen.calls) == count


def test_a_header_that_stops_changing_is_caught_by_the_once_a_second_check(sqlite_store, data):
    seen = Seen()
    feed = changes.ChangeFeed(sqlite_store.engine, seen)
    feed.poll()
    frozen = feed._wal.read()

    class Frozen:
        def read(self):
            return frozen

    feed._wal = Frozen()
    take_down(sqlite_store, data.kite_id)
    feed.poll()
    assert seen.calls == []  # within the second, the header is believed
    feed._recheck_at = 0.0
    feed.poll()
    assert seen.calls and "lists" in seen.calls[-1][1]


def test_an_answer_rendered_while_its_data_changed_is_not_kept(client, data):
    cache = client.app.state.site.cache
    begin = cache.feed.seq
    cache.changed(begin + 1, frozenset({"lists"}))
    assert not cache.store(("o", "/", ""), Entry([], b"x", b'"e"', frozenset({"lists"})), begin)
    assert cache.store(("o", "/", ""), Entry([], b"x", b'"e"', frozenset({"lists"})), begin + 1)


def test_the_byte_budget_holds(client, data):
    cache = client.app.state.site.cache
    cache.max_bytes = 200_000
    for index in range(100):
        cache.store(("o", f"/{index}", ""), Entry([], b"x" * 10_000, b'"e"', frozenset()), cache.feed.seq)
    assert cache._bytes <= 200_000 and 10 <= len(cache.entries) < 20


def test_postgresql_workers_see_a_commit_within_100_ms(site_data, data):
    settings = site_data[1]
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    store = Store.open(settings.database_url)
    seen = Seen()
    feed = changes.ChangeFeed(store.engine, seen)
    try:
        feed.poll()
        assert feed.memory_only
        time.sleep(0.5)  # listening
        feed.poll()
        seen.calls.clear()
        take_down(store, data.kite_id)
        start = time.monotonic()
        while not seen.calls and time.monotonic() - start < 2:
            feed.poll()
            time.sleep(0.002)
        assert seen.calls and time.monotonic() - start < 0.1
    finally:
        feed.close()
        store.close()
