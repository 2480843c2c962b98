"""Builders of synthetic inputs shaped exactly like the real exports (tests, demo, benchmarks)."""

from unspool.synthetic.x_archive import ArchiveBuilder, make_png, snowflake_id, snowflake_time

__all__ = ["ArchiveBuilder", "make_png", "snowflake_id", "snowflake_time"]
