"""Moderation: takedowns, blocked authors, reader reports, and the reporter-key salt.

Revision ID: 0002
Revises: 0001
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "takedowns",
        sa.Column("thread_id", sa.String(32), primary_key=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "blocked_authors",
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("native_id", sa.String(255), nullable=False),
        sa.Column("handle", sa.String(255), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("network", "native_id", name="pk_blocked_authors"),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("thread_id", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("reporter_key", sa.String(64)),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.UniqueConstraint("reporter_key", "thread_id", name="uq_reports_reporter_thread"),
    )
    op.create_index("ix_reports_status_created", "reports", ["status", "created_ms"])
    keys = op.create_table(
        "site_keys",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(keys, [{"name": "report_salt", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("site_keys")
    op.drop_index("ix_reports_status_created", "reports")
    op.drop_table("reports")
    op.drop_table("blocked_authors")
    op.drop_table("takedowns")
