"""Live unroll end to end: URL -> fetch from a loopback X API -> store -> thread; shared fetches."""

import threading
from datetime import timedelta

import pytest
from loopback import LoopbackServer
from test_x_api import AUTHOR, NOW, make_thread, route_lookup, route_search

from unspool.config import Settings
from unspool.errors import InputError
from unspool.sources.http import make_client
from unspool.sources.x_api import XApiFetcher
from unspool.store import Store
from unspool.unroll import unroll_url


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def setup(server, tmp_path, db_url):
    settings = Settings(data_dir=tmp_path, database_url=db_url, media_dir=tmp_path / "m", allow_hosts=frozenset({server.netloc}))
    store = Store.open(db_url)

    def factory(target, _settings):
        return XApiFetcher(make_client(settings), bearer_token="t", api_base=server.url("/2"), now=lambda: NOW)

    yield store, settings, factory
    store.close()


def test_unroll_fetches_once_then_serves_from_the_store(server, setup):
    store, settings, factory = setup
    ids, tweets = make_thread(5, NOW - timedelta(hours=5))
    route_lookup(server, tweets[2])
    route_search(server, [tweets])
    thread = unroll_url(f"https://x.com/fern_writes/status/{ids[2]}", store, settings, fetcher_factory=factory)
    assert [p.id for p in thread.posts] == ids and thread.author.handle == AUTHOR["username"]
    requests = len(server.requests)
    again = unroll_url(f"https://twitter.com/fern_writes/status/{ids[4]}?s=20", store, settings, fetcher_factory=factory)
    assert again.id == thread.id and len(server.requests) == requests


def test_refresh_extends_a_grown_thread(server, setup):
    store, settings, factory = setup
    ids, tweets = make_thread(6, NOW - timedelta(hours=5))
    route_lookup(server, tweets[0])
    route_search(server, [tweets[:3]])
    first = unroll_url(f"https://x.com/fern_writes/status/{ids[0]}", store, settings, fetcher_factory=factory)
    assert len(first.posts) == 3
    server.reset()
    route_lookup(server, tweets[0])
    route_search(server, [tweets])
    grown = unroll_url(f"https://x.com/fern_writes/status/{ids[0]}", store, settings, refresh=True, fetcher_factory=factory)
    assert grown.id == first.id and [p.id for p in grown.posts] == ids
    assert store.count_threads() == 1


def test_concurrent_requests_share_one_fetch(server, setup):
    store, settings, factory = setup
    ids, tweets = make_thread(4, NOW - timedelta(hours=5))
    server.route("GET", f"/2/tweets/{ids[1]}", json={"data": tweets[1], "includes": {"users": [AUTHOR]}}, delay=0.3)
    route_search(server, [tweets])
    results = []
    workers = [
        threading.Thread(target=lambda: results.append(unroll_url(f"https://x.com/a/status/{ids[1]}", store, settings, fetcher_factory=factory)))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len({t.id for t in results}) == 1 and len(results) == 4
    assert sum(1 for r in server.requests if r.path == f"/2/tweets/{ids[1]}") == 1


def test_a_single_post_is_a_one_post_thread(server, setup):
    store, settings, factory = setup
    ids, tweets = make_thread(1, NOW - timedelta(hours=1))
    route_lookup(server, tweets[0])
    route_search(server, [[]])
    thread = unroll_url(f"https://x.com/fern_writes/status/{ids[0]}", store, settings, fetcher_factory=factory)
    assert [p.id for p in thread.posts] == ids


def test_not_a_post_url(setup):
    store, settings, factory = setup
    with pytest.raises(InputError, match="not a post URL"):
        unroll_url("https://example.org/blog", store, settings, fetcher_factory=factory)


def test_bluesky_handle_url_unrolls_and_is_then_served_from_the_store(tmp_path, monkeypatch, db_url):
    from bluesky_appview import FERN, FakeAppView

    with LoopbackServer() as srv:
        monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", srv.netloc)
        monkeypatch.setenv("UNSPOOL_BSKY_APPVIEW", srv.url(""))
        monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
        settings = Settings.from_env(db_url)
        appview = FakeAppView(srv)
        uris = appview.chain(FERN, ["Glazing test tiles, a thread", "Cone 6 results", "What I will change"])
        store = Store.open(db_url)
        try:
            url = f"https://bsky.app/profile/{FERN.handle}/post/{uris[1].rsplit('/', 1)[1]}"
            thread = unroll_url(url, store, settings)
            assert [p.id for p in thread.posts] == uris and thread.network == "bluesky"
            before = len(srv.requests)
            again = unroll_url(url, store, settings)
            assert again.id == thread.id
            assert len(srv.requests) - before <= 1  # at most the handle lookup, no thread fetch
        finally:
            store.close()


def test_mastodon_url_unrolls_through_the_service(tmp_path, monkeypatch, db_url):
    from fake_fediverse import FakeMastodon

    with LoopbackServer() as srv:
        monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", srv.netloc)
        monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
        settings = Settings.from_env(db_url)
        masto = FakeMastodon(srv)
        fern = masto.account("fern", "Fern Example")
        statuses = masto.chain(fern, 6)
        masto.publish()
        store = Store.open(db_url)
        try:
            thread = unroll_url(masto.url_of(statuses[3]), store, settings)
            assert [p.id for p in thread.posts] == [s["uri"] for s in statuses]
            assert len(srv.requests) == 2
            again = unroll_url(masto.url_of(statuses[5]), store, settings)
            assert again.id == thread.id and len(srv.requests) == 2  # found by the URL's likely uri
        finally:
            store.close()
