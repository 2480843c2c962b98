"""Claiming one row of a work table on SQLite, shared by the job queue and the bot's mentions.

SQLite has no SKIP LOCKED: a worker reads a few candidates, then claims the first whose
conditional UPDATE still matches. SQLite runs one writer at a time, so only one worker's UPDATE
finds a row still claimable; the others move on to the next candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import Connection, Executable

Key = TypeVar("Key")


def claim_first(conn: Connection, candidates: Iterable[Key], claim: Callable[[Key], Executable]) -> Key | None:
    """The first candidate `claim(candidate)` (a conditional UPDATE) won, or None."""
    for candidate in candidates:
        if conn.execute(claim(candidate)).rowcount == 1:  # type: ignore[attr-defined]
            return candidate
    return None
