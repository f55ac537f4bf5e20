"""Initial schema: articles, stories, actors, facts.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source_id", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("outlet", sa.Text()),
        sa.Column("byline", sa.Text()),
        sa.Column("published", sa.DateTime(timezone=True)),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("story_id", sa.String(40)),
        sa.Column("duplicate_of", sa.String(32)),
        sa.Column("extraction", sa.JSON(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=False),
        sa.Column("unit_vectors", sa.LargeBinary(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    op.create_index("ix_articles_seq", "articles", ["seq"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("first_seen", sa.DateTime(timezone=True)),
        sa.Column("last_seen", sa.DateTime(timezone=True)),
        sa.Column("centroid", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("actors", sa.JSON(), nullable=False),
        sa.Column("dirty", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stories_dirty", "stories", ["dirty"])
    op.create_table(
        "actors",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("code", sa.String(3)),
        sa.Column("country", sa.String(3)),
        sa.Column("role", sa.Text()),
        sa.Column("sector", sa.String(8)),
        sa.Column("channel", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("story_id", sa.String(40), nullable=False),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.Column("conflict", sa.JSON()),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_facts_story_id", "facts", ["story_id"])
    op.create_index("ix_facts_label", "facts", ["label"])


def downgrade() -> None:
    op.drop_table("facts")
    op.drop_table("actors")
    op.drop_table("stories")
    op.drop_table("articles")
