"""Story graph: article links, lead embeddings, and the kind of duplicate (copy or rewrite).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("duplicate_kind", sa.String(8)))
        batch.add_column(sa.Column("lead_embedding", sa.LargeBinary()))
    op.create_table(
        "links",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("neighbour_id", sa.String(32), primary_key=True),
        sa.Column("weight", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("links")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("lead_embedding")
        batch.drop_column("duplicate_kind")
