"""ActivityPub: a post read as ActivityStreams JSON, for servers without the Mastodon API
(Misskey, Friendica, WriteFreely, …) or when that API is closed.

The post's URL is fetched with `Accept: application/activity+json`; the Note (or Article,
Question, Page) names its author (`attributedTo`, an actor fetched once), its parent
(`inReplyTo`) and its `replies` collection. The thread is walked up while the parent has the
same author, and down through each of the author's posts' `replies` (only the author's own
replies count), within a request budget.

Origin rule, as Mastodon applies it: an object is believed only when its id's host is the host
it was fetched from (otherwise it is fetched again from its id), and a post belongs to the
thread only when it is attributed to the author and hosted on the author's server.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from ..errors import FetchError, Forbidden, InputError, RemoteError
from ..model import Author, Media, Post, Segment, Thread
from .fediverse import (
    CachedFetcher,
    NETWORK,
    Fetched,
    append_paragraph,
    clean_lang,
    host_of,
    html_to_segments,
    is_public,
    media_type,
    parse_time,
    poll_text,
    tidy,
)

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
POST_TYPES = {"Note", "Article", "Question", "Page"}
WRAPPER_TYPES = {"Create", "Update"}
MAX_REQUESTS = 200  # per unroll: objects, actors and collection pages together
MAX_DEPTH = 200  # parents walked up
MAX_PAGES = 10  # pages read of one replies collection
_QUOTE_KEYS = ("quote", "quoteUrl", "quoteUri", "_misskey_quote")


class _OutOfBudget(Exception):
    pass


class ActivityPubFetcher(CachedFetcher):
    """Fetches a post's thread as ActivityPub objects. The httpx client is injected (the
    SSRF-guarded one from `sources.http.make_client`); `requests` counts the calls made."""

    network = NETWORK

    def __init__(self, client, *, max_requests: int = MAX_REQUESTS, max_depth: int = MAX_DEPTH):
        super().__init__()
        self.client = client
        self.max_requests = max_requests
        self.max_depth = max_depth
        self.requests = 0
        self._objects: dict[str, dict] = {}
        self._actors: dict[str, Author] = {}

    # --- requests ---

    def _get(self, url: str) -> dict:
        from .http import get_json

        if self.requests >= self.max_requests:
            raise _OutOfBudget
        self.requests += 1
        data = get_json(self.client, url, headers={"Accept": ACCEPT})
        if not isinstance(data, dict):
            raise RemoteError(f"{url} did not answer with an ActivityPub object", url=url)
        return data

    def _object(self, ref: object, *, trusted_host: str | None = None) -> dict:
        """The post object `ref` names (a URL, or an embedded object), unwrapped from a
        Create/Update and fetched again from its own id when it came from another host."""
        if isinstance(ref, dict):
            obj_id = _id(ref)
            if obj_id and ref.get("type") and host_of(obj_id) == trusted_host:
                return self._unwrap(ref, trusted_host)
            ref = obj_id
        if not isinstance(ref, str) or not ref:
            raise RemoteError("an ActivityPub reference without an id")
        if ref in self._objects:
            return self._objects[ref]
        obj = self._get(ref)
        obj_id = _id(obj)
        if obj_id and host_of(obj_id) != host_of(ref):
            if obj_id in self._objects:
                return self._objects[obj_id]
            obj = self._get(obj_id)  # believe only what the object's own server says
            if host_of(_id(obj)) != host_of(obj_id):
                raise RemoteError(f"{ref} names an object its server does not confirm", url=ref)
        obj = self._unwrap(obj, host_of(_id(obj) or ref))
        self._objects[ref] = obj
        if _id(obj):
            self._objects[_id(obj)] = obj
        return obj

    def _unwrap(self, obj: dict, host: str | None) -> dict:
        if obj.get("type") in WRAPPER_TYPES and obj.get("object") is not None:
            return self._object(obj["object"], trusted_host=host)
        return obj

    def _author(self, actor_id: str) -> Author:
        if actor_id not in self._actors:
            try:
                actor = self._get(actor_id)
                if host_of(_id(actor)) != host_of(actor_id):
                    actor = {}
            except (FetchError, _OutOfBudget):
                actor = {}
            self._actors[actor_id] = author_from_actor(actor, actor_id)
        return self._actors[actor_id]

    # --- the walk ---

    def _fetch(self, url: str) -> Fetched:
        target = self._object(url)
        if target.get("type") not in POST_TYPES or not _id(target):
            raise InputError(f"{url} is not a post (ActivityPub type {target.get('type')!r})")
        if not _visible(target):
            raise Forbidden(f"the post at {url} is not public", url=url)
        actor_id = _attributed_to(target)
        if not actor_id or host_of(actor_id) != host_of(_id(target)):
            raise RemoteError(f"the post at {url} names no author on its own server", url=url)
        author = self._author(actor_id)
        own: dict[str, dict] = {_id(target): target}
        reply_to_handles: dict[str, str] = {}

        # Up: parents while they are the author's.
        current = target
        try:
            for _ in range(self.max_depth):
                parent_ref = _id(current.get("inReplyTo"))
                if not parent_ref or parent_ref in own:
                    break
                try:
                    parent = self._object(current.get("inReplyTo"), trusted_host=host_of(actor_id))
                except FetchError:
                    break  # deleted or private: the thread starts below it
                if _attributed_to(parent) == actor_id and _belongs(parent, actor_id):
                    own[_id(parent)] = parent
                    current = parent
                    continue
                handle = _mentioned_handle(current, _attributed_to(parent))
                if handle:
                    reply_to_handles[_id(current)] = handle
                break
        except _OutOfBudget:
            pass

        # Down: the author's replies to each of the author's posts, from the requested one.
        queue = [target]
        try:
            while queue:
                node = queue.pop(0)
                for item in self._replies(node, actor_id):
                    try:
                        reply = self._object(item, trusted_host=host_of(actor_id))
                    except FetchError:
                        continue
                    reply_id = _id(reply)
                    if not reply_id or reply_id in own or _id(reply.get("inReplyTo")) != _id(node):
                        continue
                    if _attributed_to(reply) == actor_id and _belongs(reply, actor_id):
                        own[reply_id] = reply
                        queue.append(reply)
        except _OutOfBudget:
            pass

        posts = []
        for obj in own.values():
            quoted = self._quoted(obj)
            posts.append(post_from_object(obj, author, reply_to_handle=reply_to_handles.get(_id(obj)), quoted=quoted))
        posts.sort(key=lambda post: (post.created_at, post.id))
        return Fetched(posts=posts, target_id=_id(target))

    def _replies(self, node: dict, actor_id: str):
        """Items of the node's `replies` collection that may be the author's: embedded objects
        and URLs on the author's host (a post by anyone else lives on another server, or turns
        out to be someone else's once fetched). Mastodon's pages of other accounts' replies
        (`only_other_accounts=true`) are not read."""
        collection = node.get("replies")
        author_host = host_of(actor_id)
        pages = 0
        if isinstance(collection, str):
            if host_of(collection) != host_of(_id(node)):
                return
            collection = self._get(collection)
            pages += 1
        if not isinstance(collection, dict):
            return
        page: object = collection
        seen_pages = set()
        while isinstance(page, dict) and pages <= MAX_PAGES:
            for item in _list(page.get("orderedItems")) + _list(page.get("items")):
                item_id = _id(item)
                if not item_id or host_of(item_id) != author_host:
                    continue
                if isinstance(item, dict) and _attributed_to(item) and _attributed_to(item) != actor_id:
                    continue
                yield item
            following = page.get("first") if page is collection and page.get("first") else page.get("next")
            if isinstance(following, dict):
                page = following
                continue
            if not isinstance(following, str) or following in seen_pages or _others_only(following):
                return
            if host_of(following) != host_of(_id(node)):
                return
            seen_pages.add(following)
            page = self._get(following)
            pages += 1

    def _quoted(self, obj: dict) -> Post | None:
        ref = next((obj[key] for key in _QUOTE_KEYS if isinstance(obj.get(key), str) and obj[key]), None)
        if ref is None:
            return None
        try:
            quoted = self._object(ref)
            actor_id = _attributed_to(quoted)
            if quoted.get("type") not in POST_TYPES or not actor_id or not _visible(quoted):
                return None
            if host_of(actor_id) != host_of(_id(quoted)):
                return None
            return post_from_object(quoted, self._author(actor_id))
        except (FetchError, _OutOfBudget):
            return None


# --- objects -> Posts ------------------------------------------------------------------------


def author_from_actor(actor: dict, actor_id: str) -> Author:
    """An Author from an ActivityPub actor (Person, Service, …); `actor` may be empty when it
    could not be fetched, and the handle then comes from the actor id."""
    actor_id = _id(actor) or actor_id
    username = actor.get("preferredUsername") if isinstance(actor.get("preferredUsername"), str) else None
    if not username:
        username = urlsplit(actor_id).path.rstrip("/").rsplit("/", 1)[-1].lstrip("@") or "unknown"
    url = _href(actor.get("url")) or actor_id
    icon = actor.get("icon")
    if isinstance(icon, list):
        icon = next((i for i in icon if isinstance(i, dict)), None)
    avatar = _href(icon.get("url")) if isinstance(icon, dict) else None
    name = actor.get("name") if isinstance(actor.get("name"), str) else ""
    return Author(
        network=NETWORK,
        native_id=url,
        handle=f"{username}@{host_of(actor_id)}",
        name=name.strip() or username,
        avatar_url=avatar,
        profile_url=url,
    )


def post_from_object(obj: dict, author: Author, *, reply_to_handle: str | None = None, quoted: Post | None = None) -> Post:
    """A Post from an ActivityStreams Note/Article/Question/Page (as served live or in an export)."""
    tags = [tag for tag in _list(obj.get("tag")) if isinstance(tag, dict)]
    emojis = {}
    for tag in tags:
        if tag.get("type") == "Emoji" and isinstance(tag.get("name"), str):
            icon = tag.get("icon")
            url = _href(icon.get("url")) if isinstance(icon, dict) else None
            if url:
                emojis[tag["name"].strip(":")] = url
    mentions = {href for tag in tags if tag.get("type") == "Mention" and (href := _href(tag.get("href")))}
    hashtags = {href for tag in tags if tag.get("type") == "Hashtag" and (href := _href(tag.get("href")))}
    content, lang = _content(obj)
    segments, links = html_to_segments(
        content,
        emojis=emojis,
        mention_urls=mentions,
        hashtag_urls=hashtags,
        base_url=_id(obj),
        drop_quote_inline=quoted is not None,
    )
    kind = obj.get("type")
    warning = None
    if kind == "Article" or kind == "Page":
        title = " ".join(str(obj.get("name") or "").split())
        if title:
            segments = tidy([Segment("text", title + ("\n\n" if segments else "")), *segments])
    elif isinstance(obj.get("summary"), str):
        warning = obj["summary"].strip() or None  # Mastodon's content warning
    if kind == "Question":
        choices = _list(obj.get("oneOf")) or _list(obj.get("anyOf"))
        options = []
        for choice in choices:
            if isinstance(choice, dict):
                replies = choice.get("replies")
                votes = replies.get("totalItems") if isinstance(replies, dict) else None
                options.append((str(choice.get("name") or ""), votes))
        segments = append_paragraph(segments, poll_text(options))
    post_id = _id(obj)
    return Post(
        network=NETWORK,
        id=post_id,
        url=_href(obj.get("url"), prefer_html=True) or post_id,
        author=author,
        created_at=parse_time(obj.get("published")),
        segments=segments,
        lang=clean_lang(lang),
        media=[m for m in map(media_from_attachment, _list(obj.get("attachment"))) if m],
        links=links,
        quoted=quoted,
        reply_to_id=_id(obj.get("inReplyTo")) or None,
        reply_to_handle=reply_to_handle,
        content_warning=warning,
    )


def media_from_attachment(attachment: object, *, url: str | None = None) -> Media | None:
    """A Media from an ActivityStreams attachment (Document, Image, Video, Audio); `url`
    overrides its URL (an archive's file)."""
    if not isinstance(attachment, dict) or attachment.get("type") not in ("Document", "Image", "Video", "Audio", "Link"):
        return None
    href = url or _href(attachment.get("url"))
    if not href:
        return None
    mime = attachment.get("mediaType") if isinstance(attachment.get("mediaType"), str) else None
    kind = attachment["type"].lower() if attachment["type"] in ("Image", "Video", "Audio") else None
    width, height = attachment.get("width"), attachment.get("height")
    return Media(
        type=media_type(None if mime else kind, mime, href),
        url=href,
        alt=str(attachment.get("name") or "").strip(),
        width=width if isinstance(width, int) and width > 0 else None,
        height=height if isinstance(height, int) and height > 0 else None,
    )


def _content(obj: dict) -> tuple[str, str | None]:
    content = obj.get("content") if isinstance(obj.get("content"), str) else None
    content_map = obj.get("contentMap") if isinstance(obj.get("contentMap"), dict) else {}
    lang = None
    for key, value in content_map.items():
        if isinstance(value, str) and (content is None or value == content):
            lang, content = key, value
            break
    if lang is None and len(content_map) == 1:
        lang = next(iter(content_map))
    return content or "", lang


def _id(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = value.get("id") or value.get("href")
        return found if isinstance(found, str) else ""
    return ""


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _href(value: object, *, prefer_html: bool = False) -> str | None:
    """A URL from a string, a Link object or a list of them (text/html first when asked)."""
    candidates = []
    for item in _list(value):
        if isinstance(item, str):
            candidates.append((None, item))
        elif isinstance(item, dict):
            href = item.get("href") or item.get("url")
            if isinstance(href, str):
                candidates.append((item.get("mediaType"), href))
    if prefer_html:
        for mime, href in candidates:
            if mime == "text/html":
                return href
    for _mime, href in candidates:
        if href.lower().startswith(("https://", "http://")):
            return href
    return None


def _attributed_to(obj: dict) -> str:
    for item in _list(obj.get("attributedTo")):
        if isinstance(item, str):
            return item
        if isinstance(item, dict) and item.get("type") in (None, "Person", "Service", "Application", "Group", "Organization"):
            found = _id(item)
            if found:
                return found
    return ""


def _belongs(obj: dict, actor_id: str) -> bool:
    return host_of(_id(obj)) == host_of(actor_id) and _visible(obj)


def _visible(obj: dict) -> bool:
    """Public or unlisted; objects that carry no addressing at all are taken as served."""
    if "to" not in obj and "cc" not in obj:
        return True
    return is_public(obj.get("to"), obj.get("cc"))


def _others_only(url: str) -> bool:
    try:
        return parse_qs(urlsplit(url).query).get("only_other_accounts") == ["true"]
    except ValueError:
        return False


def _mentioned_handle(obj: dict, other_actor: str) -> str | None:
    """The handle of `other_actor` as the post mentions it ("@sam@other.example" -> "sam@other.example"),
    else one made from the actor id."""
    for tag in _list(obj.get("tag")):
        if isinstance(tag, dict) and tag.get("type") == "Mention" and _href(tag.get("href")) == other_actor:
            name = str(tag.get("name") or "").strip().lstrip("@")
            if name:
                return name if "@" in name else f"{name}@{host_of(other_actor)}"
    if not other_actor:
        return None
    username = urlsplit(other_actor).path.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{username}@{host_of(other_actor)}" if username else None


def fetch_thread(client, url: str, **options) -> Thread:
    """The longest self-reply chain through the post at `url`, read as ActivityPub."""
    return ActivityPubFetcher(client, **options).fetch_thread(url)
