"""Helpers shared by the renderers: cleaning untrusted text, URL checks, small formatting."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from unspool.model import Author, Post, Segment, Thread, strip_numbering

# Bidi embedding/override/isolate controls could flip the layout around a post; C0/C1
# controls, surrogates and non-characters are invalid in XML (EPUB) and useless in text.
_UNWANTED = re.compile(
    "[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
_LANG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
# Any whitespace or control character makes a URL suspect ("java\tscript:", split schemes).
_URL_BAD_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

NETWORK_NAMES = {"x": "X", "twitter": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"}
WORDS_PER_MINUTE = 230


def clean_text(text: str) -> str:
    """Text with bidi controls and XML-invalid characters removed, newlines normalised."""
    return _UNWANTED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def safe_url(url: str | None, *, allow_relative: bool = False, allow_data_image: bool = False) -> str | None:
    """The URL if it may be emitted as an href/src, else None.

    Only absolute http(s) URLs pass by default; `allow_relative` admits same-site paths
    and `allow_data_image` admits `data:image/...` (both for media the app serves itself).
    """
    if not url or not isinstance(url, str) or _URL_BAD_CHARS.search(url) or "\\" in url:
        return None
    if allow_data_image and url[:11].lower() == "data:image/":
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return url
        return None
    # Relative: no scheme and no authority ("//host" would leave the site).
    if allow_relative and not parts.netloc and not url.startswith("//") and ":" not in url.split("/", 1)[0]:
        return url
    return None


def safe_lang(lang: str | None, default: str | None = None) -> str | None:
    return lang if lang and _LANG.match(lang) else default


def display_segments(post: Post, keep_numbering: bool = False) -> list[Segment]:
    """The post's segments as a reader should see them: cleaned, numbering optional."""
    segments = post.segments if keep_numbering else strip_numbering(post.segments)
    result = []
    for segment in segments:
        text = clean_text(segment.text)
        if text or segment.kind != "text":
            result.append(Segment(segment.kind, text, segment.url))
    return result


def link_target(segment: Segment) -> str | None:
    """The safe href of an entity segment; a bare link segment may carry its URL as text."""
    if segment.kind in ("text", "emoji"):
        return None
    url = segment.url or (segment.text.strip() if segment.kind == "link" else None)
    return safe_url(url)


def shorten_link(url: str, limit: int = 40) -> str:
    """A URL as people write it: no scheme, no "www.", cut with an ellipsis."""
    short = re.sub(r"^https?://(?:www\.)?", "", url, flags=re.IGNORECASE).rstrip("/")
    return short if len(short) <= limit else short[: limit - 1] + "…"


def link_label(segment: Segment, href: str | None) -> str:
    text = " ".join(segment.text.split())
    if segment.kind == "link" and href and (not text or re.match(r"^https?://", text, re.IGNORECASE)):
        return shorten_link(href)
    return text or (shorten_link(href) if href else "")


class Inline(NamedTuple):
    """One piece of a paragraph: text, a line break ("br"), a link (href set), or a custom
    emoji ("emoji": text ":shortcode:", href the checked image URL)."""

    kind: str
    text: str = ""
    href: str | None = None


def paragraphs(segments: list[Segment]) -> list[list[Inline]]:
    """Segments split into paragraphs on blank lines; single newlines become "br" pieces."""
    result: list[list[Inline]] = [[]]
    for segment in segments:
        if segment.kind == "emoji":
            label = " ".join(segment.text.split())
            src = safe_url(segment.url)
            if label:
                result[-1].append(Inline("emoji", label, src) if src else Inline("text", label))
            continue
        if segment.kind != "text":
            href = link_target(segment)
            label = link_label(segment, href)
            if label:
                result[-1].append(Inline("link" if href else "text", label, href))
            continue
        for index, chunk in enumerate(_PARAGRAPH_BREAK.split(segment.text)):
            if index:
                result.append([])
            for line_index, line in enumerate(chunk.split("\n")):
                if line_index:
                    result[-1].append(Inline("br"))
                if line:
                    result[-1].append(Inline("text", line))
    return [_trim(paragraph) for paragraph in result if _has_content(paragraph)]


def _has_content(paragraph: list[Inline]) -> bool:
    return any(piece.kind != "br" and piece.text.strip() for piece in paragraph)


def _trim(paragraph: list[Inline]) -> list[Inline]:
    """Drop line breaks and whitespace-only text at the edges of a paragraph."""
    start, end = 0, len(paragraph)
    while start < end and (paragraph[start].kind == "br" or not paragraph[start].text.strip()):
        start += 1
    while end > start and (paragraph[end - 1].kind == "br" or not paragraph[end - 1].text.strip()):
        end -= 1
    return paragraph[start:end]


def with_tz(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return with_tz(moment).isoformat()


def human_date(moment: datetime) -> str:
    moment = with_tz(moment)
    return f"{moment.day} {moment:%B %Y}"


def network_name(network: str) -> str:
    return NETWORK_NAMES.get(network.lower(), network.capitalize())


def at_handle(handle: str) -> str:
    handle = clean_text(handle).strip()
    return handle if handle.startswith("@") else f"@{handle}"


def author_name(author: Author) -> str:
    return clean_text(author.name).strip() or at_handle(author.handle)


def thread_title(thread: Thread) -> str:
    return clean_text(thread.title).strip() or "Untitled thread"


def word_count(thread: Thread, keep_numbering: bool = False) -> int:
    return sum(
        len("".join(s.text for s in display_segments(post, keep_numbering)).split()) for post in thread.posts
    )


def reading_minutes(thread: Thread, keep_numbering: bool = False) -> int:
    return max(1, math.ceil(word_count(thread, keep_numbering) / WORDS_PER_MINUTE))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
