#!/usr/bin/env python3
"""Import benchmark: `unspool import` against a floor and against twitter-to-sqlite.

    python benchmarks/bench_import.py [--tweets 200000] [--parts 1,4] [--seed 1]
                                      [--skip-baseline] [--json] [--check]

In one run, for each archive shape (by default one ``tweets.js``, then four part files), it

1. generates (or reuses from the cache) a synthetic archive with make_archive.py;
2. times the floor: reading the tweets files, cutting the ``window.YTD... = ``
   prefix and ``msgspec.json.decode`` (untyped) of the rest, best of 3 with the
   cyclic GC disabled (also reported with it enabled, which is about 3x slower),
   inside one child process (its own timer, so interpreter start-up is not counted);
3. times ``python -m unspool import ARCHIVE --db sqlite:///TMP/x.db --json`` in a
   fresh child process with a fresh database and media folder (wall time), best of
   ``--import-runs`` (3), as the floor;
4. times ``twitter-to-sqlite import TMP/t2s.db COPY/data/tweet.js`` (0.22 only reads
   the pre-2020 file name, so it gets one merged ``data/tweet.js``), for the first shape
   only, unless ``--skip-baseline``.

Peak memory of each step is the larger of the child's own ``ru_maxrss`` and the sampled
sum of PSS over its process tree (``unspool import`` uses worker processes). It prints a
Markdown table and the checks: import/floor <= 3.0, twitter-to-sqlite/import >= 10 and
import peak memory <= 600 MB. ``--json`` prints the numbers as JSON instead; ``--check`` exits 1 when a check
fails or a step errs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import benchkit as kit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"

MAX_IMPORT_OVER_FLOOR = 3.0
MIN_BASELINE_OVER_IMPORT = 10.0
MAX_IMPORT_MEMORY_MB = 600

FLOOR_CODE = r"""
import gc, json, sys, time
import msgspec

def once(paths):
    count = 0
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        body = memoryview(data)[data.index(b"=") + 1:]
        count += len(msgspec.json.decode(body))
    return count

def best_of_3(paths):
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        count = once(paths)
        times.append(time.perf_counter() - t0)
    return min(times), times, count

paths = sys.argv[1:]
# The cyclic GC, triggered over and over by millions of new dicts, costs about 3x
# the decode itself: the floor is measured with it off, and also reported with it on.
gc_on = best_of_3(paths)
gc.disable()
gc_off = best_of_3(paths)
print(json.dumps({"seconds": gc_off[0], "runs": gc_off[1], "posts_read": gc_off[2],
                  "seconds_gc_on": gc_on[0], "runs_gc_on": gc_on[1]}))
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def generator_version() -> str:
    """Changes when the generator changes, so a stale cached archive is not reused."""
    h = hashlib.sha256()
    for path in (HERE / "make_archive.py", SRC / "unspool" / "synthetic" / "x_archive.py"):
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return env


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and all its descendants (worker processes
    included; PSS shares copy-on-write pages fairly instead of counting them per process)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, kit.tree_memory(self.pid)["pss_kb"])
            self.done.wait(self.interval)


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Run one child; return wall seconds, peak memory (MB), exit code and output."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
        memory = TreeMemory(proc.pid)
        memory.start()
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        memory.done.set()
        memory.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {
        "wall_seconds": wall,
        # The larger of: the biggest single process (ru_maxrss, exact) and the sampled sum
        # over the process tree (what parallel workers use together).
        "peak_rss_mb": max(usage.ru_maxrss, memory.peak_kb) / 1024,  # Linux reports kilobytes
        "returncode": proc.returncode,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": stderr[-4000:],
    }


def tweet_files(archive: Path) -> list[Path]:
    """The tweets files named in the manifest, in order."""
    text = (archive / "data" / "manifest.js").read_text("utf-8")
    manifest = json.loads(text[text.index("=") + 1 :])
    types = manifest["dataTypes"]
    kind = "tweets" if "tweets" in types else "tweet"
    return [archive / f["fileName"] for f in types[kind]["files"]]


def ensure_archive(args: argparse.Namespace, cache: Path) -> tuple[Path, float | None]:
    key = f"x-archive-n{args.tweets}-p{args.parts}-s{args.seed}-g{generator_version()}"
    archive = cache / key
    if (archive / "data" / "manifest.js").exists():
        log(f"reusing cached archive {archive}")
        return archive, None
    tmp = cache / (key + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    log(f"generating {args.tweets:,} tweets in {args.parts} part(s) -> {archive}")
    cmd = [sys.executable, str(HERE / "make_archive.py"), "--tweets", str(args.tweets), "--parts", str(args.parts),
           "--seed", str(args.seed), str(tmp)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=child_env())
    seconds = time.perf_counter() - t0
    tmp.rename(archive)
    return archive, seconds


def ensure_t2s_copy(archive: Path) -> Path:
    """A copy of the archive with every tweets part merged into one legacy data/tweet.js."""
    copy = archive.with_name(archive.name + "-t2s")
    target = copy / "data" / "tweet.js"
    if target.exists():
        return target
    tmp = copy.with_name(copy.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "data").mkdir(parents=True)
    with open(tmp / "data" / "tweet.js", "wb") as out:
        out.write(b"window.YTD.tweet.part0 = [")
        first = True
        for path in tweet_files(archive):
            data = path.read_bytes()
            body = data[data.index(b"=") + 1 :].strip()
            inner = body[1:-1].strip()  # drop the array's brackets
            if inner:
                out.write(b"\n  " if first else b",\n  ")
                out.write(inner)
                first = False
        out.write(b"\n]")
    shutil.rmtree(copy, ignore_errors=True)
    tmp.rename(copy)
    return target


def step_floor(archive: Path) -> dict:
    paths = [str(p) for p in tweet_files(archive)]
    for p in paths:  # warm the page cache so every step reads from memory
        Path(p).read_bytes()
    r = run_measured([sys.executable, "-c", FLOOR_CODE, *paths])
    if r["returncode"] != 0:
        return {"error": r["stderr"]}
    data = json.loads(r["stdout"])
    return {**data, "peak_rss_mb": r["peak_rss_mb"]}


def step_unspool(archive: Path, workdir: Path) -> dict:
    db = workdir / "x.db"
    cmd = [sys.executable, "-m", "unspool", "import", str(archive), "--db", f"sqlite:///{db}", "--json"]
    env = child_env()
    env["UNSPOOL_DATA_DIR"] = str(workdir)  # media land in the temporary folder, fresh each run
    env.pop("UNSPOOL_MEDIA_DIR", None)
    r = run_measured(cmd, env=env)
    result = {"command": " ".join(cmd), "seconds": r["wall_seconds"], "peak_rss_mb": r["peak_rss_mb"]}
    if r["returncode"] != 0:
        result["error"] = f"exit {r['returncode']}: {r['stderr'].strip()[-1500:]}"
        return result
    try:
        result["report"] = json.loads(r["stdout"])
    except ValueError:
        result["report"] = None
        result["stdout"] = r["stdout"][-1000:]
    return result


def step_unspool_runs(archive: Path, workdir: Path, runs: int) -> dict:
    """`unspool import` `runs` times, each into a fresh database and media folder: the fastest
    run's time (as the floor's best of 3) and the largest peak memory of any run."""
    every = []
    for number in range(runs):
        folder = workdir / f"import-{number}"
        folder.mkdir()
        every.append(step_unspool(archive, folder))
        if "error" in every[-1]:
            return every[-1]
    best = min(every, key=lambda r: r["seconds"])
    return {**best, "runs": [r["seconds"] for r in every], "peak_rss_mb": max(r["peak_rss_mb"] for r in every)}


def step_twitter_to_sqlite(archive: Path, workdir: Path) -> dict:
    exe = Path(sys.executable).with_name("twitter-to-sqlite")
    exe_path = str(exe) if exe.exists() else shutil.which("twitter-to-sqlite")
    if exe_path is None:
        return {"error": "twitter-to-sqlite is not installed (pip install twitter-to-sqlite==0.22)"}
    tweet_js = ensure_t2s_copy(archive)
    db = workdir / "t2s.db"
    cmd = [exe_path, "import", str(db), str(tweet_js)]
    r = run_measured(cmd)
    result = {"command": " ".join(cmd), "seconds": r["wall_seconds"], "peak_rss_mb": r["peak_rss_mb"]}
    if r["returncode"] != 0:
        result["error"] = f"exit {r['returncode']}: {r['stderr'].strip()[-1500:]}"
        return result
    with sqlite3.connect(db) as conn:
        result["rows"] = conn.execute("select count(*) from archive_tweet").fetchone()[0]
    return result


def fmt(x: float | None, spec: str) -> str:
    return "—" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tweets", type=int, default=200_000)
    parser.add_argument("--parts", default="1,4", help="the archive shapes: tweets files per archive, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-baseline", action="store_true", help="do not run twitter-to-sqlite")
    parser.add_argument("--skip-import", action="store_true", help="do not run unspool import")
    parser.add_argument("--import-runs", type=int, default=3, help="times `unspool import` runs; the fastest counts, as the floor's best of 3")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a check fails or a step errs")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("UNSPOOL_BENCH_CACHE", Path(tempfile.gettempdir()) / "unspool-bench")),
                        help="where generated archives are kept between runs (env UNSPOOL_BENCH_CACHE)")
    args = parser.parse_args(argv)
    shapes = [int(parts) for parts in str(args.parts).split(",")]
    code, every = 0, []
    for number, parts in enumerate(shapes):
        shape = argparse.Namespace(**{**vars(args), "parts": parts, "skip_baseline": args.skip_baseline or number > 0})
        shape_code, results = run_shape(shape)
        code = max(code, shape_code)
        every.append(results)
        if not args.json and number < len(shapes) - 1:
            print()
    if args.json:
        print(json.dumps(every if len(every) > 1 else every[0], indent=2))
    return code


def run_shape(args: argparse.Namespace) -> tuple[int, dict]:
    """One archive shape: its floor, `unspool import`, the baseline; prints the table."""
    load_before = os.getloadavg()[0]
    archive, gen_seconds = ensure_archive(args, args.cache_dir)
    size = sum(p.stat().st_size for p in tweet_files(archive))
    results: dict = {
        "tweets": args.tweets,
        "parts": args.parts,
        "seed": args.seed,
        "archive": str(archive),
        "tweets_bytes": size,
        "generate_seconds": gen_seconds,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }

    log("floor: msgspec.json.decode, best of 3 with GC on and off ...")
    results["floor"] = floor = step_floor(archive)
    with tempfile.TemporaryDirectory(prefix="unspool-bench-") as tmp:
        work = Path(tmp)
        if not args.skip_import:
            log("unspool import ...")
            results["unspool_import"] = step_unspool_runs(archive, work, args.import_runs)
        if not args.skip_baseline:
            log("twitter-to-sqlite import ...")
            results["twitter_to_sqlite"] = step_twitter_to_sqlite(archive, work)

    floor_s = floor.get("seconds")
    imp = results.get("unspool_import", {})
    base = results.get("twitter_to_sqlite", {})
    imp_s = imp.get("seconds") if "error" not in imp else None
    base_s = base.get("seconds") if "error" not in base else None
    checks = {}
    if floor_s and imp_s:
        ratio = imp_s / floor_s
        checks["import_over_floor"] = {"value": ratio, "limit": MAX_IMPORT_OVER_FLOOR, "ok": ratio <= MAX_IMPORT_OVER_FLOOR}
    if imp_s and base_s:
        ratio = base_s / imp_s
        checks["baseline_over_import"] = {"value": ratio, "limit": MIN_BASELINE_OVER_IMPORT,
                                          "ok": ratio >= MIN_BASELINE_OVER_IMPORT}
    if imp_s and imp.get("peak_rss_mb"):
        peak = imp["peak_rss_mb"]
        checks["import_peak_memory"] = {"value": peak, "limit": MAX_IMPORT_MEMORY_MB, "ok": peak <= MAX_IMPORT_MEMORY_MB}
    results["checks"] = checks
    results["load_average"] = {"before": load_before, "after": os.getloadavg()[0]}

    if not args.json:
        print(f"Archive: {args.tweets:,} tweets in {args.parts} part(s), {size / 1e6:.0f} MB of tweets JSON "
              f"(seed {args.seed}); Python {results['python']}, {results['cpus']} CPUs; "
              f"load average {load_before:.1f} before, {results['load_average']['after']:.1f} after")
        if gen_seconds is not None:
            print(f"Generated in {gen_seconds:.1f} s")
        print()
        print("| step | seconds | ratio to floor | peak memory MB |")
        print("| --- | ---: | ---: | ---: |")
        rows = [("floor: read + msgspec.json.decode (untyped), GC off, best of 3", floor)]
        if "seconds_gc_on" in floor:
            rows.append(("same with the cyclic GC on (for context)",
                         {"seconds": floor["seconds_gc_on"], "peak_rss_mb": floor.get("peak_rss_mb")}))
        if "unspool_import" in results:
            rows.append((f"`unspool import --db sqlite:///… --json`, best of {len(imp.get('runs', [1]))}", imp))
        if "twitter_to_sqlite" in results:
            rows.append(("`twitter-to-sqlite import` 0.22 (merged data/tweet.js)", base))
        for label, r in rows:
            if "error" in r:
                print(f"| {label} | error | — | — |")
                continue
            s = r.get("seconds")
            print(f"| {label} | {fmt(s, '.2f')} | {fmt(s / floor_s if s and floor_s else None, '.2f')} "
                  f"| {fmt(r.get('peak_rss_mb'), '.0f')} |")
        print()
        if "import_over_floor" in checks:
            c = checks["import_over_floor"]
            print(f"- import / floor = {c['value']:.2f} (<= {c['limit']}): {'PASS' if c['ok'] else 'FAIL'}")
        if "baseline_over_import" in checks:
            c = checks["baseline_over_import"]
            print(f"- twitter-to-sqlite / import = {c['value']:.1f} (>= {c['limit']}): {'PASS' if c['ok'] else 'FAIL'}")
        if "import_peak_memory" in checks:
            c = checks["import_peak_memory"]
            print(f"- import peak memory = {c['value']:.0f} MB (<= {c['limit']}): {'PASS' if c['ok'] else 'FAIL'}")
        for label, r in rows:
            if "error" in r:
                print(f"- {label}: {r['error']}")
        if imp.get("runs"):
            print(f"- unspool import runs: {', '.join(f'{run:.2f} s' for run in imp['runs'])}")
        if imp.get("report"):
            print(f"- unspool reported: {json.dumps(imp['report'])}")
        if "rows" in base:
            print(f"- twitter-to-sqlite stored {base['rows']:,} rows")

    failed = any("error" in results.get(k, {}) for k in ("floor", "unspool_import", "twitter_to_sqlite"))
    failed = failed or not all(c["ok"] for c in checks.values())
    return (1 if (args.check and failed) else 0), results


if __name__ == "__main__":
    raise SystemExit(main())
