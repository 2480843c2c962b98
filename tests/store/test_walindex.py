"""The wal-index header (store/walindex.py) changes with every commit by any process and with
nothing else (the page cache relies on it: tests/web/test_pagecache.py)."""

from __future__ import annotations

import sqlite3

from conftest import commit_from_another_process

from unspool.store.walindex import open_wal_index


def wal_database(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)")
    return conn


def test_the_header_changes_with_each_commit_of_any_process_and_only_then(tmp_path):
    path = tmp_path / "notes.db"
    writer = wal_database(path)
    reader = sqlite3.connect(path, isolation_level=None)
    header = open_wal_index(reader)
    assert header is not None
    seen = [header.read()]
    for text in ("one", "two"):
        writer.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        seen.append(header.read())
    commit_from_another_process(path, "INSERT INTO notes (text) VALUES ('three')")
    seen.append(header.read())
    assert len(set(seen)) == len(seen)  # every commit, in this process or another
    for _ in range(3):  # reads, a rolled-back write and an empty transaction change nothing
        assert reader.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO notes (text) VALUES ('never')")
        writer.execute("ROLLBACK")
    assert header.read() == seen[-1]
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL starts over: still a change after the next commit
    writer.execute("INSERT INTO notes (text) VALUES ('four')")
    assert header.read() not in seen


def test_no_header_where_there_is_none_to_trust(tmp_path):
    rollback = sqlite3.connect(tmp_path / "rollback.db", isolation_level=None)
    rollback.execute("PRAGMA journal_mode=DELETE")
    rollback.execute("CREATE TABLE t (x)")
    assert open_wal_index(rollback) is None
    assert open_wal_index(sqlite3.connect(":memory:")) is None
