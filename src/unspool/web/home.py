"""Home (paste a URL, latest threads), the /unroll form target and the privacy page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from .site import MAX_CURSOR, PER_PAGE, Pager, Site, get_site, list_cursor, list_item, unroll_ref, not_found, thread_path

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
def privacy(site: Site = Depends(get_site)) -> Response:
    return site.page("privacy.html")
