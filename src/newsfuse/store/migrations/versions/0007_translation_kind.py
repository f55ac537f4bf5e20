"""Room for "translation" in ``articles.duplicate_kind`` (it held "copy", "rewrite", "feed").

SQLite alters a column by rebuilding the table (Alembic's batch mode), which drops the table's
triggers: the two that keep the full-text index of revision 0003 in step are made again.

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


def _resize(old: int, new: int) -> None:
    with op.batch_alter_table("articles") as batch:
        batch.alter_column("duplicate_kind", type_=sa.String(new), existing_type=sa.String(old))
    if op.get_bind().dialect.name == "sqlite":
        # As revision 0003 made them.
        op.execute("CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles "
                   "BEGIN INSERT INTO article_fts (article_id, title, text) "
                   "VALUES (new.id, coalesce(new.title, ''), new.text); END")
        op.execute("CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles "
                   "BEGIN DELETE FROM article_fts WHERE article_id = old.id; END")


def upgrade() -> None:
    _resize(8, 16)


def downgrade() -> None:
    _resize(16, 8)
