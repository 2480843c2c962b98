"""A fake Bluesky AppView on the loopback server: answers `com.atproto.identity.resolveHandle`
and `app.bsky.feed.getPostThread` from a small in-memory network, in the lexicons' exact shapes
(`app.bsky.feed.defs#threadViewPost` / `#notFoundPost` / `#blockedPost`, `#postView`,
`app.bsky.actor.defs#profileViewBasic`, `app.bsky.embed.*#view`).

Depth semantics follow the AppView: a post at the depth limit has no `replies` key (its
`replyCount` still says how many it has); within the limit `replies` is a list, maybe empty.
Deleted posts answer `notFoundPost` as parents and vanish from `replies` (with their subtree).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from loopback import LoopbackServer, Recorded, Reply

from unspool.synthetic.bluesky_repo import tid

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def fake_cid(text: str) -> str:
    return "bafyrei" + hashlib.sha256(text.encode()).hexdigest()[:52]


class Account:
    def __init__(self, did: str, handle: str, name: str = ""):
        self.did, self.handle, self.name = did, handle, name

    def view(self) -> dict:
        view = {
            "did": self.did,
            "handle": self.handle,
            "avatar": f"https://cdn.bsky.app/img/avatar/plain/{self.did}/{fake_cid(self.did)}@jpeg",
            "associated": {"chat": {"allowIncoming": "following"}},
            "viewer": {"muted": False, "blockedBy": False},
            "labels": [],
            "createdAt": "2024-01-01T00:00:00.000Z",
        }
        if self.name:
            view["displayName"] = self.name
        return view


FERN = Account("did:plc:fernexample0000000000000", "fern.example.test", "Fern Example")
ROWAN = Account("did:plc:rowanexample000000000000", "rowan.example.test", "Rowan")


class FakeAppView:
    def __init__(self, server: LoopbackServer, prefix: str = ""):
        self.server = server
        self.prefix = prefix  # "/xrpc" lives under this path (a PDS proxy, say)
        self.accounts: dict[str, Account] = {}
        self.posts: dict[str, dict] = {}  # uri -> postView
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        self.deleted: set[str] = set()
        self.blocked: set[str] = set()
        self._clock = 0
        self._moment = T0
        server.route("GET", f"{prefix}/xrpc/com.atproto.identity.resolveHandle", handler=self._resolve)
        server.route("GET", f"{prefix}/xrpc/app.bsky.feed.getPostThread", handler=self._thread)

    # --- building the network ---

    def add(
        self,
        account: Account,
        text: str = "",
        *,
        reply_to: str | None = None,
        facets: list[dict] | None = None,
        embed_view: dict | None = None,
        record_embed: dict | None = None,
        langs: list[str] | None = None,
        at: datetime | None = None,
    ) -> str:
        self.accounts[account.handle] = account
        self._moment = at or self._moment + timedelta(minutes=1)
        self._clock += 1
        rkey = tid(self._moment, self._clock)
        uri = f"at://{account.did}/app.bsky.feed.post/{rkey}"
        record: dict = {"$type": "app.bsky.feed.post", "createdAt": iso(self._moment), "langs": langs or ["en"], "text": text}
        if facets:
            record["facets"] = facets
        if record_embed:
            record["embed"] = record_embed
        if reply_to:
            root = reply_to
            while self.parent.get(root):
                root = self.parent[root]
            record["reply"] = {
                "parent": {"cid": self.posts[reply_to]["cid"], "uri": reply_to},
                "root": {"cid": self.posts[root]["cid"], "uri": root},
            }
        view = {
            "uri": uri,
            "cid": fake_cid(uri),
            "author": account.view(),
            "record": record,
            "replyCount": 0,
            "repostCount": 0,
            "likeCount": 3,
            "quoteCount": 0,
            "indexedAt": iso(self._moment + timedelta(seconds=1)),
            "viewer": {"threadMuted": False, "embeddingDisabled": False},
            "labels": [],
        }
        if embed_view:
            view["embed"] = embed_view
        self.posts[uri] = view
        self.parent[uri] = reply_to
        self.children[uri] = []
        if reply_to:
            self.children[reply_to].append(uri)
            self.posts[reply_to]["replyCount"] += 1
        return uri

    def chain(self, account: Account, texts: list[str], reply_to: str | None = None) -> list[str]:
        uris = []
        for text in texts:
            reply_to = self.add(account, text, reply_to=reply_to)
            uris.append(reply_to)
        return uris

    def delete(self, uri: str) -> None:
        self.deleted.add(uri)

    # --- answers ---

    def _resolve(self, request: Recorded) -> Reply:
        handle = request.query.get("handle", [""])[0]
        account = self.accounts.get(handle)
        if account is None:
            return Reply(status=400, json={"error": "InvalidRequest", "message": "Unable to resolve handle"})
        return Reply(json={"did": account.did})

    def _thread(self, request: Recorded) -> Reply:
        uri = request.query.get("uri", [""])[0]
        depth = int(request.query.get("depth", ["6"])[0])
        height = int(request.query.get("parentHeight", ["80"])[0])
        if uri not in self.posts or uri in self.deleted:
            return Reply(status=400, json={"error": "NotFound", "message": f"Post not found: {uri}"})
        if uri in self.blocked:
            return Reply(json={"thread": self._blocked(uri)})
        node = self._node(uri, depth)
        self._add_parents(node, uri, height)
        return Reply(json={"thread": node, "threadgate": None})

    def _node(self, uri: str, depth: int) -> dict:
        node: dict = {"$type": "app.bsky.feed.defs#threadViewPost", "post": self.posts[uri]}
        if depth > 0:
            node["replies"] = [
                self._blocked(child) if child in self.blocked else self._node(child, depth - 1)
                for child in self.children[uri]
                if child not in self.deleted
            ]
        return node

    def _add_parents(self, node: dict, uri: str, height: int) -> None:
        current = node
        parent = self.parent[uri]
        while parent and height > 0:
            if parent in self.deleted:
                current["parent"] = {"$type": "app.bsky.feed.defs#notFoundPost", "uri": parent, "notFound": True}
                return
            if parent in self.blocked:
                current["parent"] = self._blocked(parent)
                return
            current["parent"] = {"$type": "app.bsky.feed.defs#threadViewPost", "post": self.posts[parent]}
            current = current["parent"]
            parent = self.parent[parent]
            height -= 1

    def _blocked(self, uri: str) -> dict:
        did = uri.split("/")[2]
        return {
            "$type": "app.bsky.feed.defs#blockedPost",
            "uri": uri,
            "blocked": True,
            "author": {"did": did, "viewer": {"blockedBy": True}},
        }

    def thread_calls(self) -> list[dict[str, str]]:
        return [
            {key: values[0] for key, values in request.query.items()}
            for request in self.server.requests
            if request.path.endswith("app.bsky.feed.getPostThread")
        ]
