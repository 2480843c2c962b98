"""Shared by the Mastodon API, ActivityPub and Mastodon-archive sources: post HTML -> Segments,
polls, media types, times.

Fediverse post content is HTML written by whichever server the author uses, so it is untrusted:
it is first cleaned by nh3 to a small allow-list, then walked by `html.parser` into Segments.
No HTML leaves this module.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import msgspec
import nh3

from ..model import Post, Segment, Thread, tidy_segments

# Every fediverse source produces network "mastodon": a post fetched through a server's
# Mastodon API, as ActivityPub JSON or from an account export is the same post (its
# ActivityPub id is the Post id), so all three give the same thread id.
NETWORK = "mastodon"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
_PUBLIC_FORMS = {PUBLIC, "as:Public", "Public"}

# Tags whose only effect is structure: they become paragraph or line breaks. Attributes only
# where the converter needs them (link kind, Mastodon's hidden URL parts, quote fallback).
_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
_CLEANER = nh3.Cleaner(
    tags={"a", "br", "span", *_BLOCKS},
    attributes={"a": {"href", "class", "rel"}, "span": {"class"}, "p": {"class"}},
    link_rel=None,
    url_schemes={"http", "https"},
    strip_comments=True,
)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_AROUND_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_SHORTCODE = re.compile(r":([A-Za-z0-9_]{2,64}):")
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


class Fetched(msgspec.Struct):
    """What a live fetch found: the requested post's author's posts around it (any order)
    and the id of the requested post. `assemble.thread_containing` makes the thread."""

    posts: list[Post]
    target_id: str


class CachedFetcher:
    """The public face shared by the Mastodon and ActivityPub fetchers: one walk per URL,
    remembered, so `fetch_posts` then `canonical_id` cost no second request."""

    def __init__(self) -> None:
        self._fetched: dict[str, Fetched] = {}

    def _fetch(self, url: str) -> Fetched:
        raise NotImplementedError

    def fetch(self, url: str) -> Fetched:
        key = url.strip()
        if key not in self._fetched:
            self._fetched[key] = self._fetch(key)
        return self._fetched[key]

    def fetch_posts(self, url: str) -> list[Post]:
        return list(self.fetch(url).posts)

    def canonical_id(self, url: str) -> str:
        """The Post id (the status or object uri) of the post at `url`."""
        return self.fetch(url).target_id

    def fetch_thread(self, url: str) -> Thread:
        from ..assemble import thread_containing
        from ..errors import RemoteError

        fetched = self.fetch(url)
        thread = thread_containing(fetched.posts, fetched.target_id, min_length=1)
        if thread is None:
            raise RemoteError(f"the server did not return the post at {url}; try again later", url=url)
        return thread


def clean_html(html: str) -> str:
    return _CLEANER.clean(html or "")


def html_to_segments(
    html: str,
    *,
    emojis: dict[str, str] | None = None,
    mention_urls: set[str] | frozenset[str] = frozenset(),
    hashtag_urls: set[str] | frozenset[str] = frozenset(),
    base_url: str | None = None,
    drop_quote_inline: bool = False,
) -> tuple[list[Segment], list[str]]:
    """(segments, link targets) of post HTML.

    Paragraphs are separated by a blank line, `<br>` is a newline. `a.mention` is a mention,
    `a.hashtag` / `rel="tag"` a hashtag (hrefs listed in `mention_urls` / `hashtag_urls` count
    too, for servers that put no classes), any other link keeps its full URL as text (Mastodon
    hides parts of long URLs in `span.invisible`). `:shortcode:` in plain text becomes an
    "emoji" segment when `emojis` maps it to an image URL. `drop_quote_inline` removes
    Mastodon's `<p class="quote-inline">RE: …</p>` fallback when the quote itself is shown.
    """
    converter = _Converter(emojis or {}, mention_urls, hashtag_urls, base_url, drop_quote_inline)
    converter.feed(clean_html(html))
    converter.close()
    return tidy(converter.out), converter.links


def tidy(segments: list[Segment]) -> list[Segment]:
    """Neighbouring text runs merged, spaces around newlines and at both ends removed."""
    merged = tidy_segments(segments)  # merged first: a space and its newline may sit in two runs
    return tidy_segments([
        Segment("text", _MANY_NEWLINES.sub("\n\n", _AROUND_NEWLINE.sub("\n", s.text))) if s.kind == "text" else s
        for s in merged
    ])


def append_paragraph(segments: list[Segment], text: str) -> list[Segment]:
    """`text` as a paragraph of its own after the segments."""
    if not text:
        return segments
    return tidy([*segments, Segment("text", ("\n\n" if segments else "") + text)])


def emoji_segments(text: str, emojis: dict[str, str]) -> list[Segment]:
    """Plain text with known `:shortcode:`s as "emoji" segments."""
    if not emojis or ":" not in text:
        return [Segment("text", text)] if text else []
    result: list[Segment] = []
    cursor = 0
    for match in _SHORTCODE.finditer(text):
        url = emojis.get(match.group(1))
        if not url:
            continue
        if match.start() > cursor:
            result.append(Segment("text", text[cursor : match.start()]))
        result.append(Segment("emoji", match.group(0), url))
        cursor = match.end()
    if cursor < len(text):
        result.append(Segment("text", text[cursor:]))
    return result


def poll_text(options: list[tuple[str, int | None]]) -> str:
    """"Poll: Tea — 12 votes · Coffee — 30 votes" (counts left out when the server hides them)."""
    parts = []
    for title, votes in options:
        title = " ".join(str(title or "").split())
        if not title:
            continue
        if isinstance(votes, int) and not isinstance(votes, bool):
            parts.append(f"{title} — {votes} vote{'' if votes == 1 else 's'}")
        else:
            parts.append(title)
    return "Poll: " + " · ".join(parts) if parts else ""


def media_type(kind: str | None, mime: str | None = None, url: str | None = None) -> str:
    """A Media type ("image", "gif", "video", "audio") from a Mastodon attachment type, a MIME
    type or, failing both, the URL's extension."""
    kind = (kind or "").lower()
    if kind in ("image", "video", "audio"):
        return kind
    if kind == "gifv":
        return "gif"
    mime = (mime or "").lower()
    for prefix in ("image", "video", "audio"):
        if mime.startswith(prefix + "/"):
            return prefix
    path = urlsplit(url or "").path.lower()
    if path.endswith((".mp4", ".webm", ".mov", ".m4v")):
        return "video"
    if path.endswith((".mp3", ".ogg", ".oga", ".opus", ".wav", ".m4a", ".flac")):
        return "audio"
    return "image"


def parse_time(value: object) -> datetime:
    """An ISO 8601 time ("2025-03-01T12:00:00.000Z"); the epoch when missing or malformed."""
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def clean_lang(lang: object) -> str | None:
    if isinstance(lang, str) and lang and lang.lower() not in ("und", "zxx"):
        return lang
    return None


def host_of(url: str | None) -> str:
    try:
        return (urlsplit(url or "").netloc or "").lower()
    except ValueError:
        return ""


def is_public(*audiences: object) -> bool:
    """True when any of the ActivityPub `to`/`cc` values addresses the public collection."""
    for audience in audiences:
        values = audience if isinstance(audience, list) else [audience]
        if any(isinstance(value, str) and value in _PUBLIC_FORMS for value in values):
            return True
    return False


class _Anchor:
    __slots__ = ("href", "classes", "rel", "parts")

    def __init__(self, href: str | None, classes: set[str], rel: set[str]):
        self.href, self.classes, self.rel = href, classes, rel
        self.parts: list[str] = []


class _Converter(HTMLParser):
    def __init__(self, emojis, mention_urls, hashtag_urls, base_url, drop_quote_inline):
        super().__init__(convert_charrefs=True)
        self.emojis = emojis
        self.mention_urls = mention_urls
        self.hashtag_urls = hashtag_urls
        self.base_url = base_url
        self.drop_quote_inline = drop_quote_inline
        self.out: list[Segment] = []
        self.links: list[str] = []
        self.pending_break = 0  # newlines owed before the next content
        self.anchor: _Anchor | None = None
        self.skipping = False  # inside a dropped <p class="quote-inline">
        self.pre = 0
        self.lists: list[list[int]] = []  # per open list: [is_ordered, counter]

    # --- structure ------------------------------------------------------------------------

    def _break(self, newlines: int) -> None:
        if self.out:
            self.pending_break = max(self.pending_break, newlines)

    def _emit(self, segments: list[Segment]) -> None:
        if not segments:
            return
        if self.pending_break and self.out:
            self.out.append(Segment("text", "\n" * self.pending_break))
        self.pending_break = 0
        self.out.extend(segments)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "p" and self.drop_quote_inline and "quote-inline" in (attributes.get("class") or "").split():
            self.skipping = True
            return
        if self.skipping:
            return
        if tag == "br":
            if self.anchor is not None:
                self.anchor.parts.append(" ")
            else:
                self._emit([Segment("text", "\n")])
                self.pending_break = 0
        elif tag == "a":
            self._close_anchor()
            href = attributes.get("href") or None
            if href and self.base_url and not _SCHEME.match(href):
                href = urljoin(self.base_url, href)
            self.anchor = _Anchor(
                href if href and _SCHEME.match(href) else None,
                set((attributes.get("class") or "").split()),
                set((attributes.get("rel") or "").lower().split()),
            )
        elif tag in ("ul", "ol"):
            self._break(2 if not self.lists else 1)
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._break(1)
            marker = "• "
            if self.lists:
                self.lists[-1][1] += 1
                if self.lists[-1][0]:
                    marker = f"{self.lists[-1][1]}. "
            self._emit([Segment("text", marker)])
        elif tag in _BLOCKS:
            self._break(2)
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == "p":
                self.skipping = False
            return
        if tag == "a":
            self._close_anchor()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._break(2 if not self.lists else 1)
        elif tag == "li":
            self._break(1)
        elif tag in _BLOCKS:
            if tag == "pre" and self.pre:
                self.pre -= 1
            self._break(2)

    def handle_data(self, data):
        if self.skipping or not data:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
        if self.anchor is not None:
            self.anchor.parts.append(data)
            return
        if self.pending_break or not self.out or self.out[-1].text.endswith("\n"):
            data = data.lstrip(" ")  # no space at the start of a line
        if data:
            self._emit(emoji_segments(data, self.emojis))

    def close(self):
        super().close()
        self._close_anchor()

    # --- links ------------------------------------------------------------------------------

    def _close_anchor(self) -> None:
        anchor, self.anchor = self.anchor, None
        if anchor is None:
            return
        label = " ".join("".join(anchor.parts).split())
        href = anchor.href
        if not href:
            if label:
                self._emit(emoji_segments(label, self.emojis))
            return
        if "hashtag" in anchor.classes or "tag" in anchor.rel or href in self.hashtag_urls:
            kind = "hashtag"
        elif "mention" in anchor.classes or href in self.mention_urls:
            kind = "mention"
        else:
            kind = "link"
        if kind == "link":
            self.links.append(href)
            if not label or _shows_url(label, href):
                label = href
        elif not label:
            label = href
        self._emit([Segment(kind, label, href)])


def _bare(url: str) -> str:
    url = _SCHEME.sub("", url.strip()).lower()
    return url[4:] if url.startswith("www.") else url


def _shows_url(label: str, href: str) -> bool:
    """True when a link's text is its URL (whole or shortened), not a chosen label."""
    if _SCHEME.match(label):
        return True
    shown = _bare(label).rstrip("…").rstrip(".").rstrip("/")
    target = _bare(href)
    host = target.split("/", 1)[0]
    # The whole host at least ("example.com/a…"): a label like "ok" for ok.example is a label.
    return bool(shown) and shown.startswith(host) and target.startswith(shown)
