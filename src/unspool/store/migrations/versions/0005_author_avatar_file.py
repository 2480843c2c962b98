"""An author's avatar as a file in the media folder (a Mastodon export ships it, with no URL).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("authors") as batch:
        batch.add_column(sa.Column("avatar_local_name", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("authors") as batch:
        batch.drop_column("avatar_local_name")
