"""Reader for a Bluesky repository export: the `.car` file of `com.atproto.sync.getRepo`
(Settings → "Export my data" in the app).

The CAR is read block by block from the file (a varint length, the block's CID, its DAG-CBOR
bytes; decoded with `libipld`), keeping only the commit, the tree's nodes and the records an
import uses (posts, the profile): likes and follows, most of a repository, pass through memory
one block at a time. The root is the signed commit `{did, version, data, rev, prev, sig}`; `data`
is the root of the Merkle Search Tree whose leaves map `"<collection>/<rkey>"` to record blocks.
Records do not carry their own key, so the tree is walked to give each `app.bsky.feed.post`
record its at:// URI. Reply edges come from `reply.parent.uri`.

Same interface as XArchiveReader (what importer.py uses): `scan()` returns reply-graph Nodes,
`read_post_batches(ids)` packs only the wanted posts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..assemble import Node
from ..errors import InputError
from .archive_files import ArchiveLimits
from ..model import Author, PackedPost, Post, pack_post, unpack_post
from . import bluesky
from .bluesky import NETWORK, POST_COLLECTION

Progress = Callable[[int], None]
BATCH = 2000
# A block is one record or tree node: a few kB (the PDS refuses records over 1 MB).
MAX_BLOCK_BYTES = 4_000_000


def looks_like_car(path: Path) -> bool:
    """True when the file starts like a CAR v1: a varint length, then a DAG-CBOR map with
    `roots` and `version` (checked without reading the rest)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    length, offset = _varint(head)
    if length is None or not 8 <= length <= 4096 or offset >= len(head):
        return False
    header = head[offset:]
    return header[:1] == b"\xa2" and (b"roots" in header or b"version" in header)


def _varint(data: bytes) -> tuple[int | None, int]:
    value = shift = 0
    for index, byte in enumerate(data[:9]):
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, index + 1
        shift += 7
    return None, 0


class BlueskyArchiveReader:
    """Opens a repository `.car`; use as a context manager.

    The file is read once when it is opened (a repository is one CAR, not parts); only post
    records are kept after the tree walk. `handle` overrides the handle, which the repository
    itself does not store (see `_find_handle`).
    """

    network = NETWORK

    def __init__(self, path: str | Path, *, handle: str | None = None, limits: ArchiveLimits | None = None):
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(f"{self.path}: no such file")
        self._size = self.path.stat().st_size
        limits = limits or ArchiveLimits()
        if self._size > limits.max_total_bytes:
            raise InputError(
                f"{self.path}: the repository export is {self._size / 1e6:,.0f} MB, over the limit of "
                f"{limits.max_total_bytes / 1e6:,.0f} MB (UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES)"
            )
        self.media_names: dict[str, str] = {}  # blobs are not part of the export
        self.posts_read = 0
        self.retweets_skipped = 0  # reposts (app.bsky.feed.repost records) are not posts
        self._posts: dict[str, dict] = {}  # at:// URI -> post record
        self._load(handle)

    # --- reading the CAR ---------------------------------------------------------------

    def _load(self, handle: str | None) -> None:
        if not looks_like_car(self.path):
            raise InputError(f"{self.path}: not a Bluesky repository export (a .car file from Settings → Export my data)")
        try:
            root, blocks, reposts = _read_car(self.path)
        except (ValueError, RecursionError, TypeError, KeyError, OverflowError, EOFError) as exc:
            raise InputError(f"{self.path}: damaged .car file ({exc}); export the repository again") from exc
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read ({exc})") from exc
        except Exception as exc:  # the CBOR decoder raises its own exception types too
            raise InputError(f"{self.path}: not a readable .car file ({exc}); export the repository again") from exc
        commit = blocks.get(root)
        if not isinstance(commit, dict) or not isinstance(commit.get("did"), str) or "data" not in commit:
            raise InputError(f"{self.path}: the .car file has no repository commit; it is not a Bluesky repository export")
        self.did = commit["did"]
        profile = None
        repost_count = 0
        for key, record in self._walk(blocks, commit["data"], reposts):
            collection, _, rkey = key.partition("/")
            if collection == "app.bsky.feed.repost":
                repost_count += 1
            if not isinstance(record, dict):
                continue
            if collection == POST_COLLECTION:
                self._posts[bluesky.post_uri(self.did, rkey)] = record
            elif key == "app.bsky.actor.profile/self":
                profile = record
        self.retweets_skipped = repost_count
        self.author = self._author(profile, handle or self._find_handle())

    def _walk(self, blocks, root, reposts: set[str]) -> Iterator[tuple[str, object]]:
        """(key, record) for every leaf of the MST, in key order; missing blocks are skipped
        (a partial export still reads), cycles cannot loop. Reposts (`reposts`: their block
        ids) were not kept: they come with the record True."""
        seen: set[str] = set()
        # Each stack item is a node CID to expand, or a ready (key, value CID) leaf.
        stack: list = [("node", root)]
        while stack:
            kind, item = stack.pop()
            if kind == "leaf":
                key, link = item
                cid = _cid_key(link)
                record = True if cid in reposts else blocks.get(cid)
                if record is not None:
                    yield key, record
                continue
            cid = _cid_key(item)
            if cid is None or cid in seen:
                continue
            seen.add(cid)
            node = blocks.get(cid)
            if not isinstance(node, dict) or not isinstance(node.get("e", []), list):
                continue
            work = []
            if node.get("l") is not None:
                work.append(("node", node["l"]))
            previous = b""
            for entry in node.get("e") or []:
                if not isinstance(entry, dict) or not isinstance(entry.get("k"), bytes) or type(entry.get("p")) is not int:
                    continue
                key_bytes = previous[: entry["p"]] + entry["k"]
                previous = key_bytes
                work.append(("leaf", (key_bytes.decode("utf-8", "replace"), entry.get("v"))))
                if entry.get("t") is not None:
                    work.append(("node", entry["t"]))
            stack.extend(reversed(work))

    def _find_handle(self) -> str:
        """The repository does not store the handle (it lives in the DID document). Posts that
        mention their own author do, as the facet's text: the newest such mention wins. Failing
        that, the DID stands in for the handle."""
        newest = None
        for record in self._posts.values():
            text = record.get("text")
            if not isinstance(text, str) or not isinstance(record.get("facets"), list):
                continue
            data = text.encode("utf-8", "surrogatepass")
            for facet in record["facets"]:
                if not isinstance(facet, dict) or not isinstance(facet.get("index"), dict):
                    continue
                features = facet.get("features") if isinstance(facet.get("features"), list) else []
                if not any(isinstance(f, dict) and f.get("$type") == "app.bsky.richtext.facet#mention" and f.get("did") == self.did for f in features):
                    continue
                start, end = facet["index"].get("byteStart"), facet["index"].get("byteEnd")
                if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(data):
                    continue
                shown = data[start:end].decode("utf-8", "replace").strip().lstrip("@").lower()
                if not bluesky.is_handle(shown):
                    continue
                created = str(record.get("createdAt") or "")
                if newest is None or created > newest[0]:
                    newest = (created, shown)
        return newest[1] if newest else self.did

    def _author(self, profile: dict | None, handle: str) -> Author:
        name = ""
        avatar = None
        if isinstance(profile, dict):
            if isinstance(profile.get("displayName"), str):
                name = profile["displayName"].strip()
            cid = bluesky.blob_cid(profile.get("avatar"))
            avatar = bluesky.avatar_url(self.did, cid) if cid else None
        return Author(
            network=NETWORK,
            native_id=self.did,
            handle=handle,
            name=name or handle,
            avatar_url=avatar,
            profile_url=bluesky.profile_url(handle),
        )

    # --- the importer's interface ---------------------------------------------------------

    def total_tweet_bytes(self) -> int:
        return self._size

    def media_bytes(self, local_name: str) -> bytes:
        raise InputError(f"{self.path}: the repository export holds no media files ({local_name})")

    def sort_key(self, native_id: str, created_ms: int) -> tuple[int, str]:
        return (created_ms, native_id)

    def start_scan(self) -> None:
        """Nothing runs in the background: the CAR was decoded when it was opened."""

    def scan(self, progress: Progress | None = None) -> list[Node]:
        """A Node for every post; the parent only when it is in the same repository."""
        nodes = []
        prefix = f"at://{self.did}/{POST_COLLECTION}/"
        for uri, record in self._posts.items():
            parent = bluesky.reply_parent(record)
            nodes.append(Node(uri, parent if parent and parent.startswith(prefix) else None, (_created_ms(uri, record), uri)))
        self.posts_read = len(nodes)
        if progress:
            progress(self._size)
        return nodes

    def read_post_batches(self, wanted: set[str], progress: Progress | None = None) -> Iterator[list[PackedPost]]:
        batch: list[PackedPost] = []
        for uri in sorted(wanted & self._posts.keys()):
            batch.append(pack_post(self.post(uri)))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch
        if progress:
            progress(self._size)

    def read_posts(self, wanted: set[str], progress: Progress | None = None) -> Iterator[Post]:
        for batch in self.read_post_batches(wanted, progress):
            for packed in batch:
                yield unpack_post(packed.data, self.author)

    def post(self, uri: str, *, quotes: bool = True) -> Post:
        """The Post of one record. A quoted post of the same repository becomes `quoted`;
        any other quoted post stays a link (the export holds only this account's records)."""
        record = self._posts[uri]

        def resolve(quoted_uri: str) -> Post | None:
            if quotes and quoted_uri in self._posts and quoted_uri != uri:
                return self.post(quoted_uri, quotes=False)
            return None

        extras = bluesky.record_extras(record.get("embed"), self.did, resolve)
        return bluesky.build_post(uri, record, self.author, extras)

    def close(self) -> None:
        self._posts = {}

    def __enter__(self) -> BlueskyArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_car(path: Path) -> tuple[str | None, dict[str, object], set[str]]:
    """(root CID, kept blocks by CID, CIDs of repost records) of a CAR v1 file, read one block
    at a time. Kept: dicts that are tree nodes, commits, posts and profiles."""
    import libipld

    kept: dict[str, object] = {}
    reposts: set[str] = set()
    with open(path, "rb", buffering=1 << 20) as handle:
        header = libipld.decode_dag_cbor(_frame(handle, required=True))
        roots = header.get("roots") if isinstance(header, dict) else None
        if not isinstance(roots, list) or not roots:
            raise ValueError("the header names no root")
        root = _cid_key(roots[0])
        while (frame := _frame(handle)) is not None:
            cid_length = _cid_length(frame)
            block = libipld.decode_dag_cbor(frame[cid_length:])
            if not isinstance(block, dict):
                continue
            kind = block.get("$type")
            if kind == "app.bsky.feed.repost":
                reposts.add(libipld.encode_cid(frame[:cid_length]))
            elif kind in (None, POST_COLLECTION, "app.bsky.actor.profile"):  # None: tree nodes, the commit
                kept[libipld.encode_cid(frame[:cid_length])] = block
    return root, kept, reposts


def _frame(handle, required: bool = False) -> bytes | None:
    """The next varint-prefixed section of a CAR file; None at the end."""
    length = shift = 0
    for count in range(10):
        byte = handle.read(1)
        if not byte:
            if count == 0 and not required:
                return None
            raise EOFError("the file ends inside a block length")
        length |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            break
        shift += 7
    else:
        raise ValueError("a block length that does not end")
    if not 0 < length <= MAX_BLOCK_BYTES:
        raise ValueError(f"a block of {length:,} bytes")
    data = handle.read(length)
    if len(data) != length:
        raise EOFError("the file ends inside a block")
    return data


def _cid_length(frame: bytes) -> int:
    """Bytes of the CID at the start of a block section (v0: a bare sha-256 multihash)."""
    if frame[:2] == b"\x12\x20":
        return 34
    offset = 0
    values = []
    for _ in range(4):  # version, codec, hash code, digest length
        value, used = _varint(frame[offset:offset + 9])
        if value is None:
            raise ValueError("a damaged block id")
        values.append(value)
        offset += used
    if values[0] != 1:
        raise ValueError(f"unknown CID version {values[0]}")
    return offset + values[3]


def _cid_key(link: object) -> str | None:
    """The string form of a CID link as decoded from DAG-CBOR (raw bytes), for block lookups."""
    if isinstance(link, (bytes, bytearray)):
        import libipld

        try:
            return libipld.encode_cid(bytes(link))
        except ValueError:
            return None
    if isinstance(link, str):
        return link
    encode = getattr(link, "encode", None)  # an atproto CID object
    return encode() if callable(encode) else None


def _created_ms(uri: str, record: dict) -> int:
    # Exactly what pack_post stores, so stored and archive posts sort alike.
    rkey = uri.rsplit("/", 1)[-1]
    return int(bluesky.parse_datetime(record.get("createdAt"), bluesky.tid_time(rkey)).timestamp() * 1000)
