"""Claims: each fact's factuality, its claim fields and how many articles state it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("factuality", sa.String(16), nullable=False,
                                   server_default="asserted"))
        batch.add_column(sa.Column("claim", sa.JSON()))
        batch.add_column(sa.Column("articles", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("articles")
        batch.drop_column("claim")
        batch.drop_column("factuality")
