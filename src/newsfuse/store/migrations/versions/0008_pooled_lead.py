"""An article's opening vector is pooled from its statement units' vectors (newsfuse 0.1.0's
``cluster.evidence.lead_vector``): stored openings, whole-text vectors and story centroids are
recomputed from the unit vectors already stored, so old and new articles compare alike.

Until now the opening was an embedding of the title and the first 80 words. The arithmetic is
that of this revision, copied here: a migration must do tomorrow what it does today, whatever the
package's rules become. An article without statement units keeps its vectors: its opening is
still embedded as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import json
import math
import re

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

LEAD_WORDS = 80  # cluster.evidence.LEAD_WORDS
CHUNK_WORDS = 150  # nlp.CHUNK_WORDS
DIM = 384
PAGE = 500


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)


def _vectors(text: str, units: list, blob: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    vecs = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, DIM)[:len(units)]
    if not len(vecs):
        return None
    words = list(re.finditer(r"\S+", text))
    cut = words[min(LEAD_WORDS, len(words)) - 1].end() if words else len(text)
    rows = [k for k, (start, _) in enumerate(units) if start < cut] or [0]
    lead = _unit(vecs[rows].mean(axis=0))
    pieces = max(1, math.ceil(len(text.split()) / CHUNK_WORDS))
    return lead, _unit(2 * lead + pieces * _unit(vecs.mean(axis=0)))


def upgrade() -> None:
    conn = op.get_bind()
    sums: dict[str, np.ndarray] = {}
    last = ""
    while True:
        page = conn.execute(sa.text(
            "SELECT id, text, extraction, unit_vectors, embedding, story_id FROM articles "
            "WHERE id > :last ORDER BY id LIMIT :n"), {"last": last, "n": PAGE}).all()
        if not page:
            break
        changed = []
        for aid, text, extraction, blob, embedding, story_id in page:
            data = json.loads(extraction) if isinstance(extraction, str) else extraction
            new = _vectors(text, (data or {}).get("units", []), bytes(blob))
            vector = np.frombuffer(bytes(embedding), dtype=np.float32) if new is None else new[1]
            if new is not None:
                changed.append({"id": aid, "lead": new[0].tobytes(), "vector": vector.tobytes()})
            if story_id is not None:
                sums[story_id] = sums.get(story_id, 0) + vector
        if changed:
            conn.execute(sa.text("UPDATE articles SET lead_embedding = :lead, embedding = :vector "
                                 "WHERE id = :id"), changed)
        last = page[-1][0]
    if sums:
        conn.execute(sa.text("UPDATE stories SET centroid = :c WHERE id = :id"),
                     [{"id": k, "c": v.astype(np.float32).tobytes()} for k, v in sums.items()])


def downgrade() -> None:
    """The title-and-opening embeddings cannot be remade without the encoder: a downgraded store
    keeps the pooled vectors, which older code reads as it read its own."""
