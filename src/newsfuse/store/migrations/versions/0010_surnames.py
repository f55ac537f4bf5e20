"""People are indexed by surname (``surnames``): place looks up a batch's lone surnames there,
where it matched each against every stored person's id, a scan growing with the store.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _endings(actor_id: str) -> list[str]:
    """Every ending of a person's key after a hyphen: ``actor_ids.surname_slugs`` as it was at
    this revision, kept here so the migration does what it did when written."""
    key = actor_id.partition(":")[2]
    return [key[k + 1:] for k, c in enumerate(key) if c == "-"]


def upgrade() -> None:
    table = op.create_table(
        "surnames",
        sa.Column("surname", sa.String(200), primary_key=True),
        sa.Column("actor_id", sa.String(200), primary_key=True),
    )
    people = op.get_bind().execute(sa.text("SELECT id FROM actors WHERE kind = 'person'"))
    rows = [{"surname": key, "actor_id": i} for (i,) in people for key in _endings(i)]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("surnames")
