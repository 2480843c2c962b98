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
import urllib.parse
import urllib.request
from pathlib import Path

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
        wait_until_serving(proc, f"http://127.0.0.1:{port}", tmp_path / "serve.log")
        status, headers, body = get(url)
        assert status == 200 and b"<article" in body
        assert all(name.decode() in headers for name, _ in SECURITY_HEADERS)
        # Connections spread over both workers; each renders or serves from its own cache.
        answers = {(s, h["etag"], b) for s, h, b in (get(url) for _ in range(20))}
        assert answers == {(200, headers["etag"], body)}

        cli("takedown", thread_id)
        time.sleep(0.1)  # PostgreSQL: a commit reaches every worker's page cache within 100 ms
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


def wait_until_serving(proc: subprocess.Popen, origin: str, log_path) -> None:
    """Until `unspool serve` answers /healthz (failing with its log if it exits or takes a minute)."""
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, Path(log_path).read_text()
        try:
            get(f"{origin}/healthz")
            return
        except OSError:
            assert time.monotonic() < deadline, Path(log_path).read_text()
            time.sleep(0.1)


def _start(cli, port: int, server: str, log_path, workers: str = "1") -> subprocess.Popen:
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspool", "serve", "--port", str(port), "--workers", workers, "--server", server],
        env=cli.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    log.close()
    return proc


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass
    try:  # workers left behind
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=10) as response:
            return response.status, [(k.lower(), v) for k, v in response.headers.items()], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, [(k.lower(), v) for k, v in exc.headers.items()], exc.read()


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_each_server_answers_what_the_app_answers(server, db_url, tmp_path, monkeypatch):
    """`unspool serve` answers exactly what the ASGI app answers in process (the same status,
    headers and bytes), cached pages included (which uvicorn answers in its HTTP protocol), and
    passes request bodies through."""
    from fastapi.testclient import TestClient

    from unspool.config import Settings
    from unspool.web.app import create_app

    cli = Cli(tmp_path / "data", db_url)
    cli("import", DEMO_ARCHIVE)
    ids = [t["id"] for t in json.loads(cli("threads", "--json").stdout)]
    thread_id, other_id = ids[0], ids[1]
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    proc = _start(cli, port, server, tmp_path / "serve.log")
    try:
        wait_until_serving(proc, origin, tmp_path / "serve.log")

        for key, value in cli.env.items():
            if key.startswith("UNSPOOL_"):
                monkeypatch.setenv(key, value)
        with TestClient(create_app(Settings.from_env()), base_url=origin) as reference:
            unused = {"date", "server", "connection"}  # the servers add the first two, urllib asks for the last

            def same(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
                status, got_headers, got_body = request(origin + path, method, body, headers)
                expected = reference.request(method, path, content=body, headers=headers, follow_redirects=False)
                assert status == expected.status_code, (method, path, got_body[:300])
                assert got_body == (expected.content if method != "HEAD" else b""), (method, path)
                assert sorted(h for h in got_headers if h[0] not in unused) == sorted(
                    (k, v) for k, v in expected.headers.multi_items() if k not in unused
                ), (method, path)
                names = {k for k, _ in got_headers}
                assert all(name.decode() in names for name, _ in SECURITY_HEADERS), (method, path)
                return status, dict(got_headers), got_body

            page = f"/t/{thread_id}"
            for _ in range(3):  # rendered by the route, then served from the page cache
                status, headers, body = same("GET", page)
                assert status == 200 and b"<article" in body
            status, head_headers, _ = same("HEAD", page)
            assert status == 200 and head_headers["content-length"] == str(len(body))
            etag = headers["etag"]
            status, _, nothing = same("GET", page, headers={"If-None-Match": etag})
            assert status == 304 and nothing == b""
            assert same("GET", page, headers={"If-None-Match": '"other"'})[0] == 200
            for path in (f"{page}.md", f"{page}.txt", f"{page}.json", f"{page}.epub", f"{page}/print", f"{page}?x=1",
                         "/", "/api/v1/threads", f"/api/v1/threads/{thread_id}", "/api/v1/search?q=the", "/feed.atom",
                         "/sitemap.xml", "/robots.txt", "/static/unspool.css"):
                assert same("GET", path)[0] == 200, path
            health = json.loads(get(f"{origin}/healthz")[2])  # its cache figures are each process's own
            assert health["status"] == "ok" and health["cache"]["hits"] > 0
            assert same("HEAD", f"{page}.md")[0] == 200
            status, _, body = same("GET", "/t/nope")
            assert status == 404 and b"<html" in body.lower()
            status, headers, body = same("GET", "/api/v1/threads/nope")
            assert status == 404 and headers["content-type"] == "application/json"
            assert same("GET", f"{page}.exe")[0] == 404
            assert same("POST", page)[0] == 405

            # Bodies: JSON to the API, a form (with non-ASCII text) to the report route.
            post_url = json.loads(request(f"{origin}/api/v1/threads/{thread_id}")[2])["posts"][0]["url"]
            status, _, body = same("POST", "/api/v1/unroll", json.dumps({"url": post_url}).encode(),
                                   {"Content-Type": "application/json"})
            assert status == 200 and json.loads(body)["id"] == thread_id
            assert same("POST", "/api/v1/unroll", b'{"url": "hello"}', {"Content-Type": "application/json"})[0] == 400
            assert same("POST", "/api/v1/unroll", b"{", {"Content-Type": "application/json"})[0] == 422
        details = "Ça cloche : « données privées » " + "x" * 500
        form = urllib.parse.urlencode({"reason": "private-info", "details": details}).encode()
        status, headers, _ = request(f"{origin}/t/{other_id}/report", "POST", form,
                                     {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        assert status == 303 and dict(headers)["location"].endswith(f"/t/{other_id}/reported"), headers
        reports = json.loads(cli("reports", "--json").stdout)
        assert [(r["thread_id"], r["details"]) for r in reports] == [(other_id, details)]
        too_large = urllib.parse.urlencode({"reason": "spam", "details": "y" * 40_000}).encode()
        status, _, body = request(f"{origin}/t/{other_id}/report", "POST", too_large,
                                  {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        assert status == 413 and b"too large" in body
        assert request(f"{origin}/t/{other_id}/report", "POST", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403

        # A takedown by another process applies on the next request, cached page or not.
        assert request(f"{origin}{page}")[0] == 200
        cli("takedown", thread_id)
        status, headers, body = request(f"{origin}{page}")
        assert status == 410 and b"<html" in body.lower()
        assert all(name.decode() in dict(headers) for name, _ in SECURITY_HEADERS)
        status, headers, body = request(f"{origin}/api/v1/threads/{thread_id}")
        assert status == 410 and json.loads(body)["error"]["status"] == 410
    finally:
        stop(proc)
