"""The unroll bot's OAuth tokens (X rotates its refresh tokens: the newest pair must be kept).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_tokens",
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("account", sa.String(255), nullable=False),
        sa.Column("access_token", sa.Text, nullable=False),
        sa.Column("refresh_token", sa.Text),
        sa.Column("expires_ms", sa.BigInteger),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("network", "account", name="pk_bot_tokens"),
    )


def downgrade() -> None:
    op.drop_table("bot_tokens")
