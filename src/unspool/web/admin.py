"""The operators' API under /api/v1/admin: takedowns, author blocks and readers' reports.

Enabled by $UNSPOOL_ADMIN_TOKEN (at least 16 characters); every request carries it as
`Authorization: Bearer TOKEN`. Without the variable the routes answer 404.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from ..errors import NotFound
from ..store import moderation
from .site import Site, from_ms, get_site, lookup_ref, not_found

NO_STORE = {"Cache-Control": "no-store"}
MIN_TOKEN_CHARS = 16


def require_admin(request: Request, response: Response, site: Site = Depends(get_site)) -> None:
    if not site.admin_token:
        raise HTTPException(404, "The admin API is disabled on this server: set UNSPOOL_ADMIN_TOKEN to enable it.")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401, "Send the operators' token: Authorization: Bearer TOKEN.", headers={"WWW-Authenticate": "Bearer", **NO_STORE}
        )
    if not hmac.compare_digest(token.encode(), site.admin_token.encode()):
        raise HTTPException(403, "Wrong token.", headers=NO_STORE)
    response.headers.update(NO_STORE)


router = APIRouter(prefix="/api/v1/admin", include_in_schema=False, dependencies=[Depends(require_admin)])


class TakedownRequest(BaseModel):
    thread: str = Field(..., min_length=1, max_length=2000, description="A thread id, or the URL or id of any of its posts.")
    reason: str = Field("", max_length=1000)


class BlockRequest(BaseModel):
    network: str = Field("x", min_length=1, max_length=32)
    handle: str = Field(..., min_length=1, max_length=255)
    reason: str = Field("", max_length=1000)


@router.post("/takedowns", status_code=201)
def take_down(body: TakedownRequest, response: Response, site: Site = Depends(get_site)) -> dict:
    thread_id, _ = lookup_ref(site.store, body.thread)
    if thread_id is None:
        raise not_found("No stored thread for this reference: give a thread id, or the URL or id of one of its posts.")
    if not moderation.take_down(site.store, thread_id, body.reason):
        response.status_code = 200  # already taken down
    return {"thread_id": thread_id, "status": site.store.thread_status(thread_id)}


@router.delete("/takedowns/{thread_id}")
def restore(thread_id: str, site: Site = Depends(get_site)) -> dict:
    if not moderation.restore(site.store, thread_id):
        raise not_found("This thread is not taken down.")
    return {"thread_id": thread_id, "status": site.store.thread_status(thread_id)}


@router.post("/blocks", status_code=201)
def block(body: BlockRequest, response: Response, site: Site = Depends(get_site)) -> dict:
    try:
        author, created = moderation.block_author(site.store, body.network, body.handle, body.reason)
    except NotFound as exc:
        raise not_found(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    if not created:
        response.status_code = 200
    return {"network": author.network, "handle": author.handle, "blocked": True}


@router.delete("/blocks/{network}/{handle}")
def unblock(network: str, handle: str, site: Site = Depends(get_site)) -> dict:
    unblocked = moderation.unblock_author(site.store, network, handle)
    if unblocked is None:
        raise not_found("This author is not blocked.")
    return {"network": network, "handle": unblocked, "blocked": False}


@router.get("/reports")
def reports(status: str = Query("open", pattern="^(open|resolved|all)$"), site: Site = Depends(get_site)) -> dict:
    items = moderation.list_reports(site.store, None if status == "all" else status)
    return {"items": [report_json(report) for report in items]}


@router.post("/reports/{report_id}/resolve")
def resolve(report_id: int, site: Site = Depends(get_site)) -> dict:
    if not moderation.resolve_report(site.store, report_id):
        raise not_found("No report with this id.")
    return {"id": report_id, "status": "resolved"}


def report_json(report: moderation.Report) -> dict:
    return {
        "id": report.id,
        "thread_id": report.thread_id,
        "title": report.title,
        "reason": report.reason,
        "details": report.details,
        "created_at": from_ms(report.created_ms).isoformat(),
        "status": report.status,
    }
