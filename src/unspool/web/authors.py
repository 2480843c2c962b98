"""An author's page: their threads, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..render import common
from ..render.html import avatar_src
from ..store.changes import author_tag
from . import queries
from .cache import cache_for
from .site import MAX_PAGE, PER_PAGE, Pagination, Site, author_path, get_site, list_item, not_found, visible_author

router = APIRouter(include_in_schema=False)


@router.get("/a/{network}/{handle}")
def author_page(
    network: str, handle: str, request: Request, page: int = Query(1, ge=1, le=MAX_PAGE), site: Site = Depends(get_site)
) -> Response:
    author = visible_author(site, network, handle)
    path = author_path(author.network, author.handle)
    if handle != author.handle:  # one URL per author, whatever the case typed
        return RedirectResponse(path if page == 1 else f"{path}?page={page}", status_code=308)
    cache_for(request, author_tag(queries.author_row_id(site.store.engine, author)))
    total = queries.count_threads(site.store.engine, author.handle)
    pagination = Pagination(page, PER_PAGE, total, path)
    if pagination.out_of_range and page > 1:
        raise not_found("There is no such page of threads.")
    # list_threads filters by handle only; handles are unique per network and the site has one network so far.
    summaries = site.store.list_threads(author_handle=author.handle, limit=PER_PAGE, offset=pagination.offset)
    return site.page(
        "author.html",
        name=common.author_name(author),
        handle=common.at_handle(author.handle),
        network=common.network_name(author.network),
        avatar=avatar_src(author, site.media_url(author.network)),
        profile_url=common.safe_url(author.profile_url),
        total=common.plural(total, "thread"),
        items=[list_item(s) for s in summaries if s.network == author.network],
        pagination=pagination,
        canonical=site.absolute(request, pagination.href(page)),
        feed_href=f"{path}/feed.atom",
    )
