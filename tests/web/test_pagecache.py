"""Cached thread pages served in front of FastAPI (web/pagecache.py): the same bytes and headers
as the route, one query per hit that sees every change at once, the same answer from every process."""

from __future__ import annotations

import logging

import pytest
from conftest import at, commit_from_another_process
from fastapi.testclient import TestClient
from sqlalchemy import update

from unspool.importer import import_archive
from unspool.store import Store
from unspool.store.moderation import take_down
from unspool.store.schema import authors, threads
from unspool.web import create_app, pagecache
from unspool.web import threads as thread_views
from unspool.web.app import app_from_env
from unspool.web.pagecache import PageVersions
from unspool.web.queries import thread_stamp

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


def test_the_version_query_agrees_with_the_stamp(site_data, data):
    """One statement per hit gives what the route keys the cache with (ThreadStamp.version)."""
    settings = site_data[1]
    store = Store.open(settings.database_url)
    try:
        versions = PageVersions(store.engine)
        ids = [summary.id for summary in store.list_threads(limit=1000)]
        assert len(ids) == data.total

        def check():
            for thread_id in ids:
                stamp = thread_stamp(store.engine, thread_id)
                expected = stamp.version if stamp is not None and stamp.status == "visible" else None
                assert versions.read(thread_id) == expected, thread_id
                assert versions.fast(thread_id) == expected, thread_id

        check()
        take_down(store, data.kite_id)  # hidden: no version; its neighbours now skip it
        assert versions.read(data.kite_id) is None
        assert versions.read(data.older_id)[-1] == data.newer_id and versions.read(data.newer_id)[-2] == data.older_id
        check()
        assert versions.read("nope") is None and versions.fast("nope") is None
    finally:
        store.close()


def test_neighbours_of_threads_started_in_the_same_second(builder, tmp_path, db_url):
    """Ties on the start time are broken by id, as the page's older/newer links are."""
    for index in range(5):
        builder.thread([f"Same second {index}", "more"], start=at(3))
    builder.thread(["Before them", "more"], start=at(2))
    builder.thread(["After them", "more"], start=at(4))
    store = Store.open(db_url)
    try:
        import_archive(builder.write(tmp_path / "robin"), store, tmp_path / "media")
        versions = PageVersions(store.engine)
        ids = [summary.id for summary in store.list_threads(limit=100)]
        assert len(ids) == 7
        for thread_id in ids:
            assert versions.read(thread_id) == versions.fast(thread_id) == thread_stamp(store.engine, thread_id).version
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
        with store.transaction() as conn:
            conn.execute(update(authors).where(authors.c.handle == "robin_makes").values(name="Robin Renamed"))
        for client in (one, two):
            page = client.get(path)
            assert "Robin Renamed" in page.text and page.headers["etag"] != a.headers["etag"]
        with store.transaction() as conn:  # a re-import stores the thread again
            conn.execute(update(threads).where(threads.c.id == data.kite_id).values(stored_ms=threads.c.stored_ms + 1000))
        store.close()
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


def test_page_versions_see_a_takedown_by_another_process_at_once(sqlite_store, data):
    versions = PageVersions(sqlite_store.engine)
    version = versions.fast(data.kite_id)
    assert version is not None and versions.generation() is not None
    generation = versions.generation()
    assert versions.fast(data.kite_id) == version and versions.generation() == generation  # remembered
    commit_from_another_process(sqlite_store.engine.url.database,
                                f"INSERT INTO takedowns (thread_id, reason, created_ms) VALUES ('{data.kite_id}', 'test', 0)")
    assert versions.generation() is None  # the header moved: nothing remembered counts
    assert versions.fast(data.kite_id) is None
    assert versions.generation() not in (None, generation)


def test_a_header_that_stops_changing_is_noticed_and_dropped(sqlite_store, data, monkeypatch, caplog):
    """Were the -shm file deleted under a running server, the header would stay the same for
    ever; the once-a-second PRAGMA data_version notices, and from then on SQLite is asked."""
    versions = PageVersions(sqlite_store.engine)
    assert versions.fast(data.kite_id) is not None
    local = versions._local
    frozen = local.wal.read()

    class Frozen:
        def read(self):
            return frozen

        def close(self):
            pass

    local.wal = Frozen()
    take_down(sqlite_store, data.kite_id)
    assert versions.fast(data.kite_id) is not None  # stale: within the second, the header is believed
    monkeypatch.setattr(pagecache.PageVersions, "RECHECK_SECONDS", 0.0)
    local.recheck_at = 0.0
    with caplog.at_level(logging.WARNING, logger="unspool.web"):
        assert versions.fast(data.kite_id) is None
    assert "missed a commit" in caplog.text and local.wal is None and versions.generation() is None
    assert versions.fast(data.older_id) is not None  # and it goes on, asking SQLite
