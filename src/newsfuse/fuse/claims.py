"""Claims as fusion sees them: each with its sentence vector and what its sentence carries.

A claim is the unit of fusion. The quotes, figures, dates and coded events of its clause belong
to it, so a sentence appears under one fact with all of them as fields, not under a quote fact,
a figure fact and an event fact at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..models import ClaimRecord, DateRecord, EventRecord, FigureRecord, QuoteRecord
from .common import ArticleView, conjoined_claims, verbatim_quotes, words


@dataclass
class Claim:
    article: ArticleView
    record: ClaimRecord
    vector: np.ndarray
    quotes: list[tuple[int, QuoteRecord]] = field(default_factory=list)  # (verbatim index, quote)
    figures: list[FigureRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    @property
    def unit(self) -> int:
        return self.record.unit

    @property
    def start(self) -> int:
        return self.record.start

    @property
    def end(self) -> int:
        return self.record.end

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]

    # Read for every pair a claim is scored in; the record does not change while a story fuses.
    @cached_property
    def roles(self) -> set[tuple[str, str]]:
        """(part, actor) for each participant resolved to an actor: ("agent", "org:seacom")."""
        r = self.record
        return {(part, p.actor) for part, p in (("agent", r.agent), ("patient", r.patient),
                                                ("recipient", r.recipient)) if p is not None and p.actor}

    @cached_property
    def actors(self) -> set[str]:
        """The resolved actors among its participants, whatever part they play."""
        return {actor for _, actor in self.roles}

    @property
    def content(self) -> str:
        s, e = self.record.content or (self.start, self.end)
        return self.article.text[s:e]


def _inside(start: int, s: int, e: int) -> bool:
    return s <= start < e


def _reported(rec: ClaimRecord, s: int, e: int) -> tuple[int, int]:
    """Where a claim's own time is read: in what was reported, not in the saying around it
    ("Seacom announced today (14 October) that it has restored service": the 14th is when it
    said so)."""
    if rec.attribution is not None and rec.content:
        return max(s, rec.content[0]), min(e, rec.content[1])
    return s, e


def claims_of(a: ArticleView) -> list[Claim]:
    """The article's claims, each with the items whose start lies in its unit (a unit stating two
    claims gives its quote to the first, its figures and events to the one whose content holds
    them). An article stored before claims were extracted gets bare claims (its units,
    asserted, no roles)."""
    ex = a.extraction
    records = ex.claims or [ClaimRecord(start=s, end=e, unit=k) for k, (s, e) in enumerate(ex.units)]
    verbatim = {id(q): k for k, q in enumerate(verbatim_quotes(ex))}
    conjoined = conjoined_claims(ex)
    rows = a.conjoined_vectors()
    own = {id(c): rows[i] for i, c in enumerate(conjoined) if i < len(rows)}
    per_unit = Counter(r.unit for r in records)
    out = []
    for rec in records:
        k = rec.unit
        s, e = ex.units[k]
        if per_unit[k] > 1 and rec.content:
            s, e = rec.content  # a conjunct's items are those inside its own words
        told = _reported(rec, s, e)
        out.append(Claim(
            article=a, record=rec, vector=own.get(id(rec), a.unit_vectors[k]),
            quotes=[(verbatim.get(id(q), -1), q) for q in ex.quotes if _inside(q.start, s, e)],
            figures=[f for f in ex.figures if _inside(f.start, s, e)],
            dates=[d for d in ex.dates if _inside(d.start, *told)],
            events=[ev for ev in ex.events if _inside(ev.start, s, e) and ev.mode != "negated"],
            words={w for w in words(ex.unit_glosses[k] if ex.unit_glosses else a.text[s:e])
                   if len(w) > 3},
        ))
    return out
