"""Incremental story assignment: an article joins the most similar story, or opens a new one.

Similarity is the cosine between the article embedding and the story centroid, raised by shared
actors and lowered by distance in time. Only stories active near the article's date are
candidates, so assignment cost follows the number of live stories, not the size of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from .nlp import EMBED_DIM, chunks, embed

THRESHOLD = 0.62
ACTOR_WEIGHT = 0.15
WINDOW_DAYS = 14.0


def article_vector(title: str | None, text: str) -> np.ndarray:
    """Lead-weighted mean of chunk embeddings: the model reads 256 word pieces at a time."""
    lead = " ".join(filter(None, [title, " ".join(text.split()[:80])]))
    parts = [lead, *chunks(text)]
    vecs = embed(parts)
    weights = np.array([2.0] + [1.0] * (len(parts) - 1), dtype=np.float32)
    v = (vecs * weights[:, None]).sum(axis=0)
    return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)


def _ts(dt: datetime | None) -> float | None:
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


@dataclass
class StoryIndex:
    ids: list[str] = field(default_factory=list)
    sums: list[np.ndarray] = field(default_factory=list)
    actors: list[set[str]] = field(default_factory=list)
    last: list[float | None] = field(default_factory=list)
    _matrix: np.ndarray | None = None

    def add_story(self, story_id: str, vec_sum: np.ndarray, actors: set[str], last: datetime | None):
        self.ids.append(story_id)
        self.sums.append(vec_sum.astype(np.float32))
        self.actors.append(set(actors))
        self.last.append(_ts(last))
        self._matrix = None

    def _centroids(self) -> np.ndarray:
        if self._matrix is None:
            if not self.sums:
                self._matrix = np.zeros((0, EMBED_DIM), dtype=np.float32)
            else:
                m = np.vstack(self.sums)
                self._matrix = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
        return self._matrix

    def scores(self, vec: np.ndarray, actors: set[str], when: datetime | None) -> np.ndarray:
        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        sim = self._centroids() @ vec
        t = _ts(when)
        for i in range(len(self.ids)):
            a = self.actors[i]
            if actors and a:
                sim[i] += ACTOR_WEIGHT * len(actors & a) / len(actors | a)
            if t is not None and self.last[i] is not None:
                days = abs(t - self.last[i]) / 86400
                if days > WINDOW_DAYS:
                    sim[i] -= 0.1 * min(3.0, days / WINDOW_DAYS)
        return sim

    def assign(self, article_id: str, vec: np.ndarray, actors: set[str],
               when: datetime | None) -> tuple[str, bool]:
        """(story id, is_new). The story id of a new story derives from its first article."""
        s = self.scores(vec, actors, when)
        if len(s) and float(s.max()) >= THRESHOLD:
            i = int(s.argmax())
            self.join(i, vec, actors, when)
            return self.ids[i], False
        story_id = f"s{article_id[:12]}"
        self.add_story(story_id, vec, actors, when)
        return story_id, True

    def join(self, i: int, vec: np.ndarray, actors: set[str], when: datetime | None) -> None:
        self.sums[i] = self.sums[i] + vec
        self.actors[i] |= actors
        t = _ts(when)
        if t is not None:
            self.last[i] = max(t, self.last[i] or t)
        self._matrix = None

    def join_id(self, story_id: str, vec: np.ndarray, actors: set[str], when: datetime | None):
        self.join(self.ids.index(story_id), vec, actors, when)
