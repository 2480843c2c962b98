"""What the bot answers, fitted to each network's length limit.

Only the thread title varies in length; it is shortened (at a character-cluster boundary, with
"…") until the whole reply fits. Lengths are counted as each network does, erring long:

- Mastodon: 500 characters; every URL counts as 23 (we count max(its length, 23)).
- Bluesky: 300 graphemes and 3000 UTF-8 bytes; we count code points, never fewer than
  graphemes. The link is a facet over its UTF-8 byte range.
- X: 280 weighted characters; URLs (and anything X may auto-link, like `kite.example`)
  count 23, code points outside the Latin/punctuation ranges count 2 (twitter-text's weights).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

LIMITS = {"mastodon": 500, "bluesky": 300, "x": 280}
BLUESKY_MAX_BYTES = 3000
URL_WEIGHT = 23

TEMPLATES = {
    "thread": "🧵 Unrolled: “{title}” {link}",
    "single": "“{title}” is a single post, not a thread, but here it is as a page: {link}",
    "no_target": "Mention me with “unroll” in a reply to (or a quote of) any post of a thread, and I will answer with a readable page of it.",
    "blocked": "Sorry, I can't unroll this one: its author has opted out of Unspool.",
    "taken_down": "Sorry, this thread is not available on Unspool.",
    "unavailable": "Sorry, I can't see that post: it may be private or deleted, or its account protected.",
    "cannot": "Sorry, I couldn't unroll that post. If it is a thread, please try again later.",
    "too_old": "Sorry, that thread is older than the 7 days X lets me search, so I can't unroll it.",
    "failed": "Sorry, I couldn't reach the server holding that thread after several tries. Please mention me again later.",
}


class Message(NamedTuple):
    kind: str  # a TEMPLATES key
    title: str | None = None
    link: str | None = None


class Reply(NamedTuple):
    text: str
    link: str | None = None
    # The link's UTF-8 byte range in `text` (Bluesky facets).
    byte_start: int | None = None
    byte_end: int | None = None


def compose(network: str, message: Message, *, prefix: str = "") -> Reply:
    """The reply text for `message` on `network`, within its limit. `prefix` (e.g. "@acct ")
    goes first and is never shortened."""
    template = TEMPLATES[message.kind]
    title = clean_title(message.title or "")
    text = prefix + template.format(title=title, link=message.link or "")
    if not fits(network, text):
        low, high = 0, len(title)  # the longest title prefix that fits
        while low < high:
            middle = (low + high + 1) // 2
            if fits(network, prefix + template.format(title=shorten(title, middle), link=message.link or "")):
                low = middle
            else:
                high = middle - 1
        text = prefix + template.format(title=shorten(title, low), link=message.link or "")
    if not message.link or "{link}" not in template:
        return Reply(text)
    start = text.rindex(message.link)
    byte_start = len(text[:start].encode("utf-8"))
    return Reply(text, message.link, byte_start, byte_start + len(message.link.encode("utf-8")))


def clean_title(title: str) -> str:
    """One line; "@" made full-width so a title never mentions (notifies) anyone."""
    title = " ".join(title.split())
    return title.replace("@", "＠")


def shorten(title: str, length: int) -> str:
    """The first `length` code points (fewer, to end on a cluster boundary) and "…"."""
    if length >= len(title):
        return title
    length = max(0, length - 1)  # room for the "…"
    while 0 < length < len(title) and not _boundary(title, length):
        length -= 1
    return (title[:length].rstrip() + "…") if length else "…"



def _boundary(text: str, index: int) -> bool:
    """Whether a cut before text[index] keeps character clusters whole (an approximation of
    UAX #29 good enough for titles: combining marks, ZWJ sequences, variation selectors, skin
    tones, tag sequences and flag pairs)."""
    after, before = text[index], text[index - 1]
    code = ord(after)
    if before == "\u200d" or after == "\u200d":
        return False
    if unicodedata.category(after) in ("Mn", "Me", "Mc") or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return False
    if 0xDC00 <= code <= 0xDFFF:  # a lone surrogate half (only in broken input)
        return False
    if _regional(after) and _regional(before):
        run = 0  # flags are pairs: cut only after an even number of indicators
        while index - run - 1 >= 0 and _regional(text[index - run - 1]):
            run += 1
        return run % 2 == 0
    return True


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


# --- counting ------------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# What X may auto-link: a URL, or a word with a dot inside (a bare domain).
_X_LINKISH = re.compile(r"https?://\S+|\S+\.\S+", re.IGNORECASE)


def fits(network: str, text: str) -> bool:
    return length(network, text) <= LIMITS[network] and (network != "bluesky" or len(text.encode("utf-8")) <= BLUESKY_MAX_BYTES)


def length(network: str, text: str) -> int:
    if network == "mastodon":
        return _count(text, _URL, lambda part: len(part))
    if network == "x":
        return _count(text, _X_LINKISH, _x_weight)
    return len(text)  # Bluesky: code points >= graphemes


def _count(text: str, linkish: re.Pattern, weigh) -> int:
    total, position = 0, 0
    for match in linkish.finditer(text):
        total += weigh(text[position:match.start()]) + max(URL_WEIGHT, weigh(match.group()))
        position = match.end()
    return total + weigh(text[position:])


def _x_weight(text: str) -> int:
    # twitter-text v3: these ranges weigh 1, everything else 2 (an emoji sequence counts 2 in
    # all; counting each of its code points is the safe side).
    return sum(1 if (c <= 4351 or 8192 <= c <= 8205 or 8208 <= c <= 8223 or 8242 <= c <= 8247) else 2 for c in map(ord, text))
