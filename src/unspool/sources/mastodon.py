"""Mastodon (and Pleroma, Akkoma, GoToSocial: anything with the Mastodon client API): post URLs,
Status entities -> neutral Posts, and the live fetcher.

A live unroll is two public, unauthenticated requests to the server in the URL:
`GET /api/v1/statuses/:id` and `GET /api/v1/statuses/:id/context`. Without a token Mastodon
(4.0+) cuts the context at 40 ancestors, 60 descendants and a depth of 20; only when the answer
reaches one of those limits and the author's chain runs on past it does the fetcher ask for
the context of the last post it got (at most `max_continuations` more requests).

Identity (see docs/decisions.md): a Post's id is the status `uri`, its ActivityPub id, which is
the same whichever server it is read from and in the author's archive; an Author's native_id is
the account's profile `url` (the same in the API, in ActivityPub and in the archive's actor).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from ..errors import Forbidden, InputError, NotFoundRemote, RemoteError
from ..model import Author, Media, Post, Thread
from .fediverse import (
    CachedFetcher,
    NETWORK,
    Fetched,
    append_paragraph,
    clean_lang,
    html_to_segments,
    media_type,
    parse_time,
    poll_text,
)

# Mastodon's limits for unauthenticated context requests (GET /api/v1/statuses/:id/context).
ANCESTOR_LIMIT = 40
DESCENDANT_LIMIT = 60
DEPTH_LIMIT = 20
MAX_CONTINUATIONS = 10

_ID = r"(?P<id>\d{1,24}|[0-9A-HJKMNP-TV-Z]{26})"  # Mastodon snowflakes, GoToSocial ULIDs
_USER = r"(?P<user>[\w.-]{1,64})"
_PATHS = [
    # /@user/ID and /@user@remote.host/ID (a remote post as this server shows it)
    re.compile(rf"^/@{_USER}(?:@(?P<domain>[\w.-]{{1,253}}(?::\d{{1,5}})?))?/{_ID}/?$"),
    # /users/user/statuses/ID (Mastodon's ActivityPub id), /@user/statuses/ID (GoToSocial)
    re.compile(rf"^/(?:users/|@){_USER}/statuses/{_ID}/?$"),
    # /notice/ID (Pleroma, Akkoma: flake ids)
    re.compile(r"^/notice/(?P<id>[A-Za-z0-9]{1,64})/?$"),
]
_VISIBLE = {"public", "unlisted", None}


class MastodonRef(NamedTuple):
    """A status as named by a URL: the server that shows it and its id there."""

    scheme: str
    host: str  # host[:port], lowercase
    status_id: str
    username: str | None = None
    # The author's server, for a remote post shown on `host` (/@user@remote.host/ID).
    remote_host: str | None = None

    @property
    def base(self) -> str:
        return f"{self.scheme}://{self.host}"

    @property
    def status_api(self) -> str:
        return f"{self.base}/api/v1/statuses/{quote(self.status_id, safe='')}"

    @property
    def likely_uri(self) -> str | None:
        """The status uri (the Post id) when the URL shows the post on its home server: Mastodon
        and GoToSocial build it as `/users/<user>/statuses/<id>`. A guess for finding a stored
        post without a request; None for remote-post and Pleroma URLs."""
        if self.username and not self.remote_host:
            return f"{self.base}/users/{self.username}/statuses/{self.status_id}"
        return None

    @property
    def url(self) -> str:
        if self.username and self.remote_host:
            return f"{self.base}/@{self.username}@{self.remote_host}/{self.status_id}"
        if self.username:
            return f"{self.base}/@{self.username}/{self.status_id}"
        return f"{self.base}/notice/{self.status_id}"


def parse_post_url(url: str) -> MastodonRef | None:
    """The server and status id of a Mastodon-style post URL, else None.

    Accepts `https://host/@user/ID`, `https://host/@user@remote.host/ID`,
    `https://host/users/user/statuses/ID`, `https://host/@user/statuses/ID` (GoToSocial) and
    `https://host/notice/ID` (Pleroma/Akkoma), with a trailing slash, query or fragment.
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host or parts.username is not None or parts.password is not None:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    for pattern in _PATHS:
        match = pattern.match(parts.path)
        if match:
            groups = match.groupdict()
            domain = groups.get("domain")
            return MastodonRef(scheme, netloc, match.group("id"), groups.get("user"), domain.lower() if domain else None)
    return None


# --- Status entities -> Posts ----------------------------------------------------------------


def qualified_acct(acct: str, host: str) -> str:
    """`user@domain` for any account: local accounts' `acct` has no domain, so the server's is added."""
    acct = (acct or "").lstrip("@")
    if "@" in acct or not acct:
        return acct
    return f"{acct}@{host}"


def author_from_account(account: dict, host: str) -> Author:
    handle = qualified_acct(str(account.get("acct") or account.get("username") or ""), host)
    url = account.get("url") if isinstance(account.get("url"), str) else None
    return Author(
        network=NETWORK,
        native_id=url or f"acct:{handle}",
        handle=handle,
        name=str(account.get("display_name") or "").strip() or str(account.get("username") or handle),
        avatar_url=(account.get("avatar_static") or account.get("avatar") or None),
        profile_url=url,
    )


def media_from_attachment(attachment: dict) -> Media | None:
    url = attachment.get("url") or attachment.get("remote_url")
    if not isinstance(url, str) or not url:
        return None
    meta = attachment.get("meta") if isinstance(attachment.get("meta"), dict) else {}
    original = meta.get("original") if isinstance(meta.get("original"), dict) else {}
    width, height = original.get("width"), original.get("height")
    return Media(
        type=media_type(attachment.get("type"), url=url),
        url=url,
        alt=str(attachment.get("description") or "").strip(),
        width=width if isinstance(width, int) and width > 0 else None,
        height=height if isinstance(height, int) and height > 0 else None,
    )


def quoted_status(status: dict) -> dict | None:
    """The quoted Status: Mastodon 4.4+ `quote` {state, quoted_status} when accepted, or a
    Status embedded directly as `quote` (Fedibird, Akkoma)."""
    quote_ = status.get("quote")
    if not isinstance(quote_, dict):
        return None
    if "state" in quote_:
        inner = quote_.get("quoted_status")
        return inner if quote_.get("state") == "accepted" and isinstance(inner, dict) else None
    return quote_ if "content" in quote_ and isinstance(quote_.get("account"), dict) else None


def post_from_status(
    status: dict,
    host: str,
    *,
    reply_to_id: str | None = None,
    reply_to_handle: str | None = None,
    with_quote: bool = True,
) -> Post:
    """A Post from a Mastodon Status entity read through the API of `host`.

    Supported: content (HTML), spoiler_text (-> content_warning), language, mentions, tags,
    custom emojis, media_attachments (image, gifv, video, audio, unknown), poll (a closing
    paragraph), quote (-> quoted). Not used: card (the link is already in the text),
    reblog (boosts are never thread posts), edits, counts, filters.
    """
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    emojis = {
        emoji["shortcode"]: emoji.get("static_url") or emoji.get("url")
        for emoji in _dicts(status.get("emojis"))
        if isinstance(emoji.get("shortcode"), str) and (emoji.get("static_url") or emoji.get("url"))
    }
    quoted_data = quoted_status(status) if with_quote else None
    quoted = post_from_status(quoted_data, host, with_quote=False) if quoted_data else None
    segments, links = html_to_segments(
        str(status.get("content") or ""),
        emojis=emojis,
        mention_urls={m["url"] for m in _dicts(status.get("mentions")) if isinstance(m.get("url"), str)},
        hashtag_urls={t["url"] for t in _dicts(status.get("tags")) if isinstance(t.get("url"), str)},
        base_url=status.get("url") if isinstance(status.get("url"), str) else None,
        drop_quote_inline=quoted is not None,
    )
    poll = status.get("poll")
    if isinstance(poll, dict):
        options = [(str(o.get("title") or ""), o.get("votes_count")) for o in _dicts(poll.get("options"))]
        segments = append_paragraph(segments, poll_text(options))
    uri = _uri(status, host)
    return Post(
        network=NETWORK,
        id=uri,
        url=str(status.get("url") or uri),
        author=author_from_account(account, host),
        created_at=parse_time(status.get("created_at")),
        segments=segments,
        lang=clean_lang(status.get("language")),
        media=[m for m in map(media_from_attachment, _dicts(status.get("media_attachments"))) if m],
        links=links,
        quoted=quoted,
        reply_to_id=reply_to_id,
        reply_to_handle=reply_to_handle,
        content_warning=str(status.get("spoiler_text") or "").strip() or None,
    )


def _dicts(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# --- the live fetcher --------------------------------------------------------------------------


class MastodonFetcher(CachedFetcher):
    """Fetches a post's thread through the Mastodon API of the server in its URL. The httpx
    client is injected (the SSRF-guarded one from `sources.http.make_client`); `requests`
    counts the calls made.

    `fetch_posts(url)` returns the requested post's author's posts among its ancestors, itself
    and its descendants; `canonical_id(url)` the requested post's Post id (its `uri`);
    `fetch_thread(url)` the longest self-reply chain through it. When the server has no
    Mastodon API (the status request 404s or answers something else than a status, or the URL
    is not Mastodon-shaped) and
    `activitypub_fallback` is set, the post is read as ActivityPub instead.
    """

    network = NETWORK

    def __init__(self, client, *, activitypub_fallback: bool = True, max_continuations: int = MAX_CONTINUATIONS, max_activitypub_requests: int | None = None):
        super().__init__()
        self.client = client
        self.activitypub_fallback = activitypub_fallback
        self.max_continuations = max_continuations
        self.max_activitypub_requests = max_activitypub_requests
        self.requests = 0

    # --- requests ---

    def _get(self, url: str):
        from .http import get_json

        self.requests += 1
        return get_json(self.client, url, headers={"Accept": "application/json"})

    def _fetch(self, url: str) -> Fetched:
        ref = parse_post_url(url)
        if ref is None:
            if self.activitypub_fallback and url.lower().startswith(("https://", "http://")):
                return self._activitypub(url)
            raise InputError(f"{url!r} is not a Mastodon post URL (https://server/@user/ID)")
        try:
            status = self._get(ref.status_api)
        except NotFoundRemote:
            if not self.activitypub_fallback:
                raise
            return self._activitypub(url)
        except RemoteError as exc:  # a 2xx that is not JSON: a web page, not the Mastodon API
            if not (self.activitypub_fallback and exc.status is not None and 200 <= exc.status < 300):
                raise
            return self._activitypub(url)
        if not _is_status(status):
            if self.activitypub_fallback:
                return self._activitypub(url)
            raise RemoteError(f"{ref.host} did not answer with a Mastodon status for {url}", url=url)
        if isinstance(status.get("reblog"), dict):  # a boost's URL: unroll the boosted post
            status = status["reblog"]
        return self._collect(ref, status)

    def _activitypub(self, url: str) -> Fetched:
        from .activitypub import ActivityPubFetcher

        options = {} if self.max_activitypub_requests is None else {"max_requests": self.max_activitypub_requests}
        fetcher = ActivityPubFetcher(self.client, **options)
        try:
            return fetcher.fetch(url)
        finally:
            self.requests += fetcher.requests

    def _context(self, ref: MastodonRef, status_id: str) -> tuple[list[dict], list[dict]]:
        context = self._get(f"{ref.base}/api/v1/statuses/{quote(status_id, safe='')}/context")
        if not isinstance(context, dict):
            raise RemoteError(f"{ref.host} answered the thread request with something else than a context", url=ref.url)
        ancestors = [s for s in _dicts(context.get("ancestors")) if _is_status(s)]
        descendants = [s for s in _dicts(context.get("descendants")) if _is_status(s)]
        return ancestors, descendants

    def _collect(self, ref: MastodonRef, target: dict) -> Fetched:
        if target.get("visibility") not in _VISIBLE:
            raise Forbidden(f"the post at {ref.url} is not public ({target.get('visibility')}); Unspool only unrolls public posts", url=ref.url)
        author_id = str(target["account"].get("id"))
        statuses: dict[str, dict] = {str(target["id"]): target}
        depth: dict[str, int] = {str(target["id"]): 0}

        def add_descendants(anchor: str, descendants: list[dict]) -> list[str]:
            """Adds them; returns the author's posts the answer may have cut off below."""
            base = depth.get(anchor, 0)
            for status in descendants:  # in tree order: parents before children
                sid = str(status["id"])
                statuses.setdefault(sid, status)
                parent = str(status.get("in_reply_to_id"))
                if parent in depth and sid not in depth:
                    depth[sid] = depth[parent] + 1
            full = len(descendants) >= DESCENDANT_LIMIT
            children: dict[str, int] = {}
            for status in statuses.values():
                parent = str(status.get("in_reply_to_id"))
                children[parent] = children.get(parent, 0) + 1
            cut = []
            for status in descendants:
                sid = str(status["id"])
                if str(status["account"].get("id")) != author_id or not self._on_chain(sid, statuses, author_id, str(target["id"])):
                    continue
                deep = depth.get(sid, 0) - base >= DEPTH_LIMIT
                replies = status.get("replies_count")
                more = not isinstance(replies, int) or replies > children.get(sid, 0)
                if (deep or full) and more:
                    cut.append(sid)
            return cut

        ancestors, descendants = self._context(ref, str(target["id"]))
        for status in ancestors:
            statuses.setdefault(str(status["id"]), status)
        pending_down = add_descendants(str(target["id"]), descendants)
        up_from = self._cut_above(ancestors, author_id)
        asked: set[str] = {str(target["id"])}
        extra = 0
        while (up_from or pending_down) and extra < self.max_continuations:
            if up_from is not None:
                anchor, up_from = up_from, None
                if anchor in asked:
                    continue
                asked.add(anchor)
                extra += 1
                more_ancestors, _ = self._context(ref, anchor)
                for status in more_ancestors:
                    statuses.setdefault(str(status["id"]), status)
                up_from = self._cut_above(more_ancestors, author_id)
                continue
            anchor = pending_down.pop()
            if anchor in asked:
                continue
            asked.add(anchor)
            extra += 1
            _, more_descendants = self._context(ref, anchor)
            pending_down.extend(add_descendants(anchor, more_descendants))

        posts = self._posts(ref, statuses, author_id)
        return Fetched(posts=posts, target_id=_uri(target, ref.host))

    @staticmethod
    def _on_chain(sid: str, statuses: dict[str, dict], author_id: str, target_id: str) -> bool:
        """True when every post from the target down to `sid` is the author's."""
        seen = set()
        while sid != target_id:
            if sid in seen or sid not in statuses:
                return False
            seen.add(sid)
            status = statuses[sid]
            if str(status["account"].get("id")) != author_id:
                return False
            sid = str(status.get("in_reply_to_id"))
        return True

    @staticmethod
    def _cut_above(ancestors: list[dict], author_id: str) -> str | None:
        """The topmost ancestor's id when the answer hit the ancestor limit while every ancestor
        is the author's and the topmost still replies to something: the chain may go on above."""
        if len(ancestors) < ANCESTOR_LIMIT:
            return None
        if any(str(s["account"].get("id")) != author_id for s in ancestors):
            return None
        ids = {str(s["id"]) for s in ancestors}
        tops = [s for s in ancestors if s.get("in_reply_to_id") and str(s["in_reply_to_id"]) not in ids]
        return str(tops[0]["id"]) if tops else None

    def _posts(self, ref: MastodonRef, statuses: dict[str, dict], author_id: str) -> list[Post]:
        host = ref.host
        posts = []
        for status in statuses.values():
            if str(status["account"].get("id")) != author_id or status.get("visibility") not in _VISIBLE:
                continue
            parent_id = status.get("in_reply_to_id")
            reply_to_id = reply_to_handle = None
            if parent_id is not None:
                parent_id = str(parent_id)
                parent = statuses.get(parent_id)
                reply_to_id = _parent_uri(status, parent, parent_id, host)
                parent_account = str(status.get("in_reply_to_account_id") or (parent or {}).get("account", {}).get("id") or "")
                if parent_account != author_id:
                    reply_to_handle = _account_handle(status, parent, parent_account, host)
            posts.append(post_from_status(status, host, reply_to_id=reply_to_id, reply_to_handle=reply_to_handle))
        posts.sort(key=lambda post: (post.created_at, post.id))
        return posts


def _uri(status: dict, host: str) -> str:
    return str(status.get("uri") or status.get("url") or f"https://{host}/api/v1/statuses/{status.get('id')}")


def _is_status(value: object) -> bool:
    return isinstance(value, dict) and "id" in value and isinstance(value.get("account"), dict)


def _parent_uri(status: dict, parent: dict | None, parent_id: str, host: str) -> str:
    """The parent's uri. When the parent is missing (deleted, private, beyond the limits) and is
    the author's own post on their home server, Mastodon's uri pattern gives it from the child's
    (…/statuses/<id>); otherwise its API URL stands in, so the post still counts as a reply."""
    if parent is not None and parent.get("uri"):
        return str(parent["uri"])
    uri = str(status.get("uri") or "")
    own = str(status.get("in_reply_to_account_id") or "") == str(status.get("account", {}).get("id"))
    if own and uri.endswith(f"/statuses/{status.get('id')}"):
        return uri[: -len(str(status["id"]))] + parent_id
    return f"https://{host}/api/v1/statuses/{parent_id}"


def _account_handle(status: dict, parent: dict | None, account_id: str, host: str) -> str | None:
    if parent is not None and isinstance(parent.get("account"), dict):
        return qualified_acct(str(parent["account"].get("acct") or ""), host) or None
    for mention in _dicts(status.get("mentions")):
        if str(mention.get("id")) == account_id and mention.get("acct"):
            return qualified_acct(str(mention["acct"]), host)
    return None


def fetch_thread(client, url: str, **options) -> Thread:
    """The longest self-reply chain through the post at `url` (see MastodonFetcher)."""
    return MastodonFetcher(client, **options).fetch_thread(url)
