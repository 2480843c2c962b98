"""Machine-readable views: Atom feeds, sitemap.xml, robots.txt and oEmbed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import escape

from ..model import Thread
from ..render import common
from ..render.html import thread_context
from ..store.changes import LISTS, author_tag
from . import queries
from .cache import cache_for
from .site import SITE_NAME, Site, author_path, from_ms, get_site, gone, not_found, thread_path, visible_author

router = APIRouter(include_in_schema=False)
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 50
SITEMAP_LIMIT = 50_000  # the protocol's cap per file
FEED_CACHE = {"Cache-Control": "public, max-age=600"}
_THREAD_PATH = re.compile(r"^/t/([a-z0-9]{1,32})/?$")


@router.get("/feed.atom")
def site_feed(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request, LISTS)
    return _atom(site, request, _latest(site, None), title=f"{SITE_NAME}: latest threads", self_path="/feed.atom", alternate="/")


@router.get("/a/{network}/{handle}/feed.atom")
def author_feed(network: str, handle: str, request: Request, site: Site = Depends(get_site)) -> Response:
    author = visible_author(site, network, handle)
    cache_for(request, author_tag(queries.author_row_id(site.store.engine, author)))
    path = author_path(author.network, author.handle)
    threads = [t for t in _latest(site, author.handle) if t.network == author.network]
    title = f"Threads by {common.author_name(author)} ({common.at_handle(author.handle)})"
    return _atom(site, request, threads, title=title, self_path=f"{path}/feed.atom", alternate=path)


@router.get("/sitemap.xml")
def sitemap(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request, LISTS)
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = site.absolute(request, "/")
    for thread_id, stored_ms in queries.stored_times(site.store.engine, limit=SITEMAP_LIMIT):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = site.absolute(request, thread_path(thread_id))
        ET.SubElement(url, "lastmod").text = from_ms(stored_ms).strftime("%Y-%m-%d")
    return _xml(urlset, "application/xml")


@router.get("/robots.txt")
def robots(request: Request, site: Site = Depends(get_site)) -> Response:
    cache_for(request)  # depends on nothing stored
    body = f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute(request, '/sitemap.xml')}\n"
    return Response(body, media_type="text/plain; charset=utf-8")


@router.get("/oembed")
def oembed(
    request: Request,
    url: str = Query(..., max_length=2000),
    format: str = Query("json"),
    maxwidth: int | None = Query(None, ge=1),
    site: Site = Depends(get_site),
) -> Response:
    if format != "json":
        raise HTTPException(501, "Only format=json is supported.")
    cache_for(request, LISTS)  # every write that changes a thread or its author touches the lists
    match = _THREAD_PATH.match(urlsplit(url.strip()).path)
    status = site.store.thread_status(match.group(1)) if match else None
    if status not in (None, "visible"):
        raise gone(status)
    thread = site.store.get_thread(match.group(1)) if status else None
    if thread is None or not thread.posts:
        raise not_found("No thread at this URL.")
    canonical = site.absolute(request, thread_path(thread.id))
    author = thread.author
    name, handle = common.author_name(author), common.at_handle(author.handle)
    title = common.thread_title(thread)
    lang = common.safe_lang(thread.root.lang)
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    html = (
        f'<blockquote class="unspool-embed"{lang_attr} dir="auto">'
        f"<p>{escape(title)}</p>"
        f'<p>— {escape(name)} ({escape(handle)}) · <a href="{escape(canonical)}">Read the whole thread</a></p>'
        "</blockquote>"
    )
    width = min(maxwidth or 550, 550)
    data = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "author_name": name,
        "provider_name": SITE_NAME,
        "provider_url": site.absolute(request, "/"),
        "html": html,
        "width": width,
        "height": None,
    }
    if url_ := common.safe_url(author.profile_url):
        data["author_url"] = url_
    return JSONResponse(data, headers=FEED_CACHE)


def _latest(site: Site, author_handle: str | None) -> list[Thread]:
    summaries = site.store.list_threads(author_handle=author_handle, limit=FEED_SIZE)
    return [thread for s in summaries if (thread := site.store.get_thread(s.id)) is not None and thread.posts]


def _atom(site: Site, request: Request, threads: list[Thread], *, title: str, self_path: str, alternate: str) -> Response:
    stored = dict(queries.stored_times(site.store.engine, limit=len(threads) or 1, thread_ids=[t.id for t in threads]))
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "id").text = site.absolute(request, self_path)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=site.absolute(request, self_path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=site.absolute(request, alternate))
    ET.SubElement(feed, "updated").text = from_ms(max(stored.values(), default=0)).isoformat()
    ET.SubElement(feed, "generator").text = SITE_NAME
    base = site.base_url(request)
    for thread in threads:
        href = site.absolute(request, thread_path(thread.id))
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = common.thread_title(thread)
        ET.SubElement(entry, "id").text = href
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=href)
        ET.SubElement(entry, "published").text = common.iso(thread.created_at)
        updated = stored.get(thread.id)
        ET.SubElement(entry, "updated").text = from_ms(updated).isoformat() if updated else common.iso(thread.created_at)
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = common.author_name(thread.author)
        if profile := common.safe_url(thread.author.profile_url):
            ET.SubElement(author, "uri").text = profile
        # The same post markup as the page, with absolute media URLs for feed readers.
        context = thread_context(thread, keep_numbering=False, media_url=site.media_url(thread.network, prefix=base))
        ET.SubElement(entry, "content", type="html").text = site.render("_posts.html", **context)
    return _xml(feed, "application/atom+xml; charset=utf-8")


def _xml(root: ET.Element, media_type: str) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=media_type, headers=FEED_CACHE)
