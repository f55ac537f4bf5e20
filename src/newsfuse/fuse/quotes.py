"""Quotes: one fact per thing said, aligned by speaker and content.

The same quotation translated twice ("daily and ongoing communication" / "daily and permanent
communication") is one quote with a wording flag; a quote whose numbers or polarity differ
between sources is a conflict on its wording.
"""

from __future__ import annotations

import re

from ..extract.gazetteer import fold, slug
from ..models import FusedFact, QuoteRecord
from .align import constrained_groups
from .common import (
    ArticleView,
    brief,
    fact_id,
    jaccard,
    label_of,
    quoted_words,
    source,
    verbatim_quotes,
    words,
)

QUOTE_SAME_SPEAKER = 0.72
QUOTE_UNKNOWN_SPEAKER = 0.9


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


def _summary(q: QuoteRecord) -> str:
    """'Speaker: "words"' for a direct quote; a paraphrase is not put in quotation marks, its own
    quoted words keep theirs."""
    who = q.speaker_name or q.speaker
    content = q.content.strip(" ,.")
    if q.direct:
        return f'{who}: "{brief(content)}"'
    return f"{who}: {brief(re.sub(r'^that ', '', content))}"


def quote_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    # (article, quote, content vector, quoted-words vector, content words, quoted words, speaker)
    items = []
    for a in arts:
        for k, q in enumerate(verbatim_quotes(a.extraction)):
            if len(q.content.split()) >= 3 and q.speaker:
                content, quoted = a.quote_vectors(k)
                items.append((a, q, content, quoted, words(q.content),
                              words(quoted_words(q, a.text)), _speaker_key(q)))

    def score(i: int, j: int) -> float:
        (_, _, vi, wi, ci, qi, ki), (_, _, vj, wj, cj, qj, kj) = items[i], items[j]
        # The same quotation translated twice differs in its verbatim words, not in substance;
        # the paraphrase around it may differ more than the quotation itself.
        sim = max(float(vi @ vj), float(wi @ wj), jaccard(ci, cj), jaccard(qi, qj))
        same = _same_speaker(ki, kj)
        if ki and kj and not same:
            return 0.0
        return sim if same else sim - (QUOTE_UNKNOWN_SPEAKER - QUOTE_SAME_SPEAKER)

    facts = []
    for group in constrained_groups(items, lambda it: it[0].id, score, QUOTE_SAME_SPEAKER):
        members = [items[i] for i in group]
        sources = [source(a, q.start, q.end) for a, q, *_ in members]
        label, outlets = label_of([a for a, *_ in members])
        first = members[0][1]
        flags, conflict = [], None
        contents = {" ".join(sorted(words(q.content))) for _, q, *_ in members}
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
            story_id=story_id, fact_id=fact_id(story_id, "quote", sources), label=label,
            kind="quote", summary=_summary(first),
            sources=sources, outlets=outlets, conflict=conflict, flags=flags,
        ))
    return facts
