"""Reader for the X/Twitter account archive (the .zip export or its unzipped folder).

Two streaming passes over the tweets files, one part at a time, so the archive never sits in
memory as an object graph: `scan()` yields light reply-graph nodes for assembly, then
`read_posts(ids)` converts only the tweets that belong to a thread into Posts.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import msgspec

from ..assemble import Node
from ..errors import InputError
from ..model import Author, Media, Post, Segment

NETWORK = "x"
SITE = "https://x.com"
_TWEETS_FILE = re.compile(r"^(?:tweets?)(?:-part\d+)?\.js$")
_PART_NUMBER = re.compile(r"-part(\d+)\.js$")
_ESCAPED = re.compile(r"&(amp|lt|gt);")
_UNESCAPE = {"amp": "&", "lt": "<", "gt": ">"}
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
_TWITTER_EPOCH_MS = 1288834974657
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


class XArchiveReader:
    """Opens an X archive; use as a context manager."""

    network = NETWORK

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""  # folder inside the zip that holds data/
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file or folder")
        if self.path.is_dir():
            names = self._folder_names()
        elif zipfile.is_zipfile(self.path):
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"{self.path}: damaged zip file ({exc}); download the archive again") from exc
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
        self.author = self._read_author()
        self.posts_read = 0
        self.retweets_skipped = 0
        self._ids_by_file: dict[str, list[str]] = {}

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
        assert self._zip is not None
        members = self._zip.namelist()
        account = next((m for m in members if m == "data/account.js" or m.endswith("/data/account.js")), None)
        if account is None:
            raise InputError(f"{self.path}: not an X archive (data/account.js is missing)")
        self._prefix = account[: -len("data/account.js")]
        return {m[len(self._prefix):] for m in members if m.startswith(self._prefix) and not m.endswith("/")}

    def read_bytes(self, name: str) -> bytes:
        try:
            if self._zip is not None:
                return self._zip.read(self._prefix + name)
            return (self.path / name).read_bytes()
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise InputError(f"{self.path}: cannot read {name} ({exc})") from exc

    def file_size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self._prefix + name).file_size
        return (self.path / name).stat().st_size

    def total_tweet_bytes(self) -> int:
        return sum(self.file_size(name) for name in self.tweet_files)

    def media_bytes(self, local_name: str) -> bytes:
        return self.read_bytes(self.media_names[local_name])

    def sort_key(self, native_id: str, created_ms: int) -> tuple[int, int, str]:
        return tweet_sort_key(native_id)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> XArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _decode(self, name: str, decoder: msgspec.json.Decoder):
        raw = self.read_bytes(name)
        body = _strip_assignment(raw, name, self.path)
        try:
            return decoder.decode(body)
        except msgspec.DecodeError as exc:
            raise InputError(f"{self.path}: {name} is not valid archive JSON ({exc}); the archive may be truncated — download it again") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.path}: {name} is not UTF-8 ({exc.reason} at byte {exc.start}); use the archive exactly as downloaded") from exc

    def _read_author(self) -> Author:
        accounts = self._decode("data/account.js", _ACCOUNTS)
        if not accounts:
            raise InputError(f"{self.path}: data/account.js holds no account")
        account = accounts[0].account
        avatar = None
        if "data/profile.js" in self._names:
            profiles = self._decode("data/profile.js", _PROFILES)
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

    # --- pass 1: the reply graph ----------------------------------------------------------

    def scan(self, progress: Progress | None = None) -> Iterator[Node]:
        """A Node for every original tweet (retweets are not thread posts)."""
        self.posts_read = 0
        self.retweets_skipped = 0
        for name in self.tweet_files:
            heads = self._decode(name, _HEADS)
            # Remember each tweet's position so pass 2 decodes only the ones it needs.
            self._ids_by_file[name] = [(envelope.tweet or envelope).id_str for envelope in heads]
            for envelope in heads:
                head = envelope.tweet or envelope
                if not head.id_str:
                    continue
                if head.full_text.startswith("RT @"):
                    self.retweets_skipped += 1
                    continue
                self.posts_read += 1
                yield Node(head.id_str, head.in_reply_to_status_id_str, tweet_sort_key(head.id_str))
            if progress:
                progress(self.file_size(name))

    # --- pass 2: full posts for the tweets that belong to threads ---------------------------

    def read_posts(self, wanted: set[str], progress: Progress | None = None) -> Iterator[Post]:
        for name in self.tweet_files:
            ids = self._ids_by_file.get(name)
            if wanted and ids is None:
                tweets = [envelope.tweet or envelope for envelope in self._decode(name, _TWEETS)]
            elif wanted:
                raws = self._decode(name, _RAW_LIST)
                if len(raws) != len(ids):
                    raise InputError(f"{self.path}: {name} changed while it was being read; try again")
                tweets = [_TWEET.decode(raws[index]) for index, tweet_id in enumerate(ids) if tweet_id in wanted]
                tweets = [envelope.tweet or envelope for envelope in tweets]
            else:
                tweets = []
            for tweet in tweets:
                if tweet.id_str in wanted:
                    yield self._to_post(tweet)
            if progress:
                progress(self.file_size(name))

    def _to_post(self, tweet: _Tweet) -> Post:
        author = self.author
        segments, media, links = _segments_media_links(tweet, author.handle, self.media_names)
        reply_to_handle = None
        if tweet.in_reply_to_status_id_str and tweet.in_reply_to_user_id_str != author.native_id:
            reply_to_handle = tweet.in_reply_to_screen_name
        return Post(
            network=NETWORK,
            id=tweet.id_str,
            url=f"{SITE}/{author.handle}/status/{tweet.id_str}",
            author=author,
            created_at=_parse_created_at(tweet.created_at, tweet.id_str),
            segments=segments,
            lang=tweet.lang if tweet.lang and tweet.lang not in ("und", "zxx", "qme", "qht") else None,
            media=media,
            links=links,
            reply_to_id=tweet.in_reply_to_status_id_str,
            reply_to_handle=reply_to_handle,
        )


def tweet_sort_key(tweet_id: str) -> tuple[int, int, str]:
    """(epoch ms, id length, id): time order from the snowflake id, numeric order as tie-break."""
    try:
        ms = (int(tweet_id) >> 22) + _TWITTER_EPOCH_MS
    except ValueError:
        ms = 0
    return (ms, len(tweet_id), tweet_id)


def _part_order(name: str) -> tuple[int, str]:
    match = _PART_NUMBER.search(name)
    return (int(match.group(1)) if match else 0, name)


def _strip_assignment(raw: bytes, name: str, path: Path) -> memoryview:
    """The JSON after `window.YTD.tweets.part0 = `, without evaluating anything."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:64]:
        raise InputError(f"{path}: {name} is not UTF-8 (looks like UTF-16); use the archive exactly as downloaded")
    head = raw[:200].lstrip()
    if not head.startswith(b"window."):
        raise InputError(f"{path}: {name} does not start with 'window.YTD...' — not an X archive data file")
    equals = raw.find(b"=")
    if equals < 0:
        raise InputError(f"{path}: {name} has no '=' after its variable name — not an X archive data file")
    return memoryview(raw)[equals + 1:]


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(1)], text)


def _parse_created_at(value: str, tweet_id: str) -> datetime:
    """Parses "Wed Oct 10 20:19:24 +0000 2018" (strptime is several times slower)."""
    try:
        _, month, day, clock, offset, year = value.split()
        hour, minute, second = clock.split(":")
        sign = -1 if offset[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
        parsed = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=tz)
        return parsed.astimezone(timezone.utc)
    except (ValueError, KeyError, IndexError):
        ms = tweet_sort_key(tweet_id)[0]
        return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def _segments_media_links(tweet: _Tweet, handle: str, media_names: dict[str, str]) -> tuple[list[Segment], list[Media], list[str]]:
    text = _unescape(tweet.full_text)
    start, end = tweet.display_text_range or (0, len(text))
    start, end = max(0, start), min(len(text), end)
    entities = tweet.entities
    spans: list[tuple[int, int, Segment | None]] = []
    for tag in entities.hashtags:
        spans.append((*tag.indices, Segment("hashtag", "", f"{SITE}/hashtag/{tag.text}")))
    for symbol in entities.symbols:
        spans.append((*symbol.indices, Segment("cashtag", "", f"{SITE}/search?q=%24{symbol.text}")))
    for mention in entities.user_mentions:
        spans.append((*mention.indices, Segment("mention", "", f"{SITE}/{mention.screen_name}")))
    links = []
    for url in entities.urls:
        target = url.expanded_url or url.url
        links.append(target)
        spans.append((*url.indices, Segment("link", target, target)))
    media_entities = (tweet.extended_entities.media if tweet.extended_entities else None) or entities.media
    for item in media_entities:
        spans.append((*item.indices, None))  # the media's t.co link leaves the text
    spans.sort(key=lambda span: span[0])

    segments: list[Segment] = []
    cursor = start
    for span_start, span_end, segment in spans:
        if span_start < cursor or span_end > end or span_start >= span_end:
            continue  # outside the visible range (reply prefixes, media link) or overlapping
        if span_start > cursor:
            segments.append(Segment("text", text[cursor:span_start]))
        if segment is not None:
            shown = segment.text or text[span_start:span_end]
            segments.append(Segment(segment.kind, shown, segment.url))
        cursor = span_end
    if cursor < end:
        segments.append(Segment("text", text[cursor:end]))
    return _tidy(segments), [_media(tweet.id_str, item, media_names) for item in media_entities], links


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Merge neighbouring text runs and trim the whitespace left where entities were cut out."""
    merged: list[Segment] = []
    for segment in segments:
        if segment.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Segment("text", merged[-1].text + segment.text)
        else:
            merged.append(segment)
    if merged and merged[0].kind == "text":
        merged[0] = Segment("text", merged[0].text.lstrip())
    if merged and merged[-1].kind == "text":
        merged[-1] = Segment("text", merged[-1].text.rstrip())
    return [segment for segment in merged if segment.text]


def _media(tweet_id: str, item: _MediaEntity, media_names: dict[str, str]) -> Media:
    kind = _MEDIA_TYPES.get(item.type, "image")
    url = item.media_url_https or item.media_url
    if kind != "image" and item.video_info and item.video_info.variants:
        mp4 = [v for v in item.video_info.variants if v.content_type == "video/mp4"] or item.video_info.variants
        url = max(mp4, key=lambda v: v.bitrate).url
    local = f"{tweet_id}-{PurePosixPath(url.split('?')[0]).name}"
    usable = local in media_names and _SAFE_FILE_NAME.match(local) is not None
    return Media(type=kind, url=url, alt=item.ext_alt_text or "", local_name=local if usable else None)
