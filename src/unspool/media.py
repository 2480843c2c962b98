"""Publishing an archive's media files into the public media folder.

The media folder is served to every reader, so a file only goes there when its first bytes
say it is the image, video or audio type its name claims (an `.html`, `.svg`, or an HTML page
named `.jpg` never does), within the size caps. Files are copied as streams into a staging
folder and moved into place only once every one of them is in: an import that fails leaves
nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .sources.archive_files import ArchiveFiles

# What the /media route serves, by suffix. Anything else stays out of the media folder.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
}
SNIFF_BYTES = 32
# MP4 and QuickTime are one container told apart by a brand that players ignore.
_SAME_CONTAINER = {"video/quicktime": "video/mp4"}


def sniff_media_type(head: bytes) -> str | None:
    """The media type a file's first bytes announce (of those MEDIA_TYPES names), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    return None


def publishable_type(name: str, head: bytes) -> str | None:
    """The type `name` is served with, when its suffix and its first bytes agree; else None
    (the file is then served with the type it really has, or not at all)."""
    claimed = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())
    found = sniff_media_type(head)
    if claimed is None or found is None or _SAME_CONTAINER.get(claimed, claimed) != _SAME_CONTAINER.get(found, found):
        return None
    return claimed


def publish_media(files: ArchiveFiles, members: dict[str, str], target_dir: Path) -> int:
    """Copies archive members (`{name in target_dir: member}`) that are not there yet and pass
    `publishable_type`; returns how many were copied. Sizes are checked against the caps before
    anything is copied; a file that fails its check is skipped, one over a cap fails the import."""
    wanted = {name: member for name, member in members.items() if not (target_dir / name).exists()}
    if not wanted:
        return 0
    files.check(list(wanted.values()), media=True)
    target_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=target_dir))
    try:
        staged = [name for name, member in wanted.items() if _stage(files, member, staging / name)]
        for name in staged:
            os.replace(staging / name, target_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(staged)


def _stage(files: ArchiveFiles, member: str, target: Path) -> bool:
    with files.open(member) as stream:
        head = files.read(stream, member, SNIFF_BYTES)
        if publishable_type(target.name, head) is None:
            return False
        with open(target, "wb") as out:
            out.write(head)
            while chunk := files.read(stream, member, 1 << 20):
                out.write(chunk)
    return True


def media_members(reader, names: Iterable[str]) -> dict[str, str]:
    """{name in the media folder: archive member} for the names a reader's posts use."""
    return {name: reader.media_names[name] for name in names if name in reader.media_names}
