#!/usr/bin/env python3
"""Search latency with a synthetic X archive imported, on SQLite (FTS5) and PostgreSQL (tsvector).

    python benchmarks/bench_search.py                         # 20,000 tweets, SQLite only
    scripts/with-postgres python benchmarks/bench_search.py   # and PostgreSQL (the throwaway one)
    python benchmarks/bench_search.py --tweets 200000 --postgres postgresql+psycopg://u@host/db
    python benchmarks/bench_search.py --json | --check        # numbers as JSON; exit 1 over the floor

The archive comes from `make_archive.py` (the import benchmark's generator, run as it is, one
part file) and is imported by `unspool import` in its own process. Each query of the set (common words, rare words, two words, prefixes, junk; all distinct)
runs once, in-process, through `web.search.run_search` — the function the /search page and
the API call — so nothing answers from a result cache; a few other queries warm the
connection first. PostgreSQL gets a fresh database on the given server, dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_archive  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from unspool.config import Settings  # noqa: E402
from unspool.store import Store  # noqa: E402
from unspool.web.search import run_search  # noqa: E402
from unspool.web.site import Site  # noqa: E402

FLOOR_P99_MS = 50.0
WARM_UP = ("warmup", "zzzz", "bread", "kite sail", "tele*")


def query_set(count: int, seed: int) -> list[str]:
    """`count` distinct queries: a fifth each of common words, rare words (handles, hashtags,
    link words, words that match nothing), two common words, prefixes and three-word/junk."""
    rng = random.Random(seed)
    words = sorted(set(make_archive.WORDS))
    rare = [name for _, name in make_archive.people(random.Random(1))]  # the generator's own handles
    rare += [f"#{tag}" for tag in make_archive.HASHTAGS] + ["sourdough-country-loaf", "utm_source", "שלום", "مرحبا"]
    rare += [f"nothing{n}" for n in range(40)]
    kinds = [
        lambda: rng.choice(words),
        lambda: rng.choice(rare),
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: rng.choice([w for w in words if len(w) >= 4])[: rng.randint(3, 4)] + "*",
        lambda: rng.choice([f"{rng.choice(words)} {rng.choice(words)} {rng.choice(words)}",
                            f'"{rng.choice(words)} {rng.choice(words)}"', f"{rng.choice(words)} OR {rng.choice(words)}",
                            f"NEAR({rng.choice(words)}", f"-{rng.choice(words)}", "x" * rng.randint(150, 300)]),
    ]
    queries: list[str] = []
    seen = set(WARM_UP)
    while len(queries) < count:
        query = kinds[len(queries) % len(kinds)]()
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def measure(site: Site, queries: list[str]) -> dict:
    for query in WARM_UP:
        run_search(site, query, 1)
    timed, hits = [], 0
    for query in queries:
        start = time.perf_counter()
        found, _ = run_search(site, query, 1)
        timed.append(((time.perf_counter() - start) * 1000, query))
        hits += bool(found)
    times = sorted(ms for ms, _ in timed)
    return {
        "queries": len(times),
        "with_hits": hits,
        "p50_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "max_ms": times[-1],
        "slowest": [f"{ms:.1f} ms {query!r}" for ms, query in sorted(timed)[-3:]],
    }


def run(url: str, archive: Path, workdir: Path, queries: list[str], log) -> dict:
    # Imported by `unspool import` in its own process, as on a server: the one measuring holds
    # only what serving needs (an in-process import left a large heap for the collector).
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "UNSPOOL_DATA_DIR": str(workdir)}
    subprocess.run([sys.executable, "-m", "unspool", "import", str(archive), "--db", url, "--json"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    store = Store.open(url)
    try:
        threads = store.count_threads()
        log(f"  imported {threads:,} threads in {time.perf_counter() - start:.1f} s")
        if store.dialect == "postgresql":  # as autovacuum leaves a settled database: statistics, hint bits
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        site = Site(settings=Settings(data_dir=workdir, database_url=url, media_dir=workdir / "media"), store=store)
        return {"threads": threads, **measure(site, queries)}
    finally:
        store.close()


class ScratchPostgres:
    """A new database on the server of `url`, dropped on exit."""

    def __init__(self, url: str):
        self.admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
        self.name = f"unspool_bench_search_{int(time.time())}"
        self.url = make_url(url).set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.url

    def __exit__(self, *exc) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tweets", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=os.environ.get("UNSPOOL_TEST_POSTGRES_URL"),
                        help="a PostgreSQL server URL (default $UNSPOOL_TEST_POSTGRES_URL, as scripts/with-postgres sets)")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a p99 is over {FLOOR_P99_MS:.0f} ms")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    queries = query_set(args.queries, args.seed)
    load_before = os.getloadavg()[0]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="unspool-bench-search-") as tmp:
        workdir = Path(tmp)
        archive = workdir / "archive"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_archive.py"), str(archive), "--tweets", str(args.tweets),
                        "--parts", "1", "--seed", str(args.seed), "--media-files", "0", "--quiet"], check=True)
        log(f"archive of {args.tweets:,} tweets written")
        if not args.skip_sqlite:
            log("SQLite (FTS5)")
            results["sqlite"] = run(f"sqlite:///{workdir / 'bench.db'}", archive, workdir, queries, log)
        if args.postgres:
            log("PostgreSQL (tsvector + GIN)")
            with ScratchPostgres(args.postgres) as url:
                results["postgresql"] = run(url, archive, workdir, queries, log)

    load = "load average before/after: " + " / ".join(f"{a:.1f}" for a in (load_before, os.getloadavg()[0]))
    if args.json:
        print(json.dumps({"tweets": args.tweets, "results": results, "load": [load_before, os.getloadavg()[0]]}, indent=2))
    else:
        print("| database | tweets | threads | queries (with hits) | p50 ms | p99 ms | max ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, r in results.items():
            print(f"| {name} | {args.tweets:,} | {r['threads']:,} | {r['queries']} ({r['with_hits']}) "
                  f"| {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} |")
        print(f"\n{load} (1 minute)")
        for name, r in results.items():
            print(f"{name}: slowest {', '.join(r['slowest'])}")
    failed = [name for name, r in results.items() if r["p99_ms"] >= FLOOR_P99_MS]
    for name in failed:
        log(f"{name}: p99 {results[name]['p99_ms']:.1f} ms >= {FLOOR_P99_MS:.0f} ms: FAIL")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
