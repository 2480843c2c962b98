"""An author's page: their threads, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..render import common
from ..render.html import avatar_src
from ..store.changes import author_tag
from . import queries
from .cache import cache_for
from .home import OLD_PAGE
from .site import MAX_CURSOR, PER_PAGE, Pager, Site, author_path, get_site, list_cursor, list_href, list_item, not_found, visible_author

router = APIRouter(include_in_schema=False)


@router.get("/a/{network}/{handle}")
def author_page(
    network: str,
    handle: str,
    request: Request,
    before: str | None = Query(None, max_length=MAX_CURSOR),
    page: str | None = OLD_PAGE,
    site: Site = Depends(get_site),
) -> Response:
    author = visible_author(site, network, handle)
    path = author_path(author.network, author.handle)
    if page is not None:
        return RedirectResponse(path, status_code=301)
    cursor = list_cursor(before)
    if handle != author.handle:  # one URL per author, whatever the case typed
        return RedirectResponse(list_href(path, cursor), status_code=308)
    cache_for(request, author_tag(queries.author_row_id(site.store.engine, author)))
    pager = Pager(path, site.store.thread_page(per_page=PER_PAGE, before=cursor, author=(author.network, author.handle)), cursor)
    if cursor is not None and not pager.page.items:
        raise not_found("There is no such page of threads.")
    total = queries.count_threads(site.store.engine, author.handle)
    return site.page(
        "author.html",
        name=common.author_name(author),
        handle=common.at_handle(author.handle),
        network=common.network_name(author.network),
        avatar=avatar_src(author, site.media_url(author.network)),
        profile_url=common.safe_url(author.profile_url),
        total=common.plural(total, "thread"),
        items=[list_item(s) for s in pager.page.items],
        pagination=pager,
        canonical=site.absolute(request, pager.current_href),
        feed_href=f"{path}/feed.atom",
    )
