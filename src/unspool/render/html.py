"""A standalone HTML5 reading page (and the static-site index) rendered with Jinja2."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from unspool.model import Author, Media, Post, Thread
from unspool.render import common

EXPORT_FORMATS = (("md", "Markdown"), ("txt", "Text"), ("json", "JSON"), ("epub", "EPUB"))


@cache
def environment() -> Environment:
    # Autoescape everything: every string that reaches a template is untrusted.
    return Environment(
        loader=PackageLoader("unspool.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def stylesheet() -> str:
    return (files("unspool.render") / "static" / "unspool.css").read_text(encoding="utf-8")


@dataclass
class MediaView:
    type: str
    src: str | None
    alt: str
    caption: str
    width: int | None
    height: int | None


@dataclass
class AuthorView:
    name: str
    handle: str
    profile_url: str | None


@dataclass
class PostView:
    id: str
    url: str | None
    lang: str | None
    paragraphs: list[list[common.Inline]]
    media: list[MediaView]
    content_warning: str | None
    author: AuthorView
    quoted: PostView | None = None


def media_view(media: Media, media_url: Callable[[Media], str] | None) -> MediaView:
    src = media_url(media) if media_url else media.url
    alt = " ".join(common.clean_text(media.alt).split())
    return MediaView(
        type=media.type,
        src=common.safe_url(src, allow_relative=media_url is not None, allow_data_image=media_url is not None),
        # Never an empty alt: these images are content, not decoration.
        alt=alt or ("Image" if media.type == "image" else media.type.capitalize()),
        caption=alt,
        width=media.width if isinstance(media.width, int) and media.width > 0 else None,
        height=media.height if isinstance(media.height, int) and media.height > 0 else None,
    )


def avatar_src(author: Author, media_url: Callable[[Media], str] | None) -> str | None:
    """The avatar's src: its copy in the media folder when there is one and `media_url` maps
    local files, else its URL (http(s) only)."""
    if author.avatar_local_name and media_url is not None:
        src = media_view(Media("image", author.avatar_url or "", local_name=author.avatar_local_name), media_url).src
        if src:
            return src
    return common.safe_url(author.avatar_url)


def author_view(post: Post) -> AuthorView:
    return AuthorView(
        name=common.author_name(post.author),
        handle=common.at_handle(post.author.handle),
        profile_url=common.safe_url(post.author.profile_url),
    )


def post_view(
    post: Post,
    *,
    keep_numbering: bool = True,
    media_url: Callable[[Media], str] | None = None,
    with_quote: bool = True,
) -> PostView:
    warning = common.clean_text(post.content_warning or "").strip() or None
    return PostView(
        id=common.clean_text(post.id),
        url=common.safe_url(post.url),
        lang=common.safe_lang(post.lang),
        paragraphs=common.paragraphs(common.display_segments(post, keep_numbering)),
        media=[media_view(media, media_url) for media in post.media],
        content_warning=warning,
        author=author_view(post),
        # One level of quoting is enough; deeper chains are rare and only add noise.
        quoted=post_view(post.quoted, media_url=media_url, with_quote=False) if with_quote and post.quoted else None,
    )


def thread_context(
    thread: Thread, *, keep_numbering: bool, media_url: Callable[[Media], str] | None = None
) -> dict:
    root = thread.root
    reply_to = root.reply_to_handle
    return {
        "lang": common.safe_lang(root.lang, "en"),
        "title": common.thread_title(thread),
        "author": _thread_author(thread),
        "avatar": avatar_src(thread.author, media_url),
        "url": common.safe_url(thread.url),
        "network": common.network_name(thread.network),
        "created_iso": common.iso(thread.created_at),
        "created_human": common.human_date(thread.created_at),
        "post_count": common.plural(len(thread.posts), "post"),
        "reading_time": f"{common.reading_minutes(thread, keep_numbering)} min read",
        "reply_to": common.at_handle(reply_to) if reply_to and reply_to.strip() else None,
        "posts": [post_view(post, keep_numbering=keep_numbering, media_url=media_url) for post in thread.posts],
        "thread_id": common.clean_text(thread.id),
    }


def _thread_author(thread: Thread) -> AuthorView:
    author = thread.author
    return AuthorView(
        name=common.author_name(author),
        handle=common.at_handle(author.handle),
        profile_url=common.safe_url(author.profile_url),
    )


def render_html(
    thread: Thread,
    *,
    keep_numbering: bool = False,
    media_url: Callable[[Media], str] | None = None,
    stylesheet_href: str | None = None,
    base_path: str = "",
) -> str:
    """The thread as one HTML5 page.

    `media_url` maps a Media to the src to use (relative paths and data:image/ URIs are then
    allowed); `stylesheet_href` links the CSS instead of inlining it (no inline style at all,
    for a strict CSP); a non-empty `base_path` adds a nav linking to `{base_path}/` and to the
    other formats at `{base_path}/{thread.id}.{ext}`.
    """
    context = thread_context(thread, keep_numbering=keep_numbering, media_url=media_url)
    context.update(_page_head(stylesheet_href))
    base = base_path.rstrip("/")
    home = common.safe_url(f"{base}/", allow_relative=True) if base_path else None
    context["home"] = home
    context["exports"] = [
        (label, href)
        for ext, label in EXPORT_FORMATS
        if home and (href := common.safe_url(f"{base}/{quote(thread.id, safe='')}.{ext}", allow_relative=True))
    ]
    return environment().get_template("thread.html").render(context)


def render_index_html(
    entries: Sequence[tuple[Thread, str]], *, title: str = "Unspool threads", stylesheet_href: str | None = None
) -> str:
    """A list of threads, each linking to its page, for the static-site export."""
    items = [
        {
            "title": common.thread_title(thread),
            "href": common.safe_url(href, allow_relative=True),
            "author": common.author_name(thread.author),
            "handle": common.at_handle(thread.author.handle),
            "network": common.network_name(thread.network),
            "created_iso": common.iso(thread.created_at),
            "created_human": common.human_date(thread.created_at),
            "post_count": common.plural(len(thread.posts), "post"),
            "lang": common.safe_lang(thread.root.lang),
        }
        for thread, href in entries
    ]
    context = {"title": common.clean_text(title), "items": items, "lang": "en", **_page_head(stylesheet_href)}
    return environment().get_template("index.html").render(context)


def _page_head(stylesheet_href: str | None) -> dict:
    if stylesheet_href is None:
        # Our own static file, so it is trusted; Markup keeps autoescape off CSS selectors.
        return {"stylesheet_href": None, "inline_css": Markup(stylesheet())}
    return {"stylesheet_href": common.safe_url(stylesheet_href, allow_relative=True), "inline_css": None}
