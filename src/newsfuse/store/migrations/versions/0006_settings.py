"""What a store's contents depend on beyond its rows: today, the encoder its vectors come from.

A store written before this revision holds all-MiniLM-L6-v2 vectors if it holds any articles;
vectors from two encoders cannot be compared, so the pipeline refuses to mix them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    settings = op.create_table(
        "settings",
        sa.Column("key", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    if op.get_bind().execute(sa.text("SELECT 1 FROM articles LIMIT 1")).first():
        op.bulk_insert(settings, [{"key": "encoder", "value": "all-MiniLM-L6-v2"}])


def downgrade() -> None:
    op.drop_table("settings")
