"""Running a command in a child process and reading its peak memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading


def run_with_peak_rss(args: list[str], env: dict[str, str], *, address_space: int = 3 << 30, timeout: float = 120) -> tuple[int, str, float]:
    """(exit code, stderr, peak RSS in MB) of `python -m unspool ARGS`. The peak is the largest
    of the process's own and of any child it waited for (worker processes). The child's address
    space is capped, so a run that tries to hold gigabytes fails instead of taking the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "unspool", *map(str, args)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            # The child's usage, its own peak or that of a worker it waited for, whichever is larger.
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return process.returncode, err.read().decode("utf-8", "replace"), usage.ru_maxrss / 1024
