"""The job queue, stored in the database so every process agrees on it (the bot's pattern,
bot/states.py):

    queued --claim--> running --mark_done----> done
      ^                  |  \\--mark_failed--> failed
      '-----retry--------'     (not_before_ms: backoff)

`key` names the work (the post asked for): while a job for it is open (queued or running), asking
again shares that job (a partial unique index makes it so across processes). A claim is a lease
(`claimed_until_ms`, LEASE_MS): the worker renews it while it works; a crashed worker's job is
claimable again when the lease runs out, and from that moment it no longer counts as running.

Limits are counted from the rows at claim time, so they hold across processes: `fetches` running
jobs in all, `per_host` per origin host, and none for a host in backoff (job_hosts). SQLite runs
one writer at a time, so one conditional UPDATE whose sub-selects count the running rows is an
atomic check-and-claim. PostgreSQL: a transaction-scoped advisory lock serialises claims (two
workers never both take "the last slot"), and `FOR UPDATE SKIP LOCKED` picks the row.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from .. import errors
from ..errors import RateLimited, StoreError, UnspoolError
from ..store import Store
from ..store.claims import claim_first
from ..store.moderation import reporter_key
from ..store.schema import job_hosts, jobs

STATES = ("queued", "running", "done", "failed")
OPEN_STATES = ("queued", "running")
LEASE_MS = 60_000  # renewed every LEASE_MS / 3 while a worker holds the job (see docs/decisions.md)
HOUR_MS = 3_600_000
KEEP_FINISHED_MS = 2 * 24 * HOUR_MS  # finished jobs (and the requester keys on them) go after two days
_PG_CLAIM_LOCK = 0x756E73706F6F6C  # any constant: the advisory lock every claim takes on PostgreSQL
j = jobs.c
log = logging.getLogger("unspool.jobs")
running_jobs = jobs.alias("running_jobs")
r = running_jobs.c


class QueueFull(UnspoolError):
    """Too many jobs are waiting: the caller should try again later (HTTP 503 + Retry-After)."""


@dataclass(frozen=True)
class Limits:
    fetches: int = 4  # jobs running at once, over all workers and processes
    per_host: int = 2  # ... of them for one origin host
    queue_max: int = 1000  # open jobs (queued + running) before enqueueing is refused
    per_client_hour: int = 120  # new jobs one client (keyed address hash) may add an hour

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(settings.job_fetches, settings.job_fetches_per_host, settings.job_queue_max, settings.unrolls_per_client_hour)


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    key: str
    url: str
    host: str
    state: str
    attempts: int
    not_before_ms: int | None
    claimed_by: str | None
    claimed_until_ms: int | None
    thread_id: str | None
    error: str | None
    error_kind: str | None
    created_ms: int
    updated_ms: int
    finished_ms: int | None

    @classmethod
    def of(cls, row) -> Job:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    def exception(self) -> UnspoolError:
        """The error a failed job ended with, as the class it was raised as (so the CLI and
        the API report it exactly as a fetch in the caller's own process would have)."""
        kind = getattr(errors, self.error_kind or "", None)
        message = self.error or "the job failed; try again later"
        if isinstance(kind, type) and issubclass(kind, UnspoolError):
            return kind(message)
        return UnspoolError(message)


def now_ms() -> int:
    return int(time.time() * 1000)


def worker_name(role: str) -> str:
    """Unique per claimant; the prefix (host:pid:role:random) lets a stopping worker find its jobs."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{role}:{secrets.token_hex(3)}"


def get(store: Store, job_id: str) -> Job | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(jobs).where(j.id == job_id)).mappings().first()
    return Job.of(row) if row else None


# --- enqueueing ---------------------------------------------------------------------------


def enqueue(
    store: Store, *, kind: str, key: str, url: str, host: str, limits: Limits, client_ip: str | None = None, now: int | None = None
) -> tuple[Job, bool]:
    """The open job for `key`, or a new one: (job, created). A new job counts against the
    queue bound (QueueFull) and, when `client_ip` is given, the client's hourly allowance
    (RateLimited, with the wait)."""
    now = now or now_ms()
    for attempt in range(2):
        try:
            with store.transaction() as conn:
                row = conn.execute(select(jobs).where(j.key == key, j.state.in_(OPEN_STATES))).mappings().first()
                if row is not None:
                    return Job.of(row), False
                waiting = conn.execute(select(func.count()).where(j.state.in_(OPEN_STATES))).scalar_one()
                if waiting >= limits.queue_max:
                    raise QueueFull(f"{waiting} unrolls are already waiting, the most this site queues; try again in a minute")
                requester = None
                if client_ip is not None:
                    requester = reporter_key(conn, client_ip, now)  # the reports' keyed, daily-rotating hash
                    asked, oldest = conn.execute(
                        select(func.count(), func.min(j.created_ms)).where(j.requester_key == requester, j.created_ms > now - HOUR_MS)
                    ).one()
                    if asked >= limits.per_client_hour:
                        wait = max(1, (oldest + HOUR_MS - now) // 1000)
                        raise RateLimited(
                            f"you asked for {asked} new unrolls in the last hour, the most this site accepts; try again in {wait} s",
                            retry_after=wait,
                        )
                job_id = secrets.token_hex(8)
                conn.execute(
                    insert(jobs).values(
                        id=job_id, kind=kind, key=key[:600], url=url, host=host[:300], state="queued", attempts=0,
                        requester_key=requester, created_ms=now, updated_ms=now,
                    )
                )
                return Job.of(conn.execute(select(jobs).where(j.id == job_id)).mappings().one()), True
        except StoreError as exc:
            # Another process opened a job for the same key at the same moment: share that one.
            if attempt == 1 or not isinstance(exc.__cause__, IntegrityError):
                raise
    raise AssertionError("unreachable")


# --- claiming -----------------------------------------------------------------------------


def _claimable(now: int):
    waiting = and_(j.state == "queued", or_(j.not_before_ms.is_(None), j.not_before_ms <= now))
    abandoned = and_(j.state == "running", j.claimed_until_ms < now)  # the lease ran out: a crash
    return or_(waiting, abandoned)


def _running(now: int):
    return and_(r.state == "running", r.claimed_until_ms >= now)


def _host_open(now: int, per_host: int):
    """The job's host is neither backing off nor at its limit."""
    backing_off = select(job_hosts.c.host).where(job_hosts.c.not_before_ms > now)
    full = select(r.host).where(_running(now)).group_by(r.host).having(func.count() >= per_host)
    return and_(j.host.not_in(backing_off), j.host.not_in(full))


def _total_running(now: int):
    return select(func.count()).select_from(running_jobs).where(_running(now)).scalar_subquery()


def claim(
    store: Store, worker: str, limits: Limits, *, lease_ms: int = LEASE_MS, job_id: str | None = None,
    kinds: tuple[str, ...] | None = None, now: int | None = None,
) -> Job | None:
    """Claims the oldest claimable job (or only `job_id`; only of `kinds`, when given) that the
    limits allow, or None."""
    now = now or now_ms()
    where = [_claimable(now), _host_open(now, limits.per_host)]
    if job_id is not None:
        where.append(j.id == job_id)
    if kinds is not None:  # a worker never takes a kind it cannot run (say, from newer code)
        where.append(j.kind.in_(kinds))
    values = dict(state="running", claimed_by=worker, claimed_until_ms=now + lease_ms, attempts=j.attempts + 1, updated_ms=now)
    with store.transaction() as conn:
        if store.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_CLAIM_LOCK})
            if conn.execute(select(_total_running(now))).scalar_one() >= limits.fetches:
                return None
            key = conn.execute(
                select(j.id).where(*where).order_by(j.created_ms, j.id).limit(1).with_for_update(skip_locked=True, of=jobs)
            ).scalar()
            if key is None:
                return None
            conn.execute(update(jobs).where(j.id == key).values(**values))
        else:
            if conn.execute(select(_total_running(now))).scalar_one() >= limits.fetches:
                return None  # a read: idle workers polling a full queue never take the write lock
            candidates = conn.execute(select(j.id).where(*where).order_by(j.created_ms, j.id).limit(8)).scalars().all()
            # Atomic: the claim and the counts it depends on are one statement of the one writer.
            key = claim_first(conn, candidates, lambda candidate: update(jobs).where(
                j.id == candidate, *where, _total_running(now) < limits.fetches).values(**values))
            if key is None:
                return None
        return Job.of(conn.execute(select(jobs).where(j.id == key)).mappings().one())


def _finish(store: Store, job: Job, **values) -> bool:
    """Updates a job this worker still holds; False when the claim was lost (the lease ran out
    and another worker took it, or the worker was stopped and gave it back)."""
    values.setdefault("updated_ms", now_ms())
    with store.transaction() as conn:
        return conn.execute(
            update(jobs).where(j.id == job.id, j.state == "running", j.claimed_by == job.claimed_by).values(**values)
        ).rowcount == 1


def renew(store: Store, job: Job, *, lease_ms: int = LEASE_MS) -> bool:
    return _finish(store, job, claimed_until_ms=now_ms() + lease_ms)


@contextmanager
def holding(store: Store, job: Job, *, lease_ms: int = LEASE_MS) -> Iterator[None]:
    """Renews the job's lease every lease_ms / 3 while the block runs, so a slow fetch keeps
    its claim and a crashed process loses it within one lease."""
    done = threading.Event()

    def renew_until_done() -> None:
        while not done.wait(lease_ms / 3000):
            try:
                if not renew(store, job, lease_ms=lease_ms):
                    return  # lost (released by a stop, or taken over): nothing more to renew
            except StoreError as exc:
                log.warning("event=lease_renew_failed job=%s error=%s", job.id, exc)

    renewer = threading.Thread(target=renew_until_done, name=f"lease-{job.id}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        done.set()


def mark_done(store: Store, job: Job, thread_id: str) -> bool:
    now = now_ms()
    return _finish(store, job, state="done", thread_id=thread_id, error=None, error_kind=None, claimed_until_ms=None, finished_ms=now, updated_ms=now)


def mark_failed(store: Store, job: Job, error: UnspoolError) -> bool:
    now = now_ms()
    return _finish(
        store, job, state="failed", error=str(error)[:2000], error_kind=type(error).__name__, claimed_until_ms=None, finished_ms=now, updated_ms=now
    )


def retry(store: Store, job: Job, *, not_before_ms: int, error: str) -> bool:
    """Back to queued, not to be claimed before `not_before_ms`."""
    return _finish(store, job, state="queued", claimed_by=None, claimed_until_ms=None, not_before_ms=not_before_ms, error=error[:2000])


def back_off_host(store: Store, host: str, until_ms: int) -> None:
    """No job of `host` is claimed before `until_ms` (a later backoff already set wins)."""
    now = now_ms()
    with store.transaction() as conn:
        current = conn.execute(select(job_hosts.c.not_before_ms).where(job_hosts.c.host == host)).scalar()
        if current is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(job_hosts).values(host=host[:300], not_before_ms=until_ms, updated_ms=now))
                return
            except IntegrityError:  # another worker recorded it first: take the later time below
                pass
        conn.execute(
            update(job_hosts).where(job_hosts.c.host == host, job_hosts.c.not_before_ms < until_ms).values(not_before_ms=until_ms, updated_ms=now)
        )


def release_held(store: Store, worker_prefix: str) -> int:
    """Gives back every job a stopping worker still holds (claimed_by starting with the
    prefix): queued again at once, the attempt not counted, for any worker to take."""
    now = now_ms()
    with store.transaction() as conn:
        return conn.execute(
            update(jobs)
            .where(j.state == "running", j.claimed_by.startswith(worker_prefix, autoescape=True))
            .values(state="queued", claimed_by=None, claimed_until_ms=None, attempts=j.attempts - 1, updated_ms=now)
        ).rowcount


# --- reporting and upkeep -----------------------------------------------------------------


def counts(store: Store, *, now: int | None = None) -> dict:
    """For /healthz: jobs waiting and running, failures in the last hour, the oldest wait."""
    now = now or now_ms()
    with store.engine.connect() as conn:
        rows = conn.execute(select(j.state, func.count(), func.min(j.created_ms)).where(j.state.in_(OPEN_STATES)).group_by(j.state)).all()
        failed = conn.execute(select(func.count()).where(j.state == "failed", j.finished_ms >= now - HOUR_MS)).scalar_one()
    by_state = {state: (count, oldest) for state, count, oldest in rows}
    queued, oldest = by_state.get("queued", (0, None))
    return {
        "queued": queued,
        "running": by_state.get("running", (0, None))[0],
        "failed_last_hour": failed,
        "oldest_queued_age_seconds": round(max(0, now - oldest) / 1000, 1) if oldest is not None else 0.0,
    }


def prune(store: Store, *, now: int | None = None) -> int:
    """Deletes finished jobs older than KEEP_FINISHED_MS, and host backoffs long past."""
    now = now or now_ms()
    with store.transaction() as conn:
        gone = conn.execute(delete(jobs).where(j.state.in_(("done", "failed")), j.finished_ms < now - KEEP_FINISHED_MS)).rowcount
        conn.execute(delete(job_hosts).where(job_hosts.c.not_before_ms < now - HOUR_MS))
    return gone
