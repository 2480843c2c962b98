"""Live unrolls on the site: `POST /api/v1/unroll` and the paste box (`GET /unroll?url=`).

Both enqueue a job (jobs/unrolls.py; a fresh stored thread needs none) and then wait for it up
to WAIT_SECONDS without holding a thread: `asyncio.sleep` between cheap checks, each check one
query in the thread pool. Ready in time: the thread, as before. Otherwise the API answers 202
with a status URL (`GET /api/v1/unroll/{job}`) and the site sends the reader to a page that
refreshes itself (`<meta http-equiv="refresh">`: the CSP allows no script) until the thread is
ready or the error is known. No request ever fetches from the network.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..jobs import queue, unrolls
from ..jobs.queue import Job, QueueFull
from ..sources import live
from .api import thread_json
from .errors import HEADINGS, status_of
from .site import Site, from_ms, get_site, lookup_ref, thread_path

router = APIRouter()
WAIT_SECONDS = 3.0
FIRST_CHECK_SECONDS = 0.05  # then doubling, up to LAST_CHECK_SECONDS
LAST_CHECK_SECONDS = 0.25
REFRESH_SECONDS = 2
QUEUE_FULL_RETRY_AFTER = 30
NOT_A_POST = "Not a post URL: give the link of a post, like https://x.com/someone/status/1234567890."
JOB_ID = Path(..., min_length=1, max_length=32, pattern="^[0-9a-f]+$")
NO_STORE = {"Cache-Control": "no-store"}
STATUS_TEXT = {
    "queued": "Waiting for a free moment to fetch it.",
    "running": "Fetching the thread from its network.",
}


class UnrollRequest(BaseModel):
    url: str = Field(..., min_length=1, max_length=2000, description="The URL of any post of a thread.")


@router.post(
    "/api/v1/unroll", tags=["api"], summary="The thread a post URL belongs to",
    responses={202: {"description": "Still being fetched: poll `status_url`."}, 503: {"description": "The queue is full: see Retry-After."}},
)
async def unroll(body: UnrollRequest, request: Request, site: Site = Depends(get_site)) -> Response:
    thread_id, job = await _unroll_or_wait(site, request, body.url.strip())
    if job is not None:
        status_url = _status_path(job.id)
        headers = {"Location": status_url, "Retry-After": str(REFRESH_SECONDS), **NO_STORE}
        return JSONResponse({"job": job.id, "status": job.state, "status_url": status_url}, status_code=202, headers=headers)
    return JSONResponse(await run_in_threadpool(thread_json, site, request, thread_id))


@router.get("/api/v1/unroll/{job_id}", tags=["api"], summary="Where an unroll job is: queued, running, done or failed")
async def unroll_status(request: Request, job_id: str = JOB_ID, site: Site = Depends(get_site)) -> JSONResponse:
    job = await _job_or_404(site, job_id)
    body = {"job": job.id, "status": job.state, "status_url": _status_path(job.id), "created_at": from_ms(job.created_ms).isoformat()}
    if job.state == "done" and job.thread_id:
        body["thread"] = {
            "id": job.thread_id,
            "html_url": site.absolute(request, thread_path(job.thread_id)),
            "api_url": site.absolute(request, f"/api/v1/threads/{quote(job.thread_id, safe='')}"),
        }
    if job.state == "failed":
        error = job.exception()
        body["error"] = {"status": status_of(error), "message": str(error)}
    if job.open and job.not_before_ms:
        body["retry_at"] = from_ms(job.not_before_ms).isoformat()
    return JSONResponse(body, headers=NO_STORE)


@router.get("/unroll", include_in_schema=False)
async def unroll_form(request: Request, url: str = Query("", max_length=2000), site: Site = Depends(get_site)) -> Response:
    url = url.strip()
    if not url:
        return RedirectResponse("/", status_code=303)
    try:
        thread_id, job = await _unroll_or_wait(site, request, url)
    except HTTPException as exc:
        if exc.status_code != 400 or exc.detail != NOT_A_POST:
            raise
        return site.page(
            "message.html", status_code=400, heading="Not a post link",
            message="Paste the link of a post, like https://x.com/someone/status/1234567890.", hint=None,
        )
    return RedirectResponse(thread_path(thread_id) if job is None else f"/unroll/{job.id}", status_code=303)


@router.get("/unroll/{job_id}", include_in_schema=False)
async def unroll_job_page(job_id: str = JOB_ID, site: Site = Depends(get_site)) -> Response:
    job = await _job_or_404(site, job_id)
    if job.state == "done" and job.thread_id:
        return RedirectResponse(thread_path(job.thread_id), status_code=303)
    if job.state == "failed":
        error = job.exception()
        status = status_of(error)
        heading = HEADINGS.get(status, "Something went wrong")
        return site.page("message.html", status_code=status, heading=heading, message=str(error), hint=None, headers=NO_STORE)
    status = STATUS_TEXT[job.state]
    if job.not_before_ms and job.not_before_ms > queue.now_ms():
        status = "The network asked us to slow down; trying again shortly."
    return site.page("unroll_job.html", status=status, url=job.url, refresh_seconds=REFRESH_SECONDS, headers=NO_STORE)


async def _unroll_or_wait(site: Site, request: Request, url: str) -> tuple[str, None] | tuple[None, Job]:
    """(thread id, None) when the thread is ready within WAIT_SECONDS, else (None, open job).
    A thread id or post id that is stored is looked up, never fetched."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS  # the whole answer, enqueueing included
    if live.resolve(url) is None:
        thread_id = (await run_in_threadpool(lookup_ref, site.store, url))[0]
        if thread_id is None:
            raise HTTPException(400, NOT_A_POST)
        return thread_id, None
    client = request.client.host if request.client else "unknown"
    try:
        requested = await run_in_threadpool(unrolls.request_unroll, site.store, site.settings, url, client_ip=client)
    except QueueFull as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": str(QUEUE_FULL_RETRY_AFTER)}) from None
    if requested.job is None:
        return requested.thread_id, None
    job = await _wait(site, requested.job, deadline)
    if job.state == "done" and job.thread_id:
        return job.thread_id, None
    if requested.thread_id is not None:  # a stored copy, if stale, still serves; the job refreshes it
        return requested.thread_id, None
    if job.state == "failed":
        raise job.exception()
    return None, job


async def _wait(site: Site, job: Job, deadline: float) -> Job:
    loop = asyncio.get_running_loop()
    pause = FIRST_CHECK_SECONDS
    while job.open:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        await asyncio.sleep(min(pause, remaining))
        pause = min(pause * 2, LAST_CHECK_SECONDS)
        job = await run_in_threadpool(queue.get, site.store, job.id) or job
    return job


async def _job_or_404(site: Site, job_id: str) -> Job:
    job = await run_in_threadpool(queue.get, site.store, job_id)
    if job is None:
        raise HTTPException(404, "No unroll job with this id (finished jobs are kept for two days).")
    return job


def _status_path(job_id: str) -> str:
    return f"/api/v1/unroll/{job_id}"
