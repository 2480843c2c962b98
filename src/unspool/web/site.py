"""State shared by the view modules (settings, store, templates, page cache) and helpers
for absolute URLs, list items, pagination and media URLs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote, urlencode

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..config import Settings
from ..export import local_media_path
from ..model import Author, Media
from ..render import common
from ..sources import parse_post_ref
from ..store import Cursor, Store, ThreadPage
from . import queries
from .cache import PageCache
from .origin import SiteOrigin

SITE_NAME = "Unspool"
PER_PAGE = 20
MAX_PAGE = 10_000
UNKNOWN_HOST = "Unknown host: this site answers on the hosts in UNSPOOL_SITE_HOSTS."
MAX_CURSOR = 60  # characters of a `before=` cursor (store/listing.py)
# Names the /media route will serve; anything else (slashes, dot-files) never reaches the disk.
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}$")


@cache
def templates() -> Environment:
    # Site templates first, then the renderer's, so `_macros.html` is shared: one source of
    # truth for how a post's text, media and quotes become HTML.
    env = Environment(
        loader=ChoiceLoader([PackageLoader("unspool.web", "templates"), PackageLoader("unspool.render", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(site_name=SITE_NAME, version=__version__)
    return env


@dataclass
class Site:
    settings: Settings
    store: Store
    public_url: str | None = None
    # Bearer token of the operators' API ($UNSPOOL_ADMIN_TOKEN); None: the admin API is off.
    admin_token: str | None = None
    cache: PageCache | None = None  # the app's page cache (cache.py), for /healthz
    origin: SiteOrigin = field(init=False)

    def __post_init__(self) -> None:
        self.origin = SiteOrigin(public_url=(self.public_url or "").rstrip("/") or None, hosts=self.settings.site_hosts)

    def base_url(self, request: Request) -> str:
        """Scheme and host (no trailing slash) for absolute URLs: canonical, feeds, API. Only
        ever a checked origin (web/origin.py); `KnownHost` refuses other Hosts before routes run."""
        base = self.origin.base_of(request.scope)
        if base is None:
            raise HTTPException(status_code=400, detail=UNKNOWN_HOST)
        return base

    def absolute(self, request: Request, path: str) -> str:
        return self.base_url(request) + path

    def render(self, template: str, **context) -> str:
        return templates().get_template(template).render(context)

    def page(self, template: str, *, status_code: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
        return HTMLResponse(self.render(template, **context), status_code=status_code, headers=headers)

    def media_url(self, network: str, prefix: str = "") -> Callable[[Media], str]:
        """Local copies served from /media (optionally absolute), else the original URL."""

        def resolve(media: Media) -> str:
            name = media.local_name
            if name and SAFE_NAME.match(name) and SAFE_NAME.match(network):
                if local_media_path(self.settings.media_dir, network, media):
                    return f"{prefix}/media/{quote(network)}/{quote(name)}"
            return media.url

        return resolve


def get_site(request: Request) -> Site:
    return request.app.state.site


def not_found(message: str = "There is nothing at this address.") -> HTTPException:
    return HTTPException(status_code=404, detail=message)


GONE = {
    "taken_down": "This thread was removed by the operators of this site.",
    "author_blocked": "The author opted out of Unspool.",
}


def gone(status: str) -> HTTPException:
    """410 for a thread hidden by moderation ('taken_down' or 'author_blocked')."""
    return HTTPException(status_code=410, detail=GONE[status])


def visible_author(site: Site, network: str, handle: str) -> Author:
    """The stored author of an author page or feed: 404 when there is none, 410 when blocked."""
    author = queries.find_author(site.store.engine, network, handle)
    if author is None:
        raise not_found("No threads by this author are stored here.")
    if queries.author_blocked(site.store.engine, author):
        raise gone("author_blocked")
    return author


def check_visible(store: Store, thread_id: str) -> None:
    """404 when the thread is not stored, 410 when moderation hides it."""
    status = store.thread_status(thread_id)
    if status is None:
        raise not_found("No thread with this id is stored here.")
    if status != "visible":
        raise gone(status)


def thread_path(thread_id: str) -> str:
    return f"/t/{quote(thread_id, safe='')}"


def author_path(network: str, handle: str) -> str:
    return f"/a/{quote(network, safe='')}/{quote(handle.lstrip('@'), safe='')}"


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def list_item(summary) -> dict:
    """A ThreadSummary or SearchHit as the thread lists show it."""
    created = from_ms(summary.created_ms)
    return {
        "title": common.clean_text(summary.title).strip() or "Untitled thread",
        "href": thread_path(summary.id),
        "author": common.author_name(summary.author),
        "handle": common.at_handle(summary.author.handle),
        "author_href": author_path(summary.network, summary.author.handle),
        "network": common.network_name(summary.network),
        "created_iso": common.iso(created),
        "created_human": common.human_date(created),
        "post_count": common.plural(summary.post_count, "post"),
    }


def author_json(author: Author) -> dict:
    return {"handle": author.handle, "name": author.name, "url": author.profile_url}


@dataclass
class Pager:
    """Links between the pages of a newest-first list (`before=<cursor>`, store/listing.py)."""

    path: str
    page: ThreadPage
    before: Cursor | None  # the cursor of the page shown; None on the first page

    @property
    def first(self) -> bool:
        return self.before is None

    @property
    def current_href(self) -> str:
        return list_href(self.path, self.before)

    @property
    def prev_href(self) -> str | None:
        if self.page.newer_is_first:
            return self.path
        return list_href(self.path, self.page.newer) if self.page.newer else None

    @property
    def next_href(self) -> str | None:
        return list_href(self.path, self.page.older) if self.page.older else None


def list_href(path: str, before: Cursor | None) -> str:
    return path if before is None else f"{path}?{urlencode({'before': before.encode()})}"


def list_cursor(before: str | None) -> Cursor | None:
    """The `before=` of a list page (400 for a malformed one, via InputError)."""
    return Cursor.decode(before) if before else None


def lookup_ref(store: Store, ref: str) -> tuple[str | None, bool]:
    """(stored thread id or None, whether `ref` is a post URL of a network we know); no fetching."""
    network, native_id = parse_post_ref(ref)
    thread_id = store.find_thread_id(native_id, network) if native_id else None
    return thread_id, network is not None
