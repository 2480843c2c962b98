"""JSON API under /api/v1 (documented in /openapi.json); errors are {"error": {...}}.
Live unrolls (`POST /api/v1/unroll`) are in unrolls.py."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ..render.html import EXPORT_FORMATS
from ..render.json import thread_data
from ..store import Cursor
from ..store.changes import LISTS
from . import queries
from .cache import cache_for
from .search import MAX_SEARCH_PAGE, QUERY, highlight, plain, run_search
from .site import MAX_CURSOR, MAX_PAGE, Site, author_json, list_cursor, check_visible, from_ms, get_site, not_found, thread_path

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/threads", summary="Stored threads, newest first")
def list_threads(
    request: Request,
    author: str | None = Query(None, max_length=100, description="Only threads by this handle."),
    before: str | None = Query(
        None, max_length=MAX_CURSOR,
        description="Opaque cursor: the threads older than it. Take it from `next` or `prev`; absent: the newest.",
    ),
    page: int | None = Query(None, ge=1, le=MAX_PAGE, description="Replaced by `before`: only 1 is accepted."),
    per_page: int = Query(20, ge=1, le=100),
    site: Site = Depends(get_site),
) -> dict:
    cache_for(request, LISTS)
    if page is not None and page > 1:
        raise HTTPException(400, "Numbered pages are gone: follow the `next` link (it carries a `before` cursor).")
    cursor = list_cursor(before)
    listed = site.store.thread_page(per_page=per_page, before=cursor, author=(None, author) if author else None)
    total = queries.count_threads(site.store.engine, author)

    def page_url(older_than: Cursor | None) -> str:
        params = {k: v for k, v in (("author", author), ("before", older_than and older_than.encode()), ("per_page", per_page)) if v}
        return site.absolute(request, "/api/v1/threads?" + urlencode(params))

    return {
        "items": [_summary(site, request, s) for s in listed.items],
        "per_page": per_page,
        "total": total,
        "next": page_url(listed.older) if listed.older else None,
        "prev": page_url(None) if listed.newer_is_first else page_url(listed.newer) if listed.newer else None,
    }


@router.get("/threads/{thread_id}", summary="One thread with its posts")
def get_thread(thread_id: str, request: Request, site: Site = Depends(get_site)) -> dict:
    cache_for(request, LISTS)
    return thread_json(site, request, thread_id)


@router.get("/search", summary="Full-text search over threads")
def search(
    request: Request,
    q: str = QUERY,
    page: int = Query(1, ge=1, le=MAX_SEARCH_PAGE),
    per_page: int = Query(20, ge=1, le=100),
    site: Site = Depends(get_site),
) -> dict:
    cache_for(request, LISTS)
    hits, more = run_search(site, q, page, per_page)
    items = [
        {**_summary(site, request, hit), "snippet": plain(hit.snippet), "snippet_html": str(highlight(hit.snippet))}
        for hit in hits
    ]
    return {"query": q, "items": items, "page": page, "per_page": per_page, "more": more}


def _summary(site: Site, request: Request, summary) -> dict:
    return {
        "id": summary.id,
        "network": summary.network,
        "title": summary.title,
        "author": author_json(summary.author),
        "post_count": summary.post_count,
        "created_at": from_ms(summary.created_ms).isoformat(),
        "html_url": site.absolute(request, thread_path(summary.id)),
    }


def thread_json(site: Site, request: Request, thread_id: str) -> dict:
    check_visible(site.store, thread_id)  # 410 for a thread moderation hides
    thread = site.store.get_thread(thread_id)
    if thread is None or not thread.posts:
        raise not_found("No thread with this id is stored here.")
    html_url = site.absolute(request, thread_path(thread.id))
    return {
        **thread_data(thread),
        "html_url": html_url,
        "exports": {ext: f"{html_url}.{ext}" for ext, _ in EXPORT_FORMATS} | {"print": f"{html_url}/print"},
    }
