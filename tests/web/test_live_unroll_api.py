"""The site's paste box and POST /api/v1/unroll fetch unknown threads live (a loopback Mastodon),
through the job queue: a job worker runs beside the app, as `unspool serve` runs one."""

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from fake_fediverse import FakeMastodon  # noqa: E402
from loopback import LoopbackServer  # noqa: E402

from unspool.config import Settings  # noqa: E402
from unspool.jobs.worker import JobWorker  # noqa: E402
from unspool.store import Store  # noqa: E402
from unspool.web import create_app  # noqa: E402


@pytest.fixture
def world(tmp_path, monkeypatch, db_url):
    with LoopbackServer() as srv:
        monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", srv.netloc)
        monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
        masto = FakeMastodon(srv)
        fern = masto.account("fern", "Fern Example")
        statuses = masto.chain(fern, 5, text="Step {n} of restoring an old bicycle")
        masto.publish()
        settings = Settings.from_env(db_url)
        store = Store.open(db_url)
        with TestClient(create_app(settings), base_url="http://localhost") as client, JobWorker(store, settings, poll_seconds=0.02):
            yield client, masto, statuses, srv
        store.close()


def test_api_unroll_fetches_live_and_stores(world):
    client, masto, statuses, srv = world
    response = client.post("/api/v1/unroll", json={"url": masto.url_of(statuses[2])})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [p["id"] for p in body["posts"]] == [s["uri"] for s in statuses]
    assert body["network"] == "mastodon" and body["html_url"].endswith(f"/t/{body['id']}")
    page = client.get(f"/t/{body['id']}")
    assert page.status_code == 200 and "Step 3 of restoring an old bicycle" in page.text
    assert len(srv.requests) == 2


def test_paste_box_redirects_to_the_unrolled_thread(world):
    client, masto, statuses, _ = world
    response = client.get("/unroll", params={"url": masto.url_of(statuses[-1])}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/t/")


def test_remote_errors_map_to_http_statuses(world):
    client, masto, _, srv = world
    gone = client.post("/api/v1/unroll", json={"url": srv.url("/@fern/999999")})
    assert gone.status_code == 404 and gone.json()["error"]["status"] == 404
    refused = client.post("/api/v1/unroll", json={"url": "http://10.0.0.1/@someone/1234"})
    assert refused.status_code == 400
