"""The bot on a Mastodon account: plain httpx through the guarded client (see docs/decisions.md
for why not Mastodon.py).

- Mentions: `GET /api/v1/notifications?types[]=mention&min_id=CURSOR` (min_id, not since_id:
  since_id gives the *newest* page, so more than one page of new mentions would lose the
  oldest ones; min_id pages forward from the cursor). The cursor is a notification id.
- Target: the mentioned status's `quote` (Mastodon 4.4, accepted) or its `in_reply_to_id`,
  looked up on the bot's server for its `url`.
- Exactly once: `POST /api/v1/statuses` carries `Idempotency-Key: unspool-bot-mastodon-<id>`
  (Mastodon returns the first status for a repeated key for an hour), and before posting the
  mention's context is read: a descendant by the bot replying to the mention means "answered".
- Visibility: the reply's is the mention's (a direct mention is answered directly), and the
  reply starts with the requester's @acct, without which a direct reply reaches no one.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from ..config import Settings
from ..errors import UnspoolError
from ..sources.http import get_json, make_client, post_json
from ..sources.mastodon import quoted_status
from . import asks_to_unroll, html_text, iso_ms
from .replies import Reply
from .states import Claimed, Mention

NETWORK = "mastodon"
PAGE = 40  # Mastodon's maximum for notifications
MAX_PAGES = 10
VISIBILITIES = ("public", "unlisted", "private", "direct")


class MastodonBot:
    network = NETWORK

    def __init__(self, client, base_url: str, token: str):
        self.client = client
        self.base = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}
        me = self._get("/api/v1/accounts/verify_credentials")
        self.account_id = str(me["id"])
        self.account = f"{me.get('acct') or me.get('username')}@{urlsplit(self.base).netloc}"

    @classmethod
    def from_settings(cls, settings: Settings, client=None) -> MastodonBot:
        if not settings.mastodon_base_url or not settings.mastodon_token:
            raise UnspoolError("the Mastodon bot needs its server and an access token: set UNSPOOL_MASTODON_BASE_URL and UNSPOOL_MASTODON_TOKEN")
        return cls(client or make_client(settings), settings.mastodon_base_url, settings.mastodon_token)

    def _get(self, path: str, params=None):
        return get_json(self.client, f"{self.base}{path}", headers=self.headers, params=params)

    # --- reading ---

    def fetch_mentions(self, cursor: str | None) -> tuple[list[Mention], str | None]:
        mentions: list[Mention] = []
        newest = cursor
        for _ in range(MAX_PAGES):
            params = [("types[]", "mention"), ("limit", str(PAGE))]
            if newest:
                params.append(("min_id", newest))
            page = self._get("/api/v1/notifications", params)
            notifications = [n for n in page if isinstance(n, dict) and isinstance(n.get("status"), dict)] if isinstance(page, list) else []
            for notification in notifications:
                mentions.append(self._mention(notification["status"]))
            ids = [str(n["id"]) for n in page if isinstance(n, dict) and "id" in n] if isinstance(page, list) else []
            if ids:
                newest = max([*ids, *([newest] if newest else [])], key=_id_order)
            if not cursor or len(ids) < PAGE:  # a fresh bot reads only the newest page
                break
        return mentions, newest

    def _mention(self, status: dict) -> Mention:
        account = status.get("account") or {}
        quoted = quoted_status(status)
        visibility = status.get("visibility") if status.get("visibility") in VISIBILITIES else "direct"
        return Mention(
            mention_id=str(status["id"]),
            requester=str(account.get("acct") or account.get("id") or "?"),
            text=html_text(status.get("content") or ""),
            triggered=asks_to_unroll(html_text(status.get("content") or "") + "\n" + (status.get("spoiler_text") or "")),
            target_url=(quoted.get("url") or quoted.get("uri")) if quoted else None,
            reply_ref={
                "in_reply_to_id": status.get("in_reply_to_id"),
                "visibility": visibility,
                "acct": account.get("acct"),
                "language": status.get("language"),
            },
            created_ms=iso_ms(status.get("created_at")),
        )

    def resolve_target(self, mention: Claimed) -> str | None:
        parent = mention.reply_ref.get("in_reply_to_id")
        if not parent:
            return None
        status = self._get(f"/api/v1/statuses/{quote(str(parent), safe='')}")
        return status.get("url") or status.get("uri")

    # --- replying ---

    def reply_prefix(self, mention: Claimed) -> str:
        acct = mention.reply_ref.get("acct")
        return f"@{acct} " if acct else ""

    def find_reply(self, mention: Claimed) -> str | None:
        context = self._get(f"/api/v1/statuses/{quote(mention.mention_id, safe='')}/context")
        for status in context.get("descendants") or []:
            if (
                isinstance(status, dict)
                and str((status.get("account") or {}).get("id")) == self.account_id
                and str(status.get("in_reply_to_id")) == mention.mention_id
            ):
                return str(status["id"])
        return None

    def post_reply(self, mention: Claimed, reply: Reply) -> str:
        body = {"status": reply.text, "in_reply_to_id": mention.mention_id, "visibility": mention.reply_ref.get("visibility") or "direct"}
        if mention.reply_ref.get("language"):
            body["language"] = mention.reply_ref["language"]
        headers = {**self.headers, "Idempotency-Key": idempotency_key(mention)}
        status = post_json(self.client, f"{self.base}/api/v1/statuses", body, headers=headers)
        return str(status["id"])


def idempotency_key(mention: Claimed) -> str:
    return f"unspool-bot-{mention.network}-{mention.mention_id}"


def _id_order(value: str) -> tuple[int, str]:
    """Mastodon ids are numbers in strings (snowflakes): longer is newer, then by text."""
    return (len(value), value)
