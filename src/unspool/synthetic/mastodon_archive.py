"""Synthetic Mastodon account exports in the shape of the real one ("Request your archive").

The real export (Mastodon's BackupService) is a .zip holding, at its top level:

* ``actor.json``: the account as an ActivityPub ``Person``, with ``icon.url`` rewritten to
  ``avatar.<ext>`` (and ``image.url`` to ``header.<ext>``) and ``outbox`` to ``outbox.json``;
* ``outbox.json``: an ``OrderedCollection`` (``id`` ``"outbox.json"``) whose ``orderedItems``
  are every status of the account, oldest first: ``Create`` activities with the ``Note`` (or
  ``Question`` for a poll) inline as ``object``, and ``Announce`` activities for boosts whose
  ``object`` is the boosted post's URI. Every status is there, followers-only posts and direct
  messages included, each addressed (``to``/``cc``) as it was sent;
* an attachment's ``url`` is its path on the server without ``/system/``
  (``media_attachments/files/110/…/original/<hex>.png``), and the file is in the zip there;
* ``likes.json``, ``bookmarks.json`` (OrderedCollections of URIs), ``avatar.png`` (the
  builder's ``avatar``: another file name or content, or none at all).

Post HTML is what Mastodon's formatter writes: ``<p>`` paragraphs, ``<br />`` line breaks,
links with ``span.invisible``/``span.ellipsis`` parts, hashtag and mention anchors.

Only ``MastodonArchiveBuilder`` is needed by callers. Invented people and content only.
"""

from __future__ import annotations

import html
import json
import random
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from .x_archive import make_png

__all__ = ["MastodonArchiveBuilder", "MediaSpec"]

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    {
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "sensitive": "as:sensitive",
        "toot": "http://joinmastodon.org/ns#",
        "votersCount": "toot:votersCount",
        "blurhash": "toot:blurhash",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "Hashtag": "as:Hashtag",
        "Emoji": "toot:Emoji",
    },
]
_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "mp4": "video/mp4", "mp3": "audio/mpeg"}
_URL = re.compile(r"https?://[^\s<>\"]+")
_HASHTAG = re.compile(r"(?<![\w/])#(\w+)")
_MENTION = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.-]+\.[A-Za-z]{2,}))?")
_EMOJI = re.compile(r":([A-Za-z0-9_]{2,}):")

# (file extension, alt text, file bytes or None for a file missing from the archive)
MediaSpec = tuple[str, str, "bytes | None"]


class MastodonArchiveBuilder:
    """Collects statuses of one account and writes them as a Mastodon export. Deterministic."""

    def __init__(self, *, domain: str = "social.example", username: str = "fern", name: str = "Fern Example"):
        self.domain = domain
        self.username = username
        self.name = name
        self.origin = f"https://{domain}"
        self.actor_id = f"{self.origin}/users/{username}"
        self._rng = random.Random(f"unspool-mastodon-archive:{domain}:{username}")
        self._items: list[tuple[int, dict]] = []
        self._media: list[tuple[str, bytes]] = []
        self._sequence = 0
        self.emojis: dict[str, str] = {}  # shortcode -> image URL, for custom emoji in text
        # (icon.url in actor.json, the file's bytes or None for a file missing from the archive);
        # None: the account has no avatar. Hostile names ("../x", "/x") are written into zips only.
        self.avatar: tuple[str, bytes | None] | None = ("avatar.png", make_png(48, 48, seed=7))

    # --- ids ---

    def _new_id(self, at: datetime) -> int:
        """A Mastodon snowflake: milliseconds since the Unix epoch, shifted 16 bits."""
        self._sequence += 1
        return (int(at.timestamp() * 1000) << 16) | (self._sequence & 0xFFFF)

    def status_uri(self, status_id: int | str) -> str:
        return f"{self.actor_id}/statuses/{status_id}"

    # --- statuses ---

    def post(
        self,
        text: str,
        *,
        at: datetime,
        reply_to: str | None = None,
        reply_to_account: tuple[str, str] | None = None,
        visibility: str = "public",
        media: Sequence[MediaSpec] = (),
        content_warning: str | None = None,
        language: str = "en",
        poll: Sequence[tuple[str, int]] | None = None,
    ) -> str:
        """Adds one status and returns its URI (its ActivityPub id, the Post id).

        * ``reply_to``: the URI of the status replied to: the author's own, or with
          ``reply_to_account=(actor id, "user@domain")`` someone else's (then the text starts
          with the mention, as Mastodon's composer writes it).
        * ``visibility``: "public", "unlisted", "private" (followers only) or "direct".
        * ``media``: ``(extension, alt, bytes)``; the file goes to ``media_attachments/…``.
        * ``poll``: ``(option, votes)`` pairs; the status becomes a ``Question``.
        """
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        sid = self._new_id(at)
        uri = self.status_uri(sid)
        tags: list[dict] = []
        if reply_to_account is not None:
            handle = reply_to_account[1].lstrip("@")
            text = f"@{handle} {text}"
        content = self._html(text, tags)
        followers = f"{self.actor_id}/followers"
        mentioned = [tag["href"] for tag in tags if tag["type"] == "Mention"]
        to, cc = {
            "public": ([PUBLIC], [followers, *mentioned]),
            "unlisted": ([followers], [PUBLIC, *mentioned]),
            "private": ([followers], mentioned),
            "direct": (mentioned, []),
        }[visibility]
        published = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        obj: dict = {
            "id": uri,
            "type": "Question" if poll else "Note",
            "summary": content_warning,
            "inReplyTo": reply_to,
            "published": published,
            "url": f"{self.origin}/@{self.username}/{sid}",
            "attributedTo": self.actor_id,
            "to": to,
            "cc": cc,
            "sensitive": bool(content_warning),
            "atomUri": uri,
            "inReplyToAtomUri": reply_to,
            "conversation": f"tag:{self.domain},{at:%Y-%m-%d}:objectId={sid}:objectType=Conversation",
            "content": content,
            "contentMap": {language: content},
            "attachment": [self._attachment(sid, index, spec) for index, spec in enumerate(media)],
            "tag": tags,
            "replies": {
                "id": f"{uri}/replies",
                "type": "Collection",
                "first": {"type": "CollectionPage", "next": f"{uri}/replies?only_other_accounts=true&page=true", "partOf": f"{uri}/replies", "items": []},
            },
        }
        if poll:
            obj["endTime"] = published
            obj["closed"] = published
            obj["votersCount"] = sum(votes for _, votes in poll)
            obj["oneOf"] = [{"type": "Note", "name": option, "replies": {"type": "Collection", "totalItems": votes}} for option, votes in poll]
        activity = {
            "id": f"{uri}/activity",
            "type": "Create",
            "actor": self.actor_id,
            "published": published,
            "to": to,
            "cc": cc,
            "object": obj,
        }
        self._items.append((sid, activity))
        return uri

    def thread(self, texts: Sequence[str], *, start: datetime, minutes: int = 2, reply_to: str | None = None, **options) -> list[str]:
        """Posts each text as a reply to the previous one; returns their URIs."""
        from datetime import timedelta

        uris: list[str] = []
        for index, text in enumerate(texts):
            parent = uris[-1] if uris else reply_to
            extra = dict(options) if index == 0 else {k: v for k, v in options.items() if k not in ("reply_to_account",)}
            uris.append(self.post(text, at=start + timedelta(minutes=minutes * index), reply_to=parent, **extra))
        return uris

    def boost(self, uri: str, *, at: datetime) -> None:
        """A boost of someone's post: an Announce whose object is only its URI."""
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        sid = self._new_id(at)
        self._items.append(
            (
                sid,
                {
                    "id": f"{self.status_uri(sid)}/activity",
                    "type": "Announce",
                    "actor": self.actor_id,
                    "published": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "to": [PUBLIC],
                    "cc": [f"{self.actor_id}/followers"],
                    "object": uri,
                },
            )
        )

    # --- HTML as Mastodon writes it ---

    def _html(self, text: str, tags: list[dict]) -> str:
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "".join(f"<p>{'<br />'.join(self._inline(line, tags) for line in p.split(chr(10)))}</p>" for p in paragraphs)

    def _inline(self, line: str, tags: list[dict]) -> str:
        out, cursor = [], 0
        tokens = sorted(
            [(m.start(), m.end(), "url", m) for m in _URL.finditer(line)]
            + [(m.start(), m.end(), "tag", m) for m in _HASHTAG.finditer(line)]
            + [(m.start(), m.end(), "mention", m) for m in _MENTION.finditer(line)]
            + [(m.start(), m.end(), "emoji", m) for m in _EMOJI.finditer(line) if m.group(1) in self.emojis],
            key=lambda t: t[0],
        )
        for start, end, kind, match in tokens:
            if start < cursor:
                continue
            out.append(html.escape(line[cursor:start], quote=False))
            if kind == "url":
                url = match.group(0).rstrip(".,;:!?)")
                end = start + len(url)
                out.append(_link(url))
            elif kind == "tag":
                name = match.group(1)
                href = f"{self.origin}/tags/{name.lower()}"
                tags.append({"type": "Hashtag", "href": href, "name": f"#{name.lower()}"})
                out.append(f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{html.escape(name)}</span></a>')
            elif kind == "mention":
                user, domain = match.group(1), match.group(2) or self.domain
                profile = f"https://{domain}/@{user}"
                tags.append({"type": "Mention", "href": f"https://{domain}/users/{user}", "name": f"@{user}@{domain}"})
                out.append(f'<span class="h-card" translate="no"><a href="{profile}" class="u-url mention">@<span>{html.escape(user)}</span></a></span>')
            else:
                code = match.group(1)
                if not any(t.get("name") == f":{code}:" for t in tags):
                    tags.append({"id": f"{self.origin}/emojis/{code}", "type": "Emoji", "name": f":{code}:", "updated": "2024-01-01T00:00:00Z", "icon": {"type": "Image", "mediaType": "image/png", "url": self.emojis[code]}})
                out.append(f":{code}:")
            cursor = end
        out.append(html.escape(line[cursor:], quote=False))
        return "".join(out)

    def _attachment(self, sid: int, index: int, spec: MediaSpec) -> dict:
        ext, alt, data = spec
        attachment_id = sid + index + 1
        digits = f"{attachment_id:018d}"
        partition = "/".join(digits[i : i + 3] for i in range(0, 18, 3))
        name = f"{self._rng.getrandbits(64):016x}.{ext}"
        path = f"media_attachments/files/{partition}/original/{name}"
        if data is not None:
            self._media.append((path, data))
        mime = _MIME.get(ext, "application/octet-stream")
        attachment = {"type": "Document", "mediaType": mime, "url": path, "name": alt or None, "blurhash": "U9B:~Q00~q-;_3%MIUM{4nt7RjWB", "focalPoint": [0.0, 0.0]}
        if mime.startswith("image/") and data:
            attachment["width"], attachment["height"] = _png_size(data)
        return attachment

    # --- output ---

    def actor(self) -> dict:
        return {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.actor_id,
            "type": "Person",
            "following": f"{self.actor_id}/following",
            "followers": f"{self.actor_id}/followers",
            "inbox": f"{self.actor_id}/inbox",
            "outbox": "outbox.json",
            "featured": f"{self.actor_id}/collections/featured",
            "preferredUsername": self.username,
            "name": self.name,
            "summary": "<p>Invented for tests.</p>",
            "url": f"{self.origin}/@{self.username}",
            "manuallyApprovesFollowers": False,
            "discoverable": True,
            "published": "2023-01-01T00:00:00Z",
            "publicKey": {"id": f"{self.actor_id}#main-key", "owner": self.actor_id, "publicKeyPem": "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"},
            "tag": [],
            "attachment": [],
            "endpoints": {"sharedInbox": f"{self.origin}/inbox"},
            **({"icon": {"type": "Image", "mediaType": _mime_of(self.avatar[0]), "url": self.avatar[0]}} if self.avatar else {}),
            "likes": "likes.json",
            "bookmarks": "bookmarks.json",
        }

    def write(self, dest: Path, *, zip: bool = True, folder_in_zip: str = "") -> Path:
        """Writes the export (a .zip, or a folder with ``zip=False``) and returns its path.
        ``folder_in_zip`` nests the members under a folder, as re-zipping an unzipped export does."""
        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise FileExistsError(f"{dest} exists and is not empty")
        items = [activity for _, activity in sorted(self._items, key=lambda item: item[0])]
        outbox = {"@context": CONTEXT, "id": "outbox.json", "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items}
        empty = {"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection", "orderedItems": []}
        files: list[tuple[str, bytes]] = [
            ("outbox.json", json.dumps(outbox, ensure_ascii=False).encode()),
            ("actor.json", json.dumps(self.actor(), ensure_ascii=False).encode()),
            ("likes.json", json.dumps({**empty, "id": "likes.json"}).encode()),
            ("bookmarks.json", json.dumps({**empty, "id": "bookmarks.json"}).encode()),
            *([self.avatar] if self.avatar and self.avatar[1] is not None else []),
            *self._media,
        ]
        if zip:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in files:
                    archive.writestr(folder_in_zip + name, data)
        else:
            for name, data in files:
                target = dest / name
                if not target.resolve().is_relative_to(dest.resolve()):
                    raise ValueError(f"{name}: would be written outside {dest}; write a zip instead")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return dest


def _link(url: str) -> str:
    """A link as Mastodon writes it: scheme and "www." invisible, the rest cut after 30 characters."""
    match = re.match(r"^(https?://(?:www\.)?)(.*)$", url)
    prefix, rest = match.group(1), match.group(2)
    shown, hidden = rest[:30], rest[30:]
    ellipsis = "ellipsis" if hidden else ""
    return (
        f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
        f'<span class="invisible">{html.escape(prefix)}</span><span class="{ellipsis}">{html.escape(shown)}</span>'
        f'<span class="invisible">{html.escape(hidden)}</span></a>'
    )


def _mime_of(name: str) -> str:
    return _MIME.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0, 0
