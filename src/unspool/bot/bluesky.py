"""The bot on a Bluesky account (handle + app password), through its PDS.

- Mentions: `app.bsky.notification.listNotifications` (proxied to the AppView with
  `atproto-proxy`), reason "mention". The list runs newest first and its `cursor` pages into
  the past, so our cursor is the newest `indexedAt` seen: pages are read until they reach it.
- Target: the mention's embedded record (a quote: `app.bsky.embed.record` or
  `recordWithMedia`), else its `reply.parent`.
- Exactly once: the reply's record key is derived from the mention (a TID from its time and a
  hash of its URI), so `createRecord` can only ever create one reply per mention; before
  posting, `com.atproto.repo.getRecord` on the bot's own PDS (read-after-write consistent)
  says whether that record already exists.
- Session: on ExpiredToken, `refreshSession` with the refresh JWT, else a new `createSession`.
- Reply: text within 300 graphemes, the link as a facet over its UTF-8 byte range, and
  `reply: {root, parent}` (root: the mention's own root, or the mention when it is one).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from ..config import Settings
from ..errors import NotFoundRemote, RateLimited, UnspoolError
from ..sources.bluesky import _xrpc_error, _xrpc_result, web_url
from ..sources.http import fetch, make_client
from . import asks_to_unroll, iso_ms
from .replies import Reply
from .states import Claimed, Mention

NETWORK = "bluesky"
POST = "app.bsky.feed.post"
MAX_PAGES = 10
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


class BlueskyBot:
    network = NETWORK

    def __init__(self, client, *, pds: str, handle: str, app_password: str, appview_did: str = "did:web:api.bsky.app"):
        self.client = client
        self.pds = pds.rstrip("/")
        self.login = (handle, app_password)
        self.proxy = f"{appview_did}#bsky_appview"
        self._token: str | None = None
        self._refresh: str | None = None
        self.did = ""
        self._create_session()
        self.account = self.did

    @classmethod
    def from_settings(cls, settings: Settings, client=None) -> BlueskyBot:
        if not settings.bsky_handle or not settings.bsky_app_password:
            raise UnspoolError("the Bluesky bot needs its login: set UNSPOOL_BSKY_HANDLE and UNSPOOL_BSKY_APP_PASSWORD (and UNSPOOL_BSKY_PDS)")
        return cls(
            client or make_client(settings), pds=settings.bsky_pds, handle=settings.bsky_handle,
            app_password=settings.bsky_app_password, appview_did=settings.bsky_appview_did,
        )

    # --- XRPC ---

    def _create_session(self) -> None:
        identifier, password = self.login
        url = f"{self.pds}/xrpc/com.atproto.server.createSession"
        data = self._send("POST", url, {}, body={"identifier": identifier, "password": password}, auth=False)
        self._token, self._refresh, self.did = data.get("accessJwt"), data.get("refreshJwt"), data.get("did") or ""
        if not self._token or not self.did:
            raise UnspoolError(f"the Bluesky PDS {self.pds} did not return a session for @{identifier}")

    def _renew_session(self) -> None:
        """After ExpiredToken: `refreshSession` with the refresh JWT (it rotates), else (no
        refresh JWT, or it was refused too) a new `createSession` with the app password."""
        if self._refresh:
            url = f"{self.pds}/xrpc/com.atproto.server.refreshSession"
            response = fetch(self.client, url, method="POST", headers={"Authorization": f"Bearer {self._refresh}"})
            if response.status_code == 200:
                try:
                    data = response.json()
                except ValueError:
                    data = None
                if isinstance(data, dict) and data.get("accessJwt"):
                    self._token, self._refresh = data["accessJwt"], data.get("refreshJwt") or self._refresh
                    return
        self._create_session()

    def _send(self, method: str, url: str, headers: dict, *, params=None, body=None, auth=True) -> dict:
        import json

        for attempt in range(2):
            sent = dict(headers)
            if auth:
                sent["Authorization"] = f"Bearer {self._token}"
            if body is not None:
                sent["Content-Type"] = "application/json"
            response = fetch(self.client, url, method=method, headers=sent, params=params, content=json.dumps(body).encode() if body is not None else None)
            if auth and attempt == 0 and response.status_code in (400, 401) and _xrpc_error(response) in ("ExpiredToken", "InvalidToken"):
                self._renew_session()  # the session ran out: refresh it (or log in again), once
                continue
            return _xrpc_result(response, url)
        raise AssertionError("unreachable")

    def _appview(self, method: str, params: dict) -> dict:
        return self._send("GET", f"{self.pds}/xrpc/{method}", {"atproto-proxy": self.proxy}, params=params)

    # --- reading ---

    def fetch_mentions(self, cursor: str | None) -> tuple[list[Mention], str | None]:
        mentions: list[Mention] = []
        newest = cursor
        params = {"limit": "50"}
        for _ in range(MAX_PAGES):
            page = self._appview("app.bsky.notification.listNotifications", params)
            items = [n for n in page.get("notifications") or [] if isinstance(n, dict)]
            reached = False
            for item in items:
                indexed = item.get("indexedAt") or ""
                if cursor and indexed < cursor:
                    reached = True
                    continue
                if newest is None or indexed > newest:
                    newest = indexed
                if item.get("reason") == "mention" and isinstance(item.get("record"), dict):
                    mentions.append(self._mention(item))
            if reached or not cursor or not page.get("cursor") or not items:
                break
            params = {**params, "cursor": page["cursor"]}
        return mentions, newest

    def _mention(self, item: dict) -> Mention:
        record = item["record"]
        author = item.get("author") or {}
        reply = record.get("reply") if isinstance(record.get("reply"), dict) else None
        embed = record.get("embed") if isinstance(record.get("embed"), dict) else {}
        quoted = None
        if embed.get("$type") == "app.bsky.embed.record":
            quoted = (embed.get("record") or {}).get("uri")
        elif embed.get("$type") == "app.bsky.embed.recordWithMedia":
            quoted = ((embed.get("record") or {}).get("record") or {}).get("uri")
        parent = (reply or {}).get("parent", {}).get("uri")
        target = quoted or parent
        own = {"uri": item["uri"], "cid": item.get("cid")}
        return Mention(
            mention_id=item["uri"],
            requester=author.get("handle") or author.get("did") or "?",
            text=str(record.get("text") or ""),
            triggered=asks_to_unroll(str(record.get("text") or "")),
            target_url=web_url(target) if isinstance(target, str) else None,
            reply_ref={"parent": own, "root": (reply or {}).get("root") or own},
            created_ms=iso_ms(record.get("createdAt")) or iso_ms(item.get("indexedAt")),
        )

    def resolve_target(self, mention: Claimed) -> str | None:
        return mention.target_url

    # --- replying ---

    def reply_prefix(self, mention: Claimed) -> str:
        return ""  # a reply notifies the mention's author

    def find_reply(self, mention: Claimed) -> str | None:
        return self._stored_reply(mention)

    def _stored_reply(self, mention: Claimed) -> str | None:
        """The reply record under the mention's record key, if the PDS has it."""
        rkey = reply_rkey(mention)
        url = f"{self.pds}/xrpc/com.atproto.repo.getRecord"
        try:
            data = self._send("GET", url, {}, params={"repo": self.did, "collection": POST, "rkey": rkey})
        except NotFoundRemote:
            return None
        return data.get("uri") or f"at://{self.did}/{POST}/{rkey}"

    def post_reply(self, mention: Claimed, reply: Reply) -> str:
        record: dict = {
            "$type": POST,
            "text": reply.text,
            "createdAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "reply": {"root": mention.reply_ref["root"], "parent": mention.reply_ref["parent"]},
        }
        if reply.link:
            record["facets"] = [{
                "index": {"byteStart": reply.byte_start, "byteEnd": reply.byte_end},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": reply.link}],
            }]
        body = {"repo": self.did, "collection": POST, "rkey": reply_rkey(mention), "record": record}
        try:
            data = self._send("POST", f"{self.pds}/xrpc/com.atproto.repo.createRecord", {}, body=body)
        except RateLimited:
            raise
        except UnspoolError:
            existing = self._stored_reply(mention)  # the record key is taken: our reply exists
            if existing:
                return existing
            raise
        return str(data.get("uri"))


def reply_rkey(mention: Claimed) -> str:
    """A TID derived from the mention alone: its time in microseconds plus a hash of its URI."""
    digest = int.from_bytes(hashlib.blake2b(mention.mention_id.encode(), digest_size=8).digest(), "big")
    micros = max(0, mention.created_ms) * 1000 + digest % 1000
    value = ((micros & ((1 << 53) - 1)) << 10) | (digest >> 20) & 0x3FF
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))
