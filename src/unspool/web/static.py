"""Stylesheets (/static) and imported media files (/media), with safe path checks."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response

from .cache import cache_for
from .caching import etag_matches, make_etag, not_modified
from .site import SAFE_NAME, Site, get_site, not_found

router = APIRouter(include_in_schema=False)
# Media types the /media route serves; anything else stays on disk (no HTML or SVG from uploads).
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp", ".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


def _stylesheets() -> dict[str, tuple[bytes, str]]:
    found = {}
    for package in ("unspool.render", "unspool.web"):  # the reading CSS, then the site's
        for item in (files(package) / "static").iterdir():
            if item.name.endswith(".css"):
                data = item.read_bytes()
                found[item.name] = (data, make_etag(data))
    return found


STYLESHEETS = _stylesheets()


@router.get("/static/{name}")
def stylesheet(name: str, request: Request) -> Response:
    if name not in STYLESHEETS:
        raise not_found()
    data, etag = STYLESHEETS[name]
    headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
    if etag_matches(request, etag):
        return not_modified(headers)
    cache_for(request)  # part of the package: never changes while the process runs
    return Response(data, media_type="text/css; charset=utf-8", headers=headers)


@router.get("/media/{network}/{name}")
def media_file(network: str, name: str, request: Request, site: Site = Depends(get_site)) -> Response:
    path = safe_media_path(site.settings.media_dir, network, name)
    if path is None:
        raise not_found()
    stat = path.stat()
    etag = make_etag(name, stat.st_mtime_ns, stat.st_size)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if etag_matches(request, etag):
        return not_modified(headers)
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix.lower()], headers=headers)


def safe_media_path(media_dir: Path, network: str, name: str) -> Path | None:
    """The file for /media/{network}/{name}, or None when the name could leave the folder."""
    if not (SAFE_NAME.match(network) and SAFE_NAME.match(name)) or ".." in name:
        return None
    if Path(name).suffix.lower() not in MEDIA_TYPES:
        return None
    root = media_dir.resolve()
    path = (root / network / name).resolve()
    # Resolving follows symlinks: the real file must still be inside the media folder.
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
