"""Limits of a real `unspool serve` process, over real sockets: request bodies (a 100 MB chunked
body is refused early, without the server's memory growing), request heads (431, and the server
stays up), and whose `X-Forwarded-For` is believed (the report rate limit keys on it)."""

from __future__ import annotations

import json
import select
import socket
import subprocess
import sys
import urllib.parse
from contextlib import contextmanager

import pytest
from conftest import DEMO_ARCHIVE, Cli

from .test_serve import free_port, get, request, stop, wait_until_serving

MB = 1024 * 1024


@contextmanager
def serving(cli: Cli, log_path, *options: str):
    """`unspool serve` (one worker: the server is this very process) on a free port; its origin."""
    port = free_port()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "unspool", "serve", "--port", str(port), *options],
            env=cli.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, origin, log_path)
        yield proc, origin
        assert proc.poll() is None, log_path.read_text()  # still up, whatever the test sent
    finally:
        stop(proc)


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def read_response(sock: socket.socket, timeout: float = 10) -> tuple[int | None, bytes]:
    """(status, raw bytes) of what the server answered before closing or going quiet."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data or len(data) < data.index(b"\r\n\r\n") + 4 + _length(data):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, TimeoutError, socket.timeout):
        pass
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else None
    return status, data


def _length(data: bytes) -> int:
    head = data.partition(b"\r\n\r\n")[0].lower()
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def send_chunked(origin: str, path: str, total: int, content_type: bytes) -> tuple[int | None, bytes, int]:
    """POSTs `total` bytes as a chunked body, 64 KB at a time, stopping when the server answers
    or closes; (status, response, bytes of body sent)."""
    port = int(origin.rsplit(":", 1)[1])
    piece = b"[" + b"1," * (32 * 1024 - 1) + b"1"  # JSON-ish, 64 KB
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n"
                     b"Origin: %s\r\n\r\n" % (path.encode(), port, content_type, origin.encode()))
        sent = 0
        try:
            while sent < total:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # an answer (or the end of the connection) is waiting
                sock.sendall(chunk)
                sent += len(piece)
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        status, response = read_response(sock)
    return status, response, sent


def test_a_100_mb_chunked_body_is_refused_early_without_growing_the_server(db_url, tmp_path):
    cli = Cli(tmp_path / "data", db_url)
    cli("import", DEMO_ARCHIVE)
    thread_id = json.loads(cli("threads", "--json").stdout)[0]["id"]
    with serving(cli, tmp_path / "serve.log") as (proc, origin):
        # Warm up what the requests below touch, so that only the bodies could grow the process.
        for path, kind in (("/api/v1/unroll", b"application/json"), (f"/t/{thread_id}/report", b"application/x-www-form-urlencoded")):
            send_chunked(origin, path, 1 * MB, kind)
        before = rss_bytes(proc.pid)
        for path, kind in (("/api/v1/unroll", b"application/json"), (f"/t/{thread_id}/report", b"application/x-www-form-urlencoded")):
            status, response, sent = send_chunked(origin, path, 100 * MB, kind)
            assert status == 413, response[:300]
            assert sent < 10 * MB, sent  # refused early: the rest was never read
            assert b"connection: close" in response.lower()
            if kind == b"application/json":
                body = response.partition(b"\r\n\r\n")[2]
                assert json.loads(body) == {"error": {"status": 413, "message": "The request body is too large: at most 16 KB."}}
        growth = rss_bytes(proc.pid) - before
        assert growth < 8 * MB, growth

        # A declared length over the limit is refused before any of the body is sent.
        port = int(origin.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST /api/v1/unroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % (100 * MB))
            status, response = read_response(sock)
        assert status == 413 and b'"status":413' in response.replace(b" ", b"")
        assert get(f"{origin}/t/{thread_id}")[0] == 200


def raw_exchange(origin: str, payload: bytes) -> tuple[int | None, bytes]:
    port = int(origin.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_response(sock)


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_an_oversized_request_head_gets_431_and_the_server_stays_up(server, tmp_path):
    cli = Cli(tmp_path / "data", f"sqlite:///{tmp_path / 'unspool.db'}")
    with serving(cli, tmp_path / "serve.log", "--server", server) as (_proc, origin):
        host = origin.removeprefix("http://").encode()
        fine = b"GET /healthz HTTP/1.1\r\nHost: %s\r\nX-Filler: %s\r\nConnection: close\r\n\r\n" % (host, b"a" * 8000)
        assert raw_exchange(origin, fine)[0] == 200
        heads = [
            b"GET /healthz HTTP/1.1\r\nHost: %s\r\nX-Filler: %s\r\n\r\n" % (host, b"a" * 64 * 1024),  # one long header
            b"GET /healthz HTTP/1.1\r\nHost: %s\r\n%s\r\n" % (host, b"".join(b"X-H%d: %s\r\n" % (i, b"b" * 60) for i in range(1000))),
            b"GET /healthz?%s HTTP/1.1\r\nHost: %s\r\n\r\n" % (b"q" * 64 * 1024, host),  # a long URL
            b"GET /healthz HTTP/1.1\r\nHost: %s\r\nX-Filler: %s" % (host, b"c" * 4 * MB),  # never ends
        ]
        for index, head in enumerate(heads):
            status, response = raw_exchange(origin, head)
            assert status in (431, None), response[:200]  # 431, or the connection closed
            if server == "uvicorn" and index < 3:  # the last one may see a reset before the answer
                assert status == 431, response[:200]
        assert get(f"{origin}/healthz")[0] == 200


def report_from(origin: str, thread_id: str, forwarded_for: str) -> int:
    form = urllib.parse.urlencode({"reason": "spam"}).encode()
    return request(f"{origin}/t/{thread_id}/report", "POST", form, {
        "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin", "X-Forwarded-For": forwarded_for,
    })[0]


def test_forwarded_for_is_believed_only_from_listed_proxies(tmp_path):
    """The report limit (one report per thread per address and day) keys on the client address."""
    cli = Cli(tmp_path / "data", f"sqlite:///{tmp_path / 'unspool.db'}")
    cli("import", DEMO_ARCHIVE)
    first, second = [t["id"] for t in json.loads(cli("threads", "--json").stdout)][:2]
    with serving(cli, tmp_path / "serve.log") as (_proc, origin):  # the default: no proxy is trusted
        assert report_from(origin, first, "198.51.100.1") == 303
        assert report_from(origin, first, "198.51.100.2") == 429  # the same loopback client, whatever it claims
    with serving(cli, tmp_path / "serve2.log", "--forwarded-allow-ips", "127.0.0.1") as (_proc, origin):
        assert report_from(origin, second, "198.51.100.1") == 303
        assert report_from(origin, second, "198.51.100.1") == 429
        assert report_from(origin, second, "198.51.100.2") == 303  # another reader behind the proxy
    cli.env["UNSPOOL_FORWARDED_ALLOW_IPS"] = "10.0.0.0/8"  # a proxy elsewhere: loopback is not believed
    with serving(cli, tmp_path / "serve3.log") as (_proc, origin):
        assert report_from(origin, first, "198.51.100.3") == 429


def test_serve_refuses_a_bad_proxy_address(cli):
    result = cli("serve", "--forwarded-allow-ips", "10.0.0.1,proxy.example", "--port", "1", check=False)
    assert result.returncode == 1
    assert result.stderr.decode().startswith("error: forwarded-allow-ips: 'proxy.example' is not an IP address or network")


def test_worker_processes_get_every_setting(tmp_path):
    """`serve --workers 2` hands its settings to the workers through the environment
    (`Settings.to_env`), options included; no worker reads a setting of its own."""
    cli = Cli(tmp_path / "data", f"sqlite:///{tmp_path / 'unspool.db'}")
    cli("import", DEMO_ARCHIVE)
    token = "a-token-long-enough-for-the-api"
    cli.env.update(UNSPOOL_ADMIN_TOKEN=token, UNSPOOL_PUBLIC_URL="https://old.example")
    with serving(cli, tmp_path / "serve.log", "--workers", "2", "--public-url", "https://unspool.example") as (_proc, origin):
        for _ in range(6):  # connections spread over both workers
            status, _headers, body = request(f"{origin}/", headers={"Host": "anything.example"})
            assert status == 200 and b'<link rel="canonical" href="https://unspool.example/">' in body
            assert request(f"{origin}/api/v1/admin/reports", headers={"Authorization": f"Bearer {token}"})[0] == 200
