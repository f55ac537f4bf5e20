"""Each article's clustering evidence is stored (``articles.clustering``), so an article read
back into place's cache, by a later run or after eviction from it, is compared as it was placed
without re-reading its text and extraction (two fifths of place's time at 100,000 stored
articles, in a run just started).

Articles stored before this revision have none: place computes theirs from the text, as before.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("clustering", sa.JSON(), nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place (3.35 and later), so the full-text triggers stay.
    op.drop_column("articles", "clustering")
