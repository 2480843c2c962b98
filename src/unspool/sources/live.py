"""Which network a post URL belongs to, and the fetcher that unrolls it live."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from ..config import Settings
from ..model import Post
from . import bluesky, mastodon, x


class Target(NamedTuple):
    network: str
    # The Post id to look up in the store: exact, or a good guess (Mastodon home-server URLs).
    post_id: str
    # What the fetcher is given: the id, or the URL itself (fediverse servers are in the URL).
    ref: str
    # False when post_id still holds a name the network must resolve (a Bluesky handle).
    canonical: bool = True


class Fetcher(Protocol):
    def fetch_posts(self, ref: str) -> list[Post]: ...

    def canonical_id(self, ref: str) -> str: ...


def resolve(url: str) -> Target | None:
    """The network and native post id of a post URL, or None when no network claims it."""
    url = url.strip()
    tweet_id = x.parse_post_url(url)
    if tweet_id:
        return Target("x", tweet_id, tweet_id)
    post = bluesky.parse_post_url(url)
    if post:
        return Target("bluesky", post.at_uri, post.at_uri, canonical=post.actor.startswith("did:"))
    status = mastodon.parse_post_url(url)
    if status:
        return Target("mastodon", status.likely_uri or url, url)
    return None


def check_configured(target: Target, settings: Settings) -> None:
    """Raises the error a fetcher for `target` would raise at once for missing configuration
    (no network): so a request learns it without waiting for a job."""
    if target.network == "x" and not settings.x_bearer_token:
        from ..errors import UnspoolError
        from .x_api import NO_TOKEN

        raise UnspoolError(NO_TOKEN)


def make_fetcher(target: Target, settings: Settings) -> Fetcher:
    from .http import make_client

    client = make_client(settings)
    if target.network == "x":
        from .x_api import XApiFetcher

        return XApiFetcher(client, bearer_token=settings.x_bearer_token, api_base=settings.x_api_base)
    if target.network == "bluesky":
        return bluesky.BlueskyFetcher.from_settings(client, settings)
    if target.network == "mastodon":
        return mastodon.MastodonFetcher(client)
    raise ValueError(f"no live fetcher for {target.network}")
