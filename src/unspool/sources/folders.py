"""Reading a file of an unzipped archive folder: never one that lies outside it."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError


def read_inside(folder: Path, name: str) -> bytes:
    """The bytes of `name` under `folder`. A symlink (or name) that leads outside the folder is
    refused: the file would be copied to the public media folder or read as the archive."""
    path = folder / name
    try:
        inside = path.resolve(strict=True).is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise InputError(f"{folder}: cannot read {name} ({exc})") from exc
    if not inside:
        raise InputError(f"{folder}: {name} leads outside the archive folder (a link?); import the archive .zip as downloaded")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{folder}: cannot read {name} ({exc})") from exc
