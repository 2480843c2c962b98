"""Home (paste a URL, latest threads) and the privacy page; the paste box sends to /unroll (unrolls.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from fastapi.responses import RedirectResponse

from ..store.changes import LISTS
from .cache import cache_for
from .site import MAX_CURSOR, PER_PAGE, Pager, Site, get_site, list_cursor, list_item, not_found

router = APIRouter(include_in_schema=False)
# `?page=N` links from before keyset pagination (docs/decisions.md, "Lists and search").
OLD_PAGE = Query(None, max_length=20, include_in_schema=False)


@router.get("/")
def home(
    request: Request, before: str | None = Query(None, max_length=MAX_CURSOR), page: str | None = OLD_PAGE,
    site: Site = Depends(get_site),
) -> Response:
    if page is not None:
        return RedirectResponse("/", status_code=301)
    cache_for(request, LISTS)
    cursor = list_cursor(before)
    pager = Pager("/", site.store.thread_page(per_page=PER_PAGE, before=cursor), cursor)
    if cursor is not None and not pager.page.items:
        raise not_found("There is no such page of threads.")
    return site.page(
        "home.html",
        items=[list_item(s) for s in pager.page.items],
        pagination=pager,
        canonical=site.absolute(request, pager.current_href),
    )


@router.get("/privacy")
def privacy(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request)  # depends on nothing stored
    return site.page("privacy.html")
