"""Static-site export: every thread as a file, an index, and the media they show."""

from __future__ import annotations

import base64
import mimetypes
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import InputError
from .model import Media
from .store import Store

EXPORT_FORMATS = ("html", "md")


def local_media_path(media_dir: Path, network: str, media: Media) -> Path | None:
    if not media.local_name:
        return None
    path = media_dir / network / media.local_name
    return path if path.is_file() else None


def embedded_media(media_dir: Path, network: str) -> Callable[[Media], str]:
    """Media URLs for a standalone page: local files inlined as data: URIs, else the original URL."""

    def resolve(media: Media) -> str:
        path = local_media_path(media_dir, network, media)
        if path is None or media.type != "image":
            return media.url
        kind = mimetypes.guess_type(path.name)[0] or "image/jpeg"
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"

    return resolve


def export_site(
    store: Store,
    outdir: Path,
    media_dir: Path,
    *,
    fmt: str = "html",
    keep_numbering: bool = False,
    progress: Callable[[], None] | None = None,
) -> int:
    """Writes OUTDIR/<thread id>.<fmt> for every thread plus OUTDIR/index.<fmt>; returns the count."""
    from .render import render_html, render_index_html, render_index_markdown, render_markdown

    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    outdir.mkdir(parents=True, exist_ok=True)
    entries = []
    for thread in store.iter_threads():
        copied = _copy_thread_media(thread, media_dir, outdir)

        def media_url(media: Media, copied=copied) -> str:
            return copied.get(media.local_name or "", media.url)

        href = f"{thread.id}.{fmt}"
        if fmt == "html":
            body = render_html(thread, keep_numbering=keep_numbering, media_url=media_url)
        else:
            body = render_markdown(thread, keep_numbering=keep_numbering)
        (outdir / href).write_text(body, encoding="utf-8")
        entries.append((thread, href))
        if progress:
            progress()
    index = render_index_html(entries) if fmt == "html" else render_index_markdown(entries)
    (outdir / f"index.{fmt}").write_text(index, encoding="utf-8")
    return len(entries)


def _copy_thread_media(thread, media_dir: Path, outdir: Path) -> dict[str, str]:
    copied = {}
    for post in thread.posts:
        for media in post.media:
            source = local_media_path(media_dir, thread.network, media)
            if source is None:
                continue
            relative = f"media/{thread.network}/{media.local_name}"
            target = outdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.copyfile(source, target)
            copied[media.local_name] = relative
    return copied
