"""Room for "translation" in ``articles.duplicate_kind`` (it held "copy", "rewrite", "feed").

SQLite does not enforce a VARCHAR's length, and rebuilding the table there (Alembic's batch
mode) would drop the full-text triggers of revision 0003; only other databases alter the column.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("articles", "duplicate_kind", type_=sa.String(16),
                        existing_type=sa.String(8))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("articles", "duplicate_kind", type_=sa.String(8),
                        existing_type=sa.String(16))
