#!/usr/bin/env python3
"""Page benchmark: every public page type of `unspool serve`, on SQLite and PostgreSQL, against
nginx serving the same bytes as static files (issue 9's speed floors).

    python benchmarks/bench_pages.py [--db sqlite,postgresql] [--pages thread,home,page2,author,feed,search]
                                     [--duration 10] [--warmup 2] [--rounds 2] [--tweets 20000]
                                     [--postgres-url URL] [--json] [--check]

In one run it

1. writes a synthetic 20,000-tweet X archive with benchmarks/make_archive.py (one part file);
2. for each database: imports it into a fresh SQLite file or PostgreSQL database (a throwaway
   cluster started like scripts/with-postgres, or ``--postgres-url``), starts the real
   ``unspool serve --workers 2`` (``--job-workers 0`` too when the command has that option) on a
   loopback port and finds the pages: a thread of about 10 posts, home ``/``, home's next page
   (the ``rel="next"`` link, whatever form pagination takes), the first author page home links
   to, the Atom feed home announces, and search;
3. fetches each page once and serves those bytes, with the same content type and security
   headers, from nginx (one location per page, sendfile, open-file cache, no access log);
4. measures each page with ``wrk -t2 -c32 -d10s --latency`` after a warm-up (which fills every
   worker's caches), app and nginx in turns, ``--rounds`` times; each keeps its best round.
   Search cycles through distinct queries (single words and pairs of words from the stored
   threads' titles, a fresh slice for every round) with a wrk Lua script, so its p99 is over
   thousands of distinct queries, not one cached page;
5. checks the floors: thread page >= 0.5x nginx with p99 < 10 ms; home, page 2, author and
   feed >= 0.3x nginx with p99 < 20 ms; search p99 < 50 ms; and for every page no response
   that is not 2xx/3xx, no socket error (timeouts included), and a server that never died.

Prints a Markdown table (``--json``: the numbers as JSON); ``--check`` exits 1 when a floor
fails or a step errs. Needs ``wrk`` and ``nginx`` (``make bench`` installs them) and, for
PostgreSQL without ``--postgres-url``, the PostgreSQL server binaries. Loopback only; every
process it starts is stopped (its whole process group) at the end. With the defaults it takes
about 10 minutes; ``--db sqlite --pages thread,home --duration 3 --rounds 1`` takes under one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import benchkit as kit
from benchkit import HOST, SECURITY_HEADERS, Server, fmt, log

PAGES = ("thread", "home", "page2", "author", "feed", "search")
DATABASES = ("sqlite", "postgresql")
# Issue 9's floors: (minimum app / nginx requests per second, or None; p99 below this, ms).
FLOORS = {
    "thread": (0.5, 10.0),
    "home": (0.3, 20.0),
    "page2": (0.3, 20.0),
    "author": (0.3, 20.0),
    "feed": (0.3, 20.0),
    "search": (None, 50.0),
}
LABELS = {"thread": "thread page", "home": "home", "page2": "home, page 2", "author": "author page",
          "feed": "Atom feed", "search": "search"}
DB_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MIN_SEARCH_QUERIES = 100
SEARCH_WARMUP_QUERIES = 200
THREAD_POSTS = 10  # the thread page measured: the one nearest this many posts

NGINX_LOCATION = """\
        location = /{name} {{
            default_type "{content_type}";
            try_files /{name}.body =404;
{headers}
        }}
"""


def pick_thread(threads: list[dict]) -> dict:
    """The thread nearest THREAD_POSTS posts; among equals the one nearest the middle of the list."""
    middle = (len(threads) - 1) / 2
    best = min(range(len(threads)), key=lambda i: (abs(threads[i].get("post_count", 0) - THREAD_POSTS), abs(i - middle)))
    return threads[best]


def discover(base: str, threads: list[dict], wanted: list[str]) -> dict[str, str]:
    """Path of every page to measure (search excepted), from the home page's own links."""
    links = kit.home_links(base)
    paths = {"thread": f"/t/{pick_thread(threads)['id']}", "home": "/"}
    if "page2" in wanted:
        if not links.next_href:
            raise RuntimeError('the home page has no rel="next" link (fewer than two pages of threads?)')
        paths["page2"] = kit.local_path(base + "/", links.next_href)
    if "author" in wanted:
        if not links.author_href:
            raise RuntimeError("the home page links to no author page (/a/NETWORK/HANDLE)")
        paths["author"] = kit.local_path(base + "/", links.author_href)
    paths["feed"] = kit.local_path(base + "/", links.feed_href) if links.feed_href else "/feed.atom"
    return {name: path for name, path in paths.items() if name in wanted}


def start_nginx(pages: dict[str, tuple[bytes, dict[str, str]]], tmp: Path) -> tuple[Server, str]:
    """nginx serving each page's bytes at /{name} with the app's content type and security headers."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx, or make bench)")
    www = tmp / "www"
    www.mkdir(parents=True, exist_ok=True)
    locations = []
    for name, (body, headers) in pages.items():
        (www / f"{name}.body").write_bytes(body)
        (www / f"{name}.body").chmod(0o644)
        lines = "\n".join(f'            add_header {h} "{headers[h]}" always;' for h in SECURITY_HEADERS if h in headers)
        content_type = headers.get("content-type", "application/octet-stream").replace('"', "")
        locations.append(NGINX_LOCATION.format(name=name, content_type=content_type, headers=lines))
    # nginx's workers drop root for an unprivileged user: let them through the private folders.
    for folder in (tmp, www):
        folder.chmod(0o755)
    port = kit.free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(kit.nginx_conf(tmp=tmp, port=port, www=www, locations="".join(locations)))
    server = Server("nginx", [nginx, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "nginx-error.log")], None,
                    tmp / "nginx.log")
    base = f"http://{HOST}:{port}"
    try:
        server.wait_ready(f"{base}/{next(iter(pages))}", timeout=20)
        for name, (body, _) in pages.items():
            status, _, served = kit.fetch(f"{base}/{name}")
            if status != 200 or served != body:
                raise RuntimeError(f"nginx answered {status} with {len(served)} bytes for {name}")
    except BaseException:
        server.stop()
        raise
    return server, base


def measure_page(url: str, args: argparse.Namespace, pid: int, warmup: float, script: Path | None = None,
                 warm_script: Path | None = None) -> dict:
    if warmup > 0:
        kit.run_wrk(url, duration=warmup, threads=args.threads, connections=args.connections,
                    script=warm_script or script)
    return kit.run_wrk(url, duration=args.duration, threads=args.threads, connections=args.connections, script=script,
                       cpu_pid=pid)


def best_round(rounds: list[dict]) -> dict:
    """The round with the most requests/s among those without a failed wrk (first error kept)."""
    good = [r for r in rounds if "error" not in r]
    if not good:
        return {"error": rounds[-1].get("error", "no round ran") if rounds else "no round ran"}
    best = dict(max(good, key=lambda r: r["requests_per_second"]))
    best["rounds_requests_per_second"] = [r.get("requests_per_second") for r in rounds]
    best["errors"] = sum(max(kit.wrk_errors(r), 0) for r in rounds)  # over every round, not just the best
    best["failed_rounds"] = [r["error"] for r in rounds if "error" in r]
    return best


def run_database(db: str, url: str, archive: Path, tmp: Path, args: argparse.Namespace, wanted: list[str]) -> dict:
    """Import, serve, find the pages, measure them against nginx: the record of one database."""
    out: dict = {"database": db, "load_average_before": kit.load_average()}
    data = tmp / "data"
    env = kit.child_env(UNSPOOL_DATA_DIR=str(data), UNSPOOL_DATABASE_URL=url)
    measured: dict[str, list[dict]] = {name: [] for name in wanted}
    baseline: dict[str, list[dict]] = {name: [] for name in wanted if name != "search"}
    servers: list[Server] = []
    scripts: dict = {}
    try:
        log(f"[{db}] importing the archive ...")
        out["import"] = kit.import_archive(archive, env)
        threads = kit.list_threads(env)
        out["threads"] = len(threads)
        port = kit.free_port()
        cmd = [kit.PYTHON, "-m", "unspool", "serve", "--host", HOST, "--port", str(port), "--workers", str(args.workers)]
        if "--job-workers" in kit.serve_options(env):
            cmd += ["--job-workers", "0"]
        out["command"] = "unspool serve " + " ".join(cmd[8:])  # without --host and --port
        log(f"[{db}] starting {out['command']} ...")
        app = Server(f"unspool serve ({db})", cmd, env, tmp / "serve.log")
        servers.append(app)
        base = f"http://{HOST}:{port}"
        app.wait_ready(base + "/healthz")
        paths = discover(base, threads, wanted)
        pages: dict[str, tuple[bytes, dict[str, str]]] = {}
        out["pages"] = {}
        for name, path in paths.items():
            status, headers, body = kit.fetch(base + path, timeout=60)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
            pages[name] = (body, headers)
            out["pages"][name] = {"path": path, "bytes": len(body), "content_type": headers.get("content-type")}
        nginx_base = None
        if pages:
            nginx, nginx_base = start_nginx(pages, tmp / "nginx")
            servers.append(nginx)
        scripts = search_scripts(threads, tmp, args) if "search" in wanted else {}
        if scripts:
            out["pages"]["search"] = {"path": "/search?q=…", "distinct_queries_per_round": scripts["per_round"],
                                      "example": scripts["example"],
                                      "warmup_queries_with_results": queries_with_results(base, scripts["warm"][::10])}
        for number in range(args.rounds):
            for name in wanted:
                if app.exit_description():
                    raise RuntimeError(f"the server died ({app.exit_description()}): {app.tail()}")
                log(f"[{db}] round {number + 1}/{args.rounds}: {name} ...")
                if name == "search":
                    measured[name].append(measure_page(base + "/search", args, app.proc.pid, args.warmup,
                                                       scripts["rounds"][number], scripts["warmup"]))
                    continue
                measured[name].append(measure_page(base + paths[name], args, app.proc.pid, args.warmup))
                baseline[name].append(measure_page(f"{nginx_base}/{name}", args, servers[1].proc.pid,
                                                   min(args.warmup, 1)))
        if app.exit_description():
            raise RuntimeError(f"the server died ({app.exit_description()}): {app.tail()}")
    except (RuntimeError, OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        for server in servers:
            server.stop()
    out["load_average_after"] = kit.load_average()
    out["results"] = {}
    for name in wanted:
        app_best = best_round(measured[name]) if measured[name] else {"error": "not measured"}
        record = {"app": app_best}
        if name in baseline:
            record["nginx"] = best_round(baseline[name]) if baseline[name] else {"error": "not measured"}
        record["checks"] = checks(name, record, scripts.get("per_round") if name == "search" else None)
        if "error" in out:  # a failed step (a server that died) fails every page of its database
            record["checks"].append({"what": "every step ran", "ok": False, "detail": "see the error below"})
        out["results"][name] = record
    return out


def search_scripts(threads: list[dict], tmp: Path, args: argparse.Namespace) -> dict:
    """wrk scripts cycling through distinct search queries: one for the warm-up, one per round,
    none sharing a query, so no measured search can be a repeat of an earlier one."""
    words = kit.search_words(threads)
    queries = kit.search_queries(words, SEARCH_WARMUP_QUERIES + args.rounds * args.search_queries)
    random.Random(1).shuffle(queries)  # the same mix of single words and pairs in every slice
    warm, rest = queries[:SEARCH_WARMUP_QUERIES], queries[SEARCH_WARMUP_QUERIES:]
    per_round = len(rest) // args.rounds
    if per_round < MIN_SEARCH_QUERIES:
        raise RuntimeError(f"only {per_round} distinct search queries per round from the stored titles "
                           f"(at least {MIN_SEARCH_QUERIES} needed)")
    paths = [f"/search?{urlencode({'q': q})}" for q in rest]
    folder = tmp / "wrk"
    folder.mkdir(exist_ok=True)
    return {
        "warm": warm,
        "per_round": per_round,
        "example": paths[0],
        "warmup": kit.write_cycle_script(folder / "search-warmup.lua", [f"/search?{urlencode({'q': q})}" for q in warm],
                                         args.threads),
        "rounds": [kit.write_cycle_script(folder / f"search-{n}.lua", paths[n * per_round:(n + 1) * per_round],
                                          args.threads) for n in range(args.rounds)],
    }


def queries_with_results(base: str, queries: list[str]) -> str | None:
    """How many of these queries find something, asked through the JSON API (not the page measured,
    so nothing measured is cached by it): a search benchmark of empty results would flatter."""
    try:
        found = 0
        for q in queries:
            status, _, body = kit.fetch(f"{base}/api/v1/search?{urlencode({'q': q})}", timeout=30)
            found += status == 200 and bool(json.loads(body).get("items"))
        return f"{found}/{len(queries)}"
    except (OSError, ValueError, AttributeError):
        return None


def checks(name: str, record: dict, distinct_queries: int | None) -> list[dict]:
    """The floor of one page: ratio to nginx, p99, no errors (and for search, enough distinct queries)."""
    min_ratio, max_p99 = FLOORS[name]
    app = record["app"]
    if "error" in app:
        return [{"what": "measured", "ok": False, "detail": app["error"][:300]}]
    out = []
    if min_ratio is not None:
        nginx = record.get("nginx", {})
        ratio = app["requests_per_second"] / nginx["requests_per_second"] if nginx.get("requests_per_second") else None
        record["ratio_to_nginx"] = ratio
        out.append({"what": f"app / nginx >= {min_ratio}", "value": ratio, "ok": ratio is not None and ratio >= min_ratio})
    p99 = app.get("p99_ms")
    out.append({"what": f"p99 < {max_p99:g} ms", "value": p99, "ok": p99 is not None and p99 < max_p99})
    out.append({"what": "no error responses or socket errors", "value": app["errors"], "ok": app["errors"] == 0,
                "detail": f"{app['errors']}: not 2xx/3xx {app.get('non_2xx_3xx')}, socket {app.get('socket_errors')} "
                          "(in the best round; the count is over all rounds)"})
    if app["failed_rounds"]:
        out.append({"what": "every round measured", "ok": False, "detail": app["failed_rounds"][0][:300]})
    if distinct_queries is not None:
        app["distinct_queries"] = distinct_queries
        app["queries_repeated"] = bool(app.get("requests") and app["requests"] > distinct_queries)
        out.append({"what": f">= {MIN_SEARCH_QUERIES} distinct queries", "value": distinct_queries,
                    "ok": distinct_queries >= MIN_SEARCH_QUERIES})
    return out


def rate(rps: float | None) -> str:
    return fmt(rps, ",.0f" if rps is None or rps >= 100 else ".1f")


def floor_text(name: str) -> str:
    min_ratio, max_p99 = FLOORS[name]
    return (f">= {min_ratio}x nginx, " if min_ratio else "") + f"p99 < {max_p99:g} ms"


def print_report(results: dict) -> None:
    cfg = results["config"]
    print(f"{cfg['tweets']:,}-tweet synthetic archive (benchmarks/make_archive.py); `{cfg['serve']}`; "
          f"wrk -t{cfg['threads']} -c{cfg['connections']} -d{cfg['duration']}s --latency after {cfg['warmup']} s of "
          f"warm-up, best of {cfg['rounds']} round(s), app and nginx in turns; Python {results['python']}, "
          f"{results['cpus']} CPUs, load average {results['load_average_before'][0]:.1f} before and "
          f"{results['load_average_after'][0]:.1f} after")
    print()
    print("| database | page | bytes | requests/s | p50 ms | p99 ms | nginx requests/s | app / nginx | floor | result |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    notes = []
    for db in results["databases"]:
        label = DB_LABELS[db["database"]]
        for name, record in db.get("results", {}).items():
            page = db.get("pages", {}).get(name, {})
            app, nginx = record["app"], record.get("nginx", {})
            ok = all(c["ok"] for c in record["checks"])
            what = LABELS[name] + (f" ({page['distinct_queries_per_round']:,} queries)" if name == "search" and page else "")
            if name == "search" and page.get("warmup_queries_with_results"):
                notes.append(f"- {label} search: {page['warmup_queries_with_results']} of the warm-up's queries sampled "
                             "find threads (asked through /api/v1/search)")
            print(f"| {label} | {what} | {fmt(page.get('bytes'), ',d')} | {rate(app.get('requests_per_second'))} "
                  f"| {fmt(app.get('p50_ms'), '.2f')} | {fmt(app.get('p99_ms'), '.2f')} "
                  f"| {rate(nginx.get('requests_per_second'))} | {fmt(record.get('ratio_to_nginx'), '.2f')} "
                  f"| {floor_text(name)} | {'PASS' if ok else 'FAIL'} |")
            for c in record["checks"] if "error" not in db else ():  # a failed step is told once, below
                if not c["ok"]:
                    value = c.get("value")
                    shown = fmt(value, ".2f") if isinstance(value, float) else value
                    notes.append(f"- {label} {LABELS[name]}: {c['what']}: FAIL ({c.get('detail', shown)})")
            if app.get("queries_repeated"):
                notes.append(f"- {label} search: {app['requests']:,} requests over {app['distinct_queries']:,} distinct "
                             "queries: some were repeats (raise --search-queries)")
        if "error" in db:
            notes.append(f"- {label}: {db['error'][:400]}")
    print()
    for db in results["databases"]:
        pages = ", ".join(f"{LABELS[n]} `{p['path']}`" for n, p in db.get("pages", {}).items())
        imp = db.get("import", {})
        print(f"- {DB_LABELS[db['database']]}: {db.get('threads', 0):,} threads "
              f"(import {fmt(imp.get('wall_seconds'), '.1f')} s); load average {db['load_average_before'][0]:.1f} before, "
              f"{db['load_average_after'][0]:.1f} after; {pages}")
    passed = results["passed"]
    print(f"- overall: {'PASS' if passed else 'FAIL'}")
    for note in notes:
        print(note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=",".join(DATABASES), help="databases, comma-separated: sqlite,postgresql")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"pages, comma-separated: {','.join(PAGES)}")
    parser.add_argument("--duration", type=float, default=10, help="seconds of each measured wrk run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of wrk before each measured app run (nginx: 1 s)")
    parser.add_argument("--rounds", type=int, default=2, help="measured runs of every page, app and nginx in turns")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="unspool serve --workers")
    parser.add_argument("--tweets", type=int, default=20_000, help="tweets in the synthetic archive")
    parser.add_argument("--search-queries", type=int, default=5_000, help="distinct search queries per round")
    parser.add_argument("--postgres-url", help="an empty PostgreSQL database to use instead of a throwaway cluster")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a floor fails or a step errs")
    args = parser.parse_args(argv)
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    wanted = [p.strip() for p in args.pages.split(",") if p.strip()]
    if not dbs or any(d not in DATABASES for d in dbs):
        parser.error(f"--db takes a comma-separated subset of {','.join(DATABASES)}")
    if not wanted or any(p not in PAGES for p in wanted):
        parser.error(f"--pages takes a comma-separated subset of {','.join(PAGES)}")
    wanted = [p for p in PAGES if p in wanted]
    if not (1 <= args.duration <= 120 and 0 <= args.warmup <= 60 and 1 <= args.rounds <= 10
            and 1 <= args.workers <= 16 and 1000 <= args.tweets <= 1_000_000 and 100 <= args.search_queries <= 50_000):
        parser.error("--duration 1-120 s, --warmup 0-60 s, --rounds 1-10, --workers 1-16, --tweets 1,000-1,000,000, "
                     "--search-queries 100-50,000")
    missing = [tool for tool in ("wrk", "nginx") if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists())]
    if missing:
        log(f"error: {' and '.join(missing)} not installed (make bench installs them: scripts/install-bench-deps)")
        return 1

    per_round = sum((args.warmup + args.duration) + (0 if p == "search" else min(args.warmup, 1) + args.duration)
                    for p in wanted)
    log(f"about {len(dbs) * (args.rounds * per_round + 30) / 60:.0f} min: {len(dbs)} database(s) x {args.rounds} round(s) "
        f"x {len(wanted)} page(s)")
    results: dict = {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average_before": kit.load_average(),
                     "config": {"tweets": args.tweets, "threads": args.threads, "connections": args.connections,
                                "duration": args.duration, "warmup": args.warmup, "rounds": args.rounds,
                                "workers": args.workers, "pages": wanted, "databases": dbs},
                     "floors": {name: {"min_ratio_to_nginx": r, "max_p99_ms": p} for name, (r, p) in FLOORS.items()},
                     "databases": []}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="unspool-bench-pages-") as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # nginx's workers (an unprivileged user) read the pages under it
        log(f"writing a {args.tweets:,}-tweet archive ...")
        archive = tmp / "archive"
        results["archive_seconds"] = kit.build_archive(archive, args.tweets)
        for db in dbs:
            folder = tmp / db
            folder.mkdir(mode=0o755)
            if db == "sqlite":
                results["databases"].append(run_database(db, f"sqlite:///{folder / 'data' / 'unspool.db'}", archive, folder,
                                                         args, wanted))
            elif args.postgres_url:
                results["databases"].append(run_database(db, args.postgres_url, archive, folder, args, wanted))
            else:
                try:
                    with kit.Postgres() as pg:
                        results["databases"].append(run_database(db, pg.database(), archive, folder, args, wanted))
                except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                    results["databases"].append({"database": db, "error": f"PostgreSQL: {exc}",
                                                 "load_average_before": kit.load_average(),
                                                 "load_average_after": kit.load_average()})
    results["load_average_after"] = kit.load_average()
    results["seconds"] = round(time.monotonic() - started, 1)
    results["config"]["serve"] = next((d["command"] for d in results["databases"] if "command" in d), "unspool serve")
    results["passed"] = all(
        "error" not in db and all(c["ok"] for r in db["results"].values() for c in r["checks"]) for db in results["databases"]
    )
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print_report(results)
    return 1 if (args.check and not results["passed"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
