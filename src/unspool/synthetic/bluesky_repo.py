"""Synthetic Bluesky repository exports: the `.car` file `com.atproto.sync.getRepo` returns.

A real export is a CAR v1 file: a varint-prefixed DAG-CBOR header `{"roots": [<commit>],
"version": 1}`, then blocks, each `varint(len(cid) + len(data)) + cid + data`, where every CID is
v1, codec dag-cbor (0x71), sha2-256. The root block is the signed commit
`{"did", "version": 3, "data": <MST root>, "rev": <TID>, "prev": null, "sig": <bytes>}`; the
Merkle Search Tree maps `"<collection>/<rkey>"` keys to record blocks. What this module
reproduces, because readers get it wrong:

* the MST is the real, deterministic one: a key's layer is the number of leading zero bits of
  SHA-256(key) divided by 2; each node is `{"l": <left subtree or null>, "e": [{"p": <prefix
  length shared with the previous key of the node>, "k": <key suffix bytes>, "v": <record>,
  "t": <right subtree or null>}]}`; layers without keys of their own keep empty nodes that only
  hold `l`; the root is the node of the highest layer;
* records are DAG-CBOR: links (tag 42) for blob refs, map keys in canonical order;
* record keys are TIDs (base32-sortable, 53 bits of microseconds and a 10-bit clock id) that
  match `createdAt`;
* facets are UTF-8 byte ranges (`rich()` computes them).

Simplifications: the commit's `sig` is 64 zero bytes (nothing here verifies signatures) and
blobs (images, videos) are referenced by CID but, as in the real export, not included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

import libipld

__all__ = ["RepoBuilder", "make_cid", "rich", "thread", "tid"]

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
DAG_CBOR = 0x71
RAW = 0x55


def make_cid(data: bytes, codec: int = DAG_CBOR) -> bytes:
    """The binary CIDv1 (sha2-256) of a block; DAG-CBOR encoding turns it into a link."""
    return bytes([0x01, codec, 0x12, 0x20]) + hashlib.sha256(data).digest()


def tid(moment: datetime, clock_id: int = 0) -> str:
    micros = int(moment.timestamp() * 1_000_000)
    value = (micros << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def rich(*parts: str | tuple[str, str, str]) -> tuple[str, list[dict]]:
    """Text and facets from pieces: plain strings, or ("link", text, uri), ("mention", text, did),
    ("tag", text, tag). Byte offsets are computed on the UTF-8 encoding, as Bluesky does."""
    text = ""
    facets = []
    for part in parts:
        if isinstance(part, str):
            text += part
            continue
        kind, shown, value = part
        start = len(text.encode("utf-8"))
        text += shown
        end = len(text.encode("utf-8"))
        feature = {
            "link": {"$type": "app.bsky.richtext.facet#link", "uri": value},
            "mention": {"$type": "app.bsky.richtext.facet#mention", "did": value},
            "tag": {"$type": "app.bsky.richtext.facet#tag", "tag": value},
        }[kind]
        facets.append({"$type": "app.bsky.richtext.facet", "index": {"byteStart": start, "byteEnd": end}, "features": [feature]})
    return text, facets


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _layer(key: str) -> int:
    digest = hashlib.sha256(key.encode()).digest()
    zeros = 0
    for byte in digest:
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class RepoBuilder:
    """Builds one account's repository; `post()` returns the post's at:// URI."""

    def __init__(self, did: str = "did:plc:fernexample0000000000000", *, display_name: str | None = "Fern Example", avatar: bytes | None = None, description: str = ""):
        self.did = did
        self.records: dict[str, dict] = {}  # "collection/rkey" -> record
        self.blobs: dict[str, bytes] = {}  # not exported (the real getRepo leaves blobs out)
        self._clock = 0
        if display_name is not None or avatar is not None:
            profile: dict = {"$type": "app.bsky.actor.profile"}
            if display_name is not None:
                profile["displayName"] = display_name
            if description:
                profile["description"] = description
            if avatar is not None:
                profile["avatar"] = self.blob(avatar, "image/png")
            self.records["app.bsky.actor.profile/self"] = profile

    # --- records ---

    def _rkey(self, moment: datetime, collection: str) -> str:
        while True:
            self._clock = (self._clock + 1) % 1024
            key = tid(moment, self._clock)
            if f"{collection}/{key}" not in self.records:
                return key

    def uri(self, collection: str, rkey: str) -> str:
        return f"at://{self.did}/{collection}/{rkey}"

    def cid_of(self, uri: str) -> str:
        key = uri.split("/", 3)[3]
        return libipld.encode_cid(make_cid(libipld.encode_dag_cbor(self.records[key])))

    def post(
        self,
        text: str | tuple[str, list[dict]] = "",
        *,
        at: datetime,
        reply_to: str | None = None,
        root: str | None = None,
        facets: list[dict] | None = None,
        langs: Sequence[str] | None = ("en",),
        embed: dict | None = None,
        labels: Sequence[str] = (),
    ) -> str:
        if isinstance(text, tuple):
            text, facets = text
        record: dict = {"$type": "app.bsky.feed.post", "text": text, "createdAt": _iso(at)}
        if facets:
            record["facets"] = facets
        if langs:
            record["langs"] = list(langs)
        if embed:
            record["embed"] = embed
        if labels:
            record["labels"] = {"$type": "com.atproto.label.defs#selfLabels", "values": [{"val": label} for label in labels]}
        if reply_to:
            root = root or self._root_of(reply_to)
            record["reply"] = {"root": self._strong_ref(root), "parent": self._strong_ref(reply_to)}
        rkey = self._rkey(at, "app.bsky.feed.post")
        self.records[f"app.bsky.feed.post/{rkey}"] = record
        return self.uri("app.bsky.feed.post", rkey)

    def _root_of(self, uri: str) -> str:
        key = uri.split("/", 3)[3] if uri.startswith(f"at://{self.did}/") else None
        record = self.records.get(key) if key else None
        if record and "reply" in record:
            return record["reply"]["root"]["uri"]
        return uri

    def _strong_ref(self, uri: str) -> dict:
        if uri.startswith(f"at://{self.did}/") and uri.split("/", 3)[3] in self.records:
            cid = self.cid_of(uri)
        else:  # someone else's post: a CID as it would be, derived from the URI
            cid = libipld.encode_cid(make_cid(uri.encode()))
        return {"uri": uri, "cid": cid}

    def delete(self, uri: str) -> None:
        del self.records[uri.split("/", 3)[3]]

    def repost(self, subject: str, *, at: datetime) -> str:
        return self._other("app.bsky.feed.repost", {"subject": self._strong_ref(subject)}, at)

    def like(self, subject: str, *, at: datetime) -> str:
        return self._other("app.bsky.feed.like", {"subject": self._strong_ref(subject)}, at)

    def follow(self, did: str, *, at: datetime) -> str:
        return self._other("app.bsky.graph.follow", {"subject": did}, at)

    def _other(self, collection: str, fields: dict, at: datetime) -> str:
        rkey = self._rkey(at, collection)
        self.records[f"{collection}/{rkey}"] = {"$type": collection, **fields, "createdAt": _iso(at)}
        return self.uri(collection, rkey)

    # --- embeds ---

    def blob(self, data: bytes, mime_type: str = "image/jpeg") -> dict:
        cid = make_cid(data, RAW)
        self.blobs[libipld.encode_cid(cid)] = data
        return {"$type": "blob", "ref": cid, "mimeType": mime_type, "size": len(data)}

    def images(self, *images: tuple[bytes, str] | tuple[bytes, str, tuple[int, int]]) -> dict:
        items = []
        for image in images:
            item: dict = {"alt": image[1], "image": self.blob(image[0])}
            if len(image) > 2:
                item["aspectRatio"] = {"width": image[2][0], "height": image[2][1]}
            items.append(item)
        return {"$type": "app.bsky.embed.images", "images": items}

    def video(self, data: bytes, alt: str = "", aspect: tuple[int, int] | None = None) -> dict:
        embed: dict = {"$type": "app.bsky.embed.video", "video": self.blob(data, "video/mp4")}
        if alt:
            embed["alt"] = alt
        if aspect:
            embed["aspectRatio"] = {"width": aspect[0], "height": aspect[1]}
        return embed

    def external(self, uri: str, title: str = "", description: str = "", thumb: bytes | None = None) -> dict:
        external: dict = {"uri": uri, "title": title, "description": description}
        if thumb is not None:
            external["thumb"] = self.blob(thumb)
        return {"$type": "app.bsky.embed.external", "external": external}

    def quote(self, uri: str) -> dict:
        return {"$type": "app.bsky.embed.record", "record": self._strong_ref(uri)}

    def quote_with_media(self, uri: str, media: dict) -> dict:
        return {"$type": "app.bsky.embed.recordWithMedia", "record": self.quote(uri), "media": media}

    # --- export ---

    def blocks(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """(commit CID, [(cid, block), …]) in the export's order: commit, then MST nodes and
        records depth-first."""
        out: list[tuple[bytes, bytes]] = []
        items = []
        for key in sorted(self.records):
            data = libipld.encode_dag_cbor(self.records[key])
            cid = make_cid(data)
            items.append((key, cid, data))
        root = self._mst(items, out)
        latest = max((tid_of(key) for key in self.records), default="2222222222222")
        commit = {"did": self.did, "version": 3, "data": root, "rev": latest, "prev": None, "sig": bytes(64)}
        commit_data = libipld.encode_dag_cbor(commit)
        commit_cid = make_cid(commit_data)
        return commit_cid, [(commit_cid, commit_data), *out]

    def _mst(self, items: list[tuple[str, bytes, bytes]], out: list[tuple[bytes, bytes]]) -> bytes:
        layers = {key: _layer(key) for key, _, _ in items}
        top = max(layers.values(), default=0)
        return self._node(items, layers, top, out)

    def _node(self, items, layers, layer, out) -> bytes:
        """Writes the node of `layer` holding `items` (all at that layer or below); returns its CID."""
        groups: list[list] = [[]]  # runs of lower-layer items between this layer's keys
        mine = []
        for item in items:
            if layers[item[0]] == layer:
                mine.append(item)
                groups.append([])
            else:
                groups[-1].append(item)
        pending: list[tuple[bytes, bytes]] = []

        def subtree(group) -> bytes | None:
            if not group or layer == 0:
                return None
            return self._node(group, layers, layer - 1, pending)

        left = subtree(groups[0])
        entries = []
        previous = b""
        for (key, cid, data), group in zip(mine, groups[1:]):
            key_bytes = key.encode()
            shared = 0
            while shared < min(len(previous), len(key_bytes)) and previous[shared] == key_bytes[shared]:
                shared += 1
            entries.append({"p": shared, "k": key_bytes[shared:], "v": cid, "t": None})
            pending.append((cid, data))
            entries[-1]["t"] = subtree(group)
            previous = key_bytes
        node = {"l": left, "e": entries}
        data = libipld.encode_dag_cbor(node)
        cid = make_cid(data)
        out.append((cid, data))
        out.extend(pending)
        return cid

    def car_bytes(self) -> bytes:
        root, blocks = self.blocks()
        header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
        parts = [_varint(len(header)), header]
        for cid, data in blocks:
            parts.append(_varint(len(cid) + len(data)))
            parts.append(cid)
            parts.append(data)
        return b"".join(parts)

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.car_bytes())
        return path


def tid_of(key: str) -> str:
    rkey = key.rsplit("/", 1)[-1]
    return rkey if len(rkey) == 13 else "2222222222222"


def thread(builder: RepoBuilder, texts: Iterable[str], *, start: datetime, reply_to: str | None = None, step: timedelta = timedelta(minutes=1)) -> list[str]:
    """Posts each text as a reply to the previous one (the first to `reply_to`, if given)."""
    uris = []
    parent = reply_to
    moment = start
    for text in texts:
        parent = builder.post(text, at=moment, reply_to=parent)
        uris.append(parent)
        moment += step
    return uris
