"""Fusion: a story's articles in, labelled facts out.

Four kinds of fact are aligned across articles, each by what identifies it:
- quotes by speaker and content (a translation variant is the same quote, worded differently);
- figures by what is counted, then compared as intervals ("up to 14" agrees with "14");
- events by action, source and each object item, then compared on the target;
- statements (clauses) by sentence embeddings.
A fact is ``corroborated`` when articles that are not copies of each other state it,
``single_source`` when one does, ``conflicting`` when aligned sources disagree on a value.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

import numpy as np

from ..extract.gazetteer import fold, slug
from ..models import EventRecord, Extraction, FactSource, FigureRecord, FusedFact, QuoteRecord
from .align import constrained_groups

QUOTE_SAME_SPEAKER = 0.72
QUOTE_UNKNOWN_SPEAKER = 0.9
STATEMENT_THRESHOLD = 0.78
FIGURE_THRESHOLD = 0.6
EVENT_ITEM_OVERLAP = 0.5
_GENERIC = {"help", "assistance", "support", "aid", "thing", "way", "part", "kind", "type",
            "number", "lot", "proposal", "request", "potentially", "additional"}
_ORDER = {"corroborated": 0, "conflicting": 1, "single_source": 2}


@dataclass
class ArticleView:
    """What fusion needs of a stored article."""

    id: str
    source_id: str | None
    outlet: str | None
    text: str
    extraction: Extraction
    unit_vectors: np.ndarray  # rows: units, then verbatim quotes (``verbatim_quotes`` order)
    duplicate_of: str | None = None

    @property
    def independent_key(self) -> str:
        return self.duplicate_of or self.id


def verbatim_quotes(ex: Extraction) -> list[QuoteRecord]:
    return [q for q in ex.quotes if q.verbatim]


def quoted_words(q: QuoteRecord, text: str) -> str:
    """The verbatim stretches of a quote, without the paraphrase or cue around them."""
    return " ".join(text[s:e] for s, e in q.parts) if q.parts else q.content


def embedded_texts(ex: Extraction, text: str) -> list[str]:
    """What the pipeline embeds per article, in the row order of ``ArticleView.unit_vectors``:
    statement units, then each verbatim quote's content, then its quoted words alone."""
    quotes = verbatim_quotes(ex)
    return ([text[s:e] for s, e in ex.units] + [q.content for q in quotes]
            + [quoted_words(q, text) for q in quotes])


def _source(a: ArticleView, start: int, end: int) -> FactSource:
    while start < end and a.text[start].isspace():
        start += 1
    while end > start and a.text[end - 1].isspace():
        end -= 1
    return FactSource(article_id=a.id, source_id=a.source_id, outlet=a.outlet, start=start,
                      end=end, text=a.text[start:end])


def _label(arts: list[ArticleView]) -> tuple[str, int]:
    independent = {a.independent_key for a in arts}
    outlets = {a.outlet or a.id for a in arts}
    return ("corroborated" if len(independent) >= 2 else "single_source"), len(outlets)


def _fact_id(story_id: str, kind: str, sources: list[FactSource], what: str = "") -> str:
    key = "|".join([story_id, kind, what,
                    *sorted(f"{s.article_id}:{s.start}:{s.end}" for s in sources)])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _unit_of(ex: Extraction, start: int) -> int | None:
    for i, (s, e) in enumerate(ex.units):
        if s <= start < e:
            return i
    return None


# -- quotes -------------------------------------------------------------------------------------

_UNRESOLVED = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def _speaker_key(q: QuoteRecord) -> str | None:
    if q.speaker_actor:
        return q.speaker_actor
    # An unresolved "he" in one article and "he" in another are not known to be one speaker.
    key = fold(q.speaker) if q.speaker else None
    return None if key in _UNRESOLVED else key


def _same_speaker(a: str | None, b: str | None) -> bool:
    """One speaker, also when one article names them by surname alone: the store can only join
    "Okafor" to "Daniel Okafor" once the full name is stored, and articles arrive in any order."""
    if not a or not b:
        return False
    if a == b:
        return True
    # An unresolved surname ("okafor") is keyed by its text, a resolved one by its actor id.
    x, y = (k.removeprefix("person:") if k.startswith("person:") else slug(k) for k in (a, b))
    people = a.startswith("person:") or b.startswith("person:")
    return people and (x.endswith("-" + y) or y.endswith("-" + x))


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)?", text))


def _negated(text: str) -> bool:
    t = re.sub(r"n[’']t\b", " not", text.lower())
    return bool(re.search(r"\b(?:not|never|no|nothing|none|neither|nor)\b", t))


def _quote_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    # (article, quote, content vector, quoted-words vector, content words, quoted words, speaker)
    items = []
    for a in arts:
        quotes = verbatim_quotes(a.extraction)
        offset = len(a.extraction.units)
        for k, q in enumerate(quotes):
            if len(q.content.split()) >= 3 and q.speaker:
                items.append((a, q, a.unit_vectors[offset + k],
                              a.unit_vectors[offset + len(quotes) + k], _words(q.content),
                              _words(quoted_words(q, a.text)), _speaker_key(q)))

    def score(i: int, j: int) -> float:
        (_, _, vi, wi, ci, qi, ki), (_, _, vj, wj, cj, qj, kj) = items[i], items[j]
        # The same quotation translated twice differs in its verbatim words, not in substance;
        # the paraphrase around it may differ more than the quotation itself.
        sim = max(float(vi @ vj), float(wi @ wj), _jaccard(ci, cj), _jaccard(qi, qj))
        same = _same_speaker(ki, kj)
        if ki and kj and not same:
            return 0.0
        return sim if same else sim - (QUOTE_UNKNOWN_SPEAKER - QUOTE_SAME_SPEAKER)

    facts = []
    for group in constrained_groups(items, lambda it: it[0].id, score, QUOTE_SAME_SPEAKER):
        members = [items[i] for i in group]
        sources = [_source(a, q.start, q.end) for a, q, *_ in members]
        label, outlets = _label([a for a, *_ in members])
        first = members[0][1]
        flags, conflict = [], None
        contents = {" ".join(sorted(_words(q.content))) for _, q, *_ in members}
        if len(members) > 1 and len(contents) > 1:
            numbers = {frozenset(_numbers(q.content)) for _, q, *_ in members}
            polarity = {_negated(q.content) for _, q, *_ in members}
            if len(numbers) > 1 or len(polarity) > 1:
                label = "conflicting"
                conflict = {"field": "wording", "values": [
                    {"value": q.content, "article_ids": [a.id]} for a, q, *_ in members]}
            else:
                flags.append("wording_differs")
        facts.append(FusedFact(
            story_id=story_id, fact_id=_fact_id(story_id, "quote", sources), label=label,
            kind="quote", summary=f'{first.speaker_name or first.speaker}: "{first.content.strip(" ,.")}"',
            sources=sources, outlets=outlets, conflict=conflict, flags=flags,
        ))
    return facts


# -- figures ------------------------------------------------------------------------------------

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


def _figure_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    items = []
    for a in arts:
        for f in a.extraction.figures:
            if f.unit:
                u = _unit_of(a.extraction, f.start)
                items.append((a, f, a.unit_vectors[u] if u is not None else None))

    def score(i: int, j: int) -> float:
        (_, fi, vi), (_, fj, vj) = items[i], items[j]
        units = _jaccard(_words(fi.unit), _words(fj.unit))
        if units < 0.5:
            return 0.0
        context = float(vi @ vj) if vi is not None and vj is not None else 0.5
        # Two figures of one sentence compete for a partner: the one that agrees wins, so
        # "40 km east ... at a depth of 30 km" pairs 40 with 40, not 30 with 40.
        return 0.5 * units + 0.5 * context + (0.2 if figures_agree(fi, fj) else 0.0)

    facts = []
    for group in constrained_groups(items, lambda it: it[0].id, score, FIGURE_THRESHOLD):
        members = [items[i] for i in group]
        sources = [_source(a, f.start, f.end) for a, f, _ in members]
        label, outlets = _label([a for a, *_ in members])
        conflict = None
        figs = [f for _, f, _ in members]
        if any(not figures_agree(x, y) for x in figs for y in figs):
            label = "conflicting"
            conflict = {"field": "value", "values": [
                {"value": f.text, "number": f.value, "qualifier": f.qualifier, "article_ids": [a.id]}
                for a, f, _ in members]}
        first = figs[0]
        a0 = members[0][0]
        s, e = first.sentence or [first.start, first.end]
        facts.append(FusedFact(
            story_id=story_id, fact_id=_fact_id(story_id, "figure", sources), label=label,
            kind="figure", summary=f"{_figure_label(first)}: {a0.text[s:e].strip()}",
            sources=sources, outlets=outlets, conflict=conflict,
        ))
    return facts


def _figure_label(f: FigureRecord) -> str:
    unit = f.unit or ""
    return f.text if unit.split()[:1] and unit.split()[0] in f.text.lower() else f"{f.text} {unit}"


# -- events -------------------------------------------------------------------------------------

def _item_key(text: str) -> set[str]:
    return {w for w in _words(text) if len(w) > 2 and w not in _GENERIC} - {"the", "and", "for"}


def _item_head(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return words[-1] if words else ""


def _codes(code: str | None) -> set[str]:
    return set(code.split(";")) if code else set()


def _compatible(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def _event_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    items = []  # (article, event, item text, key)
    for a in arts:
        for ev in a.extraction.events:
            if ev.mode == "negated":
                continue
            keys = [(it, _item_key(it)) for it in ev.objects]
            keys = [(it, k) for it, k in keys if k]
            # An item that contains another is its wrapper ("help ..., including drones").
            keys = [(it, k) for it, k in keys
                    if not any(o is not k and o < k for _, o in keys)]
            for it, k in keys:
                items.append((a, ev, it, k))

    def score(i: int, j: int) -> float:
        (_, ei, ti, ki), (_, ej, tj, kj) = items[i], items[j]
        if ei.type != ej.type or not _compatible(_codes(ei.source.code), _codes(ej.source.code)):
            return 0.0
        shared = ki & kj
        # Sharing a modifier ("military support" / "military repairs") is not the same item:
        # the head noun of one of them must be shared.
        if not shared & {_item_head(ti), _item_head(tj)}:
            return 0.0
        return len(shared) / min(len(ki), len(kj))

    facts: list[FusedFact] = []
    used: set[int] = set()
    for group in constrained_groups(items, lambda it: it[0].id, score, EVENT_ITEM_OVERLAP):
        if len({items[i][0].independent_key for i in group}) < 2:
            continue
        members = [items[i] for i in group]
        used.update(id(items[i][1]) for i in group)
        facts.append(_event_fact(story_id, members, members[0][2]))

    # Events not aligned through an object: align whole events by action and parties.
    rest = [(a, ev, None, None) for a in arts for ev in a.extraction.events
            if id(ev) not in used and ev.mode != "negated" and (ev.source.code or ev.target.code)]

    def whole(i: int, j: int) -> float:
        (ai, ei, _, _), (aj, ej, _, _) = rest[i], rest[j]
        if ei.type != ej.type or not (_codes(ei.source.code) & _codes(ej.source.code)):
            return 0.0
        if not _compatible(_codes(ei.target.code), _codes(ej.target.code)):
            return 0.0
        ui, uj = _unit_of(ai.extraction, ei.start), _unit_of(aj.extraction, ej.start)
        if ui is None or uj is None:
            return 0.0
        return float(ai.unit_vectors[ui] @ aj.unit_vectors[uj])

    for group in constrained_groups(rest, lambda it: it[0].id, whole, 0.6):
        facts.append(_event_fact(story_id, [rest[i] for i in group], None))
    return facts


def _event_fact(story_id: str, members, item: str | None) -> FusedFact:
    sources = [_source(a, *(ev.sentence or [ev.start, ev.end])) for a, ev, _, _ in members]
    label, outlets = _label([a for a, _, _, _ in members])
    conflict = None
    by_target: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for a, ev, _, _ in members:
        key = ev.target.code or ""
        if key:
            by_target.setdefault(key, []).append(a.id)
            names[key] = ev.target.name or key
    codes = [_codes(k) for k in by_target]
    if len(codes) > 1 and any(not (x & y) for x in codes for y in codes):
        label = "conflicting"
        conflict = {"field": "target", "values": [
            {"value": names[k], "code": k, "article_ids": ids} for k, ids in by_target.items()]}
    ev: EventRecord = members[0][1]
    target = ev.target.name or "?"
    what = f" for {item}" if item else (f" ({'; '.join(ev.objects[:3])})" if ev.objects else "")
    if conflict:
        target = " / ".join(v["value"] for v in conflict["values"])
    summary = f"{ev.type}: {ev.source.name or '?'} {ev.verb} {target}{what}"
    return FusedFact(
        story_id=story_id, fact_id=_fact_id(story_id, "event", sources, summary), label=label,
        kind="event",
        summary=summary, sources=sources, outlets=outlets, conflict=conflict,
    )


# -- statements ---------------------------------------------------------------------------------

def _statement_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    items = [(a, u, a.unit_vectors[k]) for a in arts for k, u in enumerate(a.extraction.units)]
    if not items:
        return []
    mat = np.vstack([v for _, _, v in items]).astype(np.float32)
    sims = mat @ mat.T

    def score(i: int, j: int) -> float:
        return float(sims[i, j])

    facts = []
    for group in constrained_groups(items, lambda it: it[0].id, score, STATEMENT_THRESHOLD,
                                    candidates=sims >= STATEMENT_THRESHOLD):
        members = [items[i] for i in group]
        sources = [_source(a, u[0], u[1]) for a, u, _ in members]
        label, outlets = _label([a for a, *_ in members])
        flags = ["wording_differs"] if len({fold(s.text) for s in sources}) > 1 else []
        facts.append(FusedFact(
            story_id=story_id, fact_id=_fact_id(story_id, "statement", sources), label=label,
            kind="statement", summary=sources[0].text, sources=sources, outlets=outlets,
            flags=flags if len(members) > 1 else [],
        ))
    return facts


def fuse_story(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    facts = (_quote_facts(story_id, arts) + _figure_facts(story_id, arts)
             + _event_facts(story_id, arts) + _statement_facts(story_id, arts))
    # The same kind of fact over the same evidence spans is one fact (the id says so); two
    # aligners reaching it twice must not store it twice.
    unique: dict[str, FusedFact] = {}
    for f in facts:
        unique.setdefault(f.fact_id, f)
    facts = list(unique.values())
    order = {a.id: i for i, a in enumerate(arts)}
    facts.sort(key=lambda f: (_ORDER[f.label], order.get(f.sources[0].article_id, 0),
                              f.sources[0].start))
    return facts
