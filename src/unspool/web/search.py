"""Search page: full-text search with highlighted snippets."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..render import common
from ..store.search import MARK_END, MARK_START, MAX_QUERY_CHARS, MAX_RESULTS, query_terms
from .site import PER_PAGE, Site, get_site, list_item
from ..store.changes import LISTS
from .cache import cache_for

router = APIRouter(include_in_schema=False)
_MARKERS = re.compile(f"([{MARK_START}{MARK_END}])")


def highlight(snippet: str) -> Markup:
    """The snippet escaped, with its match markers (and only those) turned into <mark>."""
    html, open_mark = [], False
    for part in _MARKERS.split(common.clean_text(snippet)):
        if part == MARK_START:
            if not open_mark:
                html.append("<mark>")
            open_mark = True
        elif part == MARK_END:
            if open_mark:
                html.append("</mark>")
            open_mark = False
        else:
            html.append(str(escape(part)))
    if open_mark:
        html.append("</mark>")
    return Markup("".join(html))


def plain(snippet: str) -> str:
    return _MARKERS.sub("", common.clean_text(snippet))


# Search pages stop with the results (store/search.py): beyond them a page is always empty.
MAX_SEARCH_PAGE = MAX_RESULTS
QUERY = Query("", max_length=MAX_QUERY_CHARS, description=f"Words, all required; `word*` for a prefix. At most {MAX_QUERY_CHARS} characters.")


def run_search(site: Site, q: str, page: int, per_page: int = PER_PAGE) -> tuple[list, bool]:
    """(hits of this page, whether there is a next page); [] for a query without words."""
    if not query_terms(q):
        return [], False
    hits = site.store.search(q, limit=per_page + 1, offset=(page - 1) * per_page)
    return hits[:per_page], len(hits) > per_page


@router.get("/search")
def search_page(
    request: Request, q: str = QUERY, page: int = Query(1, ge=1, le=MAX_SEARCH_PAGE), site: Site = Depends(get_site)
) -> Response:
    cache_for(request, LISTS)
    hits, more = run_search(site, q, page)
    items = [{**list_item(hit), "snippet": highlight(hit.snippet)} for hit in hits]

    def href(number: int) -> str:
        return "/search?" + urlencode({"q": q, **({"page": number} if number > 1 else {})})

    return site.page(
        "search.html",
        query=q,
        searched=bool(query_terms(q)),
        items=items,
        prev_href=href(page - 1) if page > 1 else None,
        next_href=href(page + 1) if more else None,
    )
