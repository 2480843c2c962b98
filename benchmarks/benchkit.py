"""Shared parts of the serving benchmarks (bench_page.py, bench_pages.py, bench_soak.py).

Each benchmark runs the real thing as separate processes on loopback: `unspool serve` (the
command a reader's requests reach), `unspool import` / `takedown` beside it, wrk as the load,
nginx as the static-file limit and, for PostgreSQL, a throwaway cluster started the way
scripts/with-postgres does. What they share lives here so that each script only says what it
measures: starting and stopping process groups, reading their CPU and memory from /proc,
running wrk and reading its report, building the synthetic archive.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
HOST = "127.0.0.1"
PYTHON = sys.executable

# What SecurityHeaders adds to every response of the app (nginx sends the same, for parity).
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options",
                    "cross-origin-opener-policy", "permissions-policy")


NGINX_CONF = """\
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max={open_files} inactive=60s;
    open_file_cache_valid 60s;
    server_tokens off;
    client_body_temp_path {tmp}/client;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen {host}:{port};
        root {www};
{locations}
    }}
}}
"""


def nginx_conf(*, tmp: Path, port: int, www: Path, locations: str, workers: str = "auto", open_files: int = 64) -> str:
    """The nginx baseline's configuration: static files from `www`, tuned as a fast server would be."""
    return NGINX_CONF.format(workers=workers, tmp=tmp, host=HOST, port=port, www=www, locations=locations,
                             open_files=open_files)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child: this checkout's sources first, no UNSPOOL_* of the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-cased headers, body) of a GET; HTTP errors are answers, not exceptions."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class Server:
    """A server process in its own session, stopped with its whole process group."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str] | None, logfile: Path):
        self.name, self.cmd, self.logfile = name, cmd, logfile
        self._log = open(logfile, "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, url: str, timeout: float = 60.0) -> tuple[int, dict[str, str], bytes]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}): {self.tail()}")
            try:
                return fetch(url)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self, chars: int = 1500) -> str:
        self._log.flush()
        return self.logfile.read_text("utf-8", "replace")[-chars:]

    def exit_description(self) -> str | None:
        """None while running; otherwise how it ended (a signal by name: SIGBUS is a known crash)."""
        code = self.proc.poll()
        if code is None:
            return None
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit status {code}" + (f" ({signal.Signals(code - 128).name}?)" if 128 < code < 160 else "")

    def stop(self) -> None:
        try:
            pgid = os.getpgid(self.proc.pid)
        except ProcessLookupError:
            pgid = None
        if pgid is not None and self.proc.poll() is None:
            for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(pgid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if pgid is not None:  # workers a server left behind (same process group)
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self._log.close()


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    pids = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return pids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                for child in f.read().split():
                    pids += process_tree(int(child))
        except OSError:
            pass
    return pids


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def tree_memory(pid: int) -> dict:
    """Summed RSS and PSS (kB) of a process tree. PSS splits shared pages (the code the workers
    share with their parent, SQLite's mapped files) between the processes that map them, so the
    sum counts each page once; RSS counts them once per process."""
    rss = pss = 0
    pids = []
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            pids.append(p)
        except (OSError, ValueError, IndexError):
            pass
    return {"pids": pids, "rss_kb": rss, "pss_kb": pss}


# ---------------------------------------------------------------------------------------- wrk

_LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def run_wrk(url: str, *, duration: float, threads: int = 2, connections: int = 32, script: Path | None = None,
            timeout_s: int = 2, cpu_pid: int | None = None) -> dict:
    """One wrk run with --latency; requests/s, p50..p99 (ms), non-2xx/3xx and socket errors, the
    server's CPU per request when `cpu_pid` is given, and any JSON line a script's done() printed."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", f"--timeout={timeout_s}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    cmd.append(url)
    cpu_before = tree_cpu_seconds(cpu_pid) if cpu_pid else 0.0
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30, check=False)
    except subprocess.TimeoutExpired:
        return {"command": " ".join(cmd), "error": "wrk did not finish in time"}
    result: dict = {"command": " ".join(cmd)}
    if cpu_pid:
        result["server_cpu_seconds"] = tree_cpu_seconds(cpu_pid) - cpu_before
    text = out.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    if out.returncode != 0 or not rps:
        return {**result, "error": f"wrk failed ({out.returncode}): {(out.stderr or text)[-800:]}"}
    result["requests_per_second"] = float(rps.group(1))
    result["requests"] = int(total.group(1)) if total else None
    socket_errors = _SOCKET_ERRORS.search(text)
    result["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"), map(int, socket_errors.groups()))) \
        if socket_errors else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx_3xx"] = int(non2xx.group(1)) if non2xx else 0
    if not result["requests"]:  # wrk prints 0 latencies then: nothing was measured
        return {**result, "error": f"no response completed within {duration:g} s (wrk timeout {timeout_s} s; "
                                   f"socket errors {result['socket_errors']})"}
    if cpu_pid:
        result["server_cpu_us_per_request"] = result["server_cpu_seconds"] / result["requests"] * 1e6
    for pct, value, unit in _LATENCY.findall(text):
        result[f"p{pct}_ms"] = float(value) * _UNITS[unit]
    for line in text.splitlines():  # a script's report (bench_soak's status counts)
        if line.startswith("WRK-JSON "):
            result["script"] = json.loads(line[len("WRK-JSON "):])
    return result


def wrk_errors(result: dict) -> int:
    """Responses that were not 2xx/3xx plus connection errors of any kind (timeouts included)."""
    if "error" in result:
        return -1
    return result.get("non_2xx_3xx", 0) + sum(result.get("socket_errors", {}).values())


def lua_string(s: str) -> str:
    """A Lua string literal: safe ASCII as is, every other byte as a decimal escape."""
    safe = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/?=&%+-_.:~,")
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03d}" for b in s.encode()) + '"'


CYCLE_SCRIPT = """\
-- Cycles through fixed request paths; each wrk thread starts at its own point of the list.
local paths = {{
{paths}
}}
local n = #paths
local started = 0
function setup(thread)
  thread:set("first", started)
  started = started + 1
end
function init(args)
  i = math.floor((first or 0) * n / {threads})
end
function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end
"""

# Counting statuses in Lua: wrk itself only says how many were not 2xx/3xx, and a soak must tell
# an expected 410 (a taken-down thread) from any other.
COUNTING_SCRIPT = CYCLE_SCRIPT + """\
local threads = {{}}
local _setup = setup
function setup(thread)
  _setup(thread)
  table.insert(threads, thread)
end
statuses = {{}}
function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end
function done(summary, latency, requests)
  local total = {{}}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {{}}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  io.write("WRK-JSON {{\\"statuses\\": {{" .. table.concat(parts, ", ") .. "}}}}\\n")
end
"""


def write_cycle_script(path: Path, paths: Iterable[str], threads: int, count_statuses: bool = False) -> Path:
    body = ",\n".join(f"  {lua_string(p)}" for p in paths)
    path.write_text((COUNTING_SCRIPT if count_statuses else CYCLE_SCRIPT).format(paths=body, threads=threads))
    return path


# ------------------------------------------------------------------------------ unspool itself

class Links(HTMLParser):
    """The home page's links to the other pages measured: its next page, its feed, an author."""

    def __init__(self) -> None:
        super().__init__()
        self.next_href: str | None = None
        self.feed_href: str | None = None
        self.author_href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel, href = a.get("rel", "").split(), a.get("href", "")
        if not href:
            return
        if "next" in rel and self.next_href is None:
            self.next_href = href
        elif tag == "link" and "alternate" in rel and "atom" in a.get("type", "") and self.feed_href is None:
            self.feed_href = href
        elif tag == "a" and self.author_href is None:
            parts = urlsplit(href).path.split("/")
            if len(parts) == 4 and parts[1] == "a" and parts[3]:  # /a/{network}/{handle}
                self.author_href = href


def local_path(base: str, href: str) -> str:
    """An href of a page at `base` as the path + query wrk asks for."""
    parts = urlsplit(urljoin(base, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def home_links(base: str) -> Links:
    """The links of the home page at `base` (http://host:port)."""
    status, _, body = fetch(base + "/", timeout=60)
    if status != 200:
        raise RuntimeError(f"GET / answered {status}")
    links = Links()
    links.feed(body.decode("utf-8", "replace"))
    return links


def unspool(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m unspool ARGS` with this checkout's sources."""
    return subprocess.run([PYTHON, "-m", "unspool", *args], env=env, capture_output=True, text=True, timeout=timeout)


def serve_options(env: dict[str, str]) -> set[str]:
    """The long options `unspool serve --help` lists, so a benchmark uses one only when it exists."""
    out = unspool(["serve", "--help"], env, timeout=60)
    return set(re.findall(r"(--[a-z][a-z-]+)", out.stdout))


def build_archive(out: Path, tweets: int, seed: int = 1, parts: int = 1) -> float:
    """The synthetic X archive of benchmarks/make_archive.py (through its command line, which
    stays stable while its mix changes); returns the seconds it took."""
    t0 = time.perf_counter()
    cmd = [PYTHON, str(HERE / "make_archive.py"), "--tweets", str(tweets), "--parts", str(parts), "--seed", str(seed),
           "--quiet", str(out)]
    done = subprocess.run(cmd, env=child_env(), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"make_archive.py failed ({done.returncode}): {done.stderr[-800:]}")
    return time.perf_counter() - t0


def import_archive(archive: Path, env: dict[str, str]) -> dict:
    """`unspool import ARCHIVE --json` into the database `env` names; the report plus wall time."""
    t0 = time.perf_counter()
    done = unspool(["import", str(archive), "--json"], env, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"unspool import failed ({done.returncode}): {done.stderr[-800:]}")
    report = json.loads(done.stdout)
    report["wall_seconds"] = time.perf_counter() - t0
    return report


def list_threads(env: dict[str, str]) -> list[dict]:
    done = unspool(["threads", "--json"], env, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"unspool threads failed ({done.returncode}): {done.stderr[-800:]}")
    return json.loads(done.stdout)


def search_words(threads: list[dict]) -> list[str]:
    """Words of the stored threads' titles (letters only, 3 or more), most frequent first. Links are
    left out: SQLite's FTS5 finds the words inside a URL, PostgreSQL's parser keeps a URL whole."""
    counts: dict[str, int] = {}
    for thread in threads:
        title = re.sub(r"\S*://\S*|\S+\.(?:com|org|net)\S*", " ", thread.get("title", "").lower())
        for word in re.findall(r"[^\W\d_]{3,}", title):
            counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def search_queries(words: list[str], limit: int, seed: int = 1) -> list[str]:
    """Up to `limit` distinct queries: every word alone, then pairs of words in a seeded order."""
    import random

    queries = list(words[:limit])
    if len(queries) < limit:
        pairs = [f"{a} {b}" for i, a in enumerate(words[:300]) for b in words[i + 1:300]]
        random.Random(seed).shuffle(pairs)
        queries += pairs[: limit - len(queries)]
    return queries


# -------------------------------------------------------------------------------- PostgreSQL

class Postgres:
    """A throwaway PostgreSQL cluster on a loopback port, as scripts/with-postgres starts one
    (fsync off: nothing here must survive a crash). `database()` creates a fresh database."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0])
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres): "
                               "run scripts/install-system-deps, or give --postgres-url")
        self.bin = bins[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="unspool-bench-pg-"))
        self.port = free_port()
        self.as_pg: list[str] = []
        self._databases = 0
        if os.getuid() == 0:  # initdb refuses to run as root
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--home-dir", str(self.dir), "postgres"], check=True)
            shutil.chown(self.dir, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]

    def start(self) -> Postgres:
        data = self.dir / "data"
        subprocess.run([*self.as_pg, str(self.bin / "initdb"), "-D", str(data), "-U", "unspool", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
        options = (f"-c listen_addresses={HOST} -p {self.port} -k {self.dir} -c fsync=off -c full_page_writes=off "
                   "-c max_connections=200")
        subprocess.run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "log"), "-w",
                        "-o", options, "start"], check=True, capture_output=True, timeout=120)
        return self

    def database(self, name: str | None = None) -> str:
        self._databases += 1
        name = name or f"bench{self._databases}"
        subprocess.run([str(self.bin / "createdb"), "-h", HOST, "-p", str(self.port), "-U", "unspool", name],
                       check=True, capture_output=True, timeout=60)
        return f"postgresql+psycopg://unspool@{HOST}:{self.port}/{name}"

    def stop(self) -> None:
        subprocess.run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Postgres:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def fmt(x: float | None, spec: str) -> str:
    return "—" if x is None else format(x, spec)
