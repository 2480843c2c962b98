"""What the X archive reader and the X API fetcher share: post URLs, entity links, and turning
entity spans over a tweet's text into Segments."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..model import Segment, tidy_segments

NETWORK = "x"
SITE = "https://x.com"

_STATUS_URL = re.compile(
    r"^(?:https?://)?(?:www\.|mobile\.|m\.)?(?:x|twitter)\.com/(?:[A-Za-z0-9_]{1,50}|i/web|i)/status(?:es)?/(\d{1,20})(?:[/?#].*)?$",
    re.IGNORECASE,
)
_ESCAPED = re.compile(r"&(amp|lt|gt);")
_UNESCAPE = {"amp": "&", "lt": "<", "gt": ">"}

# A span over the text: (start, end, segment to show, or None to cut the span out).
Span = tuple[int, int, "Segment | None"]


def parse_post_url(url: str) -> str | None:
    """The tweet id in an x.com / twitter.com / mobile.twitter.com status URL, else None."""
    match = _STATUS_URL.match(url.strip())
    return match.group(1) if match else None


_TWITTER_EPOCH_MS = 1288834974657


def snowflake_time(tweet_id: str) -> datetime | None:
    """When a post was made, from its id (ids are snowflakes since late 2010)."""
    try:
        ms = (int(tweet_id) >> 22) + _TWITTER_EPOCH_MS
    except ValueError:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc) if ms > _TWITTER_EPOCH_MS else None


def status_url(handle: str, tweet_id: str) -> str:
    return f"{SITE}/{handle}/status/{tweet_id}"


def hashtag(tag: str) -> Segment:
    return Segment("hashtag", "", f"{SITE}/hashtag/{tag}")


def cashtag(symbol: str) -> Segment:
    return Segment("cashtag", "", f"{SITE}/search?q=%24{symbol}")


def mention(screen_name: str) -> Segment:
    return Segment("mention", "", f"{SITE}/{screen_name}")


def unescape(text: str) -> str:
    """X escapes exactly &, < and > in tweet text (entity offsets count the unescaped text)."""
    if "&" not in text:
        return text
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], text)


def segments_from_spans(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> list[Segment]:
    """Segments for text[start:end], entity spans (code point offsets) becoming entity segments.
    Spans outside the range, overlapping or inverted are skipped: offsets are untrusted."""
    end = len(text) if end is None else min(end, len(text))
    segments: list[Segment] = []
    cursor = max(0, start)
    for span_start, span_end, segment in sorted(spans, key=lambda span: span[0]):
        if span_start < cursor or span_end > end or span_start >= span_end:
            continue
        if span_start > cursor:
            segments.append(Segment("text", text[cursor:span_start]))
        if segment is not None:
            segments.append(Segment(segment.kind, segment.text or text[span_start:span_end], segment.url))
        cursor = span_end
    if cursor < end:
        segments.append(Segment("text", text[cursor:end]))
    return tidy_segments(segments)


