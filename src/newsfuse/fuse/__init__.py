"""Fusion: a story's articles in, labelled facts out.

Every statement unit of every article is a claim (``extract.claims``). Claims of different
articles are scored pairwise (``pairs``: a calibrated model of "same happening"), compared field
by field (``conflicts``), grouped with at most one claim per article (``align``), and each group
becomes one fact (``facts``) whose quotes, figures and events are its fields. So a sentence sits
under one fact, and a reader sees it twice only when it states two claims.

Two claims are one fact when
- the model says they report one happening at the corroborating operating point, they agree on
  every field both fill, and their factuality is the same; or
- they disagree on exactly one field, and something certain anchors them as one happening: one
  remark (``quotes``), one coded act on one thing (``events``), or a shared participant or the
  same predicate counting the same thing, with the model at least at ``DISPUTE``: a
  conflicting fact.
"""

from __future__ import annotations

import numpy as np

from ..keys import fold
from ..models import FusedFact
from ..nlp import stop_words
from .align import constrained_groups
from .claims import Claim, claims_of
from .common import ArticleView, embedded_texts, words
from .conflicts import clashes
from .events import shared_item
from .facts import build
from .figures import figures_agree, same_measure, singular
from .pairs import PairModel, features, kind, model
from .quotes import same_quote

__all__ = ["ArticleView", "embedded_texts", "figures_agree", "fuse_story", "pair_scores"]
_ORDER = {"conflicting": 0, "corroborated": 1, "single_source": 2}
CANDIDATE = 0.25  # sentence cosine below which two claims are not scored at all
# A disagreeing pair reads apart in exactly the words it disagrees on, which lowers its score;
# with an anchor besides, "more likely one happening than not" makes it one disputed fact.
DISPUTE = 0.5


def _anchored(a: Claim, b: Claim) -> bool:
    """Something both claims certainly share besides the disputed field: one resolved actor in
    the same part of the happening. Seacom restoring something and something restoring Seacom's
    service are not one happening told two ways."""
    return bool(a.roles & b.roles)


def _same_count(a: Claim, b: Claim) -> bool:
    """One predicate counting one thing of one agent: "killing three workers" / "five workers
    were killed". The count must be of what was done to, in both; different named agents
    ("Charles rushed for 226 yards" / "Hillis for 101") are two counts, and neither naming one
    ("he caught eight passes") anchors nothing."""
    ra, rb = a.record, b.record
    if ra.happening is None or ra.happening != rb.happening:
        return False
    if not all(c.record.patient is not None and any(
            fold(f.text) in fold(c.record.patient.name or "") for f in c.figures) for c in (a, b)):
        return False
    if _apart(a, b):
        return False
    x, y = ra.agent, rb.agent
    if x is not None and y is not None:
        return (x.actor is not None and x.actor == y.actor) or fold(x.name or "") == fold(y.name or "")
    return (x is None) != (y is None)


def _counted_once(claims: list[Claim]):
    """Whether a claim's article gives one value for each count of its happening: an article
    that counts the same thing of the same predicate twice with different values ("rushed for
    226 yards" and, of another player, "for 101 yards"; the dead of this quake and of an
    earlier one) is counting several happenings, and none of its counts can dispute another
    article's."""
    stated: dict[tuple[str, str], list] = {}
    for c in claims:
        if c.record.happening is not None:
            stated.setdefault((c.article.id, c.record.happening), []).extend(c.figures)

    def once(c: Claim) -> bool:
        told = stated.get((c.article.id, c.record.happening), [])
        return all(figures_agree(f, g) for f in c.figures for g in told if same_measure(f, g))

    return once


def _apart(a: Claim, b: Claim) -> bool:
    """Each claim says something of what was acted on that the other does not, so they are
    about two things and dispute nothing, neither a count nor a day nor a place: "two chances to
    tie the score" and "one final chance to win the game" count different chances, where "ten
    people" and "more than a dozen people" count the same ones."""
    if a.record.patient is None or b.record.patient is None:
        return False

    def said(c: Claim) -> set[str]:
        figures = set().union(*(words(f.text) for f in c.figures)) if c.figures else set()
        stop = stop_words()
        return {singular(w) for w in words(c.record.patient.name or "") - figures
                if w not in stop and not w.isdigit()}

    x, y = said(a), said(b)
    return bool(x - y) and bool(y - x)


def pair_scores(claims: list[Claim], m: PairModel) -> tuple[np.ndarray, np.ndarray]:
    """(across, affinity): the linking score of every claim pair of different articles (the
    model's probability where the pair may link, else 0), and the probability of every pair of
    different articles that do not disagree, which grouping averages."""
    n = len(claims)
    across = np.zeros((n, n), dtype=np.float64)
    affinity = np.zeros((n, n), dtype=np.float64)
    if n < 2:
        return across, affinity
    vecs = np.vstack([c.vector for c in claims]).astype(np.float32)
    # Which pairs are scored at all, decided for every pair at once: a story of a few thousand
    # claims has millions of pairs, and a quarter of them are candidates.
    article = _codes([c.article.id for c in claims])
    happening = _codes([c.record.happening for c in claims])
    candidate = (vecs @ vecs.T >= CANDIDATE) | ((happening[:, None] == happening) & (happening >= 0)[:, None])
    candidate &= article[:, None] != article
    kinds = _codes([kind(c) for c in claims])  # ``pairs.comparable``, for every pair at once
    candidate &= kinds[:, None] == kinds
    pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(candidate, 1)), strict=True)]
    if not pairs:
        return across, affinity
    probs = m.probability(np.vstack([features(claims[i], claims[j]) for i, j in pairs]))
    once = _counted_once(claims)
    for (i, j), p in zip(pairs, probs, strict=True):
        a, b = claims[i], claims[j]
        disagree = clashes(a, b)
        quote = same_quote(a, b) is not None
        event = any(shared_item(x, y) for x in a.events for y in b.events)
        if not disagree:
            affinity[i, j] = affinity[j, i] = max(p, m.link) if quote or event else p
            ok = p >= m.link or quote or event
        else:
            # Numbers conflict only as one count of one happening, whatever else is shared.
            if disagree[0].field == "value":
                anchor = _same_count(a, b) and once(a) and once(b)
            else:
                anchor = (quote or event or _anchored(a, b)) and not _apart(a, b)
            ok = len(disagree) == 1 and anchor and (p >= DISPUTE or quote or event)
        if ok:  # admitted by the rules above; the score orders the merges
            across[i, j] = across[j, i] = max(p, m.link)
        if ok and disagree:
            affinity[i, j] = affinity[j, i] = across[i, j]
    return across, affinity


def _codes(values: list) -> np.ndarray:
    """Each value as an integer, equal values as equal integers; None as -1."""
    index: dict = {}
    return np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values])


def _repeats(groups: list[list[int]], claims: list[Claim], affinity: np.ndarray,
             link: float) -> list[list[int]]:
    """An article that reports a happening again (a lead restated lower down, a headline) cites
    every sentence that does: a claim left alone joins a fact its own article is already in when
    the model reads it, on average, as the happening the other articles' claims there report."""
    lone = [g[0] for g in groups if len(g) == 1]
    shared = [g for g in groups if len(g) > 1]

    def fit(i: int, g: list[int]) -> float:
        others = [j for j in g if claims[j].article.id != claims[i].article.id]
        if not others or len(others) == len(g) or any(clashes(claims[i], claims[j]) for j in g):
            return 0.0  # not a repetition: its article is not in this fact, or it disagrees
        return float(affinity[i, others].mean())

    for i in lone:
        scored = [(fit(i, g), g) for g in shared]
        score, best = max(scored, key=lambda x: x[0], default=(0.0, None))
        if best is not None and score >= link:
            best.append(i)
        else:
            shared.append([i])
    return sorted((sorted(g) for g in shared), key=lambda g: g[0])


def _item_disputes(groups: list[list[int]], claims: list[Claim]) -> list[list[int]]:
    """A claim left alone whose coded act shares an item with another article's act, and names
    another party for it ("asked China and Iran for drones" against "asked Russia for radars,
    jets and drones"), is the other sentence's claim about that item, disputed: one more fact,
    citing the other sentence again, because that sentence states a claim per item."""
    lone = {g[0] for g in groups if len(g) == 1}
    extra = []
    for i in sorted(lone):
        a = claims[i]
        for j, b in enumerate(claims):
            if b.article.id == a.article.id:
                continue
            # The cheap test first: most claims carry no coded act.
            if any(shared_item(x, y) for x in a.events for y in b.events) and any(
                    c.field in {"source", "target"} for c in clashes(a, b)):
                extra.append([j, i])
                break
    taken = {i for _, i in extra}
    return [g for g in groups if not (len(g) == 1 and g[0] in taken)] + extra


def fuse_story(story_id: str, arts: list[ArticleView], pairs: PairModel | None = None) -> list[FusedFact]:
    """``pairs`` is the shipped model unless a fit is trying another."""
    claims = [c for a in arts for c in claims_of(a)]
    if not claims:
        return []
    m = pairs or model()
    across, affinity = pair_scores(claims, m)
    groups = constrained_groups([c.article.id for c in claims], across, m.link, affinity)
    groups = _item_disputes(_repeats(groups, claims, affinity, m.link), claims)
    facts = [build(story_id, [claims[i] for i in g]) for g in groups]
    # An id is a hash of kind and evidence spans: two facts with one id are one fact reached
    # twice, and storing both would fail the story on the unique key.
    facts = list({f.fact_id: f for f in facts}.values())
    order = {a.id: i for i, a in enumerate(arts)}
    facts.sort(key=lambda f: (_ORDER[f.label], order.get(f.sources[0].article_id, 0),
                              f.sources[0].start))
    return facts
