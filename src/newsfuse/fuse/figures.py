"""Figures compared as intervals, and when two figures measure the same thing.

"up to 14" agrees with "14" and "more than 60" with "62"; "more than 150" with "about 200". Two
figures can only disagree when they count the same thing: "25 percent" of one tariff and "above
80 percent" of another are two facts, not a conflict.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..extract.figures import PARTICIPLE
from ..models import FigureRecord
from .common import tokens

_AT_LEAST = {"more than", "over", "at least", "just over", "dozens of", "hundreds of", "above",
             "upwards of", "in excess of"}
_AT_MOST = {"up to", "as many as", "at most", "fewer than", "less than", "under", "just under",
            "below", "no more than"}
_NEAR = {"nearly", "almost", "close to"}
_ABOUT = {"about", "around", "roughly", "approximately", "some", "an estimated", "estimated"}
_PARTICIPLES = set(PARTICIPLE.values())  # "dock workers killed" counts dock workers
APPROXIMATE = 0.15  # "about 200" stands for 170-230; a figure without a qualifier is exact


def interval(f: FigureRecord) -> tuple[float, float]:
    v, q = f.value, (f.qualifier or "")
    if q in _AT_LEAST:
        return v, math.inf
    if q in _AT_MOST:
        return 0.0, v
    if q in _NEAR:
        return (1 - APPROXIMATE) * v, v
    if q in _ABOUT:
        return (1 - APPROXIMATE) * v, (1 + APPROXIMATE) * v
    return v, v


def figures_agree(a: FigureRecord, b: FigureRecord) -> bool:
    (lo1, hi1), (lo2, hi2) = interval(a), interval(b)
    return lo1 <= hi2 * 1.0001 and lo2 <= hi1 * 1.0001


def counted(f: FigureRecord) -> str | None:
    """The thing a figure counts, as one comparable word: the head of its unit, singular."""
    return _head(f.unit or "")


@lru_cache(maxsize=8192)
def _head(unit: str) -> str | None:
    # Asked of every figure of every claim pair a story scores: a story's few hundred units
    # are read once each.
    found = [t for t in tokens(unit) if t not in _PARTICIPLES]
    # A clock time ("7 a.m.") or a bare letter is no count of anything.
    if not found or not found[-1].isalpha() or len(found[-1]) < 3:
        return None
    return singular(found[-1])


def singular(word: str) -> str:
    """A counted word as one comparable form: "chances" and "chance" count the same thing."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def same_measure(a: FigureRecord, b: FigureRecord) -> bool:
    return counted(a) is not None and counted(a) == counted(b)


def value_text(f: FigureRecord) -> str:
    q = f.qualifier
    return f"{q} {f.text}" if q and q not in f.text.lower() else f.text


def label(f: FigureRecord) -> str:
    unit = f.unit or ""
    return f.text if unit.split()[:1] and unit.split()[0] in f.text.lower() else f"{f.text} {unit}"
