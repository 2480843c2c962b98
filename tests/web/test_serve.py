"""`unspool serve --workers 2` with uvicorn and granian, on SQLite and PostgreSQL: every worker
process answers the same, and a takedown from another process applies in all of them at once."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import DEMO_ARCHIVE, Cli

from unspool.web.middleware import SECURITY_HEADERS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_serve_with_two_workers(server, db_url, tmp_path):
    cli = Cli(tmp_path / "data", db_url)
    cli("import", DEMO_ARCHIVE)
    thread_id = json.loads(cli("threads", "--json").stdout)[0]["id"]
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspool", "serve", "--port", str(port), "--workers", "2", "--server", server],
        env=cli.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/t/{thread_id}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                status, headers, body = get(url)
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        assert status == 200 and b"<article" in body
        assert all(name.decode() in headers for name, _ in SECURITY_HEADERS)
        # Connections spread over both workers; each renders or serves from its own cache.
        answers = {(s, h["etag"], b) for s, h, b in (get(url) for _ in range(20))}
        assert answers == {(200, headers["etag"], body)}

        cli("takedown", thread_id)
        assert {get(url)[0] for _ in range(20)} == {410}
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        try:  # workers left behind
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()


def test_serve_refuses_an_unknown_server(cli):
    result = cli("serve", "--server", "nginx", "--port", "1", check=False)
    assert result.returncode == 1 and result.stderr.decode().startswith("error: unknown server 'nginx'")
