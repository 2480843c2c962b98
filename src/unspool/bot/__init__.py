"""The unroll bot: a mention with "unroll" in it gets one reply with the thread's page.

`states` keeps every mention's lifecycle in the database (received -> claimed -> answered |
failed, or ignored), `worker` runs the poll -> record -> claim -> unroll -> reply loop for any
network, and `mastodon`, `bluesky`, `x` speak to each network's API. See docs/decisions.md
("The unroll bot") for what each network guarantees about duplicates.
"""

NETWORKS = ("mastodon", "bluesky", "x")

import html as _html
import re as _re
from datetime import datetime as _datetime

KEYWORD = "unroll"
_NOT_WORDS = _re.compile(r"https?://\S+|@[\w.@:-]+", _re.IGNORECASE)
_TAGS = _re.compile(r"<[^>]*>")


def asks_to_unroll(text: str) -> bool:
    """True when "unroll" appears in the text (any case, any position) outside @mentions and
    links, so neither a bot named @unroll_me nor a link to /unroll/ triggers it."""
    return KEYWORD in _NOT_WORDS.sub(" ", text).lower()


def html_text(content: str) -> str:
    """Plain text of a Mastodon status's HTML (enough to look for the keyword)."""
    content = _re.sub(r"<br\s*/?>|</p>", "\n", content or "", flags=_re.IGNORECASE)
    return _html.unescape(_TAGS.sub("", content)).strip()


def iso_ms(value: object) -> int | None:
    """Epoch milliseconds of an ISO 8601 time ("2025-03-01T12:00:00.000Z"), or None."""
    if not isinstance(value, str):
        return None
    try:
        return int(_datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None
