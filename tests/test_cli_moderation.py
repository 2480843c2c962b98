"""`unspool takedown`, `block-author` and `reports`, as an operator runs them (real processes, a
real SQLite and PostgreSQL database)."""

import json

import pytest
from conftest import Cli, at
from sqlalchemy import create_engine, select

from unspool.store import Store, moderation
from unspool.store.schema import authors, posts, threads


@pytest.fixture
def op(tmp_path, db_url) -> Cli:
    return Cli(tmp_path / "cli-data", db_url)


@pytest.fixture
def archive(builder, tmp_path):
    kite = builder.thread(["1/ Building a kite from bamboo", "2/ The sail", "3/ The tail 🧵"], start=at(1))
    other = builder.thread(["Sourdough day one", "Day two: bubbles"], start=at(5))
    return builder.write(tmp_path / "archive.zip", zip=True), kite, other


def listed(op: Cli) -> list[str]:
    return [item["title"] for item in json.loads(op("threads", "--json").stdout)]


def error_line(result) -> str:
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()  # (a progress bar may leave a blank line)
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def snapshot(db_url: str):
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return (
                conn.execute(select(authors).order_by(authors.c.id)).all(),
                conn.execute(select(threads).order_by(threads.c.id)).all(),
                conn.execute(select(posts.c.thread_id, posts.c.native_id, posts.c.data).order_by(posts.c.id)).all(),
            )
    finally:
        engine.dispose()


def test_takedown_and_restore(op, archive, tmp_path):
    path, kite, _ = archive
    op("import", path)
    thread_id = json.loads(op("threads", "--json").stdout)[1]["id"]
    out = op("takedown", f"https://twitter.com/robin_makes/status/{kite[2]}?s=20", "--reason", "DMCA notice").stdout.decode()
    assert out == f"Took down thread {thread_id}: it is hidden everywhere.\n"
    assert listed(op) == ["Sourdough day one"]
    assert op("takedown", thread_id).stdout.decode() == f"Thread {thread_id} was already taken down.\n"

    # Re-importing the archive does not bring it back; neither does a static export show it.
    op("import", path)
    assert listed(op) == ["Sourdough day one"]
    op("export", tmp_path / "site")
    assert not (tmp_path / "site" / f"{thread_id}.html").exists()
    assert thread_id not in (tmp_path / "site" / "index.html").read_text()
    # The operator can still read it.
    assert "bamboo" in op("unroll", thread_id).stdout.decode()

    assert op("takedown", thread_id, "--restore").stdout.decode() == f"Restored thread {thread_id}: it is shown again.\n"
    assert listed(op) == ["Sourdough day one", "Building a kite from bamboo"]
    assert error_line(op("takedown", thread_id, "--restore", check=False)) == f"error: thread {thread_id} is not taken down"
    assert "no stored thread for 'nope'" in error_line(op("takedown", "nope", check=False))


def test_block_author_refuses_their_import_and_changes_nothing(op, archive, builder, tmp_path, db_url):
    path, _, _ = archive
    op("import", path)
    assert error_line(op("block-author", "@nobody", check=False)).startswith("error: no stored author @nobody on x")
    assert op("block-author", "@Robin_Makes", "--reason", "asked to opt out").stdout.decode().startswith("Blocked @robin_makes")
    assert listed(op) == []
    assert op("block-author", "robin_makes").stdout.decode() == "@robin_makes was already blocked.\n"

    builder.thread(["A new thread after the block", "Second post"], start=at(9))
    newer = builder.write(tmp_path / "newer.zip", zip=True)
    before = snapshot(db_url)
    line = error_line(op("import", newer, check=False))
    assert line == "error: @robin_makes has opted out or is blocked on this server; nothing was imported"
    assert snapshot(db_url) == before

    assert op("block-author", "robin_makes", "--unblock").stdout.decode().startswith("Unblocked @robin_makes")
    assert error_line(op("block-author", "robin_makes", "--unblock", check=False)) == "error: @robin_makes is not blocked on x"
    assert len(listed(op)) == 2
    op("import", newer)
    assert len(listed(op)) == 3


def test_reports_lists_and_resolves(op, archive, db_url):
    path, _, _ = archive
    op("import", path)
    assert op("reports").stdout.decode() == "No open reports.\n"
    ids = [item["id"] for item in json.loads(op("threads", "--json").stdout)]
    store = Store.open(db_url)
    try:
        first = moderation.add_report(store, ids[0], "spam", "[bold red]fake[/] \x1b]0;pwned\x07 title\nsecond line", "203.0.113.1")
        second = moderation.add_report(store, ids[1], "copyright", "", "203.0.113.1")
    finally:
        store.close()

    items = json.loads(op("reports", "--json").stdout)
    assert [item["id"] for item in items] == [second, first]
    assert items[1]["details"] == "[bold red]fake[/] ]0;pwned title\nsecond line"
    assert items[1]["reason"] == "spam" and items[1]["status"] == "open" and items[1]["created_at"].endswith("Z")
    text = op("reports").stdout.decode()
    assert "\x1b" not in text and "[bold red]fake[/]" in text  # printed as is: no terminal escapes, no markup
    assert text.splitlines()[0].startswith(f"#{second}\t") and "\tcopyright\t" in text and "Sourdough day one" in text

    assert op("reports", "--resolve", str(first)).stdout.decode() == f"Report #{first} resolved.\n"
    assert [item["id"] for item in json.loads(op("reports", "--json").stdout)] == [second]
    assert len(json.loads(op("reports", "--all", "--json").stdout)) == 2
    assert error_line(op("reports", "--resolve", "999", check=False)) == "error: no report #999"
    # Taking the thread down resolves its reports.
    op("takedown", ids[1])
    assert op("reports").stdout.decode() == "No open reports.\n"
