"""X/Twitter post URLs, shared by the archive reader and (later) the live fetcher."""

from __future__ import annotations

import re

_STATUS_URL = re.compile(
    r"^(?:https?://)?(?:www\.|mobile\.|m\.)?(?:x|twitter)\.com/(?:[A-Za-z0-9_]{1,50}|i/web|i)/status(?:es)?/(\d{1,20})(?:[/?#].*)?$",
    re.IGNORECASE,
)


def parse_post_url(url: str) -> str | None:
    """The tweet id in an x.com / twitter.com / mobile.twitter.com status URL, else None."""
    match = _STATUS_URL.match(url.strip())
    return match.group(1) if match else None
