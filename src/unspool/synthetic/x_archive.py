"""Synthetic X/Twitter account archives in the exact shape of the real export.

The real export is a folder (or a .zip of it) holding ``data/manifest.js``,
``data/account.js``, ``data/profile.js``, the tweets in ``data/tweets.js`` (large
exports add ``data/tweets-part1.js``, ``data/tweets-part2.js``, … whose globals are
``YTD.tweets.part1``, ``YTD.tweets.part2``, …; exports before 2020 call it
``data/tweet.js`` / ``YTD.tweet.part0`` and keep media in ``data/tweet_media``), and
the media files in ``data/tweets_media/<tweet id>-<file name>`` (a photo's file name
is the last segment of its ``media_url_https``; a video's or GIF's is that of its mp4
variant, without the query).

Every ``.js`` file is ``window.<global> = `` followed by JSON pretty-printed by the
exporter: 2-space indent, ``" : "`` between key and value, ``[ ]`` for an empty
array, and every number written as a string. What this module reproduces, because
importers get it wrong:

* ``full_text`` escapes ``&``, ``<`` and ``>`` as HTML entities, and nothing else;
* every entity index (and ``display_text_range``) counts Unicode code points of the
  *unescaped* text (an emoji counts 1; ``&amp;`` counts 1);
* links appear in the text as their 23-character ``https://t.co/…`` form;
* a reply starts with ``@screen_name `` prefixes that lie before
  ``display_text_range``; media share one t.co link after its end;
* tweet ids are snowflakes whose time part matches ``created_at``.

Only ``ArchiveBuilder`` is needed by callers; ``make_png`` makes a small valid image.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

__all__ = ["ArchiveBuilder", "make_png", "snowflake_id", "snowflake_time"]

#: Milliseconds since the Unix epoch at Twitter's snowflake epoch.
TWITTER_EPOCH_MS = 1288834974657

_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_MS = timedelta(milliseconds=1)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_MEDIA_KEY = _ALNUM + "-_"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_SOURCES = (
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
)

# Entity finders, close to twitter-text's rules for what a person would type.
_URL_RE = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\"]}…"
_HASHTAG_RE = re.compile(r"(?<![&\w])#(\w+)")
_MENTION_RE = re.compile(r"(?<![A-Za-z0-9_!@#$%&*])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])")
_CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\w$])")

MediaSpec = tuple[str, str, "bytes | None"]


def snowflake_id(at: datetime, low_bits: int = 0) -> int:
    """The snowflake id of something created at ``at`` (naive = UTC); ``low_bits`` < 2**22."""
    ms = (_as_utc(at) - _UNIX_EPOCH) // _ONE_MS
    return ((ms - TWITTER_EPOCH_MS) << 22) | (low_bits & 0x3FFFFF)


def snowflake_time(snowflake: int | str) -> datetime:
    """The UTC time (millisecond precision) encoded in a snowflake id."""
    ms = (int(snowflake) >> 22) + TWITTER_EPOCH_MS
    return _UNIX_EPOCH + timedelta(milliseconds=ms)


def make_png(
    width: int = 320,
    height: int = 200,
    *,
    seed: int = 0,
    painter: Callable[[int, int], tuple[int, int, int]] | None = None,
) -> bytes:
    """A small valid RGB PNG made with zlib only.

    By default a landscape (sky gradient, sun, hills) whose colours vary with ``seed``;
    ``painter(x, y) -> (r, g, b)`` draws anything else.
    """
    if painter is None:
        painter = _landscape(width, height, seed)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 (None)
        for x in range(width):
            row += bytes(painter(x, y))
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        _PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


class ArchiveBuilder:
    """Collects tweets of one account and writes them as an X archive export.

    Deterministic: the same calls give byte-identical output (t.co codes, media keys,
    counts and id low bits come from a generator seeded by the account).
    Tweets are kept encoded (about 1 KB each), so 200,000 tweets fit easily in memory.
    """

    def __init__(
        self,
        *,
        account_id: str,
        handle: str,
        name: str,
        avatar_url: str | None = None,
        bio: str = "",
    ) -> None:
        self.account_id = str(account_id)
        self.handle = handle
        self.name = name
        self.avatar_url = avatar_url
        self.bio = bio
        self._rng = random.Random(f"unspool-x-archive:{self.account_id}:{handle}")
        self._encode = msgspec.json.Encoder().encode
        self._rows: list[tuple[int, bytes]] = []  # (id, compact JSON of {"tweet": {...}})
        self._used_ids: set[int] = set()
        self._used_codes: set[str] = set()
        self._prefix_of: dict[str, list[tuple[str, str]]] = {}  # reply prefixes, for replies to them
        self._media_files: list[tuple[str, bytes]] = []
        self._users: dict[str, tuple[str, str, str]] = {handle.lower(): (self.account_id, handle, name)}
        self._min_ms: int | None = None
        self._max_ms: int | None = None

    def __len__(self) -> int:
        return len(self._rows)

    # ------------------------------------------------------------------ tweets

    def tweet(
        self,
        text: str,
        *,
        at: datetime,
        reply_to: str | None = None,
        reply_to_user: tuple[str, str] | None = None,
        media: Sequence[MediaSpec] = (),
        lang: str = "en",
        retweet_of: tuple[str, str] | None = None,
        tweet_id: str | None = None,
        mention_self: bool = True,
    ) -> str:
        """Add one tweet and return its ``id_str``.

        ``text`` is the visible, unescaped text. Hashtags, @mentions, $cashtags and
        http(s) URLs in it become entities (indices in code points); URLs are replaced
        by fresh t.co links whose ``expanded_url`` is the original.

        * ``reply_to`` alone: a self-reply to that tweet id. Its text starts with
          ``@handle `` (unless ``mention_self=False``, as threads made with the
          thread composer since 2017 have no self prefix) followed by the other
          handles of the parent's reply prefix, as the X client fills them in.
        * ``reply_to_user=(user_id, screen_name)``: a reply to another account,
          to status ``reply_to`` or, when that is None, to an invented status.
        * ``media``: ``(type, alt_text, file_bytes)`` with type ``"photo"``,
          ``"video"`` or ``"animated_gif"``; ``alt_text=""`` means none; bytes are
          written to the media folder as ``<tweet id>-<file name>`` (None: no file).
        * ``retweet_of=(user_id, screen_name)``: a retweet, ``RT @screen_name: text``.
        * ``at`` is the creation time (naive = UTC); ``tweet_id`` overrides the
          generated snowflake.
        """
        if retweet_of is not None and (reply_to is not None or reply_to_user is not None):
            raise ValueError("a retweet is not a reply")
        rng = self._rng
        at = _as_utc(at)
        ms = (at - _UNIX_EPOCH) // _ONE_MS
        if tweet_id is None:
            tid = self._new_id(ms)
        else:
            tid = int(tweet_id)
            if tid in self._used_ids:
                raise ValueError(f"duplicate tweet id {tweet_id}")
            self._used_ids.add(tid)
        id_str = str(tid)
        self._min_ms = ms if self._min_ms is None else min(self._min_ms, ms)
        self._max_ms = ms if self._max_ms is None else max(self._max_ms, ms)

        # Who this replies to, and the @-prefix the client puts before the text.
        in_reply: tuple[str, str, str] | None = None
        prefix_users: list[tuple[str, str]] = []
        if reply_to_user is not None:
            user_id, screen_name = str(reply_to_user[0]), reply_to_user[1]
            self._remember(user_id, screen_name)
            status = reply_to if reply_to is not None else str(self._new_id(ms - rng.randrange(60_000, 86_400_000)))
            in_reply = (str(status), user_id, screen_name)
            prefix_users = [(user_id, screen_name)]
        elif reply_to is not None:
            in_reply = (str(reply_to), self.account_id, self.handle)
            inherited = [u for u in self._prefix_of.get(str(reply_to), ()) if u[0] != self.account_id]
            prefix_users = ([(self.account_id, self.handle)] if mention_self else []) + inherited
        if prefix_users:
            self._prefix_of[id_str] = prefix_users

        if retweet_of is not None:
            self._remember(str(retweet_of[0]), retweet_of[1])
            body = f"RT @{retweet_of[1]}: {text}"
        else:
            body = text
        prefix = "".join(f"@{screen_name} " for _, screen_name in prefix_users)
        visible, urls = self._replace_urls(prefix + body)

        full = visible
        media_span: tuple[int, int] | None = None
        media_code = ""
        if media:
            media_code = self._tco_code()
            sep = "" if not visible or visible[-1].isspace() else " "
            start = len(visible) + len(sep)
            full = visible + sep + "https://t.co/" + media_code
            media_span = (start, len(full))
        if retweet_of is not None:
            display = (0, len(full))
        else:
            display = (len(prefix), len(visible))

        entities = {
            "hashtags": self._hashtags(visible, urls),
            "symbols": self._cashtags(visible, urls),
            "user_mentions": self._mentions(visible, urls),
            "urls": [
                {
                    "url": tco,
                    "expanded_url": url,
                    "display_url": _display_url(url),
                    "indices": [str(s), str(e)],
                }
                for s, e, tco, url in urls
            ],
        }
        extended_media: list[dict] = []
        if media:
            assert media_span is not None
            for mtype, alt, data in media:
                extended_media.append(self._media_item(id_str, ms, mtype, alt, data, media_code, media_span))
            first = {k: v for k, v in extended_media[0].items() if k not in _ENTITY_MEDIA_DROP}
            first["type"] = "photo"  # entities.media holds the first item's still image
            entities["media"] = [first]

        created = at.replace(microsecond=0)
        until = at + timedelta(hours=1)
        is_reply = in_reply is not None
        d: dict = {
            "edit_info": {
                "initial": {
                    "editTweetIds": [id_str],
                    "editableUntil": f"{until:%Y-%m-%dT%H:%M:%S}.{until.microsecond // 1000:03d}Z",
                    "editsRemaining": "5",
                    "isEditEligible": not is_reply and retweet_of is None,
                }
            },
            "retweeted": False,
            "source": _SOURCES[rng.randrange(3)],
            "entities": entities,
            "display_text_range": [str(display[0]), str(display[1])],
            "favorite_count": "0" if retweet_of is not None else str(_small_count(rng)),
        }
        if in_reply is not None:
            d["in_reply_to_status_id_str"] = in_reply[0]
        d["id_str"] = id_str
        if in_reply is not None:
            d["in_reply_to_user_id"] = in_reply[1]
        d["truncated"] = False
        d["retweet_count"] = str(_small_count(rng) // 3)
        d["id"] = id_str
        if in_reply is not None:
            d["in_reply_to_status_id"] = in_reply[0]
        if media or urls:
            d["possibly_sensitive"] = False
        d["created_at"] = (
            f"{_DAYS[created.weekday()]} {_MONTHS[created.month - 1]} {created.day:02d} "
            f"{created:%H:%M:%S} +0000 {created.year}"
        )
        d["favorited"] = False
        d["full_text"] = full.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        d["lang"] = lang
        if in_reply is not None:
            d["in_reply_to_screen_name"] = in_reply[2]
            d["in_reply_to_user_id_str"] = in_reply[1]
        if extended_media:
            d["extended_entities"] = {"media": extended_media}
        self._rows.append((tid, self._encode({"tweet": d})))
        return id_str

    def thread(
        self,
        texts: Sequence[str],
        *,
        start: datetime,
        gap: timedelta = timedelta(minutes=2),
        reply_to_user: tuple[str, str] | None = None,
        **kw,
    ) -> list[str]:
        """Add a self-reply chain, one post every ``gap`` from ``start``; returns the ids in order.

        The first post may reply to another account (``reply_to_user``, optionally
        ``reply_to`` = their status id) or to one of ours (``reply_to`` alone, which
        makes a branch). Other keywords (``lang``, ``mention_self``, ``media``) go to
        every post.
        """
        if "retweet_of" in kw or "tweet_id" in kw or "at" in kw:
            raise TypeError("thread() takes no retweet_of, tweet_id or at")
        first_reply_to = kw.pop("reply_to", None)
        ids: list[str] = []
        for i, text in enumerate(texts):
            if i == 0:
                ids.append(self.tweet(text, at=start, reply_to=first_reply_to, reply_to_user=reply_to_user, **kw))
            else:
                ids.append(self.tweet(text, at=start + gap * i, reply_to=ids[-1], **kw))
        return ids

    # ------------------------------------------------------------------ output

    def write(
        self,
        dest: Path,
        *,
        parts: int = 1,
        legacy_name: bool = False,
        zip: bool = False,
        shuffle_seed: int | None = None,
        newest_first: bool = True,
    ) -> Path:
        """Write the archive and return its path.

        ``dest`` is the archive folder (it gets ``data/…``), or with ``zip=True`` the
        .zip file whose members are ``data/…``; it must not exist yet.
        ``parts=K`` splits the tweets over ``data/tweets.js``, ``data/tweets-part1.js``
        … ``tweets-part{K-1}.js`` (globals ``YTD.tweets.part0`` … ``part{K-1}``), as the
        exporter does for large accounts. ``legacy_name`` writes the pre-2020 names
        ``data/tweet.js`` / ``YTD.tweet.part0`` and the media folder ``data/tweet_media``.
        Tweets are ordered newest first (``newest_first=False``: oldest first), or in a
        random order fixed by ``shuffle_seed``.
        """
        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise FileExistsError(f"{dest} exists and is not empty")
        rows = sorted(self._rows, key=itemgetter(0), reverse=newest_first)
        if shuffle_seed is not None:
            random.Random(shuffle_seed).shuffle(rows)
        kind = "tweet" if legacy_name else "tweets"
        media_dir = "data/tweet_media" if legacy_name else "data/tweets_media"
        parts = max(1, min(parts, len(rows) or 1))

        if zip:
            dest.parent.mkdir(parents=True, exist_ok=True)
            zf = zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)

            def emit(name: str, data: bytes) -> None:
                zf.writestr(name, data)
        else:
            zf = None
            (dest / "data").mkdir(parents=True, exist_ok=True)

            def emit(name: str, data: bytes) -> None:
                path = dest / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)

        try:
            total = 0
            files = []
            size, rem = divmod(len(rows), parts)
            begin = 0
            for i in range(parts):
                end = begin + size + (1 if i < rem else 0)
                chunk = rows[begin:end]
                begin = end
                file_name = f"data/{kind}.js" if i == 0 else f"data/{kind}-part{i}.js"
                global_name = f"YTD.{kind}.part{i}"
                body = _pretty(b"[" + b",".join(row for _, row in chunk) + b"]")
                data = b"window." + global_name.encode() + b" = " + body
                emit(file_name, data)
                total += len(data)
                files.append({"fileName": file_name, "globalName": global_name, "count": str(len(chunk))})
            for name, data in self._media_files:
                emit(f"{media_dir}/{name}", data)
                total += len(data)
            for file_name, data in self._account_files():
                emit(file_name, data)
                total += len(data)
            emit("data/manifest.js", self._manifest(kind, files, media_dir, len(self._media_files), total))
        finally:
            if zf is not None:
                zf.close()
        return dest

    # ------------------------------------------------------------------ internals

    def _new_id(self, ms: int) -> int:
        base = (ms - TWITTER_EPOCH_MS) << 22
        low = self._rng.getrandbits(10) << 12  # datacenter + worker bits; sequence 0
        tid = base | low
        while tid in self._used_ids:
            low = (low + 1) & 0x3FFFFF
            tid = base | low
        self._used_ids.add(tid)
        return tid

    def _tco_code(self) -> str:
        choices = self._rng.choices
        while True:
            code = "".join(choices(_ALNUM, k=10))
            if code not in self._used_codes:
                self._used_codes.add(code)
                return code

    def _key(self, n: int) -> str:
        return "".join(self._rng.choices(_MEDIA_KEY, k=n))

    def _remember(self, user_id: str, screen_name: str) -> None:
        self._users.setdefault(screen_name.lower(), (user_id, screen_name, screen_name))

    def _user(self, screen_name: str) -> tuple[str, str, str]:
        known = self._users.get(screen_name.lower())
        if known is not None:
            return known
        digest = hashlib.blake2b(screen_name.lower().encode(), digest_size=8).digest()
        user_id = str(1_000_000_000 + int.from_bytes(digest, "big") % 8_999_999_999)
        return (user_id, screen_name, screen_name.replace("_", " ").strip().title() or screen_name)

    def _replace_urls(self, raw: str) -> tuple[str, list[tuple[int, int, str, str]]]:
        """Swap each URL for a new t.co link; returns the new text and (start, end, tco, url)."""
        if "://" not in raw:
            return raw, []
        out: list[str] = []
        urls: list[tuple[int, int, str, str]] = []
        pos = length = 0
        for m in _URL_RE.finditer(raw):
            url = _strip_url(m.group())
            if "." not in url.split("://", 1)[1]:
                continue
            piece = raw[pos : m.start()]
            out.append(piece)
            length += len(piece)
            tco = "https://t.co/" + self._tco_code()
            urls.append((length, length + len(tco), tco, url))
            out.append(tco)
            length += len(tco)
            pos = m.start() + len(url)
        out.append(raw[pos:])
        return "".join(out), urls

    def _hashtags(self, text: str, urls: list) -> list[dict]:
        if "#" not in text:
            return []
        return [
            {"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
            for m in _HASHTAG_RE.finditer(text)
            if not m.group(1).isdigit() and _outside(m.start(), m.end(), urls)
        ]

    def _cashtags(self, text: str, urls: list) -> list[dict]:
        if "$" not in text:
            return []
        return [
            {"text": m.group(1), "indices": [str(m.start()), str(m.end())]}
            for m in _CASHTAG_RE.finditer(text)
            if _outside(m.start(), m.end(), urls)
        ]

    def _mentions(self, text: str, urls: list) -> list[dict]:
        if "@" not in text:
            return []
        found = []
        for m in _MENTION_RE.finditer(text):
            if not _outside(m.start(), m.end(), urls):
                continue
            user_id, screen_name, name = self._user(m.group(1))
            found.append(
                {
                    "name": name,
                    "screen_name": screen_name if screen_name.lower() == m.group(1).lower() else m.group(1),
                    "indices": [str(m.start()), str(m.end())],
                    "id_str": user_id,
                    "id": user_id,
                }
            )
        return found

    def _media_item(
        self,
        id_str: str,
        ms: int,
        mtype: str,
        alt: str,
        data: bytes | None,
        code: str,
        span: tuple[int, int],
    ) -> dict:
        media_id = str(self._new_id(ms - self._rng.randrange(1_000, 120_000)))
        key = self._key(15)
        width, height = _image_size(data) or ((1280, 720) if mtype != "photo" else (1200, 900))
        video_info = None
        if mtype == "photo":
            ext = "png" if data is not None and data.startswith(_PNG_SIGNATURE) else "jpg"
            media_url = f"pbs.twimg.com/media/{key}.{ext}"
            file_name = f"{key}.{ext}"
            path_kind = "photo"
        elif mtype == "animated_gif":
            media_url = f"pbs.twimg.com/tweet_video_thumb/{key}.jpg"
            file_name = f"{key}.mp4"
            path_kind = "photo"
            video_info = {
                "aspect_ratio": _aspect(width, height),
                "variants": [
                    {"bitrate": "0", "content_type": "video/mp4", "url": f"https://video.twimg.com/tweet_video/{key}.mp4"}
                ],
            }
        elif mtype == "video":
            media_url = f"pbs.twimg.com/ext_tw_video_thumb/{media_id}/pu/img/{key}.jpg"
            best, low, playlist = self._key(16), self._key(16), self._key(16)
            file_name = f"{best}.mp4"
            path_kind = "video"
            base = f"https://video.twimg.com/ext_tw_video/{media_id}/pu"
            video_info = {
                "aspect_ratio": _aspect(width, height),
                "duration_millis": str(self._rng.randrange(3_000, 140_000)),
                "variants": [
                    {"bitrate": "2176000", "content_type": "video/mp4", "url": f"{base}/vid/{width}x{height}/{best}.mp4?tag=12"},
                    {"content_type": "application/x-mpegURL", "url": f"{base}/pl/{playlist}.m3u8?tag=12"},
                    {"bitrate": "832000", "content_type": "video/mp4", "url": f"{base}/vid/{width // 2}x{height // 2}/{low}.mp4?tag=12"},
                ],
            }
        else:
            raise ValueError(f"unknown media type {mtype!r}")
        if data is not None:
            self._media_files.append((f"{id_str}-{file_name}", data))

        item: dict = {
            "expanded_url": f"https://twitter.com/{self.handle}/status/{id_str}/{path_kind}/1",
            "indices": [str(span[0]), str(span[1])],
            "url": "https://t.co/" + code,
            "media_url": "http://" + media_url,
            "id_str": media_id,
        }
        if video_info is not None:
            item["video_info"] = video_info
            if mtype == "video":
                item["additional_media_info"] = {"monetizable": False}
        item["id"] = media_id
        item["media_url_https"] = "https://" + media_url
        item["sizes"] = _sizes(width, height)
        item["type"] = mtype
        if alt:
            item["ext_alt_text"] = alt
        item["display_url"] = "pic.twitter.com/" + code
        return item

    def _account_files(self) -> list[tuple[str, bytes]]:
        first = self._min_ms
        created = datetime(2014, 1, 1, 10, 0, tzinfo=timezone.utc)
        if first is not None:
            created = min(created, _UNIX_EPOCH + timedelta(milliseconds=first) - timedelta(days=30))
        account = [
            {
                "account": {
                    "email": f"{self.handle.lower()}@example.com",
                    "createdVia": "web",
                    "username": self.handle,
                    "accountId": self.account_id,
                    "createdAt": f"{created:%Y-%m-%dT%H:%M:%S}.000Z",
                    "accountDisplayName": self.name,
                }
            }
        ]
        avatar = self.avatar_url or "https://abs.twimg.com/sticky/default_profile_images/default_profile.png"
        profile = [
            {
                "profile": {
                    "description": {"bio": self.bio, "website": "", "location": ""},
                    "avatarMediaUrl": avatar,
                    "headerMediaUrl": f"https://pbs.twimg.com/profile_banners/{self.account_id}/{int(created.timestamp())}",
                }
            }
        ]
        return [
            ("data/account.js", b"window.YTD.account.part0 = " + _pretty(msgspec.json.encode(account))),
            ("data/profile.js", b"window.YTD.profile.part0 = " + _pretty(msgspec.json.encode(profile))),
        ]

    def _manifest(self, kind: str, files: list[dict], media_dir: str, media_count: int, size: int) -> bytes:
        last = self._max_ms if self._max_ms is not None else 1_700_000_000_000
        generated = _UNIX_EPOCH + timedelta(milliseconds=last) + timedelta(days=1)
        manifest = {
            "userInfo": {"accountId": self.account_id, "userName": self.handle, "displayName": self.name},
            "archiveInfo": {
                "sizeBytes": str(size),
                "generationDate": f"{generated:%Y-%m-%dT%H:%M:%S}.{generated.microsecond // 1000:03d}Z",
                "isPartialArchive": False,
                "maxPartSizeBytes": "53687091200",
            },
            "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
            "dataTypes": {
                "account": {"files": [{"fileName": "data/account.js", "globalName": "YTD.account.part0", "count": "1"}]},
                "profile": {
                    "mediaDirectory": "data/profile_media",
                    "files": [{"fileName": "data/profile.js", "globalName": "YTD.profile.part0", "count": "1"}],
                },
                kind: {"mediaDirectory": media_dir, "files": files},
            },
        }
        return b"window.__THAR_CONFIG = " + _pretty(msgspec.json.encode(manifest))


# Keys of an extended_entities media item that the entities.media copy lacks.
_ENTITY_MEDIA_DROP = frozenset({"video_info", "additional_media_info", "ext_alt_text"})

_KEY_SEP = re.compile(rb'(?<!\\)": ')
_EMPTY_ARRAY = re.compile(rb'(?<!\\)" : \[\]')
_EMPTY_OBJECT = re.compile(rb'(?<!\\)" : \{\}')


def _pretty(compact: bytes) -> bytes:
    """Re-indent compact JSON the way the X exporter does: 2 spaces, ``" : "``, ``[ ]``."""
    out = msgspec.json.format(compact, indent=2)
    # Inside strings every '"' is escaped as '\"', so the plain replacements are only
    # unsafe when such a sequence occurs; then the look-behind regexes are used.
    if b'\\": ' in out:
        out = _KEY_SEP.sub(b'" : ', out)
    else:
        out = out.replace(b'": ', b'" : ')
    if b'\\" : []' in out or b'\\" : {}' in out:
        out = _EMPTY_ARRAY.sub(b'" : [ ]', out)
        out = _EMPTY_OBJECT.sub(b'" : { }', out)
    else:
        out = out.replace(b'" : []', b'" : [ ]').replace(b'" : {}', b'" : { }')
    if out == b"[]":
        out = b"[ ]"
    return out


def _as_utc(at: datetime) -> datetime:
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def _outside(start: int, end: int, urls: list) -> bool:
    for s, e, _, _ in urls:
        if start < e and end > s:
            return False
    return True


def _strip_url(url: str) -> str:
    while url and (url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _display_url(url: str) -> str:
    """X's display form: no scheme, no ``www.``, path cut to 15 characters plus ``…``."""
    parts = urlsplit(url)
    host = parts.netloc[4:] if parts.netloc.lower().startswith("www.") else parts.netloc
    rest = url.split(parts.netloc, 1)[1] if parts.netloc else ""
    if len(rest) > 15:
        rest = rest[:15] + "…"
    return host + rest


def _small_count(rng: random.Random) -> int:
    return int(rng.paretovariate(1.2)) - 1


def _image_size(data: bytes | None) -> tuple[int, int] | None:
    if data is not None and data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _aspect(width: int, height: int) -> list[str]:
    g = math.gcd(width, height) or 1
    return [str(width // g), str(height // g)]


def _sizes(width: int, height: int) -> dict:
    def fit(limit: int) -> dict:
        scale = min(1.0, limit / max(width, height))
        return {"w": str(round(width * scale)), "h": str(round(height * scale)), "resize": "fit"}

    return {
        "small": fit(680),
        "medium": fit(1200),
        "thumb": {"w": "150", "h": "150", "resize": "crop"},
        "large": fit(2048),
    }


def _landscape(width: int, height: int, seed: int) -> Callable[[int, int], tuple[int, int, int]]:
    rng = random.Random(seed)
    top = (rng.randrange(40, 120), rng.randrange(90, 170), rng.randrange(180, 250))
    bottom = (rng.randrange(200, 255), rng.randrange(170, 230), rng.randrange(120, 200))
    ground = (rng.randrange(40, 90), rng.randrange(110, 160), rng.randrange(40, 90))
    sun_x, sun_y, sun_r = width * 0.72, height * 0.32, max(4, min(width, height) // 8)

    def paint(x: int, y: int) -> tuple[int, int, int]:
        if y >= height * (0.72 + 0.08 * math.sin(x / max(1, width) * 6.28 * 1.5)):
            return ground
        if (x - sun_x) ** 2 + (y - sun_y) ** 2 <= sun_r * sun_r:
            return (255, 228, 122)
        t = y / max(1, height - 1)
        return (
            round(top[0] + (bottom[0] - top[0]) * t),
            round(top[1] + (bottom[1] - top[1]) * t),
            round(top[2] + (bottom[2] - top[2]) * t),
        )

    return paint
