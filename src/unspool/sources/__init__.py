"""One module per network: archive readers and live fetchers that produce neutral Posts."""

from pathlib import Path

from ..errors import InputError


def open_archive(path: str | Path):
    """The reader for whichever network's archive `path` is."""
    from .x_archive import XArchiveReader

    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return XArchiveReader(path)


def parse_post_ref(ref: str) -> tuple[str | None, str]:
    """(network, native id) for a post URL; (None, ref) for anything else (an id as typed)."""
    from .x import parse_post_url as parse_x_url

    ref = ref.strip()
    tweet_id = parse_x_url(ref)
    if tweet_id:
        return "x", tweet_id
    return None, ref
