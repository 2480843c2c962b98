"""The bot on an X account, with an OAuth 2.0 user-context access token (scopes tweet.read,
tweet.write, users.read).

- Mentions: `GET /2/users/:id/mentions?since_id=CURSOR` (pages through `pagination_token`);
  the cursor is the newest mention id (`meta.newest_id`).
- Target: the mention's `referenced_tweets` — the quoted post, else the one it replies to.
- Exactly once: X has no idempotency key for `POST /2/tweets`. Before posting, recent search
  (`conversation_id:<conversation> from:<bot>`) looks for a reply of the bot to the mention;
  X's index lags a few seconds, so a crash immediately followed by a restart could miss it.
  The last guard is X itself: it refuses a post identical to one the account just made (403
  "duplicate content"), which is taken to mean "already answered" (the reply starts with the
  requester's @handle, so replies to different people never look alike).
- Tokens: the user-context access token lasts about 2 hours. With UNSPOOL_X_REFRESH_TOKEN and
  UNSPOOL_X_CLIENT_ID it is refreshed shortly before it runs out and after a 401 (then the
  request is sent once more); the rotated pair is kept in the database (bot/tokens.py).
"""

from __future__ import annotations

import json

from ..config import Settings
from ..errors import AuthFailed, Forbidden, UnspoolError
from ..sources.http import fetch, json_result, make_client
from . import asks_to_unroll, iso_ms
from .replies import Reply
from .states import Claimed, Mention
from .tokens import OAuthTokens

NETWORK = "x"
DEFAULT_API_BASE = "https://api.x.com/2"
MAX_PAGES = 10
MENTION_PARAMS = {
    "max_results": "100",
    "tweet.fields": "id,text,author_id,conversation_id,created_at,referenced_tweets,note_tweet",
    "expansions": "author_id",
    "user.fields": "id,username",
}


class XBot:
    network = NETWORK

    def __init__(self, client, *, user_token: str | None = None, user_id: str, api_base: str = DEFAULT_API_BASE, tokens: OAuthTokens | None = None):
        self.client = client
        self.api_base = api_base.rstrip("/")
        self.tokens = tokens or OAuthTokens(client, network=NETWORK, account=user_id, token_url=f"{self.api_base}/oauth2/token", access_token=user_token or "")
        self.account = user_id
        me = self._get(f"/users/{user_id}", {"user.fields": "id,username"}).get("data") or {}
        self.username = me.get("username") or user_id

    @classmethod
    def from_settings(cls, settings: Settings, client=None, store=None) -> XBot:
        """With `store`, the token pair is kept (and refreshed) in the database."""
        if not settings.x_user_token or not settings.x_bot_user_id:
            raise UnspoolError(
                "the X bot needs a user-context access token and its user id: set UNSPOOL_X_USER_TOKEN and UNSPOOL_X_BOT_USER_ID "
                "(and UNSPOOL_X_BEARER_TOKEN for reading threads; UNSPOOL_X_REFRESH_TOKEN and UNSPOOL_X_CLIENT_ID to refresh it)"
            )
        client = client or make_client(settings)
        api_base = settings.x_api_base.rstrip("/")
        tokens = OAuthTokens(
            client, network=NETWORK, account=settings.x_bot_user_id, token_url=f"{api_base}/oauth2/token",
            access_token=settings.x_user_token, refresh_token=settings.x_refresh_token, client_id=settings.x_client_id,
            client_secret=settings.x_client_secret, store=store,
        )
        return cls(client, user_id=settings.x_bot_user_id, api_base=api_base, tokens=tokens)

    def _send(self, url: str, *, method: str = "GET", headers: dict | None = None, params=None, content: bytes | None = None):
        """Sends with the current access token; after a 401 refreshes it and sends once more."""
        token = self.tokens.current()
        for attempt in range(2):
            sent = {**(headers or {}), "Authorization": f"Bearer {token}"}
            response = fetch(self.client, url, method=method, headers=sent, params=params, content=content)
            if response.status_code != 401:
                return response
            if attempt == 0:
                token = self.tokens.refresh(token)
        raise AuthFailed(
            f"x: the access token of account {self.account} was refused (HTTP 401) even after a refresh: "
            "authorise the bot account again and set UNSPOOL_X_USER_TOKEN and UNSPOOL_X_REFRESH_TOKEN"
        )

    def _get(self, path: str, params: dict) -> dict:
        url = f"{self.api_base}{path}"
        data = json_result(self._send(url, params=params), url)
        return data if isinstance(data, dict) else {}

    # --- reading ---

    def fetch_mentions(self, cursor: str | None) -> tuple[list[Mention], str | None]:
        params = dict(MENTION_PARAMS)
        if cursor:
            params["since_id"] = cursor
        mentions, newest = [], cursor
        for _ in range(MAX_PAGES):
            page = self._get(f"/users/{self.account}/mentions", params)
            users = {u.get("id"): u.get("username") for u in (page.get("includes") or {}).get("users") or [] if isinstance(u, dict)}
            for tweet in page.get("data") or []:
                if isinstance(tweet, dict) and tweet.get("id") and tweet.get("author_id") != self.account:
                    mentions.append(self._mention(tweet, users))
            meta = page.get("meta") or {}
            if meta.get("newest_id") and (newest is None or _id_order(meta["newest_id"]) > _id_order(newest)):
                newest = meta["newest_id"]
            if not cursor or not meta.get("next_token"):  # a fresh bot reads only the newest page
                break
            params = {**params, "pagination_token": meta["next_token"]}
        return mentions, newest

    def _mention(self, tweet: dict, users: dict) -> Mention:
        text = ((tweet.get("note_tweet") or {}).get("text")) or tweet.get("text") or ""
        refs = {r.get("type"): r.get("id") for r in tweet.get("referenced_tweets") or [] if isinstance(r, dict)}
        target = refs.get("quoted") or refs.get("replied_to")
        return Mention(
            mention_id=str(tweet["id"]),
            requester=users.get(tweet.get("author_id")) or str(tweet.get("author_id") or "?"),
            text=text,
            triggered=asks_to_unroll(text),
            target_url=f"https://x.com/i/web/status/{target}" if target else None,
            reply_ref={"conversation_id": tweet.get("conversation_id") or tweet["id"]},
            created_ms=iso_ms(tweet.get("created_at")),
        )

    def resolve_target(self, mention: Claimed) -> str | None:
        return mention.target_url

    # --- replying ---

    def reply_prefix(self, mention: Claimed) -> str:
        # Written out, so two requesters asking for the same thread never get identical text
        # (X refuses an account's duplicate posts).
        return f"@{mention.requester} " if mention.requester.replace("_", "").isalnum() else ""

    def find_reply(self, mention: Claimed) -> str | None:
        query = f"conversation_id:{mention.reply_ref.get('conversation_id') or mention.mention_id} from:{self.username}"
        params = {"query": query, "max_results": "100", "tweet.fields": "id,referenced_tweets,author_id"}
        for tweet in self._get("/tweets/search/recent", params).get("data") or []:
            refs = tweet.get("referenced_tweets") or [] if isinstance(tweet, dict) else []
            if any(r.get("type") == "replied_to" and str(r.get("id")) == mention.mention_id for r in refs):
                return str(tweet["id"])
        return None

    def post_reply(self, mention: Claimed, reply: Reply) -> str:
        url = f"{self.api_base}/tweets"
        body = {"text": reply.text, "reply": {"in_reply_to_tweet_id": mention.mention_id}}
        response = self._send(url, method="POST", headers={"Content-Type": "application/json"}, content=json.dumps(body).encode())
        if response.status_code == 403 and "duplicate" in response.text.lower():
            return f"duplicate-of-{mention.mention_id}"  # X: the same text was just posted, so the reply exists
        data = json_result(response, url)
        reply_id = (data.get("data") or {}).get("id") if isinstance(data, dict) else None
        if not reply_id:
            raise Forbidden(f"X did not accept the reply to {mention.mention_id}: {str(data)[:200]}")
        return str(reply_id)


def _id_order(value: str) -> tuple[int, str]:
    return (len(value), value)
