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
- Session: `createSession` is rate-limited hard (about 30 per 5 minutes, 300 a day per
  account), so the session lives in `bot_tokens` (network "bluesky", account = the handle),
  shared by workers and kept across restarts; the row remembers a hash of handle + app password,
  and a new app password logs in again. On ExpiredToken, `refreshSession` (it rotates the
  refresh JWT) under the row lock of bot/tokens.py, else (refused) a new `createSession`.
- Reply: text within 300 graphemes, the link as a facet over its UTF-8 byte range, and
  `reply: {root, parent}` (root: the mention's own root, or the mention when it is one).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlsplit

from sqlalchemy import select

from ..config import Settings
from ..errors import AuthFailed, NotFoundRemote, RateLimited, UnspoolError
from ..sources.bluesky import BlueskyFetcher, _xrpc_error, _xrpc_result, web_url
from ..sources.http import fetch, make_client
from ..sources.live import make_fetcher
from ..store import Store
from ..store.schema import bot_tokens
from . import asks_to_unroll, iso_ms
from .replies import Reply
from .states import Claimed, Mention
from .tokens import locked_row, write_row

log = logging.getLogger("unspool.bot")

NETWORK = "bluesky"
POST = "app.bsky.feed.post"
MAX_PAGES = 10
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


class BlueskyBot:
    network = NETWORK

    def __init__(self, client, *, pds: str, handle: str, app_password: str, appview_did: str = "did:web:api.bsky.app",
                 store: Store | None = None):
        self.client = client
        self.pds = pds.rstrip("/")
        self.proxy = f"{appview_did}#bsky_appview"
        self.session = BlueskySession(client, pds=self.pds, identifier=handle, app_password=app_password, store=store)
        self.did = self.account = self.session.did

    @classmethod
    def from_settings(cls, settings: Settings, client=None, store: Store | None = None) -> BlueskyBot:
        """With `store`, the session is kept (and refreshed) in the database."""
        if not settings.bsky_handle or not settings.bsky_app_password:
            raise UnspoolError("the Bluesky bot needs its login: set UNSPOOL_BSKY_HANDLE and UNSPOOL_BSKY_APP_PASSWORD (and UNSPOOL_BSKY_PDS)")
        return cls(
            client or make_client(settings), pds=settings.bsky_pds, handle=settings.bsky_handle,
            app_password=settings.bsky_app_password, appview_did=settings.bsky_appview_did, store=store,
        )

    def fetcher_factory(self, target, settings: Settings):
        """Live unrolls of Bluesky posts read through the bot's own session, so an unroll never
        logs in (createSession's daily limit would stop the bot); other networks as usual."""
        if target.network == NETWORK:
            return BlueskyFetcher.from_settings(make_client(settings), settings, session=self.session)
        return make_fetcher(target, settings)

    # --- XRPC ---

    def _send(self, method: str, url: str, headers: dict, *, params=None, body=None) -> dict:
        token = self.session.access_token
        for attempt in range(2):
            sent = {**headers, "Authorization": f"Bearer {token}"}
            if body is not None:
                sent["Content-Type"] = "application/json"
            response = fetch(self.client, url, method=method, headers=sent, params=params, content=json.dumps(body).encode() if body is not None else None)
            if attempt == 0 and response.status_code in (400, 401) and _xrpc_error(response) in ("ExpiredToken", "InvalidToken"):
                token = self.session.renew(token)  # the session ran out: refresh it (or log in again), once
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


def _login_seed(identifier: str, app_password: str) -> str:
    """What the stored row remembers of the login: a slow salted hash, never the password."""
    return hashlib.pbkdf2_hmac("sha256", app_password.encode(), f"unspool-bsky-session\n{identifier}".encode(), 100_000).hex()


def jwt_claims(token: str | None) -> dict:
    """The claims of a JWT, read without checking its signature (only the PDS can): the bot
    needs `sub` (its DID) and `exp` of its own access token."""
    try:
        payload = (token or "").split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


class BlueskySession:
    """The bot's session on its PDS: an access JWT, the rotating refresh JWT and the bot's DID
    (the access JWT's `sub`). With a store, kept in `bot_tokens` under (bluesky, identifier)."""

    def __init__(self, client, *, pds: str, identifier: str, app_password: str, store: Store | None = None,
                 clock: Callable[[], float] = time.time):
        self.client, self.pds, self.identifier, self.store, self.clock = client, pds, identifier, store, clock
        self._password = app_password
        self.seed = _login_seed(identifier, app_password)
        self.access_token = self.refresh_token = None
        self.expires_ms: int | None = None
        self.did = ""
        if store is None:
            self._apply(self._create(), created=True)
        else:
            self._load_or_create()

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    # --- the stored session ---

    def _load_or_create(self) -> None:
        with self.store.transaction() as conn:
            row = conn.execute(select(bot_tokens).where(bot_tokens.c.network == NETWORK, bot_tokens.c.account == self.identifier)).mappings().first()
        if self._usable(row):
            return self._adopt(row)
        with self.store.transaction() as conn:  # one worker logs in; the others wait and use its session
            row = locked_row(self.store, conn, NETWORK, self.identifier)
            if self._usable(row):
                return self._adopt(row)
            self._apply(self._create(), created=True)
            self._adopt(write_row(self.store, conn, NETWORK, self.identifier, self._values(seed=self.seed), exists=row is not None))

    def _usable(self, row) -> bool:
        """A stored session from this login (same handle and app password) that names its DID."""
        return row is not None and row["seed"] == self.seed and bool(jwt_claims(row["access_token"]).get("sub"))

    def _adopt(self, row) -> None:
        self.access_token, self.refresh_token, self.expires_ms = row["access_token"], row["refresh_token"], row["expires_ms"]
        self.did = str(jwt_claims(self.access_token).get("sub") or self.did)

    def _values(self, **extra) -> dict:
        return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_ms": self.expires_ms,
                "updated_ms": self.now_ms(), **extra}

    # --- renewing ---

    def renew(self, stale: str | None) -> str:
        """A new access token in place of `stale` (refused as expired): another worker's newer
        one from the row, else `refreshSession`, else (refresh JWT refused) `createSession`."""
        if self.store is None:
            answer, created = self._refresh_or_create(self.refresh_token)
            self._apply(answer, created=created)
            return self.access_token
        with self.store.transaction() as conn:
            row = locked_row(self.store, conn, NETWORK, self.identifier)
            if row is not None and row["access_token"] != stale and (row["expires_ms"] is None or self.now_ms() < row["expires_ms"]):
                self._adopt(row)  # another worker renewed already
                return self.access_token
            answer, created = self._refresh_or_create(row["refresh_token"] if row is not None else self.refresh_token)
            self._apply(answer, created=created)
            values = self._values(seed=self.seed) if created or row is None else self._values()  # a refresh keeps the row's login
            write_row(self.store, conn, NETWORK, self.identifier, values, exists=row is not None)
        return self.access_token

    def _apply(self, answer: dict, *, created: bool) -> None:
        self.access_token = answer["accessJwt"]
        self.refresh_token = answer.get("refreshJwt") or self.refresh_token
        claims = jwt_claims(self.access_token)
        self.did = str(answer.get("did") or claims.get("sub") or self.did)
        self.expires_ms = int(claims["exp"]) * 1000 if isinstance(claims.get("exp"), int) else None
        log.info("event=%s network=%s account=%s", "session_created" if created else "session_refreshed", NETWORK, self.identifier)

    # --- XRPC ---

    def _create(self) -> dict:
        url = f"{self.pds}/xrpc/com.atproto.server.createSession"
        body = json.dumps({"identifier": self.identifier, "password": self._password}).encode()
        response = fetch(self.client, url, method="POST", headers={"Content-Type": "application/json"}, content=body)
        if response.status_code == 401:
            raise AuthFailed(
                f"{NETWORK}: {urlsplit(url).hostname} refused the login of {self.identifier} ({_xrpc_error(response) or 'HTTP 401'}): "
                "check UNSPOOL_BSKY_HANDLE and UNSPOOL_BSKY_APP_PASSWORD (an app password, not the account password), then restart the bot"
            )
        data = _xrpc_result(response, url)
        if not isinstance(data.get("accessJwt"), str) or not data.get("did"):
            raise UnspoolError(f"the Bluesky PDS {self.pds} did not return a session for {self.identifier}")
        return data

    def _refresh_or_create(self, refresh_token: str | None) -> tuple[dict, bool]:
        """`refreshSession` with the refresh JWT (it rotates); refused (or none): `createSession`.
        Returns the answer and whether it is a new session."""
        if not refresh_token:
            return self._create(), True
        url = f"{self.pds}/xrpc/com.atproto.server.refreshSession"
        response = fetch(self.client, url, method="POST", headers={"Authorization": f"Bearer {refresh_token}"})
        if response.status_code in (400, 401):  # ExpiredToken, InvalidToken, revoked
            return self._create(), True
        data = _xrpc_result(response, url)  # a 429 or 5xx: the worker waits, no new login
        if not isinstance(data.get("accessJwt"), str):
            return self._create(), True
        return data, False


def reply_rkey(mention: Claimed) -> str:
    """A TID derived from the mention alone: its time in microseconds plus a hash of its URI."""
    digest = int.from_bytes(hashlib.blake2b(mention.mention_id.encode(), digest_size=8).digest(), "big")
    micros = max(0, mention.created_ms) * 1000 + digest % 1000
    value = ((micros & ((1 << 53) - 1)) << 10) | (digest >> 20) & 0x3FF
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))
