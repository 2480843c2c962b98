"""The job queue (jobs/queue.py): slow outbound work in explicit states, and per-host backoff.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN = sa.text("state IN ('queued', 'running')")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(600), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("host", sa.String(300), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("not_before_ms", sa.BigInteger),
        sa.Column("claimed_by", sa.String(128)),
        sa.Column("claimed_until_ms", sa.BigInteger),
        sa.Column("thread_id", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("error_kind", sa.String(32)),
        sa.Column("requester_key", sa.String(64)),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.Column("finished_ms", sa.BigInteger),
    )
    op.create_index("ix_jobs_state", "jobs", ["state", "created_ms"])
    op.create_index("ix_jobs_host_state", "jobs", ["host", "state"])
    op.create_index("ix_jobs_requester", "jobs", ["requester_key", "created_ms"])
    op.create_index("ix_jobs_finished", "jobs", ["finished_ms"])
    op.create_index("uq_jobs_open_key", "jobs", ["key"], unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_table(
        "job_hosts",
        sa.Column("host", sa.String(300), primary_key=True),
        sa.Column("not_before_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_hosts")
    op.drop_table("jobs")
