"""The thread reading page, its print view and its downloads (Markdown, text, JSON, EPUB)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from .. import __version__
from ..model import Thread
from ..render import FORMATS, common, render_html
from ..render.html import EXPORT_FORMATS, avatar_src, thread_context
from ..store.changes import author_tag
from ..store.moderation import MAX_DETAILS, REASONS
from . import queries
from .caching import etag_matches, make_etag, not_modified, validator_headers
from .cache import cache_for
from .site import Site, author_path, get_site, gone, not_found, thread_path

router = APIRouter(include_in_schema=False)
DOWNLOADS = {ext for ext, _ in EXPORT_FORMATS}  # md, txt, json, epub
NOINDEX = {"X-Robots-Tag": "noindex"}  # the page is canonical; copies stay out of search engines


@router.get("/t/{name}")
def thread_or_download(name: str, request: Request, site: Site = Depends(get_site)) -> Response:
    thread_id, dot, ext = name.partition(".")  # thread ids never contain a dot
    if dot and ext not in DOWNLOADS:
        raise not_found()
    stamp = _stamp(site, thread_id)
    base = site.base_url(request)
    version = (__version__, stamp.version, ext or "page", base)
    headers = validator_headers(make_etag(version), stamp.stored_ms)
    if etag_matches(request, headers["ETag"]):
        return not_modified(headers)
    cache_for(request, author_tag(stamp.author_id))
    thread = _load(site, thread_id)
    if not ext:
        return HTMLResponse(thread_page(site, thread, stamp, base), headers=headers)
    fmt = FORMATS[ext]
    body = fmt.render(thread)
    disposition = "inline" if ext == "json" else "attachment"
    headers["Content-Disposition"] = f'{disposition}; filename="{slug(thread.title, thread.id)}.{ext}"'
    return Response(body, media_type=fmt.media_type, headers={**headers, **NOINDEX})


@router.get("/t/{thread_id}/print")
def print_view(thread_id: str, request: Request, site: Site = Depends(get_site)) -> Response:
    stamp = _stamp(site, thread_id)
    version = (__version__, stamp.version, "print")
    headers = validator_headers(make_etag(version), stamp.stored_ms)
    if etag_matches(request, headers["ETag"]):
        return not_modified(headers)
    cache_for(request, author_tag(stamp.author_id))
    thread = _load(site, thread_id)
    # The renderer's standalone page as is: linked CSS (no inline style) has print rules.
    html = render_html(thread, stylesheet_href="/static/unspool.css", media_url=site.media_url(thread.network))
    return HTMLResponse(html, headers={**headers, **NOINDEX})


def thread_page(site: Site, thread: Thread, stamp: queries.ThreadStamp, base: str) -> str:
    context = thread_context(thread, keep_numbering=False, media_url=site.media_url(thread.network))
    canonical = base + thread_path(thread.id)
    post_image = _first_image(site, thread, base)
    avatar = avatar_src(thread.author, site.media_url(thread.network, prefix=base))  # absolute, for other sites
    og_image = post_image or ({"src": avatar, "alt": ""} if avatar else None)
    path = thread_path(thread.id)
    context.update(
        canonical=canonical,
        description=_description(thread),
        og_image=og_image,
        twitter_card="summary_large_image" if post_image else "summary",
        json_ld=_json_ld(thread, context, canonical, og_image),
        oembed_href=f"/oembed?url={quote(canonical, safe='')}&format=json",
        author_href=author_path(thread.network, thread.author.handle),
        author_feed=author_path(thread.network, thread.author.handle) + "/feed.atom",
        exports=[(label, f"{path}.{ext}") for ext, label in EXPORT_FORMATS],
        print_href=f"{path}/print",
        report_href=f"{path}/report",
        report_reasons=list(REASONS.items()),
        report_max_details=MAX_DETAILS,
        older=_neighbour(stamp.older),
        newer=_neighbour(stamp.newer),
    )
    return site.render("thread_page.html", **context)


def slug(title: str, fallback: str) -> str:
    """An ASCII file name from the title ("Tomatoes on a balcony" -> "tomatoes-on-a-balcony")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return words[:60].rstrip("-") or fallback


def _stamp(site: Site, thread_id: str) -> queries.ThreadStamp:
    """Checked before any cache or ETag: a hidden thread is 410 at once, in every worker."""
    stamp = queries.thread_stamp(site.store.engine, thread_id)
    if stamp is None:
        raise not_found("No thread with this id is stored here.")
    if stamp.status != "visible":
        raise gone(stamp.status)
    return stamp


def _load(site: Site, thread_id: str) -> Thread:
    thread = site.store.get_thread(thread_id)
    if thread is None or not thread.posts:  # deleted between the stamp and now
        raise not_found("No thread with this id is stored here.")
    return thread


def _neighbour(neighbour: queries.Neighbour | None) -> dict | None:
    if neighbour is None:
        return None
    return {"href": thread_path(neighbour.id), "title": common.clean_text(neighbour.title).strip() or "Untitled thread"}


def _description(thread: Thread, limit: int = 200) -> str:
    text = " ".join("".join(s.text for s in common.display_segments(thread.root)).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _first_image(site: Site, thread: Thread, base: str) -> dict | None:
    absolute = site.media_url(thread.network, prefix=base)
    for post in thread.posts:
        for media in post.media:
            src = common.safe_url(absolute(media))
            if media.type == "image" and src:
                return {"src": src, "alt": " ".join(common.clean_text(media.alt).split())}
    return None


def _json_ld(thread: Thread, context: dict, canonical: str, image: dict | None) -> dict:
    author = context["author"]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": context["title"][:110],
        "url": canonical,
        "mainEntityOfPage": canonical,
        "datePublished": context["created_iso"],
        "dateModified": common.iso(thread.posts[-1].created_at),
        "inLanguage": context["lang"],
        "wordCount": common.word_count(thread),
        "author": {"@type": "Person", "name": author.name, "alternateName": author.handle},
    }
    if author.profile_url:
        data["author"]["url"] = author.profile_url
    if context["url"]:
        data["isBasedOn"] = context["url"]
    if image:
        data["image"] = image["src"]
    return data
