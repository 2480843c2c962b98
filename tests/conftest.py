"""Shared fixtures: synthetic archives, databases (SQLite and a real PostgreSQL), the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from unspool.synthetic.x_archive import ArchiveBuilder, make_png

REPO = Path(__file__).resolve().parents[1]
DEMO_ARCHIVE = REPO / "demo" / "archive"
POSTGRES_URL = os.environ.get("UNSPOOL_TEST_POSTGRES_URL")


def at(day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=timezone.utc)


def commit_from_another_process(path, sql: str) -> None:
    """Runs one statement on a SQLite file in a fresh Python process (autocommit)."""
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute(sys.argv[2]); c.close()"
    subprocess.run([sys.executable, "-c", code, str(path), sql], check=True, timeout=30)


@pytest.fixture
def builder() -> ArchiveBuilder:
    return ArchiveBuilder(account_id="700001", handle="robin_makes", name="Robin Example", avatar_url="https://pbs.twimg.com/profile_images/1/robin.jpg")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'unspool.db'}"
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("UNSPOOL_TEST_POSTGRES_URL is not set: run the tests with `make test`")
        pytest.skip("no PostgreSQL: run the tests with `make test`")
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("UNSPOOL_DATA_DIR", str(path))
    monkeypatch.delenv("UNSPOOL_DATABASE_URL", raising=False)
    monkeypatch.delenv("UNSPOOL_MEDIA_DIR", raising=False)
    return path


class Cli:
    def __init__(self, data_dir: Path, db_url: str | None = None):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}
        self.env["UNSPOOL_DATA_DIR"] = str(data_dir)
        if db_url:
            self.env["UNSPOOL_DATABASE_URL"] = db_url

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "unspool", *map(str, args)], env=self.env, capture_output=True, stdin=subprocess.DEVNULL
        )
        if check and result.returncode != 0:
            raise AssertionError(f"unspool {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stderr.decode()}")
        return result


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path / "cli-data")


__all__ = ["at", "make_png", "DEMO_ARCHIVE"]
