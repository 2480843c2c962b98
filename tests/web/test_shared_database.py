"""`unspool serve` on SQLite beside other processes that open the same database (imports, the
CLI): the server keeps SQLite's "in use" lock on the ``-shm`` file it has mapped, so nobody
truncates it under the server (which died with SIGBUS when the wal-index reader closed a
descriptor of that file and so dropped all of the process's locks on it)."""

from __future__ import annotations

import http.client
import json
import os
import threading
from pathlib import Path

from conftest import DEMO_ARCHIVE, Cli

from .test_serve import _start, free_port, get, wait_until_serving
from .test_serve import stop as stop_server

SQLITE_SHM_DMS_BYTE = 128  # SQLite's "dead man switch" lock: held (shared) by every process using the file


def shm_locks_held_by(pid: int, shm: Path) -> list[str]:
    """The POSIX locks `pid` holds on the file (from /proc/locks)."""
    inode = os.stat(shm).st_ino
    held = []
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiting request, not a lock held
            continue
        if len(fields) >= 8 and fields[1] == "POSIX" and fields[4] == str(pid) and fields[5].endswith(f":{inode}"):
            held.append(" ".join(fields[3:]))
    return held


def test_server_keeps_its_sqlite_locks_and_survives_other_processes(tmp_path):
    db = tmp_path / "unspool.db"
    cli = Cli(tmp_path / "data", f"sqlite:///{db}")
    cli("import", DEMO_ARCHIVE)
    thread_id = json.loads(cli("threads", "--json").stdout)[0]["id"]
    port, log = free_port(), tmp_path / "serve.log"
    proc = _start(cli, port, "uvicorn", log)  # one worker: the server is this very process
    origin = f"http://127.0.0.1:{port}"
    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    def load() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while not stop.is_set():
            try:
                conn.request("GET", f"/t/{thread_id}")
                response = conn.getresponse()
                response.read()
                served[0] += 1
                if response.status != 200:
                    failures.append(f"status {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                failures.append(repr(exc))
                return

    try:
        wait_until_serving(proc, origin, log)
        for _ in range(3):  # the page is cached: answered through the wal-index header from now on
            assert get(f"{origin}/t/{thread_id}")[0] == 200
        shm = Path(f"{db}-shm")
        held = shm_locks_held_by(proc.pid, shm)
        assert any(f" {SQLITE_SHM_DMS_BYTE} {SQLITE_SHM_DMS_BYTE}" in lock for lock in held), held

        loaders = [threading.Thread(target=load) for _ in range(4)]
        for loader in loaders:
            loader.start()
        for _ in range(4):  # other processes open, write and close the database during the load
            cli("import", DEMO_ARCHIVE)
            cli("threads")
            cli("takedown", thread_id)
            cli("takedown", thread_id, "--restore")
        stop.set()
        for loader in loaders:
            loader.join(30)
        assert proc.poll() is None, f"the server died (exit {proc.returncode}):\n{log.read_text()}"
        assert not [f for f in failures if not f.startswith("status 410")], failures[:5]
        assert served[0] > 100
        assert get(f"{origin}/t/{thread_id}")[0] == 200
        assert any(f" {SQLITE_SHM_DMS_BYTE} {SQLITE_SHM_DMS_BYTE}" in lock for lock in shm_locks_held_by(proc.pid, shm))
        assert "missed a commit" not in log.read_text()
    finally:
        stop.set()
        stop_server(proc)
