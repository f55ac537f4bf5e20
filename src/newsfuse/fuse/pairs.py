"""Do two claims from two articles report the same happening? A calibrated pair model.

The features are general ones, each a reason a reader would give: the same or a derived
predicate, participants resolved to the same actors, the same numbers and days, the same coded
event type, and how close the two sentences are in meaning and in words. A logistic model over
them is fitted on ECB+ dev cross-document ACTION pairs (``tools/fit_claim_pairs.py``, which writes
``data/claim_pairs.json`` with the weights, the operating point and the held-out figures it was
chosen by). The operating point is chosen for precision: a wrong "corroborated" costs more
than a missing one.

Claims of different factuality never pair: "Russia accepted" and "unclear whether Russia
accepted" are not the same claim.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .claims import Claim
from .figures import figures_agree

MODEL = Path(__file__).with_name("data") / "claim_pairs.json"
FEATURES = ("cosine", "words", "same_happening", "shared_parties", "same_event_type",
            "shared_numbers", "shared_days", "same_attribution")


@dataclass(frozen=True)
class PairModel:
    weights: np.ndarray
    bias: float
    link: float  # probability at or above which two claims report one happening

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))


@lru_cache(maxsize=1)
def model() -> PairModel:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES, "claim_pairs.json was fitted on other features"
    return PairModel(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]),
                     float(data["link"]))


def _days(c: Claim) -> set[str]:
    return {d.value for d in c.dates if d.value}


def features(a: Claim, b: Claim) -> np.ndarray:
    ra, rb = a.record, b.record
    shared = len(a.actors & b.actors)
    union = a.words | b.words
    numbers = any(figures_agree(f, g) and f.value == g.value for f in a.figures for g in b.figures)
    types = {e.type for e in a.events} & {e.type for e in b.events}
    said = (ra.attribution is not None and rb.attribution is not None
            and ra.attribution.actor is not None and ra.attribution.actor == rb.attribution.actor)
    return np.array([
        float(a.vector @ b.vector),
        len(a.words & b.words) / len(union) if union else 0.0,
        float(ra.happening is not None and ra.happening == rb.happening),
        min(shared, 2) / 2.0,
        float(bool(types)),
        float(numbers),
        float(bool(_days(a) & _days(b))),
        float(said),
    ])


def kind(c: Claim) -> str | None:
    """Claims of one kind are compared at all: asserted with asserted, reported as possible with
    reported as possible."""
    return c.record.factuality


def comparable(a: Claim, b: Claim) -> bool:
    return kind(a) == kind(b)
