"""One queue in the database for all slow outbound work (docs/decisions.md, "Job queue").

    queue.py    the states (queued -> running -> done | failed), claims with a lease, the
                limits counted from the rows, per-host backoff, counts for /healthz
    unrolls.py  the first job kinds, live unrolls and refreshes: what a request enqueues, what a
                worker runs, and the CLI's and bot's in-process path
    worker.py   job workers: `unspool worker`, and one process beside `unspool serve`

Requests never fetch: they enqueue and, at most, wait briefly (web/unrolls.py). Waits a remote
server asks for (429/503 + Retry-After) defer the host's jobs in the database instead of
sleeping in a thread (sources/http.waits_deferred).
"""
