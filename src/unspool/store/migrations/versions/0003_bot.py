"""The unroll bot: mentions as explicit states, and each account's polling cursor.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_mentions",
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("mention_id", sa.String(255), nullable=False),
        sa.Column("account", sa.String(255), nullable=False),
        sa.Column("requester", sa.String(255), nullable=False),
        sa.Column("target_url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_by", sa.String(128)),
        sa.Column("claimed_until_ms", sa.BigInteger),
        sa.Column("not_before_ms", sa.BigInteger),
        sa.Column("reply_ref", sa.Text, nullable=False),
        sa.Column("reply_id", sa.String(255)),
        sa.Column("replied_ms", sa.BigInteger),
        sa.Column("thread_id", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("network", "mention_id", name="pk_bot_mentions"),
    )
    op.create_index("ix_bot_mentions_state", "bot_mentions", ["network", "state", "created_ms"])
    op.create_index("ix_bot_mentions_requester", "bot_mentions", ["network", "requester", "replied_ms"])
    op.create_index("ix_bot_mentions_replied", "bot_mentions", ["network", "replied_ms"])
    op.create_table(
        "bot_cursors",
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("account", sa.String(255), nullable=False),
        sa.Column("cursor", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("network", "account", name="pk_bot_cursors"),
    )


def downgrade() -> None:
    op.drop_table("bot_cursors")
    op.drop_index("ix_bot_mentions_replied", "bot_mentions")
    op.drop_index("ix_bot_mentions_requester", "bot_mentions")
    op.drop_index("ix_bot_mentions_state", "bot_mentions")
    op.drop_table("bot_mentions")
