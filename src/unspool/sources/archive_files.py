"""Members of an archive (a .zip or its unzipped folder), read as streams under caps.

An archive is the user's upload and may be anything: a member that inflates to far more than
it occupies (a zip bomb), a 1 GB "image", a `tweets.js` larger than memory. So nothing is read
whole: members are opened as streams that stop at their declared size, sizes and compression
ratios are checked from the zip's directory before a byte is inflated (`ArchiveLimits`), and
large JSON arrays are decoded a few megabytes of elements at a time (`decode_array_chunks`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import msgspec

from ..errors import InputError

MB = 1_000_000
# Members smaller than this are never called a bomb, whatever their ratio (a 100 kB file of
# spaces inflates 1000:1 and harms nobody).
RATIO_FREE_BYTES = 10 * MB
# Decoding works on chunks of about this many bytes of whole array elements.
CHUNK_BYTES = 4 * MB
# An element may not exceed this (a tweet is a few kB): past it the array is not what we expect.
MAX_ELEMENT_BYTES = 64 * MB


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps on what an import reads. The defaults let real exports through: their JSON parts
    pass 1 GB, their media folders tens of GB, and JSON deflates about 10:1."""

    max_media_bytes: int = 200 * MB  # one media file
    max_total_bytes: int = 100_000 * MB  # everything read or copied from one archive, inflated
    max_ratio: int = 100  # inflated / compressed size of one zip member


class ArchiveFiles:
    """Members of a folder or zip archive by their name under the archive's root (`prefix`
    inside the zip). Picklable, so worker processes can reopen it."""

    def __init__(self, path: Path, is_zip: bool, limits: ArchiveLimits, prefix: str = ""):
        self.path, self.is_zip, self.limits, self.prefix = path, is_zip, limits, prefix
        self._zip: zipfile.ZipFile | None = None
        self._counted: dict[str, int] = {}  # members checked so far, for the total cap

    def __getstate__(self):
        return (self.path, self.is_zip, self.limits, self.prefix)

    def __setstate__(self, state) -> None:
        self.path, self.is_zip, self.limits, self.prefix = state
        self._zip = None
        self._counted = {}

    @property
    def zip(self) -> zipfile.ZipFile:
        if self._zip is None:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"{self.path}: damaged zip file ({exc}); download the archive again") from exc
        return self._zip

    def names(self) -> list[str]:
        """Every file of the archive (zip members relative to `prefix`)."""
        if self.is_zip:
            return [m[len(self.prefix):] for m in self.zip.namelist() if m.startswith(self.prefix) and not m.endswith("/")]
        root = self.path.resolve()
        return [p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file() and p.resolve().is_relative_to(root)]

    def size(self, name: str) -> int:
        """The member's size once inflated, as the zip declares it (the stream stops there)."""
        try:
            if self.is_zip:
                return self.zip.getinfo(self.prefix + name).file_size
            return self._inside(name).stat().st_size
        except (OSError, KeyError) as exc:
            raise InputError(f"{self.path}: cannot read {name} ({exc})") from exc

    def check(self, names: list[str], *, media: bool = False) -> int:
        """Refuses, before anything is inflated, members that break the caps; returns their total
        size. The total cap counts every member checked so far, each once."""
        limits = self.limits
        total = 0
        for name in names:
            size = self.size(name)
            total += size
            self._counted[name] = size
            if media and size > limits.max_media_bytes:
                raise InputError(
                    f"{self.path}: media file {name} is {size / MB:,.0f} MB, over the limit of "
                    f"{limits.max_media_bytes / MB:,.0f} MB per file (UNSPOOL_ARCHIVE_MAX_MEDIA_BYTES)"
                )
            if self.is_zip:
                packed = self.zip.getinfo(self.prefix + name).compress_size
                if size > RATIO_FREE_BYTES and size > limits.max_ratio * max(packed, 1):
                    raise InputError(
                        f"{self.path}: {name} would inflate from {packed / MB:,.1f} MB to {size / MB:,.0f} MB "
                        f"(more than {limits.max_ratio}:1): refused as a likely zip bomb (UNSPOOL_ARCHIVE_MAX_RATIO)"
                    )
        counted = sum(self._counted.values())
        if counted > limits.max_total_bytes:
            raise InputError(
                f"{self.path}: the files to import add up to {counted / MB:,.0f} MB, over the limit of "
                f"{limits.max_total_bytes / MB:,.0f} MB (UNSPOOL_ARCHIVE_MAX_TOTAL_BYTES)"
            )
        return total

    def open(self, name: str) -> IO[bytes]:
        """A stream of the member that raises InputError past its checked size."""
        size = self.check([name])
        try:
            stream: IO[bytes] = self.zip.open(self.prefix + name) if self.is_zip else open(self._inside(name), "rb")
        except (OSError, KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"{self.path}: cannot read {name} ({exc})") from exc
        return _Capped(stream, size, f"{self.path}: {name}")

    def read_bytes(self, name: str) -> bytes:
        """A small member (account, profile, actor) whole."""
        with self.open(name) as stream:
            return self.read(stream, name, -1)

    def read(self, stream: IO[bytes], name: str, size: int) -> bytes:
        try:
            return stream.read(size)
        except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot read {name} ({exc}); the archive may be damaged, download it again") from exc

    def _inside(self, name: str) -> Path:
        """The folder's file `name`; a symlink (or name) that leads outside the folder is refused:
        the file would be copied to the public media folder or read as the archive."""
        path = self.path / name
        try:
            inside = path.resolve(strict=True).is_relative_to(self.path.resolve())
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
            raise InputError(f"{self.path}: cannot read {name} ({exc})") from exc
        if not inside:
            raise InputError(f"{self.path}: {name} leads outside the archive folder (a link?); import the archive .zip as downloaded")
        return path

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


class _Capped:
    """A read-only stream that refuses to give more than `limit` bytes (a folder's file that
    grows while read; zip members already stop at their declared size)."""

    def __init__(self, stream: IO[bytes], limit: int, label: str):
        self._stream, self._left, self._label = stream, limit, label

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(self._left + 1 if size < 0 else min(size, self._left + 1))
        self._left -= len(data)
        if self._left < 0:
            raise InputError(f"{self._label} grew while it was being read; try again")
        return data

    def seek(self, offset: int) -> None:
        self._left += self._stream.tell() - offset
        self._stream.seek(offset)

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _Capped:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- large JSON arrays in bounded memory ------------------------------------------------------

def skip_to_array(stream: IO[bytes], label: str, *, assignment: bool = False, key: bytes | None = None) -> tuple[int, bytes]:
    """Reads past the array's `[`: the file's own (after `window.YTD.x.part0 = ` in X's `.js`
    files, when `assignment`) or the one of the top-level `key` (Mastodon's "orderedItems"),
    found in the first megabyte. Returns the offset of the first byte after the `[` and the
    bytes read past it."""
    head = stream.read(4096 if key is None else MB)
    if head.startswith(b"\xef\xbb\xbf"):
        head = b"   " + head[3:]
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:64]:
        raise InputError(f"{label} is not UTF-8 (looks like UTF-16); use the archive exactly as downloaded")
    start = 0
    if assignment:
        if not head.lstrip().startswith(b"window."):
            raise InputError(f"{label} does not start with 'window.YTD...' — not an X archive data file")
        equals = head.find(b"=")
        if equals < 0:
            raise InputError(f"{label} has no '=' after its variable name — not an X archive data file")
        start = equals + 1
    if key is not None:
        match = re.search(rb'"' + re.escape(key) + rb'"\s*:\s*(?=\[)', head)
        if match is None:
            raise InputError(f"{label} has no \"{key.decode()}\" list near its start; the archive may be damaged — download it again")
        start = match.end()
    bracket = head.find(b"[", start)
    if bracket < 0 or head[start:bracket].strip():
        raise InputError(f"{label} is not valid archive JSON (no array); the archive may be truncated — download it again")
    return bracket + 1, head[bracket + 1:]


_ANY_SEPARATOR = re.compile(rb"\}\s*(,)\s*\{")


def pretty_separator(first_bytes: bytes) -> re.Pattern[bytes] | None:
    """The bytes between two elements of a pretty-printed array, as its first element starts:
    a newline, the elements' indent, `},`, a newline, the indent and `{`. JSON strings hold no
    raw newline and deeper objects are indented further, so this never matches inside an
    element. None when the array is not indented so."""
    match = re.match(rb"\s*?\n([ \t]*)\{", first_bytes)
    if match is None:
        return None
    indent = re.escape(match.group(1))
    return re.compile(rb"\n" + indent + rb"\}[ \t]*(,)[ \t]*\r?\n" + indent + rb"\{")


def compact_separator(first_bytes: bytes) -> re.Pattern[bytes]:
    """`},{` and the first element's first key: a string or a nested list can hold it too, so
    a cut there is only a candidate, confirmed by decoding."""
    match = re.match(rb"\s*\{(\s*\"[^\"\n]{1,64}\"\s*:)", first_bytes)
    return re.compile(rb"\}\s*(,)\s*\{" + re.escape(match.group(1))) if match else _ANY_SEPARATOR


def array_cuts(path: Path, start: int, size: int, every: int) -> list[int]:
    """Offsets of separator commas about `every` bytes apart in a pretty-printed array file
    whose elements begin at `start`: each span between cuts can be decoded on its own."""
    cuts: list[int] = []
    with open(path, "rb") as handle:
        handle.seek(start)
        separator = pretty_separator(handle.read(4096))
        if separator is None:
            return cuts
        position = start + every
        while position < size - every // 2:
            handle.seek(position)
            window = handle.read(64_000)  # elements are a few kB: a separator is near
            match = separator.search(window)
            if match is None:
                window += handle.read(4 * MB)
                match = separator.search(window)
            if match is None:
                break
            cuts.append(position + match.start(1))
            position = cuts[-1] + every
    return cuts


def decode_array_chunks(
    stream: IO[bytes],
    decoder: msgspec.json.Decoder,
    label: str,
    *,
    head: bytes = b"",
    length: int | None = None,
    last: bool = True,
) -> Iterator[list]:
    """Decoded lists of consecutive array elements, each from about CHUNK_BYTES of input.

    `head` (bytes already read) and then `stream` start at the first element; `length` bytes
    (`head` included; None: up to the end) hold the elements
    and their commas, then, when `last`, the array's `]`. A chunk ends where a separator comma
    was found (`pretty_separator`, `compact_separator`) and confirmed: decoding `[` + bytes up to it + `]` succeeds
    only when the comma lies between two top-level elements.
    """
    pending = head
    separators: list[re.Pattern[bytes]] = []
    left = None if length is None else length - len(head)
    while True:
        want = CHUNK_BYTES if left is None else min(CHUNK_BYTES, left)
        data = _read(stream, want, label) if want else b""
        if left is not None:
            left -= len(data)
        buf = pending + data if pending else data
        at_end = not data or left == 0
        if at_end:
            yield from _decode_rest(buf, decoder, label, last)
            return
        if not separators:
            # The last finds elements whose first key differs from the first element's.
            separators = [pretty_separator(buf[:4096]) or compact_separator(buf[:4096]), _ANY_SEPARATOR]
        cut = None
        for separator in separators:
            cut = _confirmed_cut(buf, separator, decoder, label)
            if cut is not None:
                break
        if cut is None:
            if len(buf) > MAX_ELEMENT_BYTES:
                raise InputError(f"{label}: cannot find where its entries end within {MAX_ELEMENT_BYTES // MB} MB; the file is not archive JSON as exported")
            pending = buf
            continue
        cut_at, items = cut
        yield items
        pending = buf[cut_at + 1:]


def _confirmed_cut(buf: bytes, separator: re.Pattern[bytes], decoder: msgspec.json.Decoder, label: str, tries: int = 8):
    """(comma offset, decoded elements before it) for the last separator that decodes. The
    end of the buffer is searched first: elements are small, and scanning costs."""
    for window in (256_000, MAX_ELEMENT_BYTES // 16):
        candidates = [m.start(1) for m in separator.finditer(buf, max(0, len(buf) - window))]
        for comma in reversed(candidates[-tries:]):
            try:
                return comma, decoder.decode(_bracketed(buf, comma))
            except msgspec.DecodeError:
                continue
            except UnicodeDecodeError as exc:
                raise InputError(f"{label} is not UTF-8 ({exc.reason}); use the archive exactly as downloaded") from exc
        if window >= len(buf):
            break
    return None


def _decode_rest(buf: bytes, decoder: msgspec.json.Decoder, label: str, last: bool) -> Iterator[list]:
    """The elements left at the end; when `last`, up to the `]` that closes the array (the
    rightmost one that decodes: what follows it, `;` or an object's other keys, is not ours)."""
    try:
        if not last:
            if buf.strip():
                yield decoder.decode(_bracketed(buf, len(buf)))
            return
        closing = len(buf)
        for _ in range(16):
            closing = buf.rfind(b"]", 0, closing)
            if closing < 0:
                break
            try:
                items = decoder.decode(_bracketed(buf, closing))
            except msgspec.DecodeError:
                continue
            if items:
                yield items
            return
        decoder.decode(b"[" + buf + b"]")  # to raise the decoder's own message
        raise InputError(f"{label} is not valid archive JSON (the list does not end); the archive may be truncated — download it again")
    except msgspec.DecodeError as exc:
        raise InputError(f"{label} is not valid archive JSON ({exc}); the archive may be truncated — download it again") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{label} is not UTF-8 ({exc.reason}); use the archive exactly as downloaded") from exc


def _bracketed(buf: bytes, end: int) -> bytes:
    """`[` + buf[:end] + `]` in one copy."""
    return b"".join((b"[", memoryview(buf)[:end], b"]"))


def _read(stream: IO[bytes], size: int, label: str) -> bytes:
    try:
        return stream.read(size)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise InputError(f"{label}: cannot read ({exc}); the archive may be damaged, download it again") from exc
