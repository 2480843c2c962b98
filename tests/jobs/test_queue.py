"""The job queue on SQLite and PostgreSQL: one open job per post, claims within the limits,
expired claims taken over, and a Retry-After that defers the host instead of sleeping."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from fake_fediverse import FakeMastodon  # noqa: E402
from loopback import LoopbackServer  # noqa: E402

from unspool.config import Settings  # noqa: E402
from unspool.errors import InputError, RateLimited, RemoteError  # noqa: E402
from unspool.jobs import queue, unrolls  # noqa: E402
from unspool.jobs.queue import Limits, QueueFull  # noqa: E402
from unspool.store import Store  # noqa: E402
from unspool.store.schema import jobs  # noqa: E402

LIMITS = Limits(fetches=4, per_host=2, queue_max=1000, per_client_hour=120)


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


def add(store: Store, key: str, host: str = "a.example", limits: Limits = LIMITS, client_ip: str | None = None):
    return queue.enqueue(store, kind="unroll", key=key, url=f"https://{host}/@fern/{key}", host=host, limits=limits, client_ip=client_ip)


def test_the_same_post_shares_one_open_job(store):
    first, created = add(store, "1")
    again, created_again = add(store, "1")
    assert created and not created_again and again.id == first.id and first.state == "queued"
    claimed = queue.claim(store, "w1", LIMITS)
    assert claimed.id == first.id and claimed.state == "running" and claimed.attempts == 1
    assert add(store, "1")[0].id == first.id  # still open while it runs
    assert queue.mark_done(store, claimed, "thread-1")
    assert queue.get(store, first.id).thread_id == "thread-1"
    later, created_later = add(store, "1")  # a finished job is not reopened: a new one
    assert created_later and later.id != first.id


def test_claims_respect_the_global_and_per_host_limits(store):
    for n in range(3):
        add(store, f"a{n}", "a.example")
    for n in range(3):
        add(store, f"b{n}", "b.example")
    add(store, "c0", "c.example")
    claimed = [queue.claim(store, f"w{n}", LIMITS) for n in range(6)]
    held = [job for job in claimed if job is not None]
    assert len(held) == 4  # 4 fetches at once in all
    assert sorted(job.host for job in held) == ["a.example", "a.example", "b.example", "b.example"]  # oldest first, 2 per host
    assert queue.claim(store, "w6", Limits(fetches=5, per_host=2)).host == "c.example"  # a and b are at their limit
    queue.mark_done(store, held[0], "t")
    assert queue.claim(store, "w8", LIMITS) is None  # still 4 running (c's extra slot counts)
    nxt = queue.claim(store, "w9", Limits(fetches=5, per_host=2))
    assert nxt is not None and nxt.key == "a2"  # the oldest waiting job, now that its host has a slot
    assert queue.claim(store, "w10", Limits(fetches=9, per_host=2)) is None  # every host is at its limit


def test_an_expired_claim_is_taken_over_and_the_loser_cannot_finish(store):
    job, _ = add(store, "1")
    crashed = queue.claim(store, "crashed", LIMITS, lease_ms=1500)
    assert queue.claim(store, "other", LIMITS) is None
    time.sleep(1.6)
    taken = queue.claim(store, "other", LIMITS)
    assert taken.id == job.id and taken.claimed_by == "other" and taken.attempts == 2
    assert not queue.mark_done(store, crashed, "stale")  # the claim is lost
    assert queue.mark_done(store, taken, "fresh") and queue.get(store, job.id).thread_id == "fresh"


def test_an_expired_claim_frees_its_slot(store):
    add(store, "1")
    add(store, "2")
    add(store, "3")
    limits = Limits(fetches=4, per_host=2)
    queue.claim(store, "dead1", limits, lease_ms=1500)
    queue.claim(store, "dead2", limits, lease_ms=1500)
    assert queue.claim(store, "live", limits) is None  # the host is at its limit
    time.sleep(1.6)
    assert queue.claim(store, "live", limits) is not None


def test_a_stopping_worker_gives_its_jobs_back(store):
    job, _ = add(store, "1")
    queue.claim(store, "host:1:worker:abc:0", LIMITS)
    assert queue.release_held(store, "host:1:worker:abc") == 1
    back = queue.get(store, job.id)
    assert back.state == "queued" and back.attempts == 0 and back.claimed_by is None


def test_a_full_queue_refuses_new_jobs_but_not_shared_ones(store):
    small = Limits(queue_max=2)
    add(store, "1", limits=small)
    add(store, "2", limits=small)
    with pytest.raises(QueueFull):
        add(store, "3", limits=small)
    assert add(store, "2", limits=small)[1] is False


def test_new_jobs_per_client_are_limited_by_the_keyed_address_hash(store):
    limits = Limits(per_client_hour=2)
    add(store, "1", limits=limits, client_ip="192.0.2.7")
    add(store, "2", limits=limits, client_ip="192.0.2.7")
    add(store, "2", limits=limits, client_ip="192.0.2.7")  # shared: not counted
    with pytest.raises(RateLimited) as refused:
        add(store, "3", limits=limits, client_ip="192.0.2.7")
    assert 3500 <= refused.value.retry_after <= 3600
    add(store, "3", limits=limits, client_ip="198.51.100.9")  # another client
    with store.engine.connect() as conn:
        keys = {row[0] for row in conn.execute(jobs.select().with_only_columns(jobs.c.requester_key))}
    assert len(keys) == 2 and not any("192.0.2.7" in key for key in keys)  # hashes, never addresses


def test_retry_after_defers_the_host_instead_of_sleeping(store, tmp_path):
    with LoopbackServer() as srv:
        settings = Settings(data_dir=tmp_path, database_url=str(store.engine.url), media_dir=tmp_path / "m", allow_hosts=frozenset({srv.netloc}))
        masto = FakeMastodon(srv)
        fern = masto.account("fern", "Fern Example")
        first, second = masto.chain(fern, 1), masto.chain(fern, 1)
        for status in (*first, *second):
            srv.route("GET", f"/api/v1/statuses/{status['id']}", status=503, headers={"Retry-After": "2"}, json={"error": "Service Unavailable"}, times=1)
        masto.publish()
        job = unrolls.request_unroll(store, settings, masto.url_of(first[0]), client_ip=None).job
        other = unrolls.request_unroll(store, settings, masto.url_of(second[0]), client_ip=None).job
        claimed = queue.claim(store, "w", LIMITS, job_id=job.id)
        started = time.monotonic()
        unrolls.execute(store, settings, claimed)
        assert time.monotonic() - started < 1.0  # the guarded client would have slept 2 s, twice
        deferred = queue.get(store, job.id)
        assert deferred.state == "queued" and deferred.not_before_ms - queue.now_ms() > 1000
        assert "HTTP 503" in deferred.error and len(srv.requests) == 1
        assert queue.claim(store, "w", LIMITS) is None  # the whole host waits, not just that job
        time.sleep(2.1)
        for _ in range(2):
            again = queue.claim(store, "w", LIMITS)
            unrolls.execute(store, settings, again)
        assert queue.get(store, other.id).state == "queued"  # its own first 503 deferred it in turn
        done = queue.get(store, job.id)
        assert done.state == "done" and done.attempts == 2


def test_a_host_that_keeps_failing_fails_the_job_with_its_error(store, tmp_path):
    with LoopbackServer() as srv:
        settings = Settings(data_dir=tmp_path, database_url=str(store.engine.url), media_dir=tmp_path / "m", allow_hosts=frozenset({srv.netloc}))
        srv.route("GET", "/api/v1/statuses/1234", status=502, json={"error": "Bad Gateway"})
        job = unrolls.request_unroll(store, settings, srv.url("/@fern/1234"), client_ip=None).job
        for attempt in range(unrolls.MAX_ATTEMPTS):
            with store.engine.begin() as conn:  # skip the backoff waits
                conn.execute(update(jobs).values(not_before_ms=None))
            unrolls.execute(store, settings, queue.claim(store, "w", LIMITS, job_id=job.id))
        failed = queue.get(store, job.id)
        assert failed.state == "failed" and failed.attempts == unrolls.MAX_ATTEMPTS
        error = failed.exception()
        assert isinstance(error, RemoteError) and str(error) == f"127.0.0.1 answered HTTP 502 for {srv.url('/api/v1/statuses/1234')}; try again later"
        counts = queue.counts(store)
        assert counts == {"queued": 0, "running": 0, "failed_last_hour": 1, "oldest_queued_age_seconds": 0.0}


def test_limits_come_from_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("UNSPOOL_JOB_FETCHES", "8")
    monkeypatch.setenv("UNSPOOL_JOB_FETCHES_PER_HOST", "3")
    monkeypatch.setenv("UNSPOOL_JOB_QUEUE_MAX", "50")
    monkeypatch.setenv("UNSPOOL_UNROLLS_PER_CLIENT_HOUR", "10")
    assert Limits.from_settings(Settings.from_env()) == Limits(fetches=8, per_host=3, queue_max=50, per_client_hour=10)
    monkeypatch.setenv("UNSPOOL_JOB_FETCHES", "0")
    with pytest.raises(InputError, match="UNSPOOL_JOB_FETCHES must be a whole number of at least 1"):
        Settings.from_env()
