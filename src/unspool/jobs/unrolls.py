"""Live unrolls and refreshes as jobs: what a request enqueues (`request_unroll`), what a job
worker runs (`execute`), and the CLI's and bot's path (`unroll_here`: enqueue, or share the
open job, then work it in this process within the same limits).

A fetch runs under `waits_deferred()`: when a server answers 429/502/503/504 or does not
answer, nothing sleeps; the job goes back to the queue with a `not_before`, and a Retry-After
puts the whole host in backoff (job_hosts), so its other jobs wait too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import NotFound, UnspoolError
from ..model import Thread
from ..sources import live
from ..sources.http import RetryLater, waits_deferred
from ..store import Store
from ..unroll import fetch_thread, stored_thread_id, target_of
from . import queue
from .queue import Job, Limits

log = logging.getLogger("unspool.jobs")

KINDS = ("unroll", "refresh")
MAX_ATTEMPTS = 3  # as the guarded client's own retries: the first try and two more
BACKOFF_SECONDS = 0.5  # before the second try when the server gave no Retry-After; doubling
MAX_RETRY_AFTER_SECONDS = 30.0  # a longer wait ends the job with the server's "try again in N s"
MAX_HOST_BACKOFF_SECONDS = 3600.0


@dataclass(frozen=True)
class Requested:
    """What a request for a post URL found: a stored copy (`thread_id`, None when there is
    none) and the job fetching it (None when the stored copy is fresh: nothing to do)."""

    thread_id: str | None
    job: Job | None


def job_key(target: live.Target, kind: str) -> str:
    return f"{kind}:{target.network}:{target.post_id}"


def origin_host(target: live.Target, settings: Settings) -> str:
    """The host a job's fetches go to, as limits and backoff count it ("host[:port]")."""
    if target.network == "x":
        return netloc(settings.x_api_base)
    if target.network == "bluesky":
        logged_in = settings.bsky_handle and settings.bsky_app_password
        return netloc(settings.bsky_pds if logged_in else settings.bsky_appview)
    return netloc(target.ref)


def netloc(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return url[:300]
    return f"{host}:{port}" if port else host


def request_unroll(store: Store, settings: Settings, url: str, *, client_ip: str | None, refresh: bool = False) -> Requested:
    """For a web request: the fresh stored thread at once, or the job (new or shared) that
    fetches it. Never touches the network. Raises InputError (not a post URL), UnspoolError
    (this server cannot fetch that network), QueueFull or RateLimited."""
    target = target_of(url)
    thread_id, fresh = stored_thread_id(store, target.network, target.post_id) if target.canonical else (None, False)
    if thread_id is not None and fresh and not refresh:
        return Requested(thread_id, None)
    try:
        live.check_configured(target, settings)
    except UnspoolError:
        if thread_id is None or refresh:
            raise
        return Requested(thread_id, None)  # cannot refresh it here: the stored copy serves, as a failed fetch would
    return Requested(thread_id, _enqueue(store, settings, target, url, refresh=refresh, client_ip=client_ip))


def _enqueue(store: Store, settings: Settings, target: live.Target, url: str, *, refresh: bool, client_ip: str | None) -> Job:
    kind = "refresh" if refresh else "unroll"
    job, created = queue.enqueue(
        store, kind=kind, key=job_key(target, kind), url=url.strip(), host=origin_host(target, settings),
        limits=Limits.from_settings(settings), client_ip=client_ip,
    )
    if created:
        log.info("event=job_queued job=%s kind=%s host=%s", job.id, kind, job.host)
    return job


def execute(store: Store, settings: Settings, job: Job, *, fetcher_factory: Callable | None = None) -> None:
    """Works one claimed job to its next state: done, failed, or queued again for later."""
    started = time.monotonic()
    try:
        with waits_deferred():
            thread = fetch_thread(job.url, store, settings, refresh=job.kind == "refresh", fetcher_factory=fetcher_factory)
    except RetryLater as exc:
        _defer(store, job, exc)
    except UnspoolError as exc:
        queue.mark_failed(store, job, exc)
        log.info("event=job_failed job=%s host=%s error=%r", job.id, job.host, str(exc))
    except Exception:
        log.exception("event=job_crashed job=%s host=%s", job.id, job.host)
        queue.mark_failed(store, job, UnspoolError("unrolling failed on this server; the operators can see why in its log"))
    else:
        queue.mark_done(store, job, thread.id)
        log.info("event=job_done job=%s thread=%s ms=%d", job.id, thread.id, (time.monotonic() - started) * 1000)


def _defer(store: Store, job: Job, exc: RetryLater) -> None:
    now = queue.now_ms()
    wait = exc.retry_after
    if wait is not None:  # the server said how long: every job of that host waits as long
        queue.back_off_host(store, netloc(exc.url), now + int(min(wait, MAX_HOST_BACKOFF_SECONDS) * 1000))
    if job.attempts >= MAX_ATTEMPTS or (wait is not None and wait > MAX_RETRY_AFTER_SECONDS):
        queue.mark_failed(store, job, exc.error)
        log.info("event=job_failed job=%s host=%s error=%r", job.id, job.host, str(exc.error))
        return
    delay = wait if wait is not None else BACKOFF_SECONDS * 2 ** (job.attempts - 1)
    queue.retry(store, job, not_before_ms=now + int(delay * 1000), error=str(exc.error))
    log.info("event=job_deferred job=%s host=%s seconds=%.1f", job.id, job.host, delay)


def unroll_here(url: str, store: Store, settings: Settings, *, refresh: bool = False, fetcher_factory: Callable | None = None) -> Thread:
    """The CLI's and the bot's unroll: a fresh stored thread as it is; otherwise the job for
    the post (new, or the one another process opened), worked here when the limits allow."""
    target = target_of(url)
    if target.canonical and not refresh:
        thread_id, fresh = stored_thread_id(store, target.network, target.post_id)
        thread = store.get_thread(thread_id) if thread_id and fresh else None
        if thread is not None:
            return thread
    if fetcher_factory is None:  # a caller's own fetcher brings its own configuration
        live.check_configured(target, settings)
    job = _enqueue(store, settings, target, url, refresh=refresh, client_ip=None)
    thread_id = work_until_finished(store, settings, job.id, fetcher_factory=fetcher_factory)
    thread = store.get_thread(thread_id)
    if thread is None:
        raise NotFound(f"the thread of {url} was unrolled but is no longer stored; try again")
    return thread


def work_until_finished(store: Store, settings: Settings, job_id: str, *, fetcher_factory: Callable | None = None) -> str:
    """Claims and works the job whenever the limits allow (another process may hold it) until
    it is done (its thread id) or failed (its error, raised)."""
    limits = Limits.from_settings(settings)
    worker = queue.worker_name("here")
    while True:
        job = queue.get(store, job_id)
        if job is None:
            raise NotFound("the unroll job was removed before it finished; try again")
        if job.state == "done" and job.thread_id:
            return job.thread_id
        if job.state == "failed":
            raise job.exception()
        claimed = queue.claim(store, worker, limits, job_id=job_id)
        if claimed is not None:
            with queue.holding(store, claimed):
                execute(store, settings, claimed, fetcher_factory=fetcher_factory)
            continue
        until = (job.not_before_ms or 0) - queue.now_ms()
        time.sleep(min(max(until / 1000, 0.1), 1.0))
