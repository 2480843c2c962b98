#!/usr/bin/env python3
"""Soak: mixed traffic on `unspool serve` while other processes import and take threads down,
on SQLite and PostgreSQL (issue 9, item 7: 0 errors, server memory growth < 10% after warm-up).

    python benchmarks/bench_soak.py [--db sqlite,postgresql] [--duration 60] [--warmup 15]
                                    [--tweets 20000] [--postgres-url URL] [--json] [--check]

For each database it

1. imports the synthetic archive of benchmarks/make_archive.py (20,000 tweets) into a fresh
   SQLite file or PostgreSQL database and starts the real ``unspool serve --workers 2`` (with
   its default job workers, if it has any: the soak runs what production runs);
2. runs two wrk loads for ``--warmup`` + ``--duration`` seconds, each a Lua script cycling
   through fixed paths: the **main mix** (``-t2 -c16``) — thread pages (200 threads), home and
   its page 2, the author page, the Atom feed, search (distinct queries), ``/api/v1/threads``
   and threads' JSON — and the **moderated threads** (``-t1 -c4``), the pages and JSON of the
   threads the takedown loop hides and shows again, for which 410 is an expected answer;
3. after the warm-up, beside the traffic, from other processes: a loop of ``unspool import``
   of a small archive of the same account with new threads every round (so the lists, the feed,
   the author page and search really change), and a loop of ``unspool takedown`` /
   ``--restore`` over those threads (after each, the time until a fresh GET shows the change
   is noted: it reaches one worker of two, so it is a hint, not a bound);
4. samples the server's processes every second (summed PSS and RSS from /proc) and notes any
   process of the server that disappears (uvicorn restarts a worker that crashes, so the main
   process staying up is not enough); the server runs with ``PYTHONFAULTHANDLER=1``, so its log
   tells a crash (``Fatal Python error: Bus error`` and where) from a worker uvicorn's supervisor
   killed for not answering its health check.

Checks: no response outside 2xx/3xx (other than 410 for a moderated thread) and no socket error
(connect, read, write, timeout: wrk's timeout is 10 s); every import and takedown command
succeeded, at least one of each ran; no server process died; summed PSS at the end of the run
within 10% of its value after the warm-up. Prints PASS/FAIL lines and a Markdown table
(``--json``: the numbers as JSON); ``--check`` exits 1 when a check fails. About 1.5 minutes per
database with the defaults.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

import benchkit as kit
from benchkit import HOST, Server, fmt, log

DATABASES = ("sqlite", "postgresql")
DB_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MAX_GROWTH = 0.10
MODERATED = 6  # threads the takedown loop hides and shows again
TRAFFIC_THREADS = 200
# Shares of the main mix, per 100 requests.
MIX = {"thread": 36, "home": 8, "page2": 4, "author": 6, "feed": 4, "search": 16, "api_list": 10, "api_thread": 16}
WRK_TIMEOUT_S = 10
ROUND_THREADS = 3  # new threads per import round (3 posts each) plus two single posts


def api_next_page(base: str) -> str | None:
    """The path of the API list's second page, from its own "next" link (page numbers or cursors)."""
    status, _, body = kit.fetch(base + "/api/v1/threads", timeout=60)
    if status != 200:
        raise RuntimeError(f"GET /api/v1/threads answered {status}")
    data = json.loads(body)
    if not isinstance(data, dict):
        return None
    href = data.get("next") or (data.get("links") or {}).get("next")
    return kit.local_path(base + "/", href) if isinstance(href, str) else None


def traffic_paths(threads: list[dict], links: kit.Links, base: str, seed: int = 1) -> list[str]:
    """The main mix: 1,000 paths in a seeded order, search queries all distinct."""
    rng = random.Random(seed)
    api_page2 = api_next_page(base) or "/api/v1/threads"
    ids = [t["id"] for t in threads][:TRAFFIC_THREADS]
    queries = kit.search_queries(kit.search_words(threads), MIX["search"] * 10)
    page2 = kit.local_path(base + "/", links.next_href) if links.next_href else "/?page=2"
    author = kit.local_path(base + "/", links.author_href) if links.author_href else None
    feed = kit.local_path(base + "/", links.feed_href) if links.feed_href else "/feed.atom"
    kinds = {
        "thread": lambda n: f"/t/{ids[n % len(ids)]}",
        "home": lambda n: "/",
        "page2": lambda n: page2,
        "author": lambda n: author or "/",
        "feed": lambda n: feed,
        "search": lambda n: f"/search?{urlencode({'q': queries[n % len(queries)]})}",
        "api_list": lambda n: "/api/v1/threads" if n % 2 == 0 else api_page2,
        "api_thread": lambda n: f"/api/v1/threads/{ids[(n * 7) % len(ids)]}",
    }
    paths = [kinds[kind](n) for kind, share in MIX.items() for n in range(share * 10)]
    rng.shuffle(paths)
    return paths


def account_of(archive: Path) -> tuple[str, str, str]:
    """(account id, handle, display name) of an X archive's data/account.js."""
    text = (archive / "data" / "account.js").read_text("utf-8")
    account = json.loads(text[text.index("=") + 1:])[0]["account"]
    return account["accountId"], account["username"], account.get("accountDisplayName", account["username"])


def round_archive(folder: Path, account: tuple[str, str, str], number: int) -> Path:
    """A small archive of the benchmark's account with new threads: later than every other post,
    so each import changes home, the feed, the author page and search."""
    from unspool.synthetic import ArchiveBuilder

    account_id, handle, name = account
    builder = ArchiveBuilder(account_id=account_id, handle=handle, name=name)
    at = datetime(2030, 1, 1, tzinfo=timezone.utc) + timedelta(hours=number)
    topics = ("kites", "bread", "tide pools", "bicycle wheels", "houseplants", "woodworking")
    for t in range(ROUND_THREADS):
        parent = None
        for post in range(3):
            at += timedelta(minutes=1)
            topic = topics[(number + t) % len(topics)]
            parent = builder.tweet(f"Soak round {number}, thread {t}, post {post + 1}: notes on {topic}.", at=at,
                                   reply_to=parent, mention_self=False)
    for single in range(2):
        at += timedelta(minutes=1)
        builder.tweet(f"Soak round {number}: a single post number {single + 1}.", at=at)
    out = folder / f"round-{number}"
    builder.write(out)
    return out


class Writers:
    """The import and takedown loops, each a thread running CLI processes until stopped."""

    def __init__(self, env: dict[str, str], archive: Path, tmp: Path, moderated: list[str], base: str):
        self.env, self.tmp, self.moderated, self.base = env, tmp, moderated, base
        self.account = account_of(archive)
        self.stop = threading.Event()
        self.imports: list[dict] = []
        self.takedowns: list[dict] = []
        self.failures: list[str] = []
        self.taken_down: set[str] = set()
        self.t0 = time.monotonic()  # the Sampler's clock is set to the same start
        self.events: list[tuple[float, str]] = []  # (seconds, command) as each one started
        self.lags: dict[str, list[float | None]] = {"hidden": [], "shown": []}  # None: not within 3 s
        self._threads = [threading.Thread(target=self._guarded, args=(self._imports,), daemon=True),
                         threading.Thread(target=self._guarded, args=(self._takedowns,), daemon=True)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def finish(self, timeout: float = 120) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout)

    def _guarded(self, loop) -> None:
        try:
            loop()
        except Exception as exc:  # a loop that stops early is a failed soak, not a silent one
            self.failures.append(f"{loop.__name__.strip('_')} loop stopped: {type(exc).__name__}: {exc}")

    def _run(self, args: list[str]) -> tuple[bool, float]:
        t0 = time.perf_counter()
        label = " ".join(args[:2]) + (" --restore" if "--restore" in args else "")
        self.events.append((round(time.monotonic() - self.t0, 2), label))
        try:
            done = kit.unspool(args, self.env, timeout=120)
        except subprocess.TimeoutExpired:
            self.failures.append(f"unspool {' '.join(args)}: no answer in 120 s")
            return False, time.perf_counter() - t0
        seconds = time.perf_counter() - t0
        if done.returncode != 0:
            self.failures.append(f"unspool {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        return done.returncode == 0, seconds

    def _imports(self) -> None:
        folder = self.tmp / "rounds"
        folder.mkdir(exist_ok=True)
        number = 0
        while not self.stop.is_set():
            number += 1
            archive = round_archive(folder, self.account, number)
            ok, seconds = self._run(["import", str(archive), "--json"])
            self.imports.append({"round": number, "ok": ok, "seconds": round(seconds, 3)})
            shutil.rmtree(archive, ignore_errors=True)

    def _takedowns(self) -> None:
        n = 0
        while not self.stop.is_set():
            thread_id = self.moderated[n % len(self.moderated)]
            n += 1
            ok, seconds = self._run(["takedown", thread_id, "--reason", "soak"])
            self.takedowns.append({"thread": thread_id, "action": "takedown", "ok": ok, "seconds": round(seconds, 3)})
            if ok:
                self.taken_down.add(thread_id)
                self._lag(thread_id, 410, "hidden")
            if self.stop.wait(0.3):
                break
            ok, seconds = self._run(["takedown", thread_id, "--restore"])
            self.takedowns.append({"thread": thread_id, "action": "restore", "ok": ok, "seconds": round(seconds, 3)})
            if ok:
                self.taken_down.discard(thread_id)
                self._lag(thread_id, 200, "shown")

    def _lag(self, thread_id: str, status: int, kind: str) -> None:
        """Milliseconds until a fresh GET of the thread page answers `status` (at most 3 s)."""
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < 3:
            try:
                if kit.fetch(f"{self.base}/t/{thread_id}", timeout=5)[0] == status:
                    self.lags[kind].append((time.perf_counter() - t0) * 1000)
                    return
            except OSError:
                pass
            time.sleep(0.01)
        self.lags[kind].append(None)

    def restore_all(self) -> None:
        for thread_id in list(self.taken_down):
            kit.unspool(["takedown", thread_id, "--restore"], self.env, timeout=120)


class Sampler:
    """The server's memory every second, and every one of its processes that disappeared."""

    def __init__(self, server: Server):
        self.server = server
        self.samples: list[dict] = []
        self.seen: dict[int, str] = {}  # pid: command line
        self.lost: dict[int, str] = {}
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.t0 = time.monotonic()

    def start(self) -> None:
        self._thread.start()

    def sample(self) -> dict:
        memory = kit.tree_memory(self.server.proc.pid)
        memory["t"] = round(time.monotonic() - self.t0, 2)
        current = set(memory["pids"])
        for pid in self.seen.keys() - current - self.lost.keys():
            self.lost[pid] = f"{self.seen[pid]} (gone at {memory['t']:.1f} s)"
        for pid in current - self.seen.keys():
            try:
                self.seen[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200].strip()
            except OSError:
                self.seen[pid] = "?"
        self.samples.append(memory)
        return memory

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()

    def finish(self) -> None:
        self.stop.set()
        self._thread.join(5)


def run_database(db: str, url: str, archive: Path, tmp: Path, args: argparse.Namespace) -> dict:
    out: dict = {"database": db, "load_average_before": kit.load_average()}
    env = kit.child_env(UNSPOOL_DATA_DIR=str(tmp / "data"), UNSPOOL_DATABASE_URL=url)
    server = None
    writers = None
    try:
        log(f"[{db}] importing the archive ...")
        out["import"] = kit.import_archive(archive, env)
        threads = kit.list_threads(env)
        out["threads"] = len(threads)
        if len(threads) < MODERATED + 10:
            raise RuntimeError(f"only {len(threads)} threads imported")
        # Moderated threads from the middle of the list; the main mix reads the others.
        middle = len(threads) // 2
        moderated = [t["id"] for t in threads[middle:middle + MODERATED]]
        rest = threads[:middle] + threads[middle + MODERATED:]
        port = kit.free_port()
        base = f"http://{HOST}:{port}"
        cmd = [kit.PYTHON, "-m", "unspool", "serve", "--host", HOST, "--port", str(port), "--workers", str(args.workers)]
        out["command"] = f"unspool serve --workers {args.workers}"
        log(f"[{db}] starting {out['command']} ...")
        # faulthandler writes "Fatal Python error: Bus error" and the stacks to the log when a worker
        # crashes on a signal; a worker the supervisor kills (no answer to its health check) leaves none.
        server = Server(f"unspool serve ({db})", cmd, {**env, "PYTHONFAULTHANDLER": "1"}, tmp / "serve.log")
        server.wait_ready(base + "/healthz")
        links = kit.home_links(base)
        main_paths = traffic_paths(rest, links, base)
        moderated_paths = [p for t in moderated for p in (f"/t/{t}", f"/api/v1/threads/{t}")]
        scripts = tmp / "wrk"
        scripts.mkdir()
        main_script = kit.write_cycle_script(scripts / "main.lua", main_paths, 2, count_statuses=True)
        moderated_script = kit.write_cycle_script(scripts / "moderated.lua", moderated_paths, 1, count_statuses=True)
        out["mix"] = {"paths": len(main_paths), "shares": MIX, "moderated_threads": moderated,
                      "examples": sorted(set(main_paths))[:3]}

        total = args.warmup + args.duration
        sampler = Sampler(server)
        writers = Writers(env, archive, tmp, moderated, base)
        writers.t0 = sampler.t0
        log(f"[{db}] {args.warmup:g} s of warm-up traffic, then {args.duration:g} s with imports and takedowns beside it ...")
        with ThreadPoolExecutor(2) as pool:
            main = pool.submit(kit.run_wrk, base + "/", duration=total, threads=2, connections=args.connections,
                               script=main_script, timeout_s=WRK_TIMEOUT_S, cpu_pid=server.proc.pid)
            side = pool.submit(kit.run_wrk, base + "/", duration=total, threads=1, connections=4,
                               script=moderated_script, timeout_s=WRK_TIMEOUT_S)
            sampler.start()
            time.sleep(args.warmup)
            out["memory_after_warmup"] = sampler.sample()
            writers.start()
            time.sleep(max(args.duration - 1, 0))
            out["memory_at_end"] = sampler.sample()
            out["main"], out["moderated"] = main.result(), side.result()
        writers.finish()
        sampler.finish()
        out["samples"] = [{k: s[k] for k in ("t", "pss_kb", "rss_kb")} | {"processes": len(s["pids"])}
                          for s in sampler.samples]
        out["lost_processes"] = {str(pid): cmd for pid, cmd in sorted(sampler.lost.items())}
        out["server_exit"] = server.exit_description()
        out["server_log_tail"] = server.tail(3000) if (sampler.lost or out["server_exit"]) else None
        out["fatal_errors"] = fatal_errors(server.tail(1_000_000))
        out["writers"] = {"imports": writers.imports, "takedowns": writers.takedowns, "failures": writers.failures,
                          "started": writers.events,
                          "lag_ms": {k: v for k, v in writers.lags.items()}}
        if out["server_exit"] is None:
            writers.restore_all()
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        if writers is not None:
            writers.finish()
        if server is not None:
            server.stop()
    out["load_average_after"] = kit.load_average()
    out["checks"] = checks(out)
    return out


def fatal_errors(log_text: str) -> dict[str, int]:
    """Fatal Python errors (faulthandler: a crash on SIGBUS, SIGSEGV, ...) in the server's log, counted
    by what and where: the innermost frame of the thread that crashed."""
    counts: dict[str, int] = {}
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Fatal Python error:"):
            what = line.split(":", 1)[1].strip()
            crashed = next((j for j in range(i + 1, min(i + 400, len(lines))) if lines[j].startswith("Current thread")), None)
            frame = lines[crashed + 1].strip() if crashed is not None and crashed + 1 < len(lines) else ""
            frame = frame.replace(f"{kit.ROOT}/", "")
            key = f"{what} at {frame}" if frame.startswith("File") else what
            counts[key] = counts.get(key, 0) + 1
    return counts


def status_errors(result: dict, allowed: tuple[int, ...] = ()) -> dict[str, int]:
    """Statuses outside 2xx/3xx (and `allowed`) counted by the wrk script."""
    statuses = result.get("script", {}).get("statuses", {})
    return {s: n for s, n in statuses.items() if not (200 <= int(s) < 400 or int(s) in allowed)}


def checks(out: dict) -> list[dict]:
    if "error" in out:
        return [{"what": "the soak ran", "ok": False, "detail": out["error"][:400]}]
    result = []
    for key, allowed, label in (("main", (), "main mix"), ("moderated", (410,), "moderated threads (410 expected)")):
        run = out[key]
        if "error" in run:
            result.append({"what": f"{label}: wrk ran", "ok": False, "detail": run["error"][:300]})
            continue
        bad = status_errors(run, allowed)
        sockets = sum(run["socket_errors"].values())
        count = sum(bad.values()) + sockets
        result.append({"what": f"{label}: 0 errors", "value": count, "ok": count == 0,
                       "detail": "" if count == 0 else f"statuses {bad or '{}'}, socket errors {run['socket_errors']}"})
    writers = out["writers"]
    imports = sum(1 for i in writers["imports"] if i["ok"])
    takedowns = sum(1 for t in writers["takedowns"] if t["ok"])
    result.append({"what": "imports and takedowns all succeeded", "ok": not writers["failures"],
                   "detail": f"{len(writers['failures'])} failed: " + "; ".join(writers["failures"][:3]) if writers["failures"] else ""})
    result.append({"what": "at least one import and one takedown ran", "value": f"{imports} imports, {takedowns} takedowns",
                   "ok": imports > 0 and takedowns > 0})
    lost, fatal = out["lost_processes"], out.get("fatal_errors") or {}
    died = out["server_exit"] or (f"{len(lost)} server processes disappeared (pids {', '.join(lost)}; the first was "
                                  f"`{next(iter(lost.values()))[:120]}`)" if lost else None)
    if fatal:
        crashes = ", ".join(f"{n} x {what}" for what, n in fatal.items())
        died = (died + "; " if died else "") + f"fatal errors in the log: {crashes}"
    elif died and lost:
        died += "; no fatal error in the log: killed by uvicorn's supervisor (no answer to its 5 s health check) or SIGKILL"
    result.append({"what": "no server process died", "ok": died is None, "detail": died or ""})
    before, after = out["memory_after_warmup"]["pss_kb"], out["memory_at_end"]["pss_kb"]
    growth = (after - before) / before if before else None
    out["pss_growth"] = growth
    result.append({"what": f"PSS growth after warm-up < {MAX_GROWTH:.0%}", "value": growth,
                   "ok": growth is not None and growth < MAX_GROWTH,
                   "detail": f"{before / 1024:.0f} MB -> {after / 1024:.0f} MB"})
    return result


def print_report(results: dict) -> None:
    cfg = results["config"]
    print(f"Soak: {cfg['tweets']:,}-tweet synthetic archive; `unspool serve --workers {cfg['workers']}`; "
          f"{cfg['warmup']:g} s warm-up + {cfg['duration']:g} s of traffic (wrk -t2 -c{cfg['connections']} main mix, "
          f"-t1 -c4 moderated threads) with `unspool import` and `unspool takedown`/`--restore` loops beside it; "
          f"Python {results['python']}, {results['cpus']} CPUs, load average {results['load_average_before'][0]:.1f} before "
          f"and {results['load_average_after'][0]:.1f} after")
    print()
    print("| database | requests | requests/s | p50 ms | p99 ms | errors | imports | takedowns + restores "
          "| PSS after warm-up MB | PSS at end MB | growth | server died | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for db in results["databases"]:
        ok = all(c["ok"] for c in db["checks"])
        label = DB_LABELS[db["database"]]
        if "error" in db:
            print(f"| {label} | — | — | — | — | — | — | — | — | — | — | — | FAIL |")
            continue
        main, side = db["main"], db["moderated"]
        errors = sum(c["value"] for c in db["checks"] if c["what"].endswith("0 errors") and isinstance(c.get("value"), int))
        requests = (main.get("requests") or 0) + (side.get("requests") or 0)
        writers = db["writers"]
        died = next(c for c in db["checks"] if c["what"] == "no server process died")
        print(f"| {label} | {requests:,} | {fmt(main.get('requests_per_second'), ',.0f')} | {fmt(main.get('p50_ms'), '.2f')} "
              f"| {fmt(main.get('p99_ms'), '.2f')} | {errors:,} | {sum(i['ok'] for i in writers['imports'])} "
              f"| {sum(t['ok'] for t in writers['takedowns'])} | {db['memory_after_warmup']['pss_kb'] / 1024:.0f} "
              f"| {db['memory_at_end']['pss_kb'] / 1024:.0f} | {fmt(db.get('pss_growth'), '+.1%')} "
              f"| {'no' if died['ok'] else 'YES'} | {'PASS' if ok else 'FAIL'} |")
    print()
    for db in results["databases"]:
        label = DB_LABELS[db["database"]]
        for c in db["checks"]:
            value = c.get("value")
            shown = fmt(value, ".1%") if isinstance(value, float) else ("" if value is None else value)
            detail = f" ({c['detail']})" if c.get("detail") else ""
            print(f"- {label}: {c['what']}: {shown}{' ' if shown != '' else ''}{'PASS' if c['ok'] else 'FAIL'}{detail}")
        for key, what in (("main", "main mix"), ("moderated", "moderated threads")):
            statuses = db.get(key, {}).get("script", {}).get("statuses")
            if statuses:
                counts = ", ".join(f"{status}: {n:,}" for status, n in sorted(statuses.items()))
                print(f"- {label}: {what} statuses: {counts}")
        lags = db.get("writers", {}).get("lag_ms", {})
        for kind, values in lags.items():
            if values:
                finite = [v for v in values if v is not None]
                print(f"- {label}: a fresh GET showed the thread {kind} after a median "
                      f"{fmt(statistics.median(finite) if finite else None, '.0f')} ms, "
                      f"max {fmt(max(finite) if finite else None, '.0f')} ms"
                      + (f", {len(values) - len(finite)} times not within 3 s" if len(finite) < len(values) else ""))
        if db.get("server_log_tail") and not db.get("fatal_errors"):
            tail = " | ".join(line for line in db["server_log_tail"].splitlines()[-6:] if line.strip())
            print(f"- {label}: server log: {tail[:600]}")
    print(f"- overall: {'PASS' if results['passed'] else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=",".join(DATABASES), help="databases, comma-separated: sqlite,postgresql")
    parser.add_argument("--duration", type=float, default=60, help="seconds of traffic with the writers beside it")
    parser.add_argument("--warmup", type=float, default=15, help="seconds of traffic before (memory is compared to then)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections of the main mix")
    parser.add_argument("--workers", type=int, default=2, help="unspool serve --workers")
    parser.add_argument("--tweets", type=int, default=20_000, help="tweets in the synthetic archive")
    parser.add_argument("--postgres-url", help="an empty PostgreSQL database to use instead of a throwaway cluster")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a check fails")
    args = parser.parse_args(argv)
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    if not dbs or any(d not in DATABASES for d in dbs):
        parser.error(f"--db takes a comma-separated subset of {','.join(DATABASES)}")
    if not (2 <= args.duration <= 600 and 2 <= args.warmup <= 120 and 1 <= args.connections <= 256
            and 1 <= args.workers <= 16 and 1000 <= args.tweets <= 1_000_000):
        parser.error("--duration 2-600 s, --warmup 2-120 s, --connections 1-256, --workers 1-16, --tweets 1,000-1,000,000")
    if not shutil.which("wrk"):
        log("error: wrk is not installed (make bench installs it: scripts/install-bench-deps)")
        return 1
    sys.path.insert(0, str(kit.SRC))  # ArchiveBuilder for the import rounds
    log(f"about {len(dbs) * (args.warmup + args.duration + 30) / 60:.1f} min")
    results: dict = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average_before": kit.load_average(),
                     "config": {"tweets": args.tweets, "duration": args.duration, "warmup": args.warmup,
                                "connections": args.connections, "workers": args.workers, "databases": dbs},
                     "databases": []}
    with tempfile.TemporaryDirectory(prefix="unspool-bench-soak-") as tmp_name:
        tmp = Path(tmp_name)
        log(f"writing a {args.tweets:,}-tweet archive ...")
        archive = tmp / "archive"
        kit.build_archive(archive, args.tweets)
        for db in dbs:
            folder = tmp / db
            folder.mkdir()
            if db == "sqlite":
                results["databases"].append(run_database(db, f"sqlite:///{folder / 'data' / 'unspool.db'}", archive, folder, args))
            elif args.postgres_url:
                results["databases"].append(run_database(db, args.postgres_url, archive, folder, args))
            else:
                try:
                    with kit.Postgres() as pg:
                        results["databases"].append(run_database(db, pg.database(), archive, folder, args))
                except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                    error = {"database": db, "error": f"PostgreSQL: {exc}"}
                    results["databases"].append({**error, "checks": checks(error)})
    results["load_average_after"] = kit.load_average()
    results["passed"] = all(c["ok"] for db in results["databases"] for c in db["checks"])
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print_report(results)
    return 1 if (args.check and not results["passed"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
