"""Home (paste a URL, latest threads) and the privacy page; the paste box sends to /unroll (unrolls.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..store.changes import LISTS
from . import queries
from .cache import cache_for
from .site import MAX_PAGE, PER_PAGE, Pagination, Site, get_site, list_item, not_found

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


@router.get("/privacy")
def privacy(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request)  # depends on nothing stored
    return site.page("privacy.html")
