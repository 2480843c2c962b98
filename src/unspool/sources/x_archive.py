"""Reader for the X/Twitter account archive (the .zip export or its unzipped folder).

Two streaming passes over the tweets files, one part at a time, so the archive never sits in
memory as an object graph: `scan()` returns light reply-graph nodes for assembly, then
`read_post_batches(ids)` converts only the tweets that belong to a thread into Posts.
"""

from __future__ import annotations

import itertools
import os
from array import array
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import msgspec

from ..assemble import Node
from ..errors import InputError
from . import x
from .archive_files import ArchiveFiles, ArchiveLimits, array_cuts, decode_array_chunks, pretty_separator, skip_to_array
from ..model import Author, Media, PackedPost, Post, Segment, pack_post, unpack_post

NETWORK = x.NETWORK
SITE = x.SITE
_TWEETS_FILE = re.compile(r"^(?:tweets?)(?:-part\d+)?\.js$")
_PART_NUMBER = re.compile(r"-part(\d+)\.js$")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_SAFE_FILE_NAME = re.compile(r"^\w[\w.-]*$")
_MEDIA_TYPES = {"photo": "image", "video": "video", "animated_gif": "gif"}

Progress = Callable[[int], None]


# --- The archive's shapes. Numbers arrive as strings; strict=False converts them. ---

class _Entity(msgspec.Struct, gc=False):
    indices: tuple[int, int]


class _Hashtag(_Entity):
    text: str = ""


class _Mention(_Entity):
    screen_name: str = ""


class _Url(_Entity):
    url: str = ""
    expanded_url: str | None = None


class _Variant(msgspec.Struct, gc=False):
    url: str
    content_type: str = ""
    bitrate: int = 0


class _VideoInfo(msgspec.Struct, gc=False):
    variants: list[_Variant] = []


class _MediaEntity(_Entity):
    media_url_https: str = ""
    media_url: str = ""
    type: str = "photo"
    ext_alt_text: str | None = None
    video_info: _VideoInfo | None = None


class _Entities(msgspec.Struct, gc=False):
    hashtags: list[_Hashtag] = []
    symbols: list[_Hashtag] = []
    user_mentions: list[_Mention] = []
    urls: list[_Url] = []
    media: list[_MediaEntity] = []


class _ExtendedEntities(msgspec.Struct, gc=False):
    media: list[_MediaEntity] = []


class _Tweet(msgspec.Struct, gc=False):
    id_str: str = ""
    full_text: str = ""
    created_at: str = ""
    in_reply_to_status_id_str: str | None = None
    in_reply_to_user_id_str: str | None = None
    in_reply_to_screen_name: str | None = None
    display_text_range: tuple[int, int] | None = None
    lang: str | None = None
    entities: _Entities = msgspec.field(default_factory=_Entities)
    extended_entities: _ExtendedEntities | None = None


class _TweetEnvelope(_Tweet):
    # Current exports wrap each tweet as {"tweet": {...}}; early ones did not.
    tweet: _Tweet | None = None


class _Head(msgspec.Struct, gc=False):
    """Just enough of a tweet for the reply graph (decoding less is faster)."""

    id_str: str = ""
    full_text: str = ""
    in_reply_to_status_id_str: str | None = None


class _HeadEnvelope(_Head):
    tweet: _Head | None = None


class _Account(msgspec.Struct, gc=False):
    accountId: str
    username: str
    accountDisplayName: str = ""


class _AccountEnvelope(msgspec.Struct, gc=False):
    account: _Account


class _Profile(msgspec.Struct, gc=False):
    avatarMediaUrl: str | None = None


class _ProfileEnvelope(msgspec.Struct, gc=False):
    profile: _Profile


_HEADS = msgspec.json.Decoder(list[_HeadEnvelope], strict=False)
_TWEETS = msgspec.json.Decoder(list[_TweetEnvelope], strict=False)
_TWEET = msgspec.json.Decoder(_TweetEnvelope, strict=False)
_RAW_LIST = msgspec.json.Decoder(list[msgspec.Raw])
_ACCOUNTS = msgspec.json.Decoder(list[_AccountEnvelope], strict=False)
_PROFILES = msgspec.json.Decoder(list[_ProfileEnvelope], strict=False)


def _decode_small(files: ArchiveFiles, name: str, decoder: msgspec.json.Decoder):
    """A small data file (account, profile) whole: the array after `window.YTD... = `."""
    label = f"{files.path}: {name}"
    with files.open(name) as stream:
        _, head = skip_to_array(stream, label, assignment=True)
        return [item for chunk in decode_array_chunks(stream, decoder, label, head=head) for item in chunk]


class _Span(NamedTuple):
    """A run of whole tweets in a tweets file: from `start` (None: just after the `[`) for
    `length` bytes (None: to the end, where the array closes)."""

    name: str
    start: int | None
    length: int | None

    def decode(self, files: ArchiveFiles, decoder: msgspec.json.Decoder) -> Iterator[list]:
        label = f"{files.path}: {self.name}"
        with files.open(self.name) as stream:
            if self.start is None:
                _, head = skip_to_array(stream, label, assignment=True)
            else:
                stream.seek(self.start)
                head = b""
            yield from decode_array_chunks(stream, decoder, label, head=head, length=self.length, last=self.length is None)

    def read(self, files: ArchiveFiles) -> tuple[int, bytes]:
        """(file offset, bytes) of the whole span: spans are small, files are cut."""
        with files.open(self.name) as stream:
            if self.start is None:
                start, head = skip_to_array(stream, f"{files.path}: {self.name}", assignment=True)
            else:
                stream.seek(self.start)
                start, head = self.start, b""
            rest = stream.read(-1 if self.length is None else self.length - len(head))
        return start, head + rest

    def bounds(self, files: ArchiveFiles, count: int) -> array | None:
        """(start, end) file offsets of each of the span's `count` tweets, flattened, found at the
        separators of a pretty-printed file; None when they cannot be told apart that way."""
        start, data = self.read(files)
        separator = pretty_separator(data[:4096])
        first = data.find(b"{")
        if separator is None or first < 0:
            return None
        last = data.rfind(b"]") if self.length is None else len(data)
        offsets = array("q", [start + first])
        for match in separator.finditer(data):
            comma = match.start(1)
            offsets.append(start + data.rfind(b"}", 0, comma) + 1)
            offsets.append(start + data.find(b"{", comma))
        offsets.append(start + data.rfind(b"}", 0, last) + 1)
        return offsets if len(offsets) == 2 * count else None


class XArchiveReader:
    """Opens an X archive; use as a context manager.

    Tweets files are read in spans of whole tweets (`_Span`): a large file is cut into spans of
    about SPAN_BYTES, so one big `tweets.js` keeps both CPUs busy as several parts do, and what a
    span gives is small. A zip's tweets files are first inflated, as streams, into a temporary
    folder: both passes then read plain files (inflating once, not twice) that can be cut. With
    enough tweets JSON, both passes run in worker processes, one span per task, while the caller
    stores what earlier spans gave. Memory stays bounded by the spans in flight, not by the size
    of a file.
    """

    network = NETWORK
    # Below this much tweets JSON, starting worker processes costs more than it saves.
    PARALLEL_MIN_BYTES = 8_000_000
    SPAN_BYTES = 8_000_000

    def __init__(self, path: str | Path, limits: ArchiveLimits | None = None):
        self.path = Path(path)
        self._pool: ProcessPoolExecutor | None = None
        limits = limits or ArchiveLimits()
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file or folder")
        if self.path.is_dir():
            self._files = ArchiveFiles(self.path, is_zip=False, limits=limits)
            names = self._folder_names()
        elif zipfile.is_zipfile(self.path):
            self._files = ArchiveFiles(self.path, is_zip=True, limits=limits)
            names = self._zip_names()
        else:
            raise InputError(f"{self.path}: not an X archive (expected the .zip export or its unzipped folder)")
        self._names = names
        self.tweet_files = sorted(
            (name for name in names if name.startswith("data/") and "/" not in name[5:] and _TWEETS_FILE.match(name[5:])),
            key=_part_order,
        )
        if "data/account.js" not in names:
            raise InputError(f"{self.path}: not an X archive (data/account.js is missing)")
        if not self.tweet_files:
            raise InputError(f"{self.path}: the archive has no data/tweets.js (nothing to import)")
        # Media sit in data/tweets_media/ (data/tweet_media/ in pre-2020 exports).
        self.media_names = {
            name.split("/", 2)[2]: name for name in names if name.startswith(("data/tweets_media/", "data/tweet_media/"))
        }
        # Every member read is checked before any is inflated: a bomb is refused here.
        self._files.check(self.tweet_files + [name for name in ("data/account.js", "data/profile.js") if name in names])
        self._inflated: tempfile.TemporaryDirectory | None = None
        self._tweets = self._files if not self._files.is_zip else self._inflate_tweets()
        self.author = self._read_author()
        self.posts_read = 0
        self.retweets_skipped = 0
        self._spans = self._plan_spans()
        self._ids_by_span: dict[int, list[str]] = {}
        self._bounds_by_span: dict[int, array] = {}
        self._scan_results: Iterator | None = None

    # --- files -------------------------------------------------------------------------

    def _folder_names(self) -> set[str]:
        data = self.path / "data"
        if not data.is_dir():
            raise InputError(f"{self.path}: not an X archive (no data/ folder)")
        names = {f"data/{p.name}" for p in data.iterdir() if p.is_file()}
        for folder in ("tweets_media", "tweet_media"):
            if (data / folder).is_dir():
                names.update(f"data/{folder}/{p.name}" for p in (data / folder).iterdir())
        return names

    def _zip_names(self) -> set[str]:
        members = self._files.zip.namelist()
        account = next((m for m in members if m == "data/account.js" or m.endswith("/data/account.js")), None)
        if account is None:
            raise InputError(f"{self.path}: not an X archive (data/account.js is missing)")
        prefix = self._files.prefix = account[: -len("data/account.js")]
        return {m[len(prefix):] for m in members if m.startswith(prefix) and not m.endswith("/")}

    def _inflate_tweets(self) -> ArchiveFiles:
        """The zip's tweets files as plain files in a temporary folder (removed on close)."""
        self._inflated = tempfile.TemporaryDirectory(prefix="unspool-import-")
        folder = Path(self._inflated.name)
        try:
            for name in self.tweet_files:
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                with self._files.open(name) as stream, open(folder / name, "wb") as out:
                    while chunk := self._files.read(stream, name, 1 << 20):
                        out.write(chunk)
        except OSError as exc:
            self.close()
            raise InputError(f"{self.path}: cannot inflate the tweets files into {folder} ({exc})") from exc
        except BaseException:
            self.close()
            raise
        return ArchiveFiles(folder, is_zip=False, limits=self._files.limits)

    def _plan_spans(self) -> list[_Span]:
        spans = []
        for name in self.tweet_files:
            size = self._tweets.size(name)
            if size < 2 * self.SPAN_BYTES:
                spans.append(_Span(name, None, None))
                continue
            path = self._tweets.path / name
            with self._tweets.open(name) as stream:
                start, _ = skip_to_array(stream, f"{self.path}: {name}", assignment=True)
            begin = start
            for comma in array_cuts(path, start, size, self.SPAN_BYTES):
                spans.append(_Span(name, begin, comma - begin))
                begin = comma + 1
            spans.append(_Span(name, begin if spans and spans[-1].name == name else None, None))
        return spans

    def total_tweet_bytes(self) -> int:
        return sum(self._tweets.size(name) for name in self.tweet_files)

    @property
    def files(self) -> ArchiveFiles:
        """The archive's members (media are copied from here)."""
        return self._files

    def sort_key(self, native_id: str, created_ms: int) -> int:
        return tweet_sort_key(native_id)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._files.close()
        if self._inflated is not None:
            self._inflated.cleanup()
            self._inflated = None

    def __enter__(self) -> XArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read_author(self) -> Author:
        accounts = _decode_small(self._files, "data/account.js", _ACCOUNTS)
        if not accounts:
            raise InputError(f"{self.path}: data/account.js holds no account")
        account = accounts[0].account
        avatar = None
        if "data/profile.js" in self._names:
            profiles = _decode_small(self._files, "data/profile.js", _PROFILES)
            if profiles:
                avatar = profiles[0].profile.avatarMediaUrl or None
        return Author(
            network=NETWORK,
            native_id=account.accountId,
            handle=account.username,
            name=account.accountDisplayName or account.username,
            avatar_url=avatar,
            profile_url=f"{SITE}/{account.username}",
        )

    def _run(self, function, jobs: list[tuple], ahead: int | None = None) -> Iterator:
        """Results of function(*job), in order of completion. Large archives go to worker
        processes, and the first jobs are submitted now, so the caller can do other work
        meanwhile; at most `ahead` results wait for the caller (None: no limit)."""
        workers = min(len(jobs), os.cpu_count() or 1)
        if workers < 2 or self.total_tweet_bytes() < self.PARALLEL_MIN_BYTES:
            return (function(*job) for job in jobs)
        if self._pool is None:
            # fork: workers start in milliseconds and need nothing re-imported.
            self._pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
        pool = self._pool
        queue = iter(jobs)
        running = {pool.submit(function, *job) for job in itertools.islice(queue, ahead or len(jobs))}

        def results() -> Iterator:
            nonlocal running
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(function, *job) for job in itertools.islice(queue, len(done))}
                for future in done:
                    yield future.result()

        return results()

    # --- pass 1: the reply graph ----------------------------------------------------------

    def start_scan(self) -> None:
        """Starts pass 1 in the background (for large archives); `scan()` collects it."""
        if self._scan_results is None:
            self._scan_results = self._run(_scan_span, [(self._tweets, key, span) for key, span in enumerate(self._spans)])

    def scan(self, progress: Progress | None = None) -> list[Node]:
        """A Node for every original tweet (retweets are not thread posts)."""
        self.start_scan()
        results, self._scan_results = self._scan_results, None
        nodes: list[Node] = []
        self.posts_read = self.retweets_skipped = 0
        for key, ids, parents, retweets, bounds in results:
            # Each tweet's position lets pass 2 decode only the ones it needs.
            self._ids_by_span[key] = ids
            if bounds is not None:
                self._bounds_by_span[key] = bounds
            for tweet_id, parent, retweet in zip(ids, parents, retweets):
                if retweet:
                    self.retweets_skipped += 1
                elif tweet_id:
                    nodes.append(Node(tweet_id, parent, tweet_sort_key(tweet_id)))
            if progress:
                progress(self._span_size(key))
        self.posts_read = len(nodes)
        return nodes

    # --- pass 2: full posts for the tweets that belong to threads ---------------------------

    def read_post_batches(self, wanted: set[str], progress: Progress | None = None) -> Iterator[list[PackedPost]]:
        """The wanted posts, packed for storage, one list per part file as each part is done."""
        jobs = []
        for key, span in enumerate(self._spans):
            ids = self._ids_by_span.get(key)
            if ids is None:  # scan() was not called: decode everything
                jobs.append((self._tweets, key, span, None, 0, wanted, self.author, self.media_names))
                continue
            indices = [index for index, tweet_id in enumerate(ids) if tweet_id in wanted]
            bounds = self._bounds_by_span.get(key)
            pieces = None if bounds is None else [(bounds[2 * i], bounds[2 * i + 1], ids[i]) for i in indices]
            if indices:
                jobs.append((self._tweets, key, span, indices, len(ids), None, self.author, self.media_names, pieces))
            elif progress:
                progress(self._span_size(key))
        # Posts wait in memory for at most a few spans: the store keeps up, or the workers wait.
        for key, encoded in self._run(_read_span, jobs, ahead=2 * (os.cpu_count() or 1) + 2):
            yield _PACKED_POSTS.decode(encoded)
            if progress:
                progress(self._span_size(key))

    def _span_size(self, key: int) -> int:
        """A span's share of the progress total (its bytes; a whole file's when it is one span)."""
        span = self._spans[key]
        if span.length is not None:
            return span.length
        size = self._tweets.size(span.name)
        return size - (span.start or 0)

    def read_posts(self, wanted: set[str], progress: Progress | None = None) -> Iterator[Post]:
        for batch in self.read_post_batches(wanted, progress):
            for packed in batch:
                yield unpack_post(packed.data, self.author)


_PACKED_POSTS = msgspec.json.Decoder(list[PackedPost])
_encode_packed = msgspec.json.Encoder().encode


def _scan_span(files: ArchiveFiles, key: int, span: _Span):
    """Pass 1 on one span (runs in a worker process for large archives): ids, parents, retweet
    flags, and where each tweet lies in the file, so pass 2 decodes only the tweets it needs."""
    ids, parents = [], []
    retweets = bytearray()
    for chunk in span.decode(files, _HEADS):
        for envelope in chunk:
            head = envelope.tweet or envelope
            ids.append(head.id_str)
            parents.append(head.in_reply_to_status_id_str)
            retweets.append(head.full_text.startswith("RT @"))
    return key, ids, parents, bytes(retweets), span.bounds(files, len(ids))


def _read_span(files, key, span, indices, expected, wanted, author, media_names, pieces=None) -> tuple[int, bytes]:
    """Pass 2 on one span: the Posts at `indices` (or with ids in `wanted`), packed and
    JSON-encoded: one encode/decode crosses the process boundary faster than pickling Structs.
    With `pieces` ((start, end, id) of each wanted tweet), only those bytes are decoded."""
    packed = []
    if pieces is not None:
        start, data = span.read(files)
        for begin, end, tweet_id in pieces:
            try:
                envelope = _TWEET.decode(data[begin - start:end - start])
            except (msgspec.DecodeError, UnicodeDecodeError):
                envelope = None
            tweet = envelope and (envelope.tweet or envelope)
            if tweet is None or tweet.id_str != tweet_id:
                raise InputError(f"{files.path}: {span.name} changed while it was being read; try again")
            packed.append(pack_post(_to_post(tweet, author, media_names)))
        return key, _encode_packed(packed)
    if indices is None:
        for chunk in span.decode(files, _TWEETS):
            tweets = [envelope.tweet or envelope for envelope in chunk]
            packed += [pack_post(_to_post(tweet, author, media_names)) for tweet in tweets if tweet.id_str in wanted]
        return key, _encode_packed(packed)
    offset = 0
    position = 0  # in indices
    for raws in span.decode(files, _RAW_LIST):
        end = offset + len(raws)
        while position < len(indices) and indices[position] < end:
            envelope = _TWEET.decode(raws[indices[position] - offset])
            packed.append(pack_post(_to_post(envelope.tweet or envelope, author, media_names)))
            position += 1
        offset = end
    if offset != expected:
        raise InputError(f"{files.path}: {span.name} changed while it was being read; try again")
    return key, _encode_packed(packed)


def _to_post(tweet: _Tweet, author: Author, media_names: dict[str, str]) -> Post:
    segments, media, links = _segments_media_links(tweet, author.handle, media_names)
    reply_to_handle = None
    if tweet.in_reply_to_status_id_str and tweet.in_reply_to_user_id_str != author.native_id:
        reply_to_handle = tweet.in_reply_to_screen_name
    return Post(
        network=NETWORK,
        id=tweet.id_str,
        url=x.status_url(author.handle, tweet.id_str),
        author=author,
        created_at=_parse_created_at(tweet.created_at, tweet.id_str),
        segments=segments,
        lang=tweet.lang if tweet.lang and tweet.lang not in ("und", "zxx", "qme", "qht") else None,
        media=media,
        links=links,
        reply_to_id=tweet.in_reply_to_status_id_str,
        reply_to_handle=reply_to_handle,
    )


def tweet_sort_key(tweet_id: str) -> int:
    """Tweet ids grow with time (snowflakes since 2010, sequential before), so the id orders posts."""
    try:
        return int(tweet_id)
    except ValueError:
        return 0


def _part_order(name: str) -> tuple[int, str]:
    match = _PART_NUMBER.search(name)
    return (int(match.group(1)) if match else 0, name)


def _parse_created_at(value: str, tweet_id: str) -> datetime:
    """Parses "Wed Oct 10 20:19:24 +0000 2018" (strptime is several times slower)."""
    try:
        _, month, day, clock, offset, year = value.split()
        hour, minute, second = clock.split(":")
        moment = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc)
        if offset == "+0000":  # what the exporter always writes
            return moment
        sign = -1 if offset[0] == "-" else 1
        return moment - sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
    except (ValueError, KeyError, IndexError):
        return x.snowflake_time(tweet_id) or datetime.fromtimestamp(0, tz=timezone.utc)


def _segments_media_links(tweet: _Tweet, handle: str, media_names: dict[str, str]) -> tuple[list[Segment], list[Media], list[str]]:
    text = x.unescape(tweet.full_text)
    start, end = tweet.display_text_range or (0, len(text))
    entities = tweet.entities
    spans: list[x.Span] = [(*tag.indices, x.hashtag(tag.text)) for tag in entities.hashtags]
    spans += [(*symbol.indices, x.cashtag(symbol.text)) for symbol in entities.symbols]
    spans += [(*user.indices, x.mention(user.screen_name)) for user in entities.user_mentions]
    links = []
    for url in entities.urls:
        target = url.expanded_url or url.url
        links.append(target)
        spans.append((*url.indices, Segment("link", target, target)))
    media_entities = (tweet.extended_entities.media if tweet.extended_entities else None) or entities.media
    spans += [(*item.indices, None) for item in media_entities]  # the media's t.co link leaves the text
    segments = x.segments_from_spans(text, spans, start, end)
    return segments, [_media(tweet.id_str, item, media_names) for item in media_entities], links


def _media(tweet_id: str, item: _MediaEntity, media_names: dict[str, str]) -> Media:
    kind = _MEDIA_TYPES.get(item.type, "image")
    url = item.media_url_https or item.media_url
    if kind != "image" and item.video_info and item.video_info.variants:
        mp4 = [v for v in item.video_info.variants if v.content_type == "video/mp4"] or item.video_info.variants
        url = max(mp4, key=lambda v: v.bitrate).url
    local = f"{tweet_id}-{PurePosixPath(url.split('?')[0]).name}"
    usable = local in media_names and _SAFE_FILE_NAME.match(local) is not None
    return Media(type=kind, url=url, alt=item.ext_alt_text or "", local_name=local if usable else None)
