"""Bluesky: post URLs, records and AppView views -> neutral Posts, and the live fetcher.

Live unrolls read `app.bsky.feed.getPostThread` from the public AppView (or, with an app
password, through the user's PDS with `atproto-proxy`). The thread's own posts are the
author's chain of self-replies: the ancestors of the requested post while they are by the same
DID, and every same-author reply below it (the caller assembles the longest chain).

Text arrives as `record.text` plus facets whose ranges are UTF-8 *byte* offsets; they become
Segments here, so no byte offset travels further.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from ..assemble import assemble_threads
from ..errors import Forbidden, InputError, NotFoundRemote, RateLimited, RemoteError
from ..model import Author, Media, Post, Segment, Thread, tidy_segments

NETWORK = "bluesky"
SITE = "https://bsky.app"
CDN = "https://cdn.bsky.app"
VIDEO_CDN = "https://video.bsky.app"
POST_COLLECTION = "app.bsky.feed.post"
DEFAULT_APPVIEW = "https://public.api.bsky.app"
DEFAULT_PDS = "https://bsky.social"
DEFAULT_APPVIEW_DID = "did:web:api.bsky.app"
# getPostThread allows 0..1000 for both. Ancestors are a single line, so ask for all of them;
# replies fan out (everyone's), so a modest depth keeps a popular post's answer small.
DEFAULT_DEPTH = 30
DEFAULT_PARENT_HEIGHT = 1000
# Follow-up calls for threads longer than the depth limit stop here (a runaway guard).
MAX_REQUESTS = 40

_HANDLE = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+"
_DID = r"did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}"
_RKEY = r"[A-Za-z0-9._:~-]{1,512}"
_WEB_URL = re.compile(
    rf"^(?:https?://)?(?:staging\.)?bsky\.app/profile/((?:{_DID})|(?:{_HANDLE})|(?:did%3A[A-Za-z0-9._:%-]+))/post/({_RKEY})/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_AT_URI = re.compile(rf"^at://((?:{_DID})|(?:{_HANDLE}))/([A-Za-z0-9.-]+)/({_RKEY})/?$")
_IS_DID = re.compile(rf"^{_DID}$")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID = re.compile(r"^[234567abcdefghij][234567a-z]{12}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?[^\s/]+\.[^\s/]+(?:/\S*)?$", re.IGNORECASE)
# Self-labels a post's author sets (com.atproto.label.defs#selfLabels) that warrant a warning.
_WARNING_LABELS = {"sexual": "sexual content", "nudity": "nudity", "porn": "adult content", "graphic-media": "graphic media", "gore": "graphic media"}


# --- identifiers and URLs ---------------------------------------------------------------


class PostRef(NamedTuple):
    """A post's repository (a DID or a handle) and record key."""

    actor: str
    rkey: str

    @property
    def at_uri(self) -> str:
        return f"at://{self.actor}/{POST_COLLECTION}/{self.rkey}"


def parse_post_url(url: str) -> PostRef | None:
    """The actor and rkey of a `bsky.app/profile/…/post/…` URL or a post's `at://` URI, else None."""
    url = url.strip()
    match = _WEB_URL.match(url)
    if match:
        actor = unquote(match.group(1))
        if not (is_did(actor) or is_handle(actor)):
            return None
        return PostRef(_normal_actor(actor), match.group(2))
    match = _AT_URI.match(url)
    if match and match.group(2) == POST_COLLECTION:
        return PostRef(_normal_actor(match.group(1)), match.group(3))
    return None


def parse_at_uri(uri: str) -> tuple[str, str, str] | None:
    """(authority, collection, rkey) of a record's at:// URI, else None."""
    match = _AT_URI.match(uri or "")
    return (match.group(1), match.group(2), match.group(3)) if match else None


def is_did(actor: str) -> bool:
    return bool(_IS_DID.match(actor))


def is_handle(actor: str) -> bool:
    return bool(re.fullmatch(_HANDLE, actor)) and len(actor) <= 253


def post_uri(did: str, rkey: str) -> str:
    return f"at://{did}/{POST_COLLECTION}/{rkey}"


def web_url(uri: str, handle: str | None = None) -> str:
    """`https://bsky.app/profile/<handle>/post/<rkey>` for a post's at:// URI (the DID without a handle)."""
    parts = parse_at_uri(uri)
    if parts is None:
        return uri
    actor = handle if handle and handle != "handle.invalid" else parts[0]
    return f"{SITE}/profile/{actor}/post/{parts[2]}"


def profile_url(actor: str) -> str:
    return f"{SITE}/profile/{actor}"


def tid_time(rkey: str) -> datetime | None:
    """The creation time a TID record key encodes (53 bits of microseconds), else None."""
    if not _TID.match(rkey):
        return None
    value = 0
    for char in rkey:
        value = value * 32 + _TID_ALPHABET.index(char)
    try:
        return datetime.fromtimestamp((value >> 10) / 1_000_000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _normal_actor(actor: str) -> str:
    # Handles are case-insensitive and stored lowercase; a DID's method-specific part is not.
    return actor if actor.lower().startswith("did:") else actor.lower()


def parse_datetime(value: object, fallback: datetime | None = None) -> datetime:
    """A record's `createdAt` (RFC 3339; a missing zone is read as UTC)."""
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return fallback or datetime(1970, 1, 1, tzinfo=timezone.utc)


# --- text and facets ---------------------------------------------------------------------


def facet_segments(text: object, facets: object) -> list[Segment]:
    """`record.text` with its facets as Segments.

    Facet ranges are UTF-8 byte offsets: the text is encoded, sliced on bytes and decoded, so
    links, mentions and tags land on the right characters whatever the script or emoji. Facets
    out of range, splitting a character, overlapping an earlier one or with no known feature are
    skipped (their text stays plain). Link text becomes the facet's full URI when the text is the
    link written out (Bluesky shortens long links for display); custom anchor text is kept.
    """
    if not isinstance(text, str):
        text = ""
    data = text.encode("utf-8", "surrogatepass")
    spans: list[tuple[int, int, str, str]] = []
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict) or not isinstance(facet.get("index"), dict):
            continue
        start, end = facet["index"].get("byteStart"), facet["index"].get("byteEnd")
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(data):
            continue
        if not (_char_boundary(data, start) and _char_boundary(data, end)):
            continue
        feature = _feature(facet.get("features"))
        if feature is not None:
            spans.append((start, end, *feature))
    spans.sort(key=lambda span: (span[0], -span[1]))

    segments: list[Segment] = []
    cursor = 0
    for start, end, kind, url in spans:
        if start < cursor:
            continue  # overlaps the previous facet
        if start > cursor:
            segments.append(Segment("text", _decode(data[cursor:start])))
        shown = _decode(data[start:end])
        if kind == "link" and _is_written_link(shown, url):
            shown = url
        segments.append(Segment(kind, shown, url))
        cursor = end
    if cursor < len(data):
        segments.append(Segment("text", _decode(data[cursor:])))
    return tidy_segments(segments)


def _char_boundary(data: bytes, index: int) -> bool:
    return index == len(data) or (data[index] & 0xC0) != 0x80


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _feature(features: object) -> tuple[str, str] | None:
    """(segment kind, URL) of the first feature Unspool knows."""
    for feature in features if isinstance(features, list) else []:
        if not isinstance(feature, dict):
            continue
        kind = feature.get("$type")
        if kind == "app.bsky.richtext.facet#link" and isinstance(feature.get("uri"), str) and feature["uri"].strip():
            return "link", feature["uri"].strip()
        if kind == "app.bsky.richtext.facet#mention" and isinstance(feature.get("did"), str) and is_did(feature["did"]):
            return "mention", profile_url(feature["did"])
        if kind == "app.bsky.richtext.facet#tag" and isinstance(feature.get("tag"), str) and feature["tag"].strip():
            return "hashtag", f"{SITE}/hashtag/{quote(feature['tag'].strip().lstrip('#'), safe='')}"
    return None


def _is_written_link(shown: str, uri: str) -> bool:
    """True when the facet's text is the URI itself, possibly shortened ("example.org/a-long-pa...")."""
    text = shown.strip()
    if not text or any(char.isspace() for char in text):
        return False
    bare_text = _bare(text.rstrip(".…"))
    if bare_text and _bare(uri).lower().startswith(bare_text.lower()):
        return True
    return bool(_URLISH.match(text))


def _bare(url: str) -> str:
    url = _SCHEME.sub("", url)
    return url[4:] if url.lower().startswith("www.") else url


# --- posts -------------------------------------------------------------------------------


class _Extras:
    """What a post's embed adds: media, links (external cards, quoted posts) and a quoted Post."""

    def __init__(self) -> None:
        self.media: list[Media] = []
        self.links: list[str] = []
        self.quoted: Post | None = None

    def add_link(self, uri: object) -> None:
        if isinstance(uri, str) and uri.strip() and uri.strip() not in self.links:
            self.links.append(uri.strip())


def author_from_view(profile: dict) -> Author:
    """An Author from `app.bsky.actor.defs#profileViewBasic`."""
    did = str(profile.get("did") or "")
    handle = profile.get("handle") if isinstance(profile.get("handle"), str) else ""
    if not handle or handle == "handle.invalid":
        handle = did
    name = profile.get("displayName") if isinstance(profile.get("displayName"), str) else ""
    avatar = profile.get("avatar") if isinstance(profile.get("avatar"), str) else None
    return Author(
        network=NETWORK,
        native_id=did,
        handle=handle,
        name=name.strip() or handle,
        avatar_url=avatar or None,
        profile_url=profile_url(handle),
    )


def build_post(
    uri: str,
    record: dict,
    author: Author,
    extras: _Extras,
    *,
    reply_to_handle: str | None = None,
) -> Post:
    """A Post from an `app.bsky.feed.post` record and what its embed contributed."""
    parts = parse_at_uri(uri)
    rkey = parts[2] if parts else ""
    segments = facet_segments(record.get("text"), record.get("facets"))
    links = [segment.url for segment in segments if segment.kind == "link" and segment.url]
    shown_links = set(links)
    for link in extras.links:
        if link not in shown_links:
            # Embedded cards and quoted posts are not in the text: they follow it, on their own line.
            if segments and segments[-1].kind == "text":
                segments[-1] = Segment("text", segments[-1].text + "\n")
            elif segments:
                segments.append(Segment("text", "\n"))
            segments.append(Segment("link", link, link))
            shown_links.add(link)
        if link not in links:
            links.append(link)
    parent_uri = reply_parent(record)
    langs = record.get("langs")
    lang = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) and langs[0] else None
    return Post(
        network=NETWORK,
        id=uri,
        url=web_url(uri, author.handle),
        author=author,
        created_at=parse_datetime(record.get("createdAt"), tid_time(rkey)),
        segments=segments,
        lang=lang,
        media=extras.media,
        links=links,
        quoted=extras.quoted,
        reply_to_id=parent_uri,
        reply_to_handle=reply_to_handle if parent_uri else None,
        content_warning=_content_warning(record.get("labels")),
    )


def _content_warning(labels: object) -> str | None:
    if not isinstance(labels, dict) or not isinstance(labels.get("values"), list):
        return None
    warnings = []
    for label in labels["values"]:
        value = label.get("val") if isinstance(label, dict) else None
        warning = _WARNING_LABELS.get(value) if isinstance(value, str) else None
        if warning and warning not in warnings:
            warnings.append(warning)
    return ", ".join(warnings) or None


def _aspect(item: dict) -> tuple[int | None, int | None]:
    ratio = item.get("aspectRatio")
    if not isinstance(ratio, dict):
        return None, None
    width, height = ratio.get("width"), ratio.get("height")
    if type(width) is int and type(height) is int and width > 0 and height > 0:
        return width, height
    return None, None


def _alt(item: dict) -> str:
    return item["alt"] if isinstance(item.get("alt"), str) else ""


# --- embeds as the AppView serves them (`…#view`) ---


def _view_extras(embed: object, extras: _Extras, *, nested: bool = False) -> _Extras:
    if not isinstance(embed, dict):
        return extras
    kind = embed.get("$type")
    if kind == "app.bsky.embed.images#view":
        for image in _dicts(embed.get("images")):
            url = image.get("fullsize") or image.get("thumb")
            if isinstance(url, str) and url:
                width, height = _aspect(image)
                extras.media.append(Media(type="image", url=url, alt=_alt(image), width=width, height=height))
    elif kind == "app.bsky.embed.gallery#view":
        for image in _dicts(embed.get("items")):
            url = image.get("fullsize") or image.get("thumbnail")
            if isinstance(url, str) and url:
                width, height = _aspect(image)
                extras.media.append(Media(type="image", url=url, alt=_alt(image), width=width, height=height))
    elif kind == "app.bsky.embed.video#view":
        if isinstance(embed.get("playlist"), str) and embed["playlist"]:
            width, height = _aspect(embed)
            media_type = "gif" if embed.get("presentation") == "gif" else "video"
            extras.media.append(Media(type=media_type, url=embed["playlist"], alt=_alt(embed), width=width, height=height))
    elif kind == "app.bsky.embed.external#view":
        external = embed.get("external")
        if isinstance(external, dict):
            extras.add_link(external.get("uri"))
    elif kind == "app.bsky.embed.record#view":
        _quoted_view(embed.get("record"), extras, nested)
    elif kind == "app.bsky.embed.recordWithMedia#view":
        _view_extras(embed.get("media"), extras, nested=nested)
        record = embed.get("record")
        if isinstance(record, dict):
            _quoted_view(record.get("record"), extras, nested)
    return extras


def _quoted_view(record: object, extras: _Extras, nested: bool) -> None:
    """`app.bsky.embed.record#viewRecord` of a post -> the quoted Post (one level deep);
    not found, blocked, detached, or not a post (feeds, lists) -> nothing."""
    if not isinstance(record, dict) or record.get("$type") != "app.bsky.embed.record#viewRecord":
        return
    value, uri, author = record.get("value"), record.get("uri"), record.get("author")
    if not isinstance(value, dict) or not isinstance(uri, str) or not isinstance(author, dict):
        return
    parts = parse_at_uri(uri)
    if parts is None or parts[1] != POST_COLLECTION or value.get("$type", POST_COLLECTION) != POST_COLLECTION:
        return
    if nested:  # a quote inside a quote: a link is enough
        extras.add_link(web_url(uri, author.get("handle")))
        return
    inner = _Extras()
    for embed in _dicts(record.get("embeds"))[:1]:
        _view_extras(embed, inner, nested=True)
    quoted_author = author_from_view(author)
    extras.quoted = build_post(uri, value, quoted_author, inner)


def _dicts(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# --- embeds as stored in the record (archives) ---


def blob_cid(blob: object) -> str | None:
    """The CID of a blob ref: `{"$type": "blob", "ref": <link>}` (a CID string or raw CID bytes
    in CBOR) or the legacy `{"cid": "…"}`."""
    if not isinstance(blob, dict):
        return None
    ref = blob.get("ref", blob.get("cid"))
    if isinstance(ref, dict):
        ref = ref.get("$link")
    if isinstance(ref, (bytes, bytearray)):
        try:
            import libipld

            return libipld.encode_cid(bytes(ref))
        except (ImportError, ValueError):
            return None
    return ref if isinstance(ref, str) and ref else None


def image_url(did: str, cid: str) -> str:
    return f"{CDN}/img/feed_fullsize/plain/{did}/{cid}@jpeg"


def avatar_url(did: str, cid: str) -> str:
    return f"{CDN}/img/avatar/plain/{did}/{cid}@jpeg"


def video_url(did: str, cid: str) -> str:
    return f"{VIDEO_CDN}/watch/{quote(did, safe='')}/{cid}/playlist.m3u8"


QuoteResolver = Callable[[str], "Post | None"]


def record_extras(embed: object, did: str, quote_resolver: QuoteResolver | None = None, extras: _Extras | None = None) -> _Extras:
    """Media, links and quoted post of a record's own embed (`app.bsky.embed.*`, not `#view`):
    images and videos point at Bluesky's CDN by blob CID; a quoted post is resolved by
    `quote_resolver(uri)` (posts of the same repository) or stays a link to the post."""
    extras = extras or _Extras()
    if not isinstance(embed, dict):
        return extras
    kind = embed.get("$type")
    if kind in ("app.bsky.embed.images", "app.bsky.embed.gallery"):
        for image in _dicts(embed.get("images" if kind == "app.bsky.embed.images" else "items")):
            cid = blob_cid(image.get("image"))
            if cid:
                width, height = _aspect(image)
                extras.media.append(Media(type="image", url=image_url(did, cid), alt=_alt(image), width=width, height=height))
    elif kind == "app.bsky.embed.video":
        cid = blob_cid(embed.get("video"))
        if cid:
            width, height = _aspect(embed)
            media_type = "gif" if embed.get("presentation") == "gif" else "video"
            extras.media.append(Media(type=media_type, url=video_url(did, cid), alt=_alt(embed), width=width, height=height))
    elif kind == "app.bsky.embed.external":
        external = embed.get("external")
        if isinstance(external, dict):
            extras.add_link(external.get("uri"))
    elif kind == "app.bsky.embed.record":
        _quoted_record(embed.get("record"), extras, quote_resolver)
    elif kind == "app.bsky.embed.recordWithMedia":
        record_extras(embed.get("media"), did, quote_resolver, extras)
        record = embed.get("record")
        if isinstance(record, dict):
            _quoted_record(record.get("record"), extras, quote_resolver)
    return extras


def _quoted_record(ref: object, extras: _Extras, quote_resolver: QuoteResolver | None) -> None:
    uri = ref.get("uri") if isinstance(ref, dict) else None
    parts = parse_at_uri(uri) if isinstance(uri, str) else None
    if parts is None or parts[1] != POST_COLLECTION:
        return
    quoted = quote_resolver(uri) if quote_resolver else None
    if quoted is not None:
        extras.quoted = quoted
    else:
        extras.add_link(web_url(uri))


# --- AppView thread views -> posts ----------------------------------------------------------


def post_from_view(view: dict, *, reply_to_handle: str | None = None) -> Post:
    """A Post from `app.bsky.feed.defs#postView` (its record, and its hydrated embed view)."""
    record = view.get("record") if isinstance(view.get("record"), dict) else {}
    author = author_from_view(view.get("author") if isinstance(view.get("author"), dict) else {})
    if isinstance(view.get("embed"), dict):
        extras = _view_extras(view["embed"], _Extras())
    else:
        extras = record_extras(record.get("embed"), author.native_id)
    return build_post(str(view.get("uri") or ""), record, author, extras, reply_to_handle=reply_to_handle)


def reply_parent(record: dict) -> str | None:
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    uri = parent.get("uri") if isinstance(parent, dict) else None
    return uri if isinstance(uri, str) and uri else None


def _kind(node: object) -> str:
    if not isinstance(node, dict):
        return "missing"
    kind = node.get("$type")
    if kind == "app.bsky.feed.defs#threadViewPost" or (kind is None and isinstance(node.get("post"), dict)):
        return "post" if isinstance(node.get("post"), dict) and isinstance(node["post"].get("uri"), str) else "missing"
    if kind == "app.bsky.feed.defs#notFoundPost" or node.get("notFound") is True:
        return "notFound"
    if kind == "app.bsky.feed.defs#blockedPost" or node.get("blocked") is True:
        return "blocked"
    return "missing"


def _author_did(node: dict) -> str | None:
    author = node["post"].get("author")
    return author.get("did") if isinstance(author, dict) else None


# --- the live fetcher ------------------------------------------------------------------------


# Access tokens of logged-in fetchers, by (PDS, handle, hash of the app password): every live
# unroll makes a new fetcher, and createSession allows about 30 logins per 5 minutes and 300 a
# day, so a process logs in once and again only when the token runs out.
_SESSIONS: dict[tuple[str, str, str], str] = {}
_SESSIONS_LOCK = threading.Lock()


class BlueskyFetcher:
    """Fetches a post's thread from the Bluesky AppView. The httpx client is injected (the
    SSRF-guarded one from `sources.http.make_client`); `requests` counts the calls made.

    With `handle` and `app_password`, reads go to the PDS (`createSession` first) with the
    session's bearer token and `atproto-proxy: <appview DID>#bsky_appview`. With `session` (an
    object with `access_token` and `renew(stale) -> str`, e.g. the bot's session kept in the
    database), reads go to the PDS with that session and never log in: createSession is rate-limited.
    """

    network = NETWORK

    def __init__(
        self,
        client,
        *,
        appview: str = DEFAULT_APPVIEW,
        pds: str = DEFAULT_PDS,
        handle: str | None = None,
        app_password: str | None = None,
        appview_did: str = DEFAULT_APPVIEW_DID,
        depth: int = DEFAULT_DEPTH,
        parent_height: int = DEFAULT_PARENT_HEIGHT,
        max_requests: int = MAX_REQUESTS,
        session=None,
    ):
        self.client = client
        self.session = session
        self.appview = appview.rstrip("/")
        self.pds = pds.rstrip("/")
        self.login = (handle, app_password) if handle and app_password else None
        self.appview_did = appview_did
        self.depth = max(1, min(1000, depth))
        self.parent_height = max(1, min(1000, parent_height))
        self.max_requests = max_requests
        self.requests = 0
        self._access_jwt: str | None = None
        self._dids: dict[str, str] = {}

    @classmethod
    def from_settings(cls, client, settings, **options) -> BlueskyFetcher:
        """A fetcher configured by UNSPOOL_BSKY_* (see config.Settings)."""
        return cls(
            client,
            appview=settings.bsky_appview,
            pds=settings.bsky_pds,
            handle=settings.bsky_handle,
            app_password=settings.bsky_app_password,
            appview_did=settings.bsky_appview_did,
            **options,
        )

    # --- public API ---

    def canonical_id(self, ref: str) -> str:
        """The post's at:// URI with its DID (resolving a handle once: one request)."""
        post = parse_post_url(ref)
        if post is None:
            raise InputError(f"{ref!r} is not a Bluesky post URL (https://bsky.app/profile/HANDLE/post/ID or at://…)")
        return post_uri(self.resolve_handle(post.actor), post.rkey)

    def fetch_posts(self, ref: str) -> list[Post]:
        """The requested post, its ancestors by the same author, and every reply of that author
        below it (all branches), fetched in as few getPostThread calls as the depth allows."""
        focus_uri = self.canonical_id(ref)
        did = parse_at_uri(focus_uri)[0]
        collected: dict[str, Post] = {}
        node = self._get_thread(focus_uri, self.depth, self.parent_height)
        kind = _kind(node)
        if kind == "notFound":
            raise NotFoundRemote(f"Bluesky has no post {web_url(focus_uri)}: it was deleted or never existed")
        if kind == "blocked":
            raise Forbidden(f"the post {web_url(focus_uri)} is not visible: its author blocks, or is blocked by, the account reading it")
        if kind != "post":
            raise RemoteError(f"unexpected answer from the Bluesky AppView for {focus_uri}; try again later")
        did = _author_did(node) or did
        fetched = {focus_uri}
        up = self._collect_up(node, did, collected)
        frontier = self._collect_down(node, did, collected)
        while up is not None or frontier:
            if self.requests >= self.max_requests:
                break
            if up is not None:  # more ancestors than parentHeight returned
                fetched.add(up)
                top = self._get_thread(up, 0, self.parent_height)
                up = self._collect_up(top, did, collected) if _kind(top) == "post" else None
                if up in fetched:  # no progress: the view gave no parent again
                    up = None
                continue
            uri = frontier.pop()
            if uri in fetched:
                continue
            fetched.add(uri)
            deeper = self._get_thread(uri, self.depth, 0)
            if _kind(deeper) == "post":
                frontier.extend(self._collect_down(deeper, did, collected))
        return list(collected.values())

    def fetch_thread(self, ref: str) -> Thread:
        """The thread (longest self-reply chain) through the requested post."""
        posts = self.fetch_posts(ref)
        focus = self.canonical_id(ref)
        thread = chain_through(posts, focus)
        if thread is not None:
            return thread
        raise InputError(f"{web_url(focus)} is a single post, not a thread: its author did not reply to it or to an earlier post of theirs")

    # --- walking the thread view ---

    def _collect_up(self, node: dict, did: str, collected: dict[str, Post]) -> str | None:
        """Adds the node's post and its same-author ancestors; returns the URI of the topmost one
        when the view stopped before its parent (parentHeight reached), else None."""
        chain = [node]
        parent = node.get("parent")
        while _kind(parent) == "post" and _author_did(parent) == did:
            chain.append(parent)
            parent = parent.get("parent")
        top = chain[-1]
        reply_to_handle = None
        if _kind(parent) == "post":  # the thread starts as a reply to someone else
            other = parent["post"].get("author")
            reply_to_handle = other.get("handle") if isinstance(other, dict) else None
            if reply_to_handle == "handle.invalid":
                reply_to_handle = None
        for item in chain:
            uri = item["post"]["uri"]
            if uri not in collected or item is top:
                collected[uri] = post_from_view(item["post"], reply_to_handle=reply_to_handle if item is top else None)
        if parent is None:  # no parent in the view: a root, or parentHeight ran out
            record = top["post"].get("record")
            parent_uri = reply_parent(record) if isinstance(record, dict) else None
            parts = parse_at_uri(parent_uri) if parent_uri else None
            if parts is not None and parts[0] == did and parent_uri not in collected:
                return top["post"]["uri"]
        return None

    def _collect_down(self, node: dict, did: str, collected: dict[str, Post]) -> list[str]:
        """Adds every same-author reply below the node (all branches); returns the URIs of those
        whose replies the view left out (depth reached) while they have some."""
        truncated = []
        stack = [node]
        while stack:
            current = stack.pop()
            post = current["post"]
            if post["uri"] not in collected:
                collected[post["uri"]] = post_from_view(post)
            replies = current.get("replies")
            if replies is None:
                count = post.get("replyCount")
                if not isinstance(count, int) or count > 0:
                    truncated.append(post["uri"])
                continue
            for reply in replies if isinstance(replies, list) else []:
                if _kind(reply) == "post" and _author_did(reply) == did:
                    stack.append(reply)
        return truncated

    # --- requests ---

    def _base_and_headers(self) -> tuple[str, dict[str, str]]:
        proxy = f"{self.appview_did}#bsky_appview"
        if self.session is not None:
            return self.pds, {"Authorization": f"Bearer {self.session.access_token}", "atproto-proxy": proxy}
        if self.login is None:
            return self.appview, {}
        if self._access_jwt is None:
            with _SESSIONS_LOCK:  # one login at a time, shared by this process's fetchers
                self._access_jwt = _SESSIONS.get(self._session_key())
                if self._access_jwt is None:
                    self._create_session()
                    _SESSIONS[self._session_key()] = self._access_jwt
        return self.pds, {"Authorization": f"Bearer {self._access_jwt}", "atproto-proxy": proxy}

    def _session_key(self) -> tuple[str, str, str]:
        handle, password = self.login
        return (self.pds, handle, hashlib.sha256(password.encode()).hexdigest())

    def _create_session(self) -> None:
        from .http import fetch

        identifier, password = self.login
        url = f"{self.pds}/xrpc/com.atproto.server.createSession"
        self.requests += 1
        body = json.dumps({"identifier": identifier, "password": password}).encode()
        response = fetch(self.client, url, method="POST", headers={"Content-Type": "application/json"}, content=body)
        if response.status_code in (400, 401):
            raise Forbidden(
                f"the Bluesky PDS {self.pds} refused the login of @{identifier} ({_xrpc_error(response) or response.status_code}); "
                "check UNSPOOL_BSKY_HANDLE and UNSPOOL_BSKY_APP_PASSWORD",
                url=url,
                status=response.status_code,
            )
        data = _xrpc_result(response, url)
        token = data.get("accessJwt")
        if not isinstance(token, str) or not token:
            raise RemoteError(f"the Bluesky PDS {self.pds} did not return a session; try again later", url=url)
        self._access_jwt = token

    def _xrpc(self, method: str, params: dict) -> dict:
        from .http import fetch  # httpx loads only when something is fetched

        base, headers = self._base_and_headers()
        url = f"{base}/xrpc/{method}"
        self.requests += 1
        response = fetch(self.client, url, headers=headers, params=params)
        authenticated = self.session is not None or self.login is not None
        if authenticated and response.status_code in (400, 401) and _xrpc_error(response) in ("ExpiredToken", "InvalidToken"):
            stale = headers["Authorization"].removeprefix("Bearer ")
            if self.session is not None:  # the session ran out: renew it (refresh, or log in), once
                self.session.renew(stale)
            else:
                with _SESSIONS_LOCK:
                    if _SESSIONS.get(self._session_key()) == stale:
                        del _SESSIONS[self._session_key()]
            self._access_jwt = None
            base, headers = self._base_and_headers()
            self.requests += 1
            response = fetch(self.client, url, headers=headers, params=params)
        return _xrpc_result(response, url)

    def resolve_handle(self, actor: str) -> str:
        if is_did(actor):
            return actor
        if actor not in self._dids:
            try:
                data = self._xrpc("com.atproto.identity.resolveHandle", {"handle": actor})
            except NotFoundRemote as exc:
                raise NotFoundRemote(f"no Bluesky account has the handle @{actor}", url=exc.url, status=exc.status) from exc
            did = data.get("did")
            if not isinstance(did, str) or not is_did(did):
                raise NotFoundRemote(f"no Bluesky account has the handle @{actor}")
            self._dids[actor] = did
        return self._dids[actor]

    def _get_thread(self, uri: str, depth: int, parent_height: int) -> object:
        try:
            data = self._xrpc("app.bsky.feed.getPostThread", {"uri": uri, "depth": str(depth), "parentHeight": str(parent_height)})
        except NotFoundRemote as exc:
            raise NotFoundRemote(f"Bluesky has no post {web_url(uri)}: it was deleted or never existed", url=exc.url, status=exc.status) from exc
        return data.get("thread")


# XRPC error names (`{"error": "NotFound", "message": "…"}`, usually with HTTP 400) -> what they mean here.
_NOT_FOUND_ERRORS = {"NotFound", "RecordNotFound", "HandleNotFound", "AccountNotFound", "RepoNotFound", "ProfileNotFound"}
_FORBIDDEN_ERRORS = {"BlockedActor", "BlockedByActor", "AuthenticationRequired", "ExpiredToken", "InvalidToken", "AccountTakedown", "RepoTakendown", "RepoDeactivated", "RepoSuspended"}


def _xrpc_error(response) -> str | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body["error"] if isinstance(body, dict) and isinstance(body.get("error"), str) else None


def _xrpc_message(response) -> str:
    try:
        body = json.loads(response.content)
    except ValueError:
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return message if isinstance(message, str) else ""


def _xrpc_result(response, url: str) -> dict:
    """The JSON object of an XRPC answer, or the UnspoolError its status and error name mean."""
    status = response.status_code
    host = urlsplit(url).hostname or url
    error = _xrpc_error(response) if status >= 400 else None
    if status in (404, 410) or error in _NOT_FOUND_ERRORS or (error == "InvalidRequest" and "resolve handle" in _xrpc_message(response).lower()):
        raise NotFoundRemote(f"{host} has nothing at {url} (HTTP {status}{f' {error}' if error else ''})", url=url, status=status)
    if status in (401, 403) or error in _FORBIDDEN_ERRORS:
        raise Forbidden(f"{host} refused access to {url} (HTTP {status}{f' {error}' if error else ''}): blocked, private or taken down", url=url, status=status)
    if status == 429:
        from .http import retry_after

        wait = retry_after(response.headers.get("retry-after") or response.headers.get("ratelimit-reset-after"))
        when = f"in {wait:.0f} s" if wait is not None else "later"
        raise RateLimited(f"{host} is rate-limiting Unspool; try again {when}", retry_after=wait, url=url)
    if not 200 <= status < 300:
        detail = f" ({error})" if error else ""
        raise RemoteError(f"{host} answered HTTP {status}{detail} for {url}; try again later", url=url, status=status)
    try:
        data = json.loads(response.content)
    except ValueError:
        raise RemoteError(f"{url} did not return valid JSON; try again later", url=url, status=status) from None
    if not isinstance(data, dict):
        raise RemoteError(f"unexpected answer from {host} for {url}; try again later", url=url, status=status)
    return data


def chain_through(posts: Iterable[Post], post_id: str) -> Thread | None:
    """The assembled thread that contains `post_id` (None when it is a lone post)."""
    for thread in assemble_threads(list(posts)):
        if any(post.id == post_id for post in thread.posts):
            return thread
    return None
