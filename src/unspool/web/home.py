"""Home (paste a URL, latest threads), the /unroll form target and the privacy page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..store.changes import LISTS
from . import queries
from .cache import cache_for
from .site import MAX_PAGE, PER_PAGE, Pagination, Site, get_site, list_item, unroll_ref, not_found, thread_path

router = APIRouter(include_in_schema=False)



@router.get("/")
def home(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE), site: Site = Depends(get_site)) -> Response:
    cache_for(request, LISTS)
    pagination = Pagination(page, PER_PAGE, queries.count_threads(site.store.engine), "/")
    if pagination.out_of_range and page > 1:
        raise not_found("There is no such page of threads.")
    summaries = site.store.list_threads(limit=PER_PAGE, offset=pagination.offset)
    return site.page(
        "home.html",
        items=[list_item(s) for s in summaries],
        pagination=pagination,
        canonical=site.absolute(request, pagination.href(page)),
    )


@router.get("/unroll")
def unroll(url: str = Query("", max_length=2000), site: Site = Depends(get_site)) -> Response:
    url = url.strip()
    if not url:
        return RedirectResponse("/", status_code=303)
    thread_id = unroll_ref(site, url)
    if thread_id:
        return RedirectResponse(thread_path(thread_id), status_code=303)
    return site.page(
        "message.html",
        status_code=400,
        heading="Not a post link",
        message="Paste the link of a post, like https://x.com/someone/status/1234567890.",
        hint=None,
    )


@router.get("/privacy")
def privacy(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request)  # depends on nothing stored
    return site.page("privacy.html")
