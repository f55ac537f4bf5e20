"""Figures: numbers aligned by what they count, compared as intervals.

"up to 14" agrees with "14" and "more than 60" with "62"; two figures for one count whose
intervals do not meet are a conflict on the value.
"""

from __future__ import annotations

import math

from ..models import FigureRecord, FusedFact
from .align import constrained_groups
from .common import ArticleView, brief, fact_id, jaccard, label_of, source, unit_of, words

FIGURE_THRESHOLD = 0.6


_AT_LEAST = {"more than", "over", "at least", "just over", "dozens of", "hundreds of"}
_AT_MOST = {"up to", "as many as", "at most", "fewer than", "less than", "under", "just under"}
_NEAR = {"nearly", "almost", "close to"}
_ABOUT = {"about", "around", "roughly", "approximately", "some", "an estimated"}


def interval(f: FigureRecord) -> tuple[float, float]:
    v, q = f.value, (f.qualifier or "")
    if q in _AT_LEAST:
        return v, math.inf
    if q in _AT_MOST:
        return 0.0, v
    if q in _NEAR:
        return 0.85 * v, v
    if q in _ABOUT:
        return 0.85 * v, 1.15 * v
    return v, v


def figures_agree(a: FigureRecord, b: FigureRecord) -> bool:
    (lo1, hi1), (lo2, hi2) = interval(a), interval(b)
    return lo1 <= hi2 * 1.0001 and lo2 <= hi1 * 1.0001


def figure_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    items = []
    for a in arts:
        for f in a.extraction.figures:
            if f.unit:
                u = unit_of(a.extraction, f.start)
                items.append((a, f, a.unit_vectors[u] if u is not None else None))

    def score(i: int, j: int) -> float:
        (_, fi, vi), (_, fj, vj) = items[i], items[j]
        units = jaccard(words(fi.unit), words(fj.unit))
        if units < 0.5:
            return 0.0
        context = float(vi @ vj) if vi is not None and vj is not None else 0.5
        # Two figures of one sentence compete for a partner: the one that agrees wins, so
        # "40 km east ... at a depth of 30 km" pairs 40 with 40, not 30 with 40.
        return 0.5 * units + 0.5 * context + (0.2 if figures_agree(fi, fj) else 0.0)

    facts = []
    for group in constrained_groups(items, lambda it: it[0].id, score, FIGURE_THRESHOLD):
        members = [items[i] for i in group]
        sources = [source(a, f.start, f.end) for a, f, _ in members]
        label, outlets = label_of([a for a, *_ in members])
        conflict = None
        figs = [f for _, f, _ in members]
        if any(not figures_agree(x, y) for x in figs for y in figs):
            label = "conflicting"
            conflict = {"field": "value", "values": _values(members)}
        first = figs[0]
        a0 = members[0][0]
        s, e = first.sentence or [first.start, first.end]
        facts.append(FusedFact(
            story_id=story_id, fact_id=fact_id(story_id, "figure", sources), label=label,
            kind="figure", summary=brief(f"{_figure_label(first)}: {a0.text[s:e]}"),
            sources=sources, outlets=outlets, conflict=conflict,
        ))
    return facts


def _values(members) -> list[dict]:
    """Each distinct figure once, with every article that gives it ("three" and "Three" are
    one value)."""
    out: dict[tuple, dict] = {}
    for a, f, _ in members:
        v = out.setdefault((f.value, f.qualifier), {
            "value": f"{f.qualifier} {f.text}" if f.qualifier and f.qualifier not in f.text.lower()
            else f.text, "number": f.value, "qualifier": f.qualifier, "article_ids": []})
        if a.id not in v["article_ids"]:
            v["article_ids"].append(a.id)
    return list(out.values())


def _figure_label(f: FigureRecord) -> str:
    unit = f.unit or ""
    return f.text if unit.split()[:1] and unit.split()[0] in f.text.lower() else f"{f.text} {unit}"
