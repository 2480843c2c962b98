"""`unspool worker` as real processes on one database: two workers work each job once within the
per-host limit; a worker killed mid-fetch leaves its job to be taken over; a stopped worker gives
its job back at once, and a restarted one finishes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import Cli
from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from fake_fediverse import FakeMastodon  # noqa: E402
from loopback import InFlight, LoopbackServer, Reply  # noqa: E402

from unspool.config import Settings  # noqa: E402
from unspool.jobs import queue, unrolls  # noqa: E402
from unspool.store import Store  # noqa: E402
from unspool.store.schema import jobs  # noqa: E402


@pytest.fixture
def world(tmp_path, db_url):
    with LoopbackServer() as srv:
        cli = Cli(tmp_path / "data", db_url)
        cli.env["UNSPOOL_ALLOW_HOSTS"] = srv.netloc
        settings = Settings(data_dir=tmp_path / "data", database_url=db_url, media_dir=tmp_path / "m", allow_hosts=frozenset({srv.netloc}))
        store = Store.open(db_url)
        masto = FakeMastodon(srv)
        workers: list[subprocess.Popen] = []

        def start_worker() -> subprocess.Popen:
            proc = subprocess.Popen(
                [sys.executable, "-m", "unspool", "worker"], env=cli.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
            workers.append(proc)
            return proc

        try:
            yield srv, masto, store, settings, start_worker
        finally:
            for proc in workers:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            store.close()


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return value


def publish_held(masto: FakeMastodon, srv: LoopbackServer, gauge: InFlight) -> None:
    """Routes like masto.publish(), each status lookup held by `gauge`."""
    for sid in masto.statuses:
        srv.route("GET", f"/api/v1/statuses/{sid}", handler=gauge.hold(lambda _, sid=sid: Reply(json=masto.entity(masto.statuses[sid]))))
        srv.route("GET", f"/api/v1/statuses/{sid}/context", handler=lambda _, sid=sid: Reply(json=masto.context(sid)))


def test_two_worker_processes_work_each_job_once_within_the_host_limit(world):
    srv, masto, store, settings, start_worker = world
    fern = masto.account("fern", "Fern Example")
    roots = [masto.chain(fern, 2, text=f"Notebook {n}, page {{n}}")[0] for n in range(12)]
    gauge = InFlight(0.3)
    publish_held(masto, srv, gauge)
    ids = [unrolls.request_unroll(store, settings, masto.url_of(root), client_ip=None).job.id for root in roots]
    start_worker(), start_worker()
    wait_for(lambda: all(queue.get(store, i).state == "done" for i in ids), 60, "every job done")
    lookups = [r.path for r in srv.requests if not r.path.endswith("/context")]
    assert sorted(lookups) == sorted(f"/api/v1/statuses/{root['id']}" for root in roots)  # each fetched once
    assert gauge.most == 2  # 2 at once for the host, over two processes of 4 threads each
    assert {queue.get(store, i).attempts for i in ids} == {1}
    assert store.count_threads() == 12


def test_a_job_of_a_killed_worker_is_taken_over(world):
    srv, masto, store, settings, start_worker = world
    fern = masto.account("fern", "Fern Example")
    statuses = masto.chain(fern, 3)
    release = threading.Event()
    sid = statuses[0]["id"]
    srv.route("GET", f"/api/v1/statuses/{sid}", handler=lambda _: (release.wait(30), Reply(json=masto.entity(masto.statuses[sid])))[1], times=1)
    masto.publish()  # after the held route: it answers the second lookup
    job = unrolls.request_unroll(store, settings, masto.url_of(statuses[0]), client_ip=None).job
    first = start_worker()
    wait_for(lambda: any(r.path == f"/api/v1/statuses/{sid}" for r in srv.requests), 30, "the fetch")
    os.killpg(first.pid, signal.SIGKILL)  # mid-fetch: nothing is given back
    first.wait()
    release.set()
    held = queue.get(store, job.id)
    assert held.state == "running" and held.attempts == 1
    with store.engine.begin() as conn:  # the lease runs out (60 s in production)
        conn.execute(update(jobs).where(jobs.c.id == job.id).values(claimed_until_ms=queue.now_ms() - 1))
    start_worker()
    done = wait_for(lambda: (j := queue.get(store, job.id)).state == "done" and j, 30, "the takeover")
    assert done.attempts == 2 and store.get_thread(done.thread_id).posts[0].id == statuses[0]["uri"]


def test_a_stopped_worker_gives_its_job_back_and_a_restarted_one_finishes_it(world):
    srv, masto, store, settings, start_worker = world
    fern = masto.account("fern", "Fern Example")
    statuses = masto.chain(fern, 2)
    sid = statuses[1]["id"]
    srv.route("GET", f"/api/v1/statuses/{sid}", handler=lambda _: (time.sleep(20), Reply(status=504))[1], times=1)
    masto.publish()
    job = unrolls.request_unroll(store, settings, masto.url_of(statuses[1]), client_ip=None).job
    worker = start_worker()
    wait_for(lambda: any(r.path == f"/api/v1/statuses/{sid}" for r in srv.requests), 30, "the fetch")
    stopping = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    worker.wait(10)
    assert time.monotonic() - stopping < 5
    back = queue.get(store, job.id)
    assert back.state == "queued" and back.attempts == 0 and back.claimed_by is None
    start_worker()
    assert wait_for(lambda: (j := queue.get(store, job.id)).state == "done" and j, 30, "the restarted worker").thread_id
