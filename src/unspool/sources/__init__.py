"""One module per network: archive readers and live fetchers that produce neutral Posts."""

from pathlib import Path

from ..errors import InputError
from .archive_files import ArchiveLimits


def open_archive(path: str | Path, handle: str | None = None, limits: ArchiveLimits | None = None):
    """The reader for whichever network's archive `path` is. `handle` names the account of a
    Bluesky .car export, which does not store it; other archives name their account. `limits`
    caps what is read (sizes, compression ratio)."""
    from .x_archive import XArchiveReader

    path = Path(path)
    if handle is not None:
        handle = _bluesky_handle(handle)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_file() and path.suffix.lower() != ".zip":
        from .bluesky_archive import BlueskyArchiveReader, looks_like_car

        if path.suffix.lower() == ".car" or looks_like_car(path):  # a Bluesky repository export
            return BlueskyArchiveReader(path, handle=handle, limits=limits)
    if handle is not None:
        raise InputError("--handle is only for Bluesky .car exports; X and Mastodon archives name their account")
    kind = _archive_kind(path)
    if kind == "mastodon":
        from .mastodon_archive import MastodonArchiveReader

        return MastodonArchiveReader(path, limits)
    if kind is None:
        raise InputError(
            f"{path}: not an X archive (no data/account.js) nor a Mastodon export (no outbox.json and actor.json); "
            "give the archive .zip as downloaded, or its unzipped folder"
        )
    return XArchiveReader(path, limits)


def _bluesky_handle(handle: str) -> str:
    """`handle` without a leading "@", in lower case as Bluesky shows it; InputError if it is none."""
    from .bluesky import is_handle

    cleaned = handle.strip().removeprefix("@").lower()
    if not is_handle(cleaned):
        raise InputError(f"{handle!r} is not a Bluesky handle (expected a domain name such as name.bsky.social)")
    return cleaned


def _archive_kind(path: Path) -> str | None:
    """ "x" when `path` has X's data/ folder (data/account.js), "mastodon" for outbox.json
    beside actor.json, None for a folder or zip that is neither. Anything that is not a
    readable zip goes to the X reader, whose errors say what is wrong with it."""
    import zipfile

    from .mastodon_archive import looks_like_mastodon_archive

    if path.is_dir():
        if (path / "data").is_dir():
            return "x"
        return "mastodon" if looks_like_mastodon_archive(path) else None
    try:
        if not zipfile.is_zipfile(path):
            return "x"
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return "x"
    if any(m == "data/account.js" or m.endswith("/data/account.js") for m in members):
        return "x"
    if looks_like_mastodon_archive(path):
        return "mastodon"
    return "x" if any(m.startswith("data/") or "/data/" in m for m in members) else None


def parse_post_ref(ref: str) -> tuple[str | None, str]:
    """(network, native id) for a post URL; (None, ref) for anything else (an id as typed)."""
    from .x import parse_post_url as parse_x_url

    ref = ref.strip()
    tweet_id = parse_x_url(ref)
    if tweet_id:
        return "x", tweet_id
    from .bluesky import parse_post_url as parse_bluesky_url

    post = parse_bluesky_url(ref)
    if post is not None:  # stored Bluesky posts are keyed by their at:// URI with the DID
        return "bluesky", post.at_uri
    from .mastodon import parse_post_url as parse_mastodon_url

    status = parse_mastodon_url(ref)
    if status is not None and status.likely_uri:  # stored fediverse posts are keyed by their uri
        return "mastodon", status.likely_uri
    return None, ref
