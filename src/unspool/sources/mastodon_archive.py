"""Reader for a Mastodon account export ("Request your archive": a .zip, or its unzipped folder).

The export holds `actor.json` (the account as an ActivityPub Person; `icon.url` is the file name
of `avatar.*` in the archive, which is copied to the media folder like attachments), `outbox.json`
(an OrderedCollection whose `orderedItems` are the account's `Create` activities, each with its
Note or Question as `object`, and `Announce` boosts whose `object` is just the boosted post's
URI), `likes.json`, `bookmarks.json`, and the media under `media_attachments/files/…` (an
attachment's `url` in the outbox is that path, with `/system/` removed).

Same interface as XArchiveReader (what importer.py uses). Two passes over the one outbox file:
`scan()` decodes just ids, parents, types and addressing; `read_post_batches(ids)` fully decodes
only the wanted items. Only public and unlisted posts are read: the export also holds
followers-only posts and direct messages, which must never become public threads.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import msgspec

from ..assemble import Node
from ..errors import InputError
from ..model import Author, PackedPost, Post, pack_post, unpack_post
from .activitypub import POST_TYPES, author_from_actor, media_from_attachment, post_from_object
from .fediverse import NETWORK, host_of, is_public, parse_time
from ..media import SNIFF_BYTES, publishable_type
from .archive_files import ArchiveFiles, ArchiveLimits, decode_array_chunks, skip_to_array

Progress = Callable[[int], None]
BATCH = 1000
OUTBOX = "outbox.json"
ACTOR = "actor.json"
_SAFE_FILE_NAME = re.compile(r"^\w[\w.-]*$")
AVATAR_MAX_BYTES = 5 * 1024 * 1024
ACTOR_MAX_BYTES = 10_000_000
# Avatar file types by extension; the file's first bytes must agree (media.publishable_type).
_AVATAR_TYPES = {".png": "png", ".jpg": "jpg", ".jpeg": "jpg", ".gif": "gif", ".webp": "webp"}


class _ObjectHead(msgspec.Struct, gc=False):
    id: str = ""
    type: str = ""
    inReplyTo: str | dict | None = None
    published: str = ""
    to: list[str] | str | None = None
    cc: list[str] | str | None = None


class _ActivityHead(msgspec.Struct, gc=False):
    type: str = ""
    object: _ObjectHead | str | None = None


_RAW_LIST = msgspec.json.Decoder(list[msgspec.Raw])
_HEAD = msgspec.json.Decoder(_ActivityHead)
_ANY = msgspec.json.Decoder()


def looks_like_mastodon_archive(path: Path) -> bool:
    """True for a folder or zip holding `outbox.json` and `actor.json` (side by side)."""
    path = Path(path)
    if path.is_dir():
        return (path / OUTBOX).is_file() and (path / ACTOR).is_file()
    try:
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            return _zip_prefix(archive.namelist()) is not None
    except (OSError, zipfile.BadZipFile):
        return False


def _zip_prefix(members: list[str]) -> str | None:
    names = set(members)
    for member in members:
        if member == OUTBOX or member.endswith("/" + OUTBOX):
            prefix = member[: -len(OUTBOX)]
            if prefix + ACTOR in names:
                return prefix
    return None


def _open_files(path: Path, limits: ArchiveLimits) -> ArchiveFiles:
    if path.is_dir():
        return ArchiveFiles(path, is_zip=False, limits=limits)
    files = ArchiveFiles(path, is_zip=True, limits=limits)
    try:
        files.prefix = _zip_prefix(files.zip.namelist()) or ""
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: damaged zip file ({exc}); download the archive again") from exc
    return files


class MastodonArchiveReader:
    """Opens a Mastodon export; use as a context manager."""

    network = NETWORK

    def __init__(self, path: str | Path, limits: ArchiveLimits | None = None):
        self.path = Path(path)
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file or folder")
        if not self.path.is_dir() and not zipfile.is_zipfile(self.path):
            raise InputError(f"{self.path}: not a Mastodon export (expected the .zip or its unzipped folder)")
        self._files = _open_files(self.path, limits or ArchiveLimits())
        self._names = set(self._files.names())
        for name in (OUTBOX, ACTOR):
            if name not in self._names:
                self._files.close()
                raise InputError(f"{self.path}: not a Mastodon export ({name} is missing)")
        self._files.check([OUTBOX, ACTOR])  # before anything is inflated: a bomb is refused here
        if self._files.size(ACTOR) > ACTOR_MAX_BYTES:
            self._files.close()
            raise InputError(f"{self.path}: {ACTOR} is over {ACTOR_MAX_BYTES // 1_000_000} MB; an account is a few kB — not a Mastodon export")
        actor = self._decode(ACTOR, _ANY)
        if not isinstance(actor, dict) or not isinstance(actor.get("id"), str):
            self._files.close()
            raise InputError(f"{self.path}: {ACTOR} holds no account")
        self.actor_id: str = actor["id"]
        # Media files by the name they get in the store's media folder.
        self.media_names: dict[str, str] = {}
        for name in self._names:
            if name.startswith("media_attachments/"):
                self.media_names[local_media_name(name)] = name
        icon = actor.get("icon") if isinstance(actor.get("icon"), dict) else {}
        icon_url = icon.get("url")
        self._avatar: tuple[str, bytes] | None = None
        self.author_media_files: list[str] = []  # copied by the importer whatever threads changed
        if not str(icon_url or "").startswith(("https://", "http://")):
            actor = {**actor, "icon": None}  # a file in the archive, not a URL
            self._avatar = self._archive_avatar(icon_url)
        author = author_from_actor(actor, self.actor_id)
        if self._avatar is not None:
            local_name = self._avatar[0]
            self.media_names[local_name] = icon_url
            self.author_media_files.append(local_name)
            author = msgspec.structs.replace(author, avatar_local_name=local_name)
        self.author: Author = author
        self.host = host_of(self.actor_id)
        self.posts_read = 0
        self.retweets_skipped = 0  # boosts (Announce)
        self.private_skipped = 0  # followers-only posts and direct messages
        self._positions: dict[str, int] | None = None
        self._count = 0

    # --- files ---

    @property
    def files(self) -> ArchiveFiles:
        """The archive's members (media are copied from here)."""
        return self._files

    def _decode(self, name: str, decoder: msgspec.json.Decoder):
        try:
            return decoder.decode(self._files.read_bytes(name))
        except msgspec.DecodeError as exc:
            raise InputError(f"{self.path}: {name} is not valid JSON ({exc}); the archive may be truncated — download it again") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.path}: {name} is not UTF-8 ({exc.reason}); use the archive exactly as downloaded") from exc

    def total_tweet_bytes(self) -> int:
        """The progress total: the size of outbox.json (the name is the importer's)."""
        return self._files.size(OUTBOX)

    def _archive_avatar(self, member: object) -> tuple[str, bytes] | None:
        """(name in the media folder, bytes) of the avatar file `member` names, when it is a PNG,
        JPEG, GIF or WebP of at most AVATAR_MAX_BYTES inside the archive; else None, as the
        avatar is not worth failing an import for. The name comes from the content, never the archive."""
        if not isinstance(member, str) or member not in self._names:
            return None
        if member.startswith("/") or "\\" in member or any(part in ("", ".", "..") for part in member.split("/")):
            return None
        kind = _AVATAR_TYPES.get(PurePosixPath(member).suffix.lower())
        if kind is None:
            return None
        try:
            if self._files.size(member) > AVATAR_MAX_BYTES:
                return None
            data = self._files.read_bytes(member)  # refuses a link out of an unzipped folder
        except (OSError, RuntimeError, KeyError, InputError):  # RuntimeError: a symlink loop
            return None
        if len(data) > AVATAR_MAX_BYTES or publishable_type(member, data[:SNIFF_BYTES]) is None:
            return None
        return f"avatar-{hashlib.blake2b(data, digest_size=16).hexdigest()}.{kind}", data

    def sort_key(self, native_id: str, created_ms: int) -> tuple[int, str]:
        return (created_ms, native_id)

    def close(self) -> None:
        self._files.close()

    def __enter__(self) -> MastodonArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- pass 1 ---

    def start_scan(self) -> None:
        """Nothing to start: the outbox is one file, read by scan()."""

    def scan(self, progress: Progress | None = None) -> list[Node]:
        """A Node for every public or unlisted post of the account (boosts and private posts are
        not thread posts)."""
        nodes: list[Node] = []
        positions: dict[str, int] = {}
        self.posts_read = self.retweets_skipped = self.private_skipped = 0
        count = 0
        for index, raw in self._outbox_items():
            count += 1
            try:
                head = _HEAD.decode(raw)
            except msgspec.DecodeError as exc:
                raise InputError(f"{self.path}: {OUTBOX} item {index} is not an activity ({exc})") from exc
            if head.type == "Announce":
                self.retweets_skipped += 1
                continue
            obj = head.object
            if head.type != "Create" or not isinstance(obj, _ObjectHead) or obj.type not in POST_TYPES or not obj.id:
                continue
            if not is_public(obj.to, obj.cc):
                self.private_skipped += 1
                continue
            parent = obj.inReplyTo if isinstance(obj.inReplyTo, str) else (obj.inReplyTo or {}).get("id")
            created_ms = int(parse_time(obj.published).timestamp() * 1000)
            nodes.append(Node(obj.id, parent if isinstance(parent, str) else None, (created_ms, obj.id)))
            positions[obj.id] = index
        self._positions = positions
        self._count = count
        self.posts_read = len(nodes)
        if progress:
            progress(self.total_tweet_bytes())
        return nodes

    # --- pass 2 ---

    def read_post_batches(self, wanted: set[str], progress: Progress | None = None) -> Iterator[list[PackedPost]]:
        """The wanted posts, packed for storage, in batches."""
        if self._positions is None:
            self.scan()
        indices = {self._positions[post_id] for post_id in wanted if post_id in self._positions}
        batch: list[PackedPost] = []
        count = 0
        for index, raw in self._outbox_items():
            count += 1
            if index not in indices:
                continue
            try:
                activity = _ANY.decode(raw)
            except msgspec.DecodeError as exc:
                raise InputError(f"{self.path}: {OUTBOX} item {index} is not valid JSON ({exc})") from exc
            except UnicodeDecodeError as exc:
                raise InputError(f"{self.path}: {OUTBOX} is not UTF-8 ({exc.reason}); use the archive exactly as downloaded") from exc
            batch.append(pack_post(self._to_post(activity["object"])))
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if count != self._count:
            raise InputError(f"{self.path}: {OUTBOX} changed while it was being read; try again")
        if batch:
            yield batch
        if progress:
            progress(self.total_tweet_bytes())

    def _outbox_items(self) -> Iterator[tuple[int, msgspec.Raw]]:
        """(index, item) of the outbox's orderedItems, streamed a few megabytes at a time."""
        label = f"{self.path}: {OUTBOX}"
        index = 0
        with self._files.open(OUTBOX) as stream:
            _, head = skip_to_array(stream, label, key=b"orderedItems")
            for chunk in decode_array_chunks(stream, _RAW_LIST, label, head=head):
                for raw in chunk:
                    yield index, raw
                    index += 1

    def read_posts(self, wanted: set[str], progress: Progress | None = None) -> Iterator[Post]:
        for batch in self.read_post_batches(wanted, progress):
            for packed in batch:
                yield unpack_post(packed.data, self.author)

    def _to_post(self, obj: dict) -> Post:
        post = post_from_object(obj, self.author, reply_to_handle=self._reply_to_handle(obj))
        media = []
        for attachment in obj.get("attachment") or []:
            if not isinstance(attachment, dict) or not isinstance(attachment.get("url"), str):
                continue
            member = self._media_member(attachment["url"])
            item = media_from_attachment(attachment, url=self._media_url(attachment["url"]))
            if item is None:
                continue
            if member is not None:
                item = msgspec.structs.replace(item, local_name=local_media_name(member))
            media.append(item)
        post.media = media
        return post

    def _media_member(self, url: str) -> str | None:
        """The archive file an attachment's `url` (an archive path) names, if it is there."""
        path = urlsplit(url).path if url.startswith(("https://", "http://")) else url
        path = path.lstrip("/")
        if path.startswith("system/"):
            path = path[len("system/"):]
        if path in self._names:
            return path
        at = path.find("media_attachments/")
        if at > 0 and path[at:] in self._names:
            return path[at:]
        return None

    def _media_url(self, url: str) -> str:
        """The attachment's web address, as well as the archive lets us say: local storage
        serves `media_attachments/…` under `https://<server>/system/`."""
        if url.startswith(("https://", "http://")):
            return url
        if url.startswith("/"):
            return f"https://{self.host}{url}"
        return f"https://{self.host}/system/{url}"

    def _reply_to_handle(self, obj: dict) -> str | None:
        """Whom a reply answers, when not the author: the mention whose actor the replied-to
        post's URI lives under (Mastodon's `<actor>/statuses/<id>`), else the only mention."""
        parent = obj.get("inReplyTo")
        parent = parent.get("id") if isinstance(parent, dict) else parent
        if not isinstance(parent, str) or not parent:
            return None
        if parent.startswith(self.actor_id.rstrip("/") + "/"):
            return None
        mentions = [
            tag
            for tag in obj.get("tag") or []
            if isinstance(tag, dict) and tag.get("type") == "Mention" and isinstance(tag.get("href"), str)
        ]
        chosen = next((tag for tag in mentions if parent.startswith(tag["href"].rstrip("/") + "/")), None)
        if chosen is None and len(mentions) == 1:
            chosen = mentions[0]
        if chosen is None:
            return None
        name = str(chosen.get("name") or "").strip().lstrip("@")
        if not name:
            return None
        return name if "@" in name else f"{name}@{host_of(chosen['href'])}"


def local_media_name(member: str) -> str:
    """A media file's name in the store: the attachment id (Mastodon splits it into folders of
    three digits) and the file name, e.g. `110123456789012345-0a1b2c3d4e5f6789.png`."""
    parts = PurePosixPath(member).parts
    digits = "".join(part for part in parts[:-1] if part.isdigit())
    base = parts[-1] if parts else ""
    name = f"{digits}-{base}" if digits else base
    if _SAFE_FILE_NAME.match(name) and len(name) <= 150:
        return name
    suffix = PurePosixPath(base).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return hashlib.blake2b(member.encode(), digest_size=12).hexdigest() + suffix
