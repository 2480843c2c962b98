"""The `unspool` command: parses arguments and calls library functions that tests call too."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .config import Settings
from .errors import UnspoolError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Unroll social-media threads into clean, readable articles.",
)

DbOption = typer.Option(None, "--db", help="SQLAlchemy database URL (default: $UNSPOOL_DATABASE_URL or SQLite in the user data folder).")
UNROLL_FORMATS = ("txt", "md", "html", "json", "epub")


def _settings_and_store(db: str | None):
    from .store import Store

    settings = Settings.from_env(db)
    return settings, Store.open(settings.database_url)


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


@app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="The archive: the downloaded .zip or its unzipped folder."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    handle: Optional[str] = typer.Option(None, "--handle", help="The account's handle, for a Bluesky .car export (which does not store it)."),
):
    """Import an account archive: find its threads and store them."""
    from .importer import import_archive

    settings = Settings.from_env(db)

    def open_store():
        from .store import Store

        return Store.open(settings.database_url)

    if as_json:  # no progress bar: machines read the JSON
        import msgspec

        report = import_archive(path, open_store, settings.media_dir, handle=handle, limits=settings.archive_limits())
        typer.echo(msgspec.json.encode(report).decode())
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("importing"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_stderr(), transient=True) as bar:
        task = bar.add_task("import", total=None)
        report = import_archive(
            path,
            open_store,
            settings.media_dir,
            on_start=lambda total: bar.update(task, total=total),
            progress=lambda step: bar.advance(task, step),
            handle=handle,
            limits=settings.archive_limits(),
        )
    typer.echo(
        f"Read {report.posts_read:,} posts by @{report.author} ({report.retweets_skipped:,} retweets skipped); "
        f"found {report.threads_found:,} threads: {report.threads_added:,} new, {report.threads_updated:,} updated, "
        f"{report.threads_unchanged:,} unchanged. Took {report.seconds:.2f} s."
    )


@app.command("threads")
def threads_command(
    author: Optional[str] = typer.Option(None, "--author", help="Only this author's threads (handle)."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
):
    """List stored threads, newest first."""
    import msgspec

    _, store = _settings_and_store(db)
    summaries = store.list_threads(author_handle=author)
    if as_json:
        post_ids = store.post_ids_of([s.id for s in summaries])
        items = [
            {
                "id": s.id,
                "network": s.network,
                "title": s.title,
                "author": {"handle": s.author.handle, "name": s.author.name, "url": s.author.profile_url},
                "post_count": s.post_count,
                "created_at": _iso(s.created_ms),
                "post_ids": post_ids[s.id],
            }
            for s in summaries
        ]
        typer.echo(msgspec.json.encode(items).decode())
        return
    if not summaries:
        typer.echo("No threads stored yet. Import an archive first: unspool import ARCHIVE.zip")
        return
    rows = [(s.id, _iso(s.created_ms)[:10], f"@{s.author.handle}", str(s.post_count), s.title) for s in summaries]
    if not sys.stdout.isatty():  # pipes get one tab-separated line per thread, never wrapped
        typer.echo("\n".join("\t".join(row) for row in rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "date", "author", "posts", "title")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@app.command("unroll")
def unroll_command(
    ref: str = typer.Argument(..., help="A thread id, or the URL or id of any post in the thread."),
    fmt: str = typer.Option("txt", "--format", "-f", help="txt, md, html, json or epub."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    keep_numbering: bool = typer.Option(False, "--keep-numbering", help="Keep '1/' numbering and trailing 🧵 markers."),
    refresh: bool = typer.Option(False, "--refresh", help="Fetch the thread live again even when it is stored."),
    db: Optional[str] = DbOption,
):
    """Print or save one thread as an article (a post URL nobody stored yet is fetched live)."""
    from .export import embedded_media
    from .lookup import find_or_unroll
    from .render import FORMATS

    if fmt not in UNROLL_FORMATS:
        raise UnspoolError(f"unknown format {fmt!r}: choose one of {', '.join(UNROLL_FORMATS)}")
    settings, store = _settings_and_store(db)
    thread = find_or_unroll(store, settings, ref, refresh=refresh)
    render = FORMATS[fmt][0]
    if fmt == "html":
        body = render(thread, keep_numbering=keep_numbering, media_url=embedded_media(settings.media_dir, thread.network))
    elif fmt in ("txt", "md"):
        body = render(thread, keep_numbering=keep_numbering)
    else:
        body = render(thread)
    data = body.encode("utf-8") if isinstance(body, str) else body
    if output is None and fmt == "epub" and sys.stdout.isatty():
        raise UnspoolError("EPUB is binary: add -o FILE.epub")
    if output is not None:
        output.write_bytes(data)
        typer.echo(f"Wrote {output} ({len(thread.posts)} posts).", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command("export")
def export_command(
    outdir: Path = typer.Argument(..., help="Folder to write the site into (created if missing)."),
    fmt: str = typer.Option("html", "--format", "-f", help="html or md."),
    keep_numbering: bool = typer.Option(False, "--keep-numbering", help="Keep '1/' numbering and trailing 🧵 markers."),
    db: Optional[str] = DbOption,
):
    """Write every thread as a file plus an index: a static site ready to publish."""
    from rich.progress import Progress

    from .export import export_site

    settings, store = _settings_and_store(db)
    with Progress(console=_stderr(), transient=True) as bar:
        task = bar.add_task("exporting", total=store.count_threads())
        count = export_site(
            store, outdir, settings.media_dir, fmt=fmt, keep_numbering=keep_numbering, progress=lambda: bar.advance(task)
        )
    typer.echo(f"Wrote {count} threads and index.{fmt} to {outdir}")


@app.command("takedown")
def takedown_command(
    ref: str = typer.Argument(..., help="A thread id, or the URL or id of any post in the thread."),
    reason: str = typer.Option("", "--reason", help="Why (kept for the operators' records)."),
    restore: bool = typer.Option(False, "--restore", help="Lift the takedown: show the thread again."),
    db: Optional[str] = DbOption,
):
    """Take a thread down from the site, API, feeds and search (or --restore it)."""
    from .lookup import resolve_thread_id
    from .store import moderation

    _, store = _settings_and_store(db)
    thread_id = resolve_thread_id(store, ref)
    if restore:
        if not moderation.restore(store, thread_id or ref.strip()):
            raise UnspoolError(f"thread {thread_id or ref.strip()} is not taken down")
        typer.echo(f"Restored thread {thread_id or ref.strip()}: it is shown again.")
        return
    if thread_id is None:
        raise UnspoolError(f"no stored thread for {ref!r}: give a thread id from `unspool threads`, or the URL or id of one of its posts")
    created = moderation.take_down(store, thread_id, reason)
    typer.echo(f"Took down thread {thread_id}: it is hidden everywhere." if created else f"Thread {thread_id} was already taken down.")


@app.command("block-author")
def block_author_command(
    handle: str = typer.Argument(..., help="The author's handle, with or without @."),
    network: str = typer.Option("x", "--network", help="The author's network."),
    reason: str = typer.Option("", "--reason", help="Why (kept for the operators' records)."),
    unblock: bool = typer.Option(False, "--unblock", help="Lift the block."),
    db: Optional[str] = DbOption,
):
    """Hide every thread of an author and refuse their imports (or --unblock them)."""
    from .store import moderation

    _, store = _settings_and_store(db)
    if unblock:
        unblocked = moderation.unblock_author(store, network, handle)
        if unblocked is None:
            raise UnspoolError(f"@{handle.strip().lstrip('@')} is not blocked on {network}")
        typer.echo(f"Unblocked @{unblocked}: their threads are shown again and their archives can be imported.")
        return
    author, created = moderation.block_author(store, network, handle, reason)
    if created:
        typer.echo(f"Blocked @{author.handle}: their threads are hidden and their archives refused.")
    else:
        typer.echo(f"@{author.handle} was already blocked.")


@app.command("reports")
def reports_command(
    show_all: bool = typer.Option(False, "--all", help="Resolved reports too."),
    resolve: Optional[int] = typer.Option(None, "--resolve", help="Mark this report resolved (dismissed or acted on)."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
):
    """List readers' reports, newest first (open ones unless --all)."""
    import msgspec

    from .store import moderation

    _, store = _settings_and_store(db)
    if resolve is not None:
        if not moderation.resolve_report(store, resolve):
            raise UnspoolError(f"no report #{resolve}")
        typer.echo(f"Report #{resolve} resolved.")
        return
    items = moderation.list_reports(store, None if show_all else "open")
    if as_json:
        data = [{**msgspec.structs.asdict(r), "created_at": _iso(r.created_ms)} for r in items]
        typer.echo(msgspec.json.encode(data).decode())
        return
    if not items:
        typer.echo("No reports." if show_all else "No open reports.")
        return
    # Plain lines, never Rich markup: titles and details are text from the public.
    for r in items:
        title = moderation.clean_text(r.title) if r.title is not None else "(no longer stored)"
        typer.echo(f"#{r.id}\t{_iso(r.created_ms)[:16]}\t{r.status}\t{r.reason}\t{r.thread_id}\t{' '.join(title.split())}")
        if r.details:
            typer.echo("\t" + " ".join(moderation.clean_text(r.details).split()))


bot_app = typer.Typer(no_args_is_help=True, help="The unroll bot: answer mentions that say 'unroll' with the thread's link.")
app.add_typer(bot_app, name="bot")


# Between polls: Mastodon and Bluesky allow a poll every 2 s well within their rate limits (a
# reply then lands within about 2 s); X's mentions timeline allows far fewer requests.
POLL_SECONDS = {"mastodon": 2.0, "bluesky": 2.0, "x": 60.0}


def _run_bot(network: str, once: bool, poll_seconds: float | None, db: str | None) -> None:
    import logging

    from .bot.worker import Limits, Worker, make_adapter

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s")
    settings, store = _settings_and_store(db)
    if not settings.public_url:
        raise UnspoolError("the bot links to thread pages on your site: set UNSPOOL_PUBLIC_URL (e.g. https://unspool.example)")
    if poll_seconds is not None and poll_seconds <= 0:
        raise UnspoolError("--poll-seconds must be more than 0")
    limits = Limits(poll_seconds=poll_seconds or POLL_SECONDS[network])
    worker = Worker(make_adapter(network, settings, store), store, settings, limits=limits)
    if once:
        counts = worker.run_once()
        typer.echo(" ".join(f"{key}={value}" for key, value in counts.items()))
    else:
        worker.run_forever()


OnceOption = typer.Option(False, "--once", help="Handle what is pending, then exit.")
PollOption = typer.Option(None, "--poll-seconds", help="Pause between polls (default: 2 s; 60 s on X).")


@bot_app.command("mastodon")
def bot_mastodon_command(once: bool = OnceOption, poll_seconds: Optional[float] = PollOption, db: Optional[str] = DbOption):
    """Run the bot on the Mastodon account of $UNSPOOL_MASTODON_BASE_URL / $UNSPOOL_MASTODON_TOKEN."""
    _run_bot("mastodon", once, poll_seconds, db)


@bot_app.command("bluesky")
def bot_bluesky_command(once: bool = OnceOption, poll_seconds: Optional[float] = PollOption, db: Optional[str] = DbOption):
    """Run the bot on the Bluesky account of $UNSPOOL_BSKY_HANDLE / $UNSPOOL_BSKY_APP_PASSWORD."""
    _run_bot("bluesky", once, poll_seconds, db)


@bot_app.command("x")
def bot_x_command(once: bool = OnceOption, poll_seconds: Optional[float] = PollOption, db: Optional[str] = DbOption):
    """Run the bot on the X account of $UNSPOOL_X_BOT_USER_ID / $UNSPOOL_X_USER_TOKEN."""
    _run_bot("x", once, poll_seconds, db)


@bot_app.command("status")
def bot_status_command(as_json: bool = typer.Option(False, "--json", help="Print JSON."), db: Optional[str] = DbOption):
    """Mentions per network: pending, claimed, answered, failed, ignored, and the lag."""
    import json

    from .bot import states

    _settings, store = _settings_and_store(db)
    counts = states.status(store)
    if as_json:
        typer.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    if not counts:
        typer.echo("No mentions recorded yet.")
    for network, entry in sorted(counts.items()):
        fields = " ".join(f"{key}={entry[key]}" for key in ("pending", "claimed", "answered", "failed", "ignored"))
        typer.echo(f"{network}\t{fields} lag={entry['lag_seconds']}s")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    public_url: Optional[str] = typer.Option(
        None, "--public-url", help="Origin for absolute links, e.g. https://unspool.example (default: $UNSPOOL_PUBLIC_URL, else the request's Host when it is in $UNSPOOL_SITE_HOSTS)."
    ),
    db: Optional[str] = DbOption,
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes; all serve the same database."),
    server: str = typer.Option(
        "uvicorn", "--server", help="Server: uvicorn (the fastest: it answers cached thread pages itself) or granian."
    ),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request (with the client's address)."),
    forwarded_allow_ips: Optional[str] = typer.Option(
        None, "--forwarded-allow-ips",
        help="Comma-separated addresses or networks of proxies whose X-Forwarded-For/-Proto are believed (default: $UNSPOOL_FORWARDED_ALLOW_IPS, else none).",
    ),
    job_workers: int = typer.Option(1, "--job-workers", min=0, max=16, help="Job worker processes to start beside the web workers (live unrolls); 0: run `unspool worker` yourself."),
):
    """Serve the website and JSON API."""
    from dataclasses import replace

    from .config import parse_forwarded_allow_ips
    from .store import Store

    if server not in ("uvicorn", "granian"):
        raise UnspoolError(f"unknown server {server!r}: use uvicorn or granian")
    settings = Settings.from_env(db)
    if public_url:
        settings = replace(settings, public_url=public_url)
    if forwarded_allow_ips is not None:
        settings = replace(settings, forwarded_allow_ips=parse_forwarded_allow_ips(forwarded_allow_ips))
    if server == "granian" and settings.forwarded_allow_ips:
        raise UnspoolError("granian does not read X-Forwarded-*: use --server uvicorn behind a proxy (or set --public-url)")
    # Migrate once here: workers opening a fresh database at the same moment would race.
    Store.open(settings.database_url).close()
    # Each worker is its own process and builds the app from the environment (app_from_env).
    os.environ.update(settings.to_env())
    target = "unspool.web.app:app_from_env"
    job_procs = [_start_job_worker() for _ in range(job_workers)]
    try:
        _serve(target, server, host, port, workers, access_log, settings.forwarded_allow_ips)
    finally:
        _stop_job_workers(job_procs)


def _start_job_worker():
    import subprocess

    # Its own process, on the environment set above; it exits by itself if this one dies.
    command = [sys.executable, "-m", "unspool", "worker", "--parent-pid", str(os.getpid())]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def _stop_job_workers(procs) -> None:
    """SIGTERM, then at most JOB_WORKER_STOP_SECONDS before SIGKILL: `serve` stops within 10 s."""
    import subprocess

    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(JOB_WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


JOB_WORKER_STOP_SECONDS = 4.0
# uvicorn waits this long for open requests after SIGTERM (an unroll request waits at most ~3 s).
GRACEFUL_SHUTDOWN_SECONDS = 4


def _serve(target: str, server: str, host: str, port: int, workers: int, access_log: bool,
           forwarded_allow_ips: tuple[str, ...]) -> None:
    from .web.http_limits import HEAD_LIMIT_BYTES, HEAD_TIMEOUT_SECONDS, KEEP_ALIVE_SECONDS

    if server == "granian":
        from granian import Granian
        from granian.constants import Interfaces
        from granian.http import HTTP1Settings

        Granian(
            target, address=host, port=port, interface=Interfaces.ASGI, workers=workers, factory=True, websockets=False,
            log_access=access_log,
            http1_settings=HTTP1Settings(header_read_timeout=int(HEAD_TIMEOUT_SECONDS * 1000), max_buffer_size=HEAD_LIMIT_BYTES),
        ).serve()
    else:
        import signal

        import uvicorn

        from .web.http_limits import serving_protocol

        # uvicorn re-raises the SIGTERM it caught once it has shut down; exiting through Python
        # (not the default handler's instant death) lets `serve` stop its job workers first.
        signal.signal(signal.SIGTERM, _exit_cleanly)

        # No Server header; X-Forwarded-* only from the listed proxies. Cached pages are answered
        # by the HTTP protocol itself (web/uvicorn_hits.py), which also bounds the request head
        # (web/http_limits.py).
        uvicorn.run(target, factory=True, host=host, port=port, workers=workers, server_header=False, access_log=access_log,
                    http=serving_protocol(), timeout_keep_alive=KEEP_ALIVE_SECONDS,
                    h11_max_incomplete_event_size=HEAD_LIMIT_BYTES, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
                    proxy_headers=bool(forwarded_allow_ips), forwarded_allow_ips=list(forwarded_allow_ips) or None)


def _exit_cleanly(_signum, _frame) -> None:
    raise SystemExit(0)


@app.command("worker")
def worker_command(
    db: Optional[str] = DbOption,
    threads: Optional[int] = typer.Option(None, "--threads", min=1, max=64, help="Jobs this process works at once (default: $UNSPOOL_JOB_FETCHES); the limits hold over all processes anyway."),
    parent_pid: Optional[int] = typer.Option(None, "--parent-pid", hidden=True, help="Exit when this process is gone (set by `serve`)."),
):
    """Run job workers (live unrolls) until stopped; `serve` starts one unless --job-workers 0."""
    import logging

    from .jobs.worker import JobWorker

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s")
    settings, store = _settings_and_store(db)
    JobWorker(store, settings, threads=threads).run_until_stopped(parent_pid=parent_pid)


def _iso(ms: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def main() -> None:
    try:
        app(standalone_mode=False)
        # Everything is committed and printed; after a large import, tearing down the heap
        # object by object takes longer than the OS needs to drop it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    except UnspoolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except (typer.Abort, KeyboardInterrupt):
        print("error: interrupted, nothing was changed", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
