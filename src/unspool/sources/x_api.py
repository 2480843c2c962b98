"""Live unroll from the X API v2 with a bearer token: one lookup of the requested post, then the
author's posts of its conversation through recent search (one page per 100 posts)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import msgspec

from . import x
from ..errors import NotFoundRemote, UnspoolError
from ..model import Author, Media, Post, Segment
from .http import get_json

DEFAULT_API_BASE = "https://api.x.com/2"
SEARCH_WINDOW = timedelta(days=7)
PARAMS = {
    "tweet.fields": "id,text,author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,entities,attachments,lang,note_tweet",
    "expansions": "author_id,in_reply_to_user_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id",
    "media.fields": "media_key,type,url,preview_image_url,alt_text,variants,width,height",
    "user.fields": "id,name,username,profile_image_url",
}
_MEDIA_TYPES = {"photo": "image", "video": "video", "animated_gif": "gif"}


# --- Response shapes (X API v2 docs): only the fields Unspool reads. ---

class _Start(msgspec.Struct):
    start: int
    end: int


class _Url(_Start):
    url: str = ""
    expanded_url: str | None = None
    media_key: str | None = None


class _Tag(_Start):
    tag: str = ""


class _Mention(_Start):
    username: str = ""


class _Entities(msgspec.Struct):
    urls: list[_Url] = []
    hashtags: list[_Tag] = []
    cashtags: list[_Tag] = []
    mentions: list[_Mention] = []


class _NoteTweet(msgspec.Struct):
    text: str
    entities: _Entities = msgspec.field(default_factory=_Entities)


class _Reference(msgspec.Struct):
    type: str
    id: str


class _Attachments(msgspec.Struct):
    media_keys: list[str] = []


class _Tweet(msgspec.Struct):
    id: str
    text: str = ""
    author_id: str = ""
    conversation_id: str | None = None
    created_at: datetime | None = None
    in_reply_to_user_id: str | None = None
    referenced_tweets: list[_Reference] = []
    entities: _Entities = msgspec.field(default_factory=_Entities)
    attachments: _Attachments = msgspec.field(default_factory=_Attachments)
    lang: str | None = None
    note_tweet: _NoteTweet | None = None


class _User(msgspec.Struct):
    id: str
    username: str
    name: str = ""
    profile_image_url: str | None = None


class _Variant(msgspec.Struct):
    url: str
    content_type: str = ""
    bit_rate: int = 0


class _Media(msgspec.Struct):
    media_key: str
    type: str = "photo"
    url: str | None = None
    preview_image_url: str | None = None
    alt_text: str | None = None
    variants: list[_Variant] = []
    width: int | None = None
    height: int | None = None


class _Includes(msgspec.Struct):
    users: list[_User] = []
    media: list[_Media] = []
    tweets: list[_Tweet] = []


class _Problem(msgspec.Struct):
    title: str = ""
    detail: str = ""
    type: str = ""


class _Meta(msgspec.Struct):
    next_token: str | None = None
    result_count: int = 0


class _Page(msgspec.Struct):
    data: list[_Tweet] | _Tweet | None = None
    includes: _Includes = msgspec.field(default_factory=_Includes)
    errors: list[_Problem] = []
    meta: _Meta = msgspec.field(default_factory=_Meta)


NO_TOKEN = (
    "live X unrolls need an API bearer token: set UNSPOOL_X_BEARER_TOKEN, "
    "or import your account archive with `unspool import ARCHIVE.zip`"
)


class XApiFetcher:
    """Fetches a post's thread from the X API v2. The client is injected (the SSRF-guarded one)."""

    network = x.NETWORK

    def __init__(self, client: httpx.Client, *, bearer_token: str | None, api_base: str = DEFAULT_API_BASE, now=None):
        if not bearer_token:
            raise UnspoolError(NO_TOKEN)
        self.client = client
        self.api_base = api_base.rstrip("/")
        self.headers = {"Authorization": f"Bearer {bearer_token}"}
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.users: dict[str, _User] = {}
        self.media: dict[str, _Media] = {}
        self.tweets: dict[str, _Tweet] = {}

    def canonical_id(self, tweet_id: str) -> str:
        return tweet_id

    def fetch_posts(self, tweet_id: str) -> list[Post]:
        """The requested post and its author's posts in the same conversation."""
        target = self._lookup(tweet_id)
        conversation = target.conversation_id or target.id
        started = x.snowflake_time(conversation) or target.created_at
        if started and self.now() - started > SEARCH_WINDOW:
            raise UnspoolError(
                "this thread is older than the X API's 7-day search window, so it cannot be unrolled live; "
                "import the author's archive instead: `unspool import ARCHIVE.zip`"
            )
        author = self.users.get(target.author_id)
        found = {target.id: target}
        if author is not None:
            for tweet in self._search(f"conversation_id:{conversation} from:{author.username}"):
                found[tweet.id] = tweet
        return [self._to_post(tweet) for tweet in found.values()]

    # --- requests ---------------------------------------------------------------------

    def _get(self, path: str, params: dict) -> _Page:
        data = get_json(self.client, f"{self.api_base}{path}", headers=self.headers, params={**PARAMS, **params})
        try:
            page = msgspec.convert(data, _Page)
        except msgspec.ValidationError as exc:
            raise UnspoolError(f"unexpected answer from the X API ({exc}); try again later") from exc
        self.users.update((user.id, user) for user in page.includes.users)
        self.media.update((item.media_key, item) for item in page.includes.media)
        self.tweets.update((tweet.id, tweet) for tweet in page.includes.tweets)
        return page

    def _lookup(self, tweet_id: str) -> _Tweet:
        page = self._get(f"/tweets/{tweet_id}", {})
        if not isinstance(page.data, _Tweet):
            detail = page.errors[0].detail if page.errors else "no data"
            raise NotFoundRemote(f"X has no visible post {tweet_id} ({detail}): it may be deleted or from a protected account")
        return page.data

    def _search(self, query: str):
        params = {"query": query, "max_results": "100"}
        while True:
            page = self._get("/tweets/search/recent", params)
            yield from page.data if isinstance(page.data, list) else []
            if not page.meta.next_token:
                return
            params = {**params, "next_token": page.meta.next_token}

    # --- conversion -------------------------------------------------------------------

    def _author(self, user_id: str) -> Author:
        user = self.users.get(user_id) or _User(id=user_id, username=user_id)
        return Author(
            network=x.NETWORK,
            native_id=user.id,
            handle=user.username,
            name=user.name or user.username,
            avatar_url=user.profile_image_url,
            profile_url=f"{x.SITE}/{user.username}",
        )

    def _to_post(self, tweet: _Tweet, *, with_quote: bool = True) -> Post:
        author = self._author(tweet.author_id)
        source = tweet.note_tweet or tweet  # long posts carry their full text in note_tweet
        text = x.unescape(source.text)
        entities = source.entities
        spans: list[x.Span] = [(tag.start, tag.end, x.hashtag(tag.tag)) for tag in entities.hashtags]
        spans += [(tag.start, tag.end, x.cashtag(tag.tag)) for tag in entities.cashtags]
        spans += [(user.start, user.end, x.mention(user.username)) for user in entities.mentions]
        links = []
        for url in entities.urls:
            if url.media_key:
                spans.append((url.start, url.end, None))  # media links leave the text
                continue
            target = url.expanded_url or url.url
            links.append(target)
            spans.append((url.start, url.end, Segment("link", target, target)))
        replied_to = next((ref.id for ref in tweet.referenced_tweets if ref.type == "replied_to"), None)
        start = _reply_prefix_end(text, entities.mentions) if replied_to else 0
        quoted_id = next((ref.id for ref in tweet.referenced_tweets if ref.type == "quoted"), None)
        quoted = self.tweets.get(quoted_id) if quoted_id and with_quote else None
        reply_to_handle = None
        if replied_to and tweet.in_reply_to_user_id and tweet.in_reply_to_user_id != tweet.author_id:
            reply_to_handle = self._author(tweet.in_reply_to_user_id).handle
        return Post(
            network=x.NETWORK,
            id=tweet.id,
            url=x.status_url(author.handle, tweet.id),
            author=author,
            created_at=tweet.created_at or x.snowflake_time(tweet.id) or self.now(),
            segments=x.segments_from_spans(text, spans, start),
            lang=tweet.lang if tweet.lang and tweet.lang not in ("und", "zxx", "qme", "qht") else None,
            media=[self._media(key) for key in tweet.attachments.media_keys if key in self.media],
            links=links,
            quoted=self._to_post(quoted, with_quote=False) if quoted else None,
            reply_to_id=replied_to,
            reply_to_handle=reply_to_handle,
        )

    def _media(self, key: str) -> Media:
        item = self.media[key]
        kind = _MEDIA_TYPES.get(item.type, "image")
        url = item.url or item.preview_image_url or ""
        mp4 = [v for v in item.variants if v.content_type == "video/mp4"]
        if kind != "image" and mp4:
            url = max(mp4, key=lambda v: v.bit_rate).url
        return Media(type=kind, url=url, alt=item.alt_text or "", width=item.width, height=item.height)


def _reply_prefix_end(text: str, mentions: list[_Mention]) -> int:
    """Replies start with the @handles they answer; like the archive's display range, skip them."""
    cursor = 0
    for user in sorted(mentions, key=lambda m: m.start):
        if text[cursor:user.start].strip():
            break
        cursor = user.end
    return cursor
