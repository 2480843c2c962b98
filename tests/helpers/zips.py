"""Zip files written byte by byte, so a test can hold a member that inflates to gigabytes
(a zip bomb) while the file itself stays a few megabytes and takes milliseconds to build."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ZEROS = 1 << 20


def deflated_zeros(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes (a multiple of 1 MiB), built from one
    compressed block repeated: a full flush resets the compressor, so every block is the same."""
    assert size % ZEROS == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\0" * ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size // ZEROS) + compressor.flush(zlib.Z_FINISH)


def write_zip(path: Path, members: dict[str, bytes], bombs: dict[str, int] | None = None) -> Path:
    """`members` deflated as usual, plus `{name: size}` members of `size` zero bytes (their
    CRC is left at 0: the reader must refuse them before it inflates enough to notice)."""
    entries = [(name, zlib.compress(data, 6)[2:-4], len(data), zlib.crc32(data)) for name, data in members.items()]
    entries += [(name, deflated_zeros(size), size, 0) for name, size in (bombs or {}).items()]
    central = b""
    with open(path, "wb") as out:
        for name, packed, size, crc in entries:
            offset = out.tell()
            encoded = name.encode()
            fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0)
            out.write(b"PK\x03\x04" + fields + encoded + packed)
            central += b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded
        start = out.tell()
        out.write(central)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(central), start, 0))
    return path


def folder_members(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
