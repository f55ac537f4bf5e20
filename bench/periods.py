"""The dev set replayed as later years of news, for figures at a store size dev cannot reach.

A replica must be a *new* event that looks like an old one, or the store only grows a few
hundred ever larger stories (a report of the same names and words a year later is, to the link
model and to a reader, the same story again), and a bench then measures story size, not store
size. So each period is the dev set with:

- a new cast: every name, and every actor, renamed for the period, while the general vocabulary
  stays;
- the embedding space turned so that every article sits as far from its original as ECB+'s own
  similar events sit from each other (the median cosine of two articles of one topic but two
  stories: two earthquakes, two arrests). The turn is a rotation, so within a period every
  cosine is what it was: its stories are as easy or as hard to tell apart as dev's;
- the dates a year later per period, a tenth of the terms dropped and a little noise on each
  vector, so no replica is a copy.

The gold story of a replica is its original's in its period, so quality at scale is scored as
on dev.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from newsfuse.cluster.evidence import Evidence
from newsfuse.nlp import EMBED_DIM

PERIOD = date(2010, 1, 1)  # the date of an undated dev article in period 0


@dataclass(frozen=True)
class Distance:
    """Cosine of an article to its replica: whole text and opening."""

    vector: float
    lead: float


def similar_events(evs: list[Evidence], stories: list[str], topics: list[int]) -> Distance:
    """The median cosine of two dev articles of one topic and two different stories."""
    i, j = np.triu_indices(len(evs), 1)
    topic, story = np.array(topics), np.array(stories)
    pick = (topic[i] == topic[j]) & (story[i] != story[j])

    def median(field: str) -> float:
        m = np.stack([getattr(e, field) for e in evs])
        return float(np.median(np.einsum("ij,ij->i", m[i[pick]], m[j[pick]])))

    return Distance(median("vector"), median("lead"))


@lru_cache(maxsize=64)
def _turn(period: int) -> np.ndarray:
    """A random J with J.T = -J and J @ J = -I: then x -> c x + s J x (c² + s² = 1) is a
    rotation that moves every vector by the same angle, cosine c."""
    q, _ = np.linalg.qr(np.random.default_rng(period).normal(size=(EMBED_DIM, EMBED_DIM)))
    j0 = np.zeros((EMBED_DIM, EMBED_DIM))
    k = np.arange(0, EMBED_DIM, 2)
    j0[k, k + 1], j0[k + 1, k] = -1.0, 1.0
    return q @ j0 @ q.T


def _renamed(key: str, period: int) -> str:
    return f"{key}~{period}"


def perturbed(ev: Evidence, rng: random.Random, period: int, distance: Distance) -> Evidence:
    """``ev`` as period ``period`` reports its event (period 0: the dev article, only
    jittered)."""
    def drop(terms: dict[str, float], names: set[str]) -> dict[str, float]:
        kept = {(_renamed(w, period) if w in names else w): v
                for w, v in terms.items() if rng.random() > 0.1}
        norm = sum(v * v for v in kept.values()) ** 0.5 or 1.0
        return {w: v / norm for w, v in kept.items()}

    def moved(v: np.ndarray, cos: float) -> np.ndarray:
        if period:
            v = cos * v + (1 - cos * cos) ** 0.5 * (_turn(period) @ v)
        v = v + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 0.01, v.shape)
        return (v / np.linalg.norm(v)).astype(np.float32)

    names = set(ev.names) if period else set()
    cast = (lambda ids: frozenset(_renamed(x, period) for x in ids)) if period else frozenset
    return replace(ev, vector=moved(ev.vector, distance.vector), lead=moved(ev.lead, distance.lead),
                   words=drop(ev.words, names), names=drop(ev.names, names),
                   salient=cast(ev.salient), mentioned=cast(ev.mentioned),
                   when=(ev.when or PERIOD) + timedelta(days=365 * period))
