"""A fake Mastodon server on a LoopbackServer: Status and Account entities shaped as the Mastodon
API documents them, `/api/v1/statuses/:id/context` with the real unauthenticated limits (40
ancestors, 60 descendants, depth 20), and the same posts as ActivityPub JSON-LD.

Invented people and content only.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from loopback import LoopbackServer, Reply

START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
AS_CONTEXT = ["https://www.w3.org/ns/activitystreams", {"Hashtag": "as:Hashtag", "sensitive": "as:sensitive"}]


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class FakeMastodon:
    """Statuses of accounts on one server (`server`); accounts of other servers may appear too."""

    def __init__(self, server: LoopbackServer, *, domain: str | None = None):
        self.server = server
        self.origin = server.origin
        self.domain = domain or server.netloc
        self.accounts: dict[str, dict] = {}
        self.statuses: dict[str, dict] = {}
        self.order: list[str] = []
        self.deleted: set[str] = set()
        self._next_id = 110000000000000000
        self._clock = START

    # --- building ---

    def account(self, username: str, display_name: str, *, origin: str | None = None, account_id: str | None = None) -> dict:
        origin = origin or self.origin
        local = origin == self.origin
        domain = origin.split("://", 1)[1]
        account = {
            "id": account_id or str(len(self.accounts) + 1),
            "username": username,
            "acct": username if local else f"{username}@{domain}",
            "display_name": display_name,
            "locked": False,
            "bot": False,
            "discoverable": True,
            "group": False,
            "created_at": "2023-01-01T00:00:00.000Z",
            "note": "<p>Invented for tests.</p>",
            "url": f"{origin}/@{username}",
            "uri": f"{origin}/users/{username}",
            "avatar": f"{origin}/system/accounts/avatars/{username}.png",
            "avatar_static": f"{origin}/system/accounts/avatars/{username}.png",
            "header": f"{origin}/system/accounts/headers/{username}.png",
            "header_static": f"{origin}/system/accounts/headers/{username}.png",
            "followers_count": 10,
            "following_count": 5,
            "statuses_count": 100,
            "last_status_at": "2025-03-01",
            "emojis": [],
            "fields": [],
        }
        self.accounts[account["id"]] = account
        return account

    def post(self, account: dict, content: str, *, reply_to: dict | None = None, minutes: int = 1, **fields) -> dict:
        self._next_id += 1000
        self._clock += timedelta(minutes=minutes)
        sid = str(self._next_id)
        origin = account["url"].rsplit("/@", 1)[0]
        status = {
            "id": sid,
            "created_at": iso(self._clock),
            "in_reply_to_id": reply_to["id"] if reply_to else None,
            "in_reply_to_account_id": reply_to["account"]["id"] if reply_to else None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": "en",
            "uri": f"{origin}/users/{account['username']}/statuses/{sid}",
            "url": f"{origin}/@{account['username']}/{sid}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "edited_at": None,
            "content": content if content.startswith("<") else f"<p>{content}</p>",
            "reblog": None,
            "application": {"name": "Web", "website": None},
            "account": account,
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
            "quote": None,
        }
        status.update(fields)
        self.statuses[sid] = status
        self.order.append(sid)
        return status

    def chain(self, account: dict, count: int, *, reply_to: dict | None = None, text: str = "Step {n} of the kite repair") -> list[dict]:
        posts = []
        for n in range(1, count + 1):
            parent = posts[-1] if posts else reply_to
            posts.append(self.post(account, text.format(n=n, count=count), reply_to=parent))
        return posts

    def delete(self, status: dict) -> None:
        self.deleted.add(status["id"])

    # --- the API ---

    def _live(self, sid: str | None) -> dict | None:
        if sid is None or sid in self.deleted:
            return None
        return self.statuses.get(sid)

    def _children(self, sid: str) -> list[dict]:
        return [s for i in self.order if (s := self._live(i)) and s["in_reply_to_id"] == sid]

    def entity(self, status: dict) -> dict:
        return {**status, "replies_count": len(self._children(status["id"]))}

    def context(self, sid: str) -> dict:
        status = self.statuses[sid]
        ancestors = []
        parent = self._live(status["in_reply_to_id"])
        while parent is not None and len(ancestors) < 40:
            ancestors.append(parent)
            parent = self._live(parent["in_reply_to_id"])
        descendants: list[dict] = []

        def walk(node_id: str, depth: int) -> None:
            for child in self._children(node_id):
                if len(descendants) >= 60:
                    return
                descendants.append(child)
                if depth + 1 < 20:
                    walk(child["id"], depth + 1)

        walk(sid, 0)
        return {"ancestors": [self.entity(s) for s in reversed(ancestors)], "descendants": [self.entity(s) for s in descendants]}

    def publish(self) -> None:
        """Routes every status and its context (a 404 for deleted ones)."""
        for sid in self.order:
            if sid in self.deleted:
                self.server.route("GET", f"/api/v1/statuses/{sid}", status=404, json={"error": "Record not found"})
                self.server.route("GET", f"/api/v1/statuses/{sid}/context", status=404, json={"error": "Record not found"})
                continue
            self.server.route("GET", f"/api/v1/statuses/{sid}", handler=lambda req, sid=sid: Reply(json=self.entity(self.statuses[sid])))
            self.server.route("GET", f"/api/v1/statuses/{sid}/context", handler=lambda req, sid=sid: Reply(json=self.context(sid)))

    def url_of(self, status: dict) -> str:
        return status["url"]


# --- ActivityPub ----------------------------------------------------------------------------------


def actor(origin: str, username: str, name: str) -> dict:
    actor_id = f"{origin}/users/{username}"
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": actor_id,
        "type": "Person",
        "following": f"{actor_id}/following",
        "followers": f"{actor_id}/followers",
        "inbox": f"{actor_id}/inbox",
        "outbox": f"{actor_id}/outbox",
        "preferredUsername": username,
        "name": name,
        "summary": "<p>Invented for tests.</p>",
        "url": f"{origin}/@{username}",
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "published": "2023-01-01T00:00:00Z",
        "publicKey": {"id": f"{actor_id}#main-key", "owner": actor_id, "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"},
        "icon": {"type": "Image", "mediaType": "image/png", "url": f"{origin}/system/accounts/avatars/{username}.png"},
    }


def note(origin: str, username: str, number: int, content: str, *, in_reply_to: str | None = None, minutes: int = 0, **fields) -> dict:
    actor_id = f"{origin}/users/{username}"
    note_id = f"{actor_id}/statuses/{number}"
    data = {
        "@context": AS_CONTEXT,
        "id": note_id,
        "type": "Note",
        "summary": None,
        "inReplyTo": in_reply_to,
        "published": iso(START + timedelta(minutes=minutes)).replace(".000Z", "Z"),
        "url": f"{origin}/@{username}/{number}",
        "attributedTo": actor_id,
        "to": [AS_PUBLIC],
        "cc": [f"{actor_id}/followers"],
        "sensitive": False,
        "atomUri": note_id,
        "inReplyToAtomUri": in_reply_to,
        "conversation": f"tag:{origin.split('://')[1]},2025-03-01:objectId=1:objectType=Conversation",
        "content": content if content.startswith("<") else f"<p>{content}</p>",
        "contentMap": {"en": content if content.startswith("<") else f"<p>{content}</p>"},
        "attachment": [],
        "tag": [],
        "replies": {
            "id": f"{note_id}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{note_id}/replies?only_other_accounts=true&page=true",
                "partOf": f"{note_id}/replies",
                "items": [],
            },
        },
    }
    data.update(fields)
    return data
