"""Statements: what the sources say happened, aligned by the action they name.

Two reports of one happening are usually worded apart ("Lohan checks into Betty Ford" / "the
actress entered rehab on Thursday"), so sentence similarity alone either misses them or, set
low enough to catch them, joins everything in a story. What they share is the action word
(``extract.actions``). Within a story the sentences naming one action are grouped, and split
where their sentence embeddings say two happenings share a verb (average linkage). Groups of
different actions citing the same sentences ("checked into" / "treatment") are one fact; a
group inside another stays apart ("the fire started in a depot" within "the fire").

A fact cites every sentence of every article that reports its happening, so an article that
repeats its lead in the headline supports it twice. Sentences that no other article reports,
and that no other article paraphrases, are single-source facts of their own.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from ..extract.gazetteer import gazetteer
from ..models import FusedFact
from .align import constrained_groups
from .common import ArticleView, brief, fact_id, label_of, source, unit_of

SAME_HAPPENING = 0.3  # average cosine below which one action word names two happenings
SAME_SENTENCES = 0.8  # Jaccard of two groups' sentences that makes them one fact
PARAPHRASE = 0.78  # cosine at which two sentences without a shared action say the same thing
MAX_SENTENCES = 400  # an action named by more sentences than this is too common to align by


Unit = tuple[ArticleView, int]  # (article, unit index)


def _units_by_action(arts: list[ArticleView]) -> dict[str, list[int]]:
    """Unit indices (into the flat unit list) naming each action, in arrival order."""
    out: dict[str, list[int]] = defaultdict(list)
    base = 0
    # Filtered here too, not only at extraction, so an edit to light_verbs.txt also applies
    # when stored articles are re-fused.
    light = gazetteer().light_verbs
    for a in arts:
        for act in a.extraction.actions:
            if act.key in light:
                continue
            k = unit_of(a.extraction, act.start)
            if k is not None and (not out[act.key] or out[act.key][-1] != base + k):
                out[act.key].append(base + k)
        base += len(a.extraction.units)
    return out


def _happenings(members: list[int], vecs: np.ndarray) -> list[list[int]]:
    """Split the sentences naming one action into happenings by average-linkage clustering."""
    if len(members) < 2:
        return [members]
    sims = np.clip(vecs[members] @ vecs[members].T, -1.0, 1.0)
    dist = np.clip(1.0 - sims, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"),
                      1.0 - SAME_HAPPENING, criterion="distance")
    groups: dict[int, list[int]] = defaultdict(list)
    for m, lab in zip(members, labels, strict=True):
        groups[lab].append(m)
    return list(groups.values())


def _merge(groups: list[tuple[str, set[int]]]) -> list[tuple[list[str], set[int]]]:
    """Groups citing nearly the same sentences describe one happening in several words."""
    merged: list[tuple[list[str], set[int]]] = []
    for key, units in sorted(groups, key=lambda g: (-len(g[1]), g[0])):
        for keys, other in merged:
            if len(units & other) >= SAME_SENTENCES * len(units | other):
                keys.append(key)
                other |= units
                break
        else:
            merged.append(([key], set(units)))
    return merged


def statement_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    units: list[Unit] = [(a, k) for a in arts for k in range(len(a.extraction.units))]
    if not units:
        return []
    vecs = np.vstack([a.unit_vectors[k] for a, k in units]).astype(np.float32)
    groups = []
    for key, members in _units_by_action(arts).items():
        if len({units[m][0].id for m in members}) < 2 or len(members) > MAX_SENTENCES:
            continue
        for happening in _happenings(members, vecs):
            if len({units[m][0].id for m in happening}) >= 2:
                groups.append((key, set(happening)))
    facts, covered = [], set()
    kept: list[tuple[set[int], int]] = []  # (sentences, summary sentence) of each fact so far
    for keys, members in _merge(groups):  # largest first
        order = sorted(members)
        centre = order[_summary([units[m] for m in order], vecs[order])]
        # A group inside a larger one that reads the same (same summary sentence) adds nothing
        # a reader can see; the larger fact already cites every one of its sentences.
        if any(members <= big and centre == c for big, c in kept):
            continue
        kept.append((members, centre))
        covered |= members
        facts.append(_fact(story_id, [units[m] for m in order], order.index(centre), keys))
    facts += _paraphrases(story_id, [u for i, u in enumerate(units) if i not in covered],
                          vecs[[i for i in range(len(units)) if i not in covered]])
    return facts


def _paraphrases(story_id: str, units: list[Unit], vecs: np.ndarray) -> list[FusedFact]:
    """The sentences no action ties to another article: paired with a close paraphrase (one
    per article), or left as single-source facts."""
    if not units:
        return []
    sims = vecs @ vecs.T
    groups = constrained_groups(units, lambda u: u[0].id, lambda i, j: float(sims[i, j]),
                                PARAPHRASE, candidates=sims >= PARAPHRASE)
    return [_fact(story_id, [units[i] for i in g], _summary([units[i] for i in g], vecs[g]), [])
            for g in groups]


def _numbers(a: ArticleView, k: int) -> set[float]:
    s, e = a.extraction.units[k]
    return {f.value for f in a.extraction.figures if s <= f.start < e}


def _summary(members: list[Unit], vecs: np.ndarray) -> int:
    """The sentence closest to all the others (the group's most typical wording), among those
    whose numbers another article also gives: a summary must not take sides on a figure the
    sources dispute."""
    if len(members) < 3:
        return 0
    centrality = vecs.sum(axis=0) @ vecs.T
    agreed = [i for i, (a, k) in enumerate(members)
              if _numbers(a, k) <= set().union(*(_numbers(b, j) for b, j in members if b.id != a.id))]
    return max(agreed or range(len(members)), key=lambda i: centrality[i])


def _fact(story_id: str, members: list[Unit], centre: int, keys: list[str]) -> FusedFact:
    sources = [source(a, *a.extraction.units[k]) for a, k in members]
    label, outlets = label_of([a for a, _ in members])
    return FusedFact(
        story_id=story_id, fact_id=fact_id(story_id, "statement", sources, "|".join(sorted(keys))),
        label=label, kind="statement", summary=brief(sources[centre].text), sources=sources,
        outlets=outlets,
    )
