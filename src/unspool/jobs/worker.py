"""Job workers: threads that claim jobs and work them, outside any request.

`unspool worker` runs one process of them (as many threads as the global fetch limit, since the
limits, not the thread count, bound the fetches); `unspool serve` starts one such process beside
its web workers. Stopping (SIGTERM, Ctrl-C, or the parent `serve` gone) takes at most
STOP_SECONDS: a job still running then is given back to the queue, to be claimed again.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

from ..config import Settings
from ..errors import StoreError
from ..store import Store
from . import queue, unrolls
from .queue import LEASE_MS, Limits

log = logging.getLogger("unspool.jobs")

POLL_SECONDS = 0.2  # an idle worker looks for a claimable job this often
STOP_SECONDS = 3.0  # how long a stop waits for running jobs before giving them back
PRUNE_EVERY_SECONDS = 600
HANDLERS = {kind: unrolls.execute for kind in unrolls.KINDS}


class JobWorker:
    def __init__(self, store: Store, settings: Settings, *, threads: int | None = None, poll_seconds: float = POLL_SECONDS, lease_ms: int = LEASE_MS):
        self.store, self.settings = store, settings
        self.limits = Limits.from_settings(settings)
        self.threads = threads or self.limits.fetches
        self.poll_seconds, self.lease_ms = poll_seconds, lease_ms
        self.prefix = queue.worker_name("worker")
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> JobWorker:
        for index in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(index,), name=f"job-worker-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = STOP_SECONDS) -> int:
        """Stops claiming, waits up to `timeout` for running jobs, gives back the rest; how many."""
        self.stopping.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        released = queue.release_held(self.store, self.prefix)
        if released:
            log.info("event=jobs_released count=%d", released)
        return released

    def __enter__(self) -> JobWorker:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _loop(self, index: int) -> None:
        name = f"{self.prefix}:{index}"
        pruned = time.monotonic() if index else 0.0
        while not self.stopping.is_set():
            try:
                if index == 0 and time.monotonic() - pruned > PRUNE_EVERY_SECONDS:
                    queue.prune(self.store)
                    pruned = time.monotonic()
                job = queue.claim(self.store, name, self.limits, lease_ms=self.lease_ms, kinds=tuple(HANDLERS))
            except StoreError as exc:  # a locked or unreachable database: try again shortly
                log.warning("event=claim_failed error=%s", exc)
                self.stopping.wait(1.0)
                continue
            if job is None:
                self.stopping.wait(self.poll_seconds)
                continue
            try:
                with queue.holding(self.store, job, lease_ms=self.lease_ms):
                    HANDLERS[job.kind](self.store, self.settings, job)
            except StoreError as exc:  # the outcome could not be written: the lease brings it back
                log.warning("event=job_unrecorded job=%s error=%s", job.id, exc)
            except Exception:  # never let a worker thread die quietly; the lease brings the job back
                log.exception("event=worker_error job=%s", job.id)

    def run_until_stopped(self, *, parent_pid: int | None = None) -> None:
        """Runs until SIGTERM or SIGINT (or until `parent_pid` is gone), then stops."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.stopping.set())
        self.start()
        log.info("event=worker_started threads=%d fetches=%d per_host=%d", self.threads, self.limits.fetches, self.limits.per_host)
        while not self.stopping.wait(0.5):
            if parent_pid is not None and os.getppid() != parent_pid:
                log.info("event=parent_gone")
                break
        self.stop()
