"""The slow-origin case of issue 9, with real processes: 40 live unrolls aimed at a Mastodon
server that answers after seconds with 503 + Retry-After must not freeze the site (home, the API,
search), every unroll request answers 202 within the wait, at most 2 fetches reach that host at
once, and one SIGTERM stops `unspool serve` (web and job workers) within 10 s."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import DEMO_ARCHIVE, Cli
from .test_serve import free_port, get, request, wait_until_serving

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sources"))
from loopback import InFlight, LoopbackServer, Reply  # noqa: E402

ORIGIN_DELAY = 5.0  # seconds before the overloaded origin answers
UNROLLS = 40
FIRST_STATUS = 113000000000000000


def overload(server: LoopbackServer) -> InFlight:
    """Every status lookup waits ORIGIN_DELAY, then 503 with Retry-After and Mastodon's JSON
    error body."""
    gauge = InFlight(ORIGIN_DELAY)
    busy = gauge.hold(lambda _: Reply(status=503, headers={"Retry-After": "10"}, json={"error": "Service Unavailable"}))
    for n in range(UNROLLS):
        server.route("GET", f"/api/v1/statuses/{FIRST_STATUS + n}", handler=busy)
    return gauge


def _timed(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, float, bytes, dict]:
    started = time.monotonic()
    headers = {"Content-Type": "application/json"} if body else {}
    status, got_headers, got_body = request(url, method, body, headers)
    return status, time.monotonic() - started, got_body, dict(got_headers)


def test_slow_origin_does_not_starve_the_site(db_url, tmp_path):
    with LoopbackServer() as origin:
        overloaded = overload(origin)
        cli = Cli(tmp_path / "data", db_url)
        cli.env["UNSPOOL_ALLOW_HOSTS"] = origin.netloc
        cli("import", DEMO_ARCHIVE)
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        log_path = tmp_path / "serve.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "unspool", "serve", "--port", str(port)],
                env=cli.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        try:
            wait_until_serving(proc, site, log_path)

            probes: list[tuple[str, int, float]] = []
            stop_probing = threading.Event()

            def probe() -> None:
                while not stop_probing.is_set():
                    for path in ("/", "/api/v1/threads", "/search?q=tide"):
                        status, seconds, _, _ = _timed(site + path)
                        probes.append((path, status, seconds))
                    stop_probing.wait(0.1)

            prober = threading.Thread(target=probe)
            prober.start()
            try:
                def unroll(n: int):
                    body = json.dumps({"url": f"{origin.origin}/@fern/{FIRST_STATUS + n}"}).encode()
                    return _timed(f"{site}/api/v1/unroll", "POST", body)

                with ThreadPoolExecutor(UNROLLS) as pool:
                    answers = list(pool.map(unroll, range(UNROLLS)))
                time.sleep(ORIGIN_DELAY)  # while the job worker is held by the slow origin
            finally:
                stop_probing.set()
                prober.join()

            assert [status for status, *_ in answers] == [202] * UNROLLS, [a[2][:200] for a in answers if a[0] != 202]
            assert max(seconds for _, seconds, _, _ in answers) < 4.5
            for status, _, body, headers in answers:
                job = json.loads(body)
                assert job["status"] in ("queued", "running") and headers["location"] == job["status_url"] == f"/api/v1/unroll/{job['job']}"
            assert len(probes) >= 30 and {status for _, status, _ in probes} == {200}
            slowest = max(probes, key=lambda p: p[2])
            assert slowest[2] < 1.0, slowest
            assert 1 <= overloaded.most <= 2  # the per-host limit, across the job worker's threads
            health = json.loads(get(f"{site}/healthz")[2])
            assert health["status"] == "ok" and health["jobs"]["queued"] + health["jobs"]["running"] == UNROLLS
            assert health["jobs"]["oldest_queued_age_seconds"] > 0

            stopping = time.monotonic()
            proc.send_signal(signal.SIGTERM)  # one signal, to `serve` only
            proc.wait(10)
            assert time.monotonic() - stopping < 10, log_path.read_text()
            deadline = time.monotonic() + 2
            while _group_alive(proc.pid):  # the job worker went with it
                assert time.monotonic() < deadline, "a child of `unspool serve` outlived it"
                time.sleep(0.05)
        finally:
            _kill_group(proc)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # Zombies count until reaped; only the test reaps `serve` itself.
    return any(
        _state(pid) not in ("Z", None) for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if _pgid(pid) == pgid
    )


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


@pytest.mark.parametrize("how", ["sigterm-to-serve", "ctrl-c-to-the-group"])
def test_one_signal_stops_serve_with_requests_and_fetches_in_flight(how, tmp_path):
    """Two web workers and a job worker, unroll requests waiting and fetches held by the slow
    origin: one SIGTERM to `serve` (or Ctrl-C, which reaches the whole group) stops all of it."""
    with LoopbackServer() as origin:
        overloaded = overload(origin)
        cli = Cli(tmp_path / "data")
        cli.env["UNSPOOL_ALLOW_HOSTS"] = origin.netloc
        port = free_port()
        site = f"http://127.0.0.1:{port}"
        log_path = tmp_path / "serve.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "unspool", "serve", "--port", str(port), "--workers", "2"],
                env=cli.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )
        try:
            wait_until_serving(proc, site, log_path)

            def unroll(n: int):
                body = json.dumps({"url": f"{origin.origin}/@fern/{FIRST_STATUS + n}"}).encode()
                try:
                    return _timed(f"{site}/api/v1/unroll", "POST", body)[0]
                except OSError:
                    return None  # the server went away mid-request: allowed, it is stopping

            with ThreadPoolExecutor(8) as pool:
                pending = [pool.submit(unroll, n) for n in range(8)]
                deadline = time.monotonic() + 20
                while overloaded.now < 2:  # fetches held by the origin
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.05)
                stopping = time.monotonic()
                if how == "sigterm-to-serve":
                    proc.send_signal(signal.SIGTERM)
                else:
                    os.killpg(proc.pid, signal.SIGINT)
                proc.wait(10)
                stopped = time.monotonic() - stopping
                while _group_alive(proc.pid):
                    assert time.monotonic() - stopping < 10, "a child of `unspool serve` outlived it"
                    time.sleep(0.05)
                assert {future.result() for future in pending} <= {202, None}
            assert stopped < 10, log_path.read_text()
        finally:
            _kill_group(proc)
