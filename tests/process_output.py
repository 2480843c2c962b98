"""Reading a child process's stdout line by line until a line says what a test waits for."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def read_lines_until(process: subprocess.Popen, timeout: float, pick: Callable[[str], T | None]) -> tuple[T | None, bytes]:
    """The first `pick(line)` that is not None, and everything read so far; (None, read) when the
    process closes stdout or `timeout` seconds pass first."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    read = pending = b""
    try:
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            read += chunk
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                found = pick(line.decode(errors="replace"))
                if found is not None:
                    return found, read
    finally:
        selector.close()
    return None, read
