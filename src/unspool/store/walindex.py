"""Noticing commits to a SQLite database in WAL mode without a query or a system call.

In WAL mode every connection that commits rewrites the wal-index header at the start of the
database's ``-shm`` file (https://sqlite.org/walformat.html: two copies of a 48-byte header whose
``iChange`` counter grows with each transaction), and every reader compares that header with the
copy it saw last to decide whether the database changed. `WalIndexHeader` maps those 96 bytes
read-only: when they are the same as before, no connection in any process has committed since.
Reading them is a memory copy that keeps the GIL, where even ``PRAGMA data_version`` lets
another thread run (the sqlite3 module releases the GIL around every statement), and on a busy
server that hand-over costs more than the statement.

A header that looks different only costs a real check, so the format is checked once and every
doubt (not WAL, no ``-shm`` file, another layout) means "no header": callers then ask SQLite.
"""

from __future__ import annotations

import mmap
import os
import sqlite3
import struct
import threading

HEADER_BYTES = 96  # both copies of WalIndexHdr
_WALINDEX_FORMAT = 3007000  # iVersion of every wal-index since SQLite 3.7.0


# Mappings of ``-shm`` files, by (device, inode), kept for the life of the process and never
# closed. On Linux, closing *any* descriptor of a file drops *all* of this process's POSIX locks
# on it, SQLite's "in use" lock on the ``-shm`` file included; the next process to open the
# database then thinks it is alone and truncates the file this process has mapped (SIGBUS).
# Python's mmap holds a duplicate of the descriptor and closes it with the mapping (on close or
# when collected), so the mapping is kept too, and so is the descriptor it was made from.
_KEPT: dict[tuple[int, int], mmap.mmap] = {}
_KEPT_LOCK = threading.Lock()


def _kept_mapping(path: str) -> mmap.mmap:
    """The first `HEADER_BYTES` of the file at `path`, mapped read-only once per file."""
    with _KEPT_LOCK:
        stat = os.stat(path)  # no descriptor yet, so none to close if the file is already mapped
        kept = _KEPT.get((stat.st_dev, stat.st_ino))
        if kept is None:
            fd = os.open(path, os.O_RDONLY)  # never closed (see above)
            opened = os.fstat(fd)  # the file may have been replaced since the stat: key what was opened
            kept = _KEPT.setdefault((opened.st_dev, opened.st_ino),
                                    mmap.mmap(fd, HEADER_BYTES, mmap.MAP_SHARED, mmap.PROT_READ))
        return kept


class WalIndexHeader:
    def __init__(self, shm_path: str):
        self._map = _kept_mapping(shm_path)

    def read(self) -> bytes:
        return self._map[:HEADER_BYTES]

    def close(self) -> None:
        """Stop using the header; the mapping itself stays (see `_KEPT`)."""


def open_wal_index(conn: sqlite3.Connection) -> WalIndexHeader | None:
    """The wal-index header of the main database of an open connection, or None when there is
    none to trust. The connection must stay open while the header is used: an open connection
    keeps SQLite from truncating or rebuilding the ``-shm`` file."""
    try:
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            return None
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()  # a read sets the wal-index up
        path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
        if not path:  # in memory or temporary: no file
            return None
        header = WalIndexHeader(path + "-shm")
    except (OSError, ValueError, sqlite3.Error):
        return None
    for _ in range(3):  # a writer may be between the two copies
        raw = header.read()
        version, = struct.unpack_from("=I", raw, 0)
        if version == _WALINDEX_FORMAT and raw[12] == 1 and raw[:48] == raw[48:]:  # isInit; the copies agree
            return header
    header.close()
    return None
