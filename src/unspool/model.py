"""The neutral data types that cross every boundary: Author, Segment, Media, Post, Thread.

Post text is a list of Segments (plain runs and entities) rather than HTML, so every
renderer escapes it itself and no network's markup travels downstream.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime
from typing import Literal

import msgspec

# "emoji" is a custom emoji (Mastodon): text ":shortcode:", url its image.
SegmentKind = Literal["text", "link", "hashtag", "mention", "cashtag", "emoji"]
MediaType = Literal["image", "video", "gif", "audio"]


class Author(msgspec.Struct, frozen=True, omit_defaults=True):
    network: str
    native_id: str
    handle: str
    name: str = ""
    avatar_url: str | None = None
    profile_url: str | None = None
    # Name of the avatar's file in the store's media directory, when an archive shipped it
    # (as Media.local_name); renderers prefer it to avatar_url.
    avatar_local_name: str | None = None


class Segment(msgspec.Struct, frozen=True, array_like=True, omit_defaults=True):
    """A run of post text; entities carry the URL they link to. Newlines stay in the text."""

    kind: SegmentKind
    text: str
    url: str | None = None


class Media(msgspec.Struct, frozen=True, omit_defaults=True):
    type: MediaType
    url: str
    alt: str = ""
    # Name of the file in the store's media directory, when the archive shipped it.
    local_name: str | None = None
    width: int | None = None
    height: int | None = None


class Post(msgspec.Struct, omit_defaults=True):
    network: str
    id: str
    url: str
    author: Author
    created_at: datetime
    segments: list[Segment]
    lang: str | None = None
    media: list[Media] = []
    links: list[str] = []
    quoted: Post | None = None
    reply_to_id: str | None = None
    # Handle of the account replied to when it is not the author (a thread's context).
    reply_to_handle: str | None = None
    content_warning: str | None = None

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


class Thread(msgspec.Struct, omit_defaults=True):
    id: str
    network: str
    author: Author
    posts: list[Post]

    @property
    def root(self) -> Post:
        return self.posts[0]

    @property
    def url(self) -> str:
        return self.posts[0].url

    @property
    def created_at(self) -> datetime:
        return self.posts[0].created_at

    @property
    def title(self) -> str:
        return derive_title(self.posts[0].text)


def make_thread_id(network: str, root_id: str) -> str:
    """A stable, URL-safe id: the same root post always gives the same thread id."""
    digest = hashlib.blake2b(f"{network}:{root_id}".encode(), digest_size=10).digest()
    return base64.b32encode(digest).decode().lower().rstrip("=")


# "1/", "2/12", "(3/5)", "[4/n]", "5." followed by space, at the very start of a post.
_LEADING_NUMBERING = re.compile(r"^\s*[\(\[]?\d{1,3}\s*(?:/\s*(?:\d{1,3}|n|N)?)?[\)\]]?(?:/|\.|:)?(?=\s|$)\s*")
_MARKER = r"(?:\U0001f9f5|\u2b07\ufe0f?|\U0001f447)"
# A trailing " 🧵", " 👇", or " 3/5" (optionally bracketed, optionally followed by a marker).
_TRAILING_THREAD = re.compile(
    rf"(?:\s*{_MARKER})+\s*$|\s+[\(\[]?\d{{1,3}}\s*/\s*(?:\d{{1,3}}|n|N)[\)\]]?(?:\s*{_MARKER})*\s*$"
)


def leading_numbering_length(text: str) -> int:
    """Length of a leading "1/", "2/12" or "(3/5)" marker (0 when there is none).

    A bare number is only numbering when followed by a slash, a dot or brackets, so a post
    that starts with "3 cups of flour" keeps its number.
    """
    match = _LEADING_NUMBERING.match(text)
    if not match:
        return 0
    marker = match.group(0).strip()
    if marker.isdigit():
        return 0
    return match.end()


_MARKER_ENDS = set("0123456789nN)]\U0001f9f5\u2b07\ufe0f\U0001f447")


def trailing_marker_length(text: str) -> int:
    """Length of a trailing thread marker such as " 🧵" or " 🧵 1/5" (0 when there is none)."""
    # The pattern is anchored at the end, but a search tries it from every position: first the
    # last character, then the tail alone answers unless its match reaches back to its start.
    end = text.rstrip()[-1:]
    if not end or end not in _MARKER_ENDS:
        return 0
    if len(text) > 64:
        match = _TRAILING_THREAD.search(text, len(text) - 64)
        if match is None or match.start() > len(text) - 64 + 12:
            return len(match.group(0)) if match else 0
    match = _TRAILING_THREAD.search(text)
    return len(match.group(0)) if match else 0


def strip_numbering(segments: list[Segment]) -> list[Segment]:
    """Segments without the leading numbering and trailing 🧵 marker (both only in plain text)."""
    if not segments:
        return segments
    result = list(segments)
    first = result[0]
    if first.kind == "text":
        cut = leading_numbering_length(first.text)
        if cut:
            result[0] = Segment("text", first.text[cut:])
    last = result[-1]
    if last.kind == "text":
        cut = trailing_marker_length(last.text)
        if cut:
            result[-1] = Segment("text", last.text[: len(last.text) - cut])
    return [segment for segment in result if segment.text or segment.kind != "text"]


def tidy_segments(segments: list[Segment]) -> list[Segment]:
    """Neighbouring text runs merged, the outer whitespace trimmed (left where a source cut
    entities or prefixes out), empty runs dropped."""
    merged: list[Segment] = []
    for segment in segments:
        if segment.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Segment("text", merged[-1].text + segment.text)
        else:
            merged.append(segment)
    if merged and merged[0].kind == "text":
        merged[0] = Segment("text", merged[0].text.lstrip())
    if merged and merged[-1].kind == "text":
        merged[-1] = Segment("text", merged[-1].text.rstrip())
    return [segment for segment in merged if segment.text]


def derive_title(text: str, limit: int = 90) -> str:
    """The first line of the root post, numbering removed, cut at a word boundary."""
    text = text[leading_numbering_length(text):]
    cut = trailing_marker_length(text)
    if cut:
        text = text[: len(text) - cut]
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not line:
        return "Untitled thread"
    if len(line) <= limit:
        return line
    shortened = line[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return (shortened or line[:limit]) + "…"


class PackedPost(msgspec.Struct, array_like=True, gc=False, frozen=True):
    """A Post serialised for storage (without its author: the thread carries it) plus the few
    fields that storage and search need, so bulk imports never rebuild Post objects."""

    id: str
    network: str
    reply_to_id: str | None
    created_ms: int
    text: str
    media_files: list[str]
    data: msgspec.Raw


_ELIDED_AUTHOR = Author(network="", native_id="", handle="")
_encode = msgspec.json.Encoder().encode
_decode_post = msgspec.json.Decoder(Post).decode


def pack_post(post: Post) -> PackedPost:
    return PackedPost(
        id=post.id,
        network=post.network,
        reply_to_id=post.reply_to_id,
        created_ms=int(post.created_at.timestamp() * 1000),
        text=post.text,
        media_files=[media.local_name for media in post.media if media.local_name],
        data=msgspec.Raw(_encode(msgspec.structs.replace(post, author=_ELIDED_AUTHOR))),
    )


def unpack_post(data: bytes | msgspec.Raw, author: Author) -> Post:
    post = _decode_post(data)
    post.author = author
    return post
