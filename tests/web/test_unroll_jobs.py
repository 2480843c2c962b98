"""Live unrolls through the queue, as the site and the API show them: 202 and a status URL when
the thread is not ready within the wait, a page that refreshes itself (no script), the error of a
failed job, 503 when the queue is full, 429 over a client's hourly allowance, and /healthz."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from fake_fediverse import FakeMastodon  # noqa: E402
from loopback import LoopbackServer  # noqa: E402

from unspool.config import Settings  # noqa: E402
from unspool.jobs import queue  # noqa: E402
from unspool.jobs.worker import JobWorker  # noqa: E402
from unspool.store import Store  # noqa: E402
from unspool.web import create_app, unrolls  # noqa: E402


@pytest.fixture
def world(tmp_path, monkeypatch, db_url):
    """The app without a job worker (jobs wait until a test runs one), and a short wait."""
    monkeypatch.setattr(unrolls, "WAIT_SECONDS", 0.3)
    with LoopbackServer() as srv:
        monkeypatch.setenv("UNSPOOL_ALLOW_HOSTS", srv.netloc)
        monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
        masto = FakeMastodon(srv)
        fern = masto.account("fern", "Fern Example")
        threads = [masto.chain(fern, 3, text=f"Seed tray {n}, step {{n}}") for n in range(4)]
        masto.publish()

        def app(**env):
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            settings = Settings.from_env(db_url)
            return TestClient(create_app(settings), base_url="http://localhost"), settings

        yield app, masto, threads, db_url


def work_all(settings: Settings, job_id: str) -> queue.Job:
    store = Store.open(settings.database_url)
    try:
        with JobWorker(store, settings, poll_seconds=0.02):
            deadline = time.monotonic() + 20
            while (job := queue.get(store, job_id)).open:
                assert time.monotonic() < deadline
                time.sleep(0.02)
        return job
    finally:
        store.close()


def test_a_thread_not_ready_in_time_answers_202_a_status_url_and_a_refreshing_page(world):
    app, masto, threads, _ = world
    client, settings = app()
    url = masto.url_of(threads[0][1])
    with client:
        accepted = client.post("/api/v1/unroll", json={"url": url})
        assert accepted.status_code == 202, accepted.text
        body = accepted.json()
        job_id = body["job"]
        assert body == {"job": job_id, "status": "queued", "status_url": f"/api/v1/unroll/{job_id}"}
        assert accepted.headers["location"] == body["status_url"] and accepted.headers["cache-control"] == "no-store"
        assert client.post("/api/v1/unroll", json={"url": url}).json()["job"] == job_id  # one job per post
        status = client.get(body["status_url"])
        assert status.status_code == 200 and status.json()["status"] == "queued" and "thread" not in status.json()

        pasted = client.get("/unroll", params={"url": url}, follow_redirects=False)
        assert pasted.status_code == 303 and pasted.headers["location"] == f"/unroll/{job_id}"
        waiting = client.get(f"/unroll/{job_id}")
        doc = lxml.html.fromstring(waiting.text)
        assert waiting.status_code == 200 and waiting.headers["cache-control"] == "no-store"
        assert doc.xpath("//meta[@http-equiv='refresh']/@content") == ["2"] and not doc.xpath("//script")
        assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]

        done = work_all(settings, job_id)
        assert done.state == "done"
        status = client.get(body["status_url"]).json()
        assert status["status"] == "done" and status["thread"]["id"] == done.thread_id
        assert status["thread"]["html_url"].endswith(f"/t/{done.thread_id}")
        ready = client.get(f"/unroll/{job_id}", follow_redirects=False)
        assert ready.status_code == 303 and ready.headers["location"] == f"/t/{done.thread_id}"
        # Stored and fresh: answered at once, no job.
        again = client.post("/api/v1/unroll", json={"url": masto.url_of(threads[0][2])})
        assert again.status_code == 200 and again.json()["id"] == done.thread_id
        assert client.get("/unroll", params={"url": url}, follow_redirects=False).headers["location"] == f"/t/{done.thread_id}"


def test_a_failed_job_shows_its_one_line_error(world):
    app, masto, _, _ = world
    client, settings = app()
    url = f"{masto.origin}/@fern/999999"  # no such status
    with client:
        job_id = client.post("/api/v1/unroll", json={"url": url}).json()["job"]
        assert work_all(settings, job_id).state == "failed"
        status = client.get(f"/api/v1/unroll/{job_id}").json()
        assert status["status"] == "failed" and status["error"]["status"] == 404
        assert "has nothing at" in status["error"]["message"] and "\n" not in status["error"]["message"]
        page = client.get(f"/unroll/{job_id}")
        assert page.status_code == 404 and "has nothing at" in page.text and 'http-equiv="refresh"' not in page.text
        assert client.get("/api/v1/unroll/0123abcd").status_code == 404
        assert client.get("/api/v1/unroll/not-a-job").status_code == 422


def test_a_full_queue_answers_503_with_retry_after(world):
    app, masto, threads, _ = world
    client, _ = app(UNSPOOL_JOB_QUEUE_MAX="2")
    with client:
        for thread in threads[:2]:
            assert client.post("/api/v1/unroll", json={"url": masto.url_of(thread[0])}).status_code == 202
        full = client.post("/api/v1/unroll", json={"url": masto.url_of(threads[2][0])})
        assert full.status_code == 503 and full.headers["retry-after"] == "30"
        assert "already waiting" in full.json()["error"]["message"]
        page = client.get("/unroll", params={"url": masto.url_of(threads[2][0])})
        assert page.status_code == 503 and page.headers["retry-after"] == "30" and "already waiting" in page.text
        assert client.post("/api/v1/unroll", json={"url": masto.url_of(threads[1][0])}).status_code == 202  # shared: still fine
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["db"] is True and health["bot"] == {}
        assert health["jobs"]["queued"] == 2 and health["jobs"]["running"] == 0 and health["jobs"]["failed_last_hour"] == 0
        assert health["jobs"]["oldest_queued_age_seconds"] >= 0


def test_new_unrolls_per_client_are_rate_limited(world):
    app, masto, threads, _ = world
    client, _ = app(UNSPOOL_UNROLLS_PER_CLIENT_HOUR="2")
    with client:
        for thread in threads[:2]:
            assert client.post("/api/v1/unroll", json={"url": masto.url_of(thread[0])}).status_code == 202
        assert client.post("/api/v1/unroll", json={"url": masto.url_of(threads[0][0])}).status_code == 202  # the same post: its job
        limited = client.post("/api/v1/unroll", json={"url": masto.url_of(threads[2][0])})
        assert limited.status_code == 429 and 3500 <= int(limited.headers["retry-after"]) <= 3600
        assert "new unrolls in the last hour" in limited.json()["error"]["message"]
