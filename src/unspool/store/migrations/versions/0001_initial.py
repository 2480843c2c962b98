"""Authors, threads, posts and the full-text search index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("native_id", sa.String(255), nullable=False),
        sa.Column("handle", sa.String(255), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("avatar_url", sa.Text),
        sa.Column("profile_url", sa.Text),
        sa.UniqueConstraint("network", "native_id", name="uq_authors_network_native_id"),
    )
    op.create_table(
        "threads",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("authors.id"), nullable=False),
        sa.Column("root_post_id", sa.String(255), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("post_count", sa.Integer, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("last_post_ms", sa.BigInteger, nullable=False),
        sa.Column("stored_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_threads_author_created", "threads", ["author_id", "created_ms"])
    op.create_index("ix_threads_stored", "threads", ["stored_ms"])
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("thread_id", sa.String(32), sa.ForeignKey("threads.id", deferrable=True, initially="DEFERRED"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("native_id", sa.String(255), nullable=False),
        sa.Column("reply_to_id", sa.String(255)),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("network", "native_id", name="uq_posts_network_native_id"),
    )
    op.create_index("ix_posts_thread_position", "posts", ["thread_id", "position"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE thread_search USING fts5("
            "thread_id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.create_table(
            "thread_search",
            sa.Column("thread_id", sa.String(32), sa.ForeignKey("threads.id"), primary_key=True),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
            sa.Column("document", postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_thread_search_document", "thread_search", ["document"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_table("thread_search")
    op.drop_table("posts")
    op.drop_table("threads")
    op.drop_table("authors")
