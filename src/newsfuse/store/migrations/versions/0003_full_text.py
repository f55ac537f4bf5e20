"""Full-text search over articles: SQLite FTS5 kept by triggers, PostgreSQL a GIN index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The document searched: title and text, the same expression on both backends' sides.
PG_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || text)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_articles_fts ON articles USING gin ({PG_DOCUMENT})")
        return
    # A standalone FTS5 table (articles are keyed by a text hash, not an integer rowid),
    # filled from the articles already stored and kept in step by triggers.
    op.execute("CREATE VIRTUAL TABLE article_fts USING fts5(article_id UNINDEXED, title, text, "
               "tokenize = 'porter unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO article_fts (article_id, title, text) "
               "SELECT id, coalesce(title, ''), text FROM articles")
    op.execute("CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
               "INSERT INTO article_fts (article_id, title, text) "
               "VALUES (new.id, coalesce(new.title, ''), new.text); END")
    op.execute("CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
               "DELETE FROM article_fts WHERE article_id = old.id; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_fts")
        return
    op.execute("DROP TRIGGER articles_fts_delete")
    op.execute("DROP TRIGGER articles_fts_insert")
    op.execute("DROP TABLE article_fts")
