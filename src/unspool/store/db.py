"""Engine set-up (SQLite pragmas) and schema migrations with Alembic."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration (files are named "NNNN_what.py", revision "NNNN"): a database already
# there skips Alembic. Read from the files, so a new migration cannot be forgotten here.
HEAD_REVISION = max(path.name.partition("_")[0] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def open_engine(url: str, *, cache_kib: int = 16384) -> Engine:
    """`cache_kib`: SQLite's page cache per connection (a server keeps many connections: see web/app.py)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {url!r}: use e.g. sqlite:///path/unspool.db or postgresql+psycopg://user@host/db") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", partial(_sqlite_pragmas, cache_kib=cache_kib))
    else:
        try:
            engine = create_engine(parsed, pool_pre_ping=True)
        except Exception as exc:  # missing driver and similar
            raise StoreError(f"cannot use database {parsed.render_as_string(hide_password=True)}: {exc}") from exc
    return engine


def _sqlite_pragmas(dbapi_connection, _record, *, cache_kib: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # An import's 16 MB page cache spills pages to the WAL as it goes, not all at commit.
    cursor.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Brings the schema to the newest revision; a cheap check when it is already there."""
    try:
        with engine.connect() as conn:
            if inspect(conn).has_table("alembic_version"):
                current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if current == HEAD_REVISION:
                    return
    except OperationalError as exc:
        raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {exc.orig}") from exc

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"database migration failed: {exc}") from exc
