"""Loopback fakes of the bots' networks, shaped like their documented APIs:

- BotMastodon: FakeMastodon plus the bot's account (`verify_credentials`), mention
  notifications (`types[]`, `min_id`, `since_id`, `limit`, newest first), and
  `POST /api/v1/statuses` recording each body and honouring `Idempotency-Key`.
- FakeX: the X API v2 user mentions timeline (`since_id`, `pagination_token`, `meta.newest_id`),
  tweet lookup and recent search (what the live unroll reads), `POST /2/tweets`, and
  `POST /2/oauth2/token` (grant_type=refresh_token; rotates the refresh token, as X does).
- FakeBlueskyPDS: `createSession`, `listNotifications` (cursor into the past), `getRecord` and
  `createRecord` (refusing a taken record key), on top of the FakeAppView.

Failures are injected per fake (`post_failures`), since a loopback route that always answers
(a handler) would win over routes added later.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from bluesky_appview import Account, FakeAppView, fake_cid  # noqa: E402
from fake_fediverse import FakeMastodon  # noqa: E402
from loopback import LoopbackServer, Recorded, Reply  # noqa: E402

from unspool.synthetic.bluesky_repo import tid  # noqa: E402


def iso_now(offset: timedelta = timedelta()) -> str:
    moment = datetime.now(timezone.utc) + offset
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- Mastodon -------------------------------------------------------------------------------


class BotMastodon(FakeMastodon):
    TOKEN = "bot-token"

    def __init__(self, server: LoopbackServer):
        super().__init__(server)
        self.lock = threading.RLock()
        self.bot = self.account("unspool", "Unspool")
        self.notifications: list[dict] = []
        self.posts_received: list[tuple[dict, str | None]] = []  # (body, Idempotency-Key)
        self.by_key: dict[str, dict] = {}
        self.post_failures: list[Reply] = []
        self.arrivals: dict[str, float] = {}  # mention id -> when the first reply POST arrived
        server.route("GET", "/api/v1/accounts/verify_credentials", handler=self._authed(lambda r: Reply(json=self.bot)))
        server.route("GET", "/api/v1/notifications", handler=self._authed(self._notifications))
        server.route("POST", "/api/v1/statuses", handler=self._authed(self._create))

    def _authed(self, handler):
        def check(request: Recorded) -> Reply:
            if request.headers.get("authorization") != f"Bearer {self.TOKEN}":
                return Reply(status=401, json={"error": "The access token is invalid"})
            return handler(request)

        return check

    def post(self, account, content, *, reply_to=None, minutes=1, **fields):
        with self.lock:
            status = super().post(account, content, reply_to=reply_to, minutes=minutes, **fields)
        sid = status["id"]
        self.server.route("GET", f"/api/v1/statuses/{sid}", handler=lambda r, sid=sid: self._status(sid))
        self.server.route("GET", f"/api/v1/statuses/{sid}/context", handler=lambda r, sid=sid: self._context(sid))
        return status

    def _status(self, sid: str) -> Reply:
        if sid in self.deleted:
            return Reply(status=404, json={"error": "Record not found"})
        return Reply(json=self.entity(self.statuses[sid]))

    def _context(self, sid: str) -> Reply:
        if sid in self.deleted:
            return Reply(status=404, json={"error": "Record not found"})
        with self.lock:
            return Reply(json=self.context(sid))

    def mention(self, account: dict, text: str, *, reply_to: dict | None = None, quote: dict | None = None, visibility: str = "public") -> dict:
        """`account` mentions the bot (a reply to `reply_to`, or quoting `quote`)."""
        content = f'<p><span class="h-card"><a href="{self.bot["url"]}" class="u-url mention">@<span>unspool</span></a></span> {text}</p>'
        fields = {"visibility": visibility, "mentions": [{"id": self.bot["id"], "username": "unspool", "acct": "unspool", "url": self.bot["url"]}]}
        if quote is not None:
            fields["quote"] = {"state": "accepted", "quoted_status": self.entity(quote)}
        status = self.post(account, content, reply_to=reply_to, **fields)
        status["created_at"] = iso_now()
        with self.lock:
            self.notifications.append({
                "id": str(len(self.notifications) + 1), "type": "mention", "created_at": status["created_at"],
                "group_key": f"ungrouped-{len(self.notifications) + 1}", "account": account, "status": status,
            })
        return status

    def _notifications(self, request: Recorded) -> Reply:
        types = request.query.get("types[]", [])
        limit = min(int(request.query.get("limit", ["40"])[0]), 80)
        with self.lock:
            items = [n for n in self.notifications if not types or n["type"] in types]
        if "min_id" in request.query:
            low = int(request.query["min_id"][0])
            items = [n for n in items if int(n["id"]) > low][:limit]  # the page right after min_id
        elif "since_id" in request.query:
            low = int(request.query["since_id"][0])
            items = [n for n in items if int(n["id"]) > low][-limit:]  # the newest page
        else:
            items = items[-limit:]
        return Reply(json=list(reversed(items)))

    def _create(self, request: Recorded) -> Reply:
        body = json.loads(request.body)
        key = request.headers.get("idempotency-key")
        with self.lock:
            self.posts_received.append((body, key))
            self.arrivals.setdefault(str(body.get("in_reply_to_id")), time.perf_counter())
            if self.post_failures:
                return self.post_failures.pop(0)
            if key and key in self.by_key:  # Mastodon: the same key gives back the first status
                return Reply(json=self.entity(self.by_key[key]))
            parent = self.statuses.get(body.get("in_reply_to_id"))
            if body.get("in_reply_to_id") and (parent is None or parent["id"] in self.deleted):
                return Reply(status=404, json={"error": "Record not found"})
            status = self.post(self.bot, body["status"].replace("<", "&lt;"), reply_to=parent, visibility=body.get("visibility", "public"))
            if key:
                self.by_key[key] = status
            return Reply(json=self.entity(status))

    def replies_to(self, mention: dict) -> list[dict]:
        return [s for s in self.statuses.values() if s["account"]["id"] == self.bot["id"] and s["in_reply_to_id"] == mention["id"]]

    def posts_for(self, mention: dict) -> int:
        return sum(1 for body, _key in self.posts_received if body.get("in_reply_to_id") == mention["id"])


# --- X --------------------------------------------------------------------------------------

X_EPOCH_MS = 1288834974657


class FakeX:
    APP_TOKEN = "app-token"
    USER_TOKEN = "user-token"
    REFRESH_TOKEN = "refresh-0"
    CLIENT_ID = "client-id"

    def __init__(self, server: LoopbackServer):
        self.server = server
        self.lock = threading.RLock()
        self.users: dict[str, dict] = {}
        self.tweets: dict[str, dict] = {}
        self.deleted: set[str] = set()
        self.posts_received: list[dict] = []
        self.post_failures: list[Reply] = []
        self.arrivals: dict[str, float] = {}
        self._seq = 0
        self.user_tokens = {self.USER_TOKEN}  # access tokens X accepts now
        self.refresh_tokens = {self.REFRESH_TOKEN}  # refresh tokens X accepts now (each works once)
        self.client_secret: str | None = None  # set: a confidential client (HTTP Basic)
        self.token_requests: list[Recorded] = []
        self.expires_in = 7200
        self._rotations = 0
        self.bot = self.user("1000", "unspoolbot", "Unspool")
        server.route("POST", "/2/oauth2/token", handler=self._token)
        server.route("GET", f"/2/users/{self.bot['id']}", handler=self._authed(lambda r: Reply(json={"data": self.bot})))
        server.route("GET", f"/2/users/{self.bot['id']}/mentions", handler=self._authed(self._mentions, user_only=True))
        server.route("GET", "/2/tweets/search/recent", handler=self._authed(self._search))
        server.route("POST", "/2/tweets", handler=self._authed(self._create, user_only=True))

    def _authed(self, handler, user_only=False):
        def check(request: Recorded) -> Reply:
            with self.lock:
                allowed = {f"Bearer {tok}" for tok in self.user_tokens} | (set() if user_only else {f"Bearer {self.APP_TOKEN}"})
            if request.headers.get("authorization") not in allowed:
                return Reply(status=401, json={"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})
            return handler(request)

        return check

    def _token(self, request: Recorded) -> Reply:
        import base64
        from urllib.parse import parse_qs

        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        with self.lock:
            self.token_requests.append(request)
            if self.client_secret:
                basic = "Basic " + base64.b64encode(f"{self.CLIENT_ID}:{self.client_secret}".encode()).decode()
                client_ok = request.headers.get("authorization") == basic
            else:
                client_ok = form.get("client_id") == self.CLIENT_ID
            if (request.headers.get("content-type") != "application/x-www-form-urlencoded" or form.get("grant_type") != "refresh_token"
                    or not client_ok or form.get("refresh_token") not in self.refresh_tokens):
                return Reply(status=400, json={"error": "invalid_grant", "error_description": "Value passed for the token was invalid."})
            self._rotations += 1
            access, refresh = f"user-token-{self._rotations}", f"refresh-{self._rotations}"
            self.refresh_tokens = {refresh}  # rotated: the old refresh token stops working
            self.user_tokens = {access}  # and the old access token with it (here: at once)
        return Reply(json={"token_type": "bearer", "expires_in": self.expires_in, "access_token": access,
                           "scope": "tweet.read tweet.write users.read offline.access", "refresh_token": refresh})

    def expire_access(self) -> None:
        with self.lock:
            self.user_tokens = set()

    def user(self, uid: str, username: str, name: str) -> dict:
        self.users[uid] = {"id": uid, "username": username, "name": name}
        return self.users[uid]

    def tweet(self, author: dict, text: str, *, reply_to: str | None = None, quote: str | None = None, minutes_ago: float = 0) -> dict:
        with self.lock:
            self._seq += 1
            at = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
            tid_ = str(((int(at.timestamp() * 1000) - X_EPOCH_MS) << 22) | (self._seq & 0x3FFFFF))
            data = {
                "id": tid_, "text": text, "author_id": author["id"],
                "conversation_id": self.tweets[reply_to]["conversation_id"] if reply_to else tid_,
                "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "edit_history_tweet_ids": [tid_], "lang": "en",
            }
            refs = []
            if reply_to:
                refs.append({"type": "replied_to", "id": reply_to})
                data["in_reply_to_user_id"] = self.tweets[reply_to]["author_id"]
            if quote:
                refs.append({"type": "quoted", "id": quote})
            if refs:
                data["referenced_tweets"] = refs
            mentions = [
                {"start": i, "end": i + len(u["username"]) + 1, "username": u["username"], "id": u["id"]}
                for u in self.users.values() for i in [text.find("@" + u["username"])] if i >= 0
            ]
            if mentions:
                data["entities"] = {"mentions": mentions}
            self.tweets[tid_] = data
        self.server.route("GET", f"/2/tweets/{tid_}", handler=lambda r, t=tid_: self._lookup(t))
        return data

    def chain(self, author: dict, texts: list[str], minutes_ago: float = 30) -> list[dict]:
        tweets, parent = [], None
        for n, text in enumerate(texts):
            parent = self.tweet(author, text, reply_to=parent["id"] if parent else None, minutes_ago=minutes_ago - n)
            tweets.append(parent)
        return tweets

    def _includes(self, tweets: list[dict]) -> dict:
        return {"users": [self.users[t["author_id"]] for t in tweets if t["author_id"] in self.users]}

    def _lookup(self, tid_: str) -> Reply:
        if tid_ in self.deleted:
            return Reply(json={"errors": [{"value": tid_, "detail": f"Could not find tweet with id: [{tid_}].", "title": "Not Found Error",
                                           "resource_type": "tweet", "parameter": "id", "resource_id": tid_, "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
        tweet = self.tweets[tid_]
        return Reply(json={"data": tweet, "includes": self._includes([tweet])})

    def _page(self, tweets: list[dict], request: Recorded, limit: int) -> Reply:
        tweets = sorted(tweets, key=lambda t: int(t["id"]), reverse=True)
        start = int(request.query.get("pagination_token", request.query.get("next_token", ["0"]))[0])
        page = tweets[start:start + limit]
        meta = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0]["id"], oldest_id=page[-1]["id"])
        if start + limit < len(tweets):
            meta["next_token"] = str(start + limit)
        body = {"meta": meta}
        if page:
            body.update(data=page, includes=self._includes(page))
        return Reply(json=body)

    def _mentions(self, request: Recorded) -> Reply:
        since = int(request.query.get("since_id", ["0"])[0])
        limit = int(request.query.get("max_results", ["10"])[0])
        with self.lock:
            found = [t for t in self.tweets.values() if t["id"] not in self.deleted and int(t["id"]) > since
                     and any(m["id"] == self.bot["id"] for m in t.get("entities", {}).get("mentions", []))]
        return self._page(found, request, limit)

    def _search(self, request: Recorded) -> Reply:
        terms = dict(term.split(":", 1) for term in request.query["query"][0].split())
        with self.lock:
            found = [t for t in self.tweets.values() if t["id"] not in self.deleted
                     and t["conversation_id"] == terms.get("conversation_id", t["conversation_id"])
                     and self.users[t["author_id"]]["username"] == terms.get("from", self.users[t["author_id"]]["username"])]
        return self._page(found, request, int(request.query.get("max_results", ["10"])[0]))

    def _create(self, request: Recorded) -> Reply:
        body = json.loads(request.body)
        with self.lock:
            self.posts_received.append(body)
            self.arrivals.setdefault(str(body.get("reply", {}).get("in_reply_to_tweet_id")), time.perf_counter())
            if self.post_failures:
                return self.post_failures.pop(0)
        parent = body.get("reply", {}).get("in_reply_to_tweet_id")
        if parent and (parent not in self.tweets or parent in self.deleted):
            return Reply(status=400, json={"title": "Invalid Request", "detail": "The tweet you are replying to does not exist."})
        tweet = self.tweet(self.bot, body["text"], reply_to=parent)
        return Reply(status=201, json={"data": {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}})

    def posts_for(self, mention: dict) -> int:
        return sum(1 for body in self.posts_received if body.get("reply", {}).get("in_reply_to_tweet_id") == mention["id"])

    def replies_to(self, mention: dict) -> list[dict]:
        return [t for t in self.tweets.values() if t["author_id"] == self.bot["id"]
                and any(r["type"] == "replied_to" and r["id"] == mention["id"] for r in t.get("referenced_tweets", []))]


# --- Bluesky --------------------------------------------------------------------------------

BOT = Account("did:plc:unspoolbot00000000000000", "unspool.example.test", "Unspool")


class FakeBlueskyPDS:
    """The bot's PDS (and, on the same server, the AppView it proxies to). Every createSession
    issues a new session (the older ones keep working); `issued` lists every (access, refresh)
    pair handed out, `sessions_created` counts logins and `refreshes` the refreshSession calls."""

    PASSWORD = "app-pass-word"

    def __init__(self, server: LoopbackServer):
        self.server = server
        self.appview = FakeAppView(server)
        self.lock = threading.RLock()
        self.notifications: list[dict] = []
        self.records: dict[str, dict] = {}  # rkey -> record
        self.creates: list[dict] = []
        self.password = self.PASSWORD  # the app password the PDS accepts now
        self.access_jwts: set[str] = set()
        self.refresh_jwts: set[str] = set()
        self.expired: set[str] = set()  # access JWTs answered with 400 ExpiredToken
        self.issued: list[tuple[str, str]] = []
        self.sessions_created = 0
        self.refreshes: list[Recorded] = []
        self.access_seconds = 7200  # the lifetime written into each access JWT's `exp`
        self.refresh_delay = 0.0  # seconds a refreshSession answer takes
        self.expired_barrier: threading.Barrier | None = None  # ExpiredToken answers wait here for each other
        server.route("POST", "/xrpc/com.atproto.server.createSession", handler=self._session)
        server.route("POST", "/xrpc/com.atproto.server.refreshSession", handler=self._refresh)
        server.route("GET", "/xrpc/app.bsky.notification.listNotifications", handler=self._authed(self._list))
        server.route("GET", "/xrpc/com.atproto.repo.getRecord", handler=self._get_record)
        server.route("POST", "/xrpc/com.atproto.repo.createRecord", handler=self._authed(self._create))

    def _authed(self, handler):
        def check(request: Recorded) -> Reply:
            token = (request.headers.get("authorization") or "").removeprefix("Bearer ")
            with self.lock:
                expired = token in self.expired
            if expired:
                if self.expired_barrier is not None:
                    self.expired_barrier.wait(timeout=10)
                return Reply(status=400, json={"error": "ExpiredToken", "message": "Token has expired"})
            with self.lock:
                if token not in self.access_jwts:
                    return Reply(status=401, json={"error": "AuthenticationRequired", "message": "Authentication Required"})
            return handler(request)

        return check

    def _jwt(self, claims: dict) -> str:
        """Shaped like the PDS's tokens (header.payload.signature, base64url); the signature is fake."""
        import base64

        def part(data: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

        return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.ZmFrZS1zaWduYXR1cmU"

    def _issue(self) -> tuple[str, str]:
        """A new (access, refresh) pair; call with the lock held."""
        n, now = len(self.issued) + 1, int(time.time())
        access = self._jwt({"scope": "com.atproto.appPass", "sub": BOT.did, "iat": now, "exp": now + self.access_seconds,
                            "aud": "did:web:pds.example.test", "jti": f"access-{n}"})
        refresh = self._jwt({"scope": "com.atproto.refresh", "sub": BOT.did, "iat": now, "exp": now + 90 * 86400,
                             "aud": "did:web:pds.example.test", "jti": f"refresh-{n}"})
        self.access_jwts.add(access)
        self.refresh_jwts.add(refresh)
        self.issued.append((access, refresh))
        return access, refresh

    def _session(self, request: Recorded) -> Reply:
        body = json.loads(request.body)
        if body.get("identifier") != BOT.handle or body.get("password") != self.password:
            return Reply(status=401, json={"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
        with self.lock:
            self.sessions_created += 1
            access, refresh = self._issue()
        return Reply(json={"accessJwt": access, "refreshJwt": refresh, "did": BOT.did, "handle": BOT.handle, "active": True})

    def _refresh(self, request: Recorded) -> Reply:
        token = (request.headers.get("authorization") or "").removeprefix("Bearer ")
        with self.lock:
            self.refreshes.append(request)
            if token not in self.refresh_jwts:
                return Reply(status=400, json={"error": "ExpiredToken", "message": "Token has expired"})
            self.refresh_jwts.discard(token)  # rotated: the old refresh JWT stops working
            access, refresh = self._issue()
        return Reply(json={"accessJwt": access, "refreshJwt": refresh, "did": BOT.did, "handle": BOT.handle, "active": True},
                     delay=self.refresh_delay)

    def expire_access(self) -> None:
        with self.lock:
            self.expired |= self.access_jwts
            self.access_jwts = set()

    def mention(self, account: Account, text: str, *, reply_to: str | None = None, quote: str | None = None) -> str:
        embed = {"$type": "app.bsky.embed.record", "record": {"uri": quote, "cid": fake_cid(quote)}} if quote else None
        uri = self.appview.add(account, f"@{BOT.handle} {text}", reply_to=reply_to, record_embed=embed)
        view = self.appview.posts[uri]
        view["record"]["createdAt"] = iso_now()
        with self.lock:
            self.notifications.append({
                "uri": uri, "cid": view["cid"], "author": account.view(), "reason": "mention", "record": view["record"],
                "isRead": False, "indexedAt": iso_now(), "labels": [],
            })
        return uri

    def _list(self, request: Recorded) -> Reply:
        if request.headers.get("atproto-proxy") != "did:web:api.bsky.app#bsky_appview":
            return Reply(status=400, json={"error": "InvalidRequest", "message": "no proxy"})
        limit = int(request.query.get("limit", ["50"])[0])
        start = int(request.query.get("cursor", ["0"])[0])
        with self.lock:
            items = list(reversed(self.notifications))
        body = {"notifications": items[start:start + limit], "seenAt": iso_now()}
        if start + limit < len(items):
            body["cursor"] = str(start + limit)
        return Reply(json=body)

    def _get_record(self, request: Recorded) -> Reply:
        rkey = request.query.get("rkey", [""])[0]
        with self.lock:
            record = self.records.get(rkey)
        if record is None:
            return Reply(status=400, json={"error": "RecordNotFound", "message": f"Could not locate record: at://{BOT.did}/app.bsky.feed.post/{rkey}"})
        uri = f"at://{BOT.did}/app.bsky.feed.post/{rkey}"
        return Reply(json={"uri": uri, "cid": fake_cid(uri), "value": record})

    def _create(self, request: Recorded) -> Reply:
        body = json.loads(request.body)
        rkey = body.get("rkey") or tid(datetime.now(timezone.utc))
        with self.lock:
            self.creates.append(body)
            if rkey in self.records:
                return Reply(status=400, json={"error": "InvalidRequest", "message": "Record already exists"})
            self.records[rkey] = body["record"]
        uri = f"at://{BOT.did}/app.bsky.feed.post/{rkey}"
        return Reply(json={"uri": uri, "cid": fake_cid(uri), "commit": {"cid": fake_cid(uri + "c"), "rev": "3l"}, "validationStatus": "valid"})

    def creates_for(self, mention_uri: str) -> list[dict]:
        return [c for c in self.creates if c["record"]["reply"]["parent"]["uri"] == mention_uri]
