"""Indexes for keyset pagination of the thread lists (store/listing.py): the home page reads
`ix_threads_created` newest first from a cursor, an author page `ix_threads_author_created`,
both ending in the id that breaks ties on created_ms, so a page is one index range read.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_threads_created", "threads", ["created_ms", "id"])
    op.drop_index("ix_threads_author_created", table_name="threads")
    op.create_index("ix_threads_author_created", "threads", ["author_id", "created_ms", "id"])


def downgrade() -> None:
    op.drop_index("ix_threads_author_created", table_name="threads")
    op.create_index("ix_threads_author_created", "threads", ["author_id", "created_ms"])
    op.drop_index("ix_threads_created", table_name="threads")
