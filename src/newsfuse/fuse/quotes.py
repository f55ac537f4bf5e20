"""Quotes: the same thing said, recognised by speaker and content.

The same quotation translated twice ("daily and ongoing communication" / "daily and permanent
communication") is one quote with a wording flag; a quote whose numbers or polarity differ
between sources is a conflict on its wording.
"""

from __future__ import annotations

import re

from .. import actor_ids
from ..keys import fold
from ..models import QuoteRecord
from .claims import Claim
from .common import jaccard, quoted_words, words

QUOTE_SAME_SPEAKER = 0.72
QUOTE_UNKNOWN_SPEAKER = 0.9
MIN_WORDS = 3

_UNRESOLVED = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def _speaker_key(q: QuoteRecord) -> str | None:
    if q.speaker_actor:
        return q.speaker_actor
    # An unresolved "he" in one article and "he" in another are not known to be one speaker.
    key = fold(q.speaker) if q.speaker else None
    return None if key in _UNRESOLVED else key


def _numbers(text: str) -> set[str]:
    """Numerals as values: "6:00 p.m." is 6, "1,000" is 1000."""
    found = re.findall(r"\d+(?:[.,:]\d+)?", re.sub(r"(\d):\s+(\d\d)\b", r"\1:\2", text))
    return {re.sub(r"[:.,]0+$", "", n).replace(",", "") for n in found}


def _negated(text: str) -> bool:
    t = re.sub(r"n[’']t\b", " not", text.lower())
    return bool(re.search(r"\b(?:not|never|no|nothing|none|neither|nor)\b", t))


def _similarity(ci: Claim, k: int, qi: QuoteRecord, cj: Claim, m: int, qj: QuoteRecord) -> float:
    """The best of the content and quoted-words embeddings and word overlaps: the same quotation
    translated twice differs in its verbatim words, not in substance, and the paraphrase around
    it may differ more than the quotation itself."""
    sims = [jaccard(words(qi.content), words(qj.content)),
            jaccard(words(quoted_words(qi, ci.article.text)), words(quoted_words(qj, cj.article.text)))]
    if k >= 0 and m >= 0:
        (vi, wi), (vj, wj) = ci.article.quote_vectors(k), cj.article.quote_vectors(m)
        sims += [float(vi @ vj), float(wi @ wj)]
    same = actor_ids.same_person(_speaker_key(qi), _speaker_key(qj))
    if _speaker_key(qi) and _speaker_key(qj) and not same:
        return 0.0
    best = max(sims)
    return best if same else best - (QUOTE_UNKNOWN_SPEAKER - QUOTE_SAME_SPEAKER)


def _quotable(q: QuoteRecord) -> bool:
    return q.verbatim and bool(q.speaker) and len(q.content.split()) >= MIN_WORDS


def same_quote(ci: Claim, cj: Claim) -> tuple[QuoteRecord, QuoteRecord] | None:
    """The pair of quotes by which two claims report one remark, if any."""
    best, found = QUOTE_SAME_SPEAKER, None
    for k, qi in ci.quotes:
        for m, qj in cj.quotes:
            if _quotable(qi) and _quotable(qj):
                s = _similarity(ci, k, qi, cj, m, qj)
                if s >= best:
                    best, found = s, (qi, qj)
    return found


def wording(quotes: list[tuple[str, QuoteRecord]],
            texts: dict[str, str]) -> tuple[list[str], dict | None]:
    """Flags and conflict of one remark as several articles give it: a differing wording is a
    flag, differing numbers or polarity a conflict on the wording. Polarity is read on the
    quoted words alone: "was 'treating it as suspicious' but did not elaborate" negates the
    reporter's sentence, not the remark."""
    contents = {" ".join(sorted(words(q.content))) for _, q in quotes}
    if len(quotes) < 2 or len(contents) < 2:
        return [], None
    # A number one wording spells out or leaves out ("11th hour" / "eleventh-hour") is no
    # disagreement; two wordings giving different numbers are.
    counted = [_numbers(q.content) for _, q in quotes]
    numbers = {frozenset(n) for n in counted} if all(counted) else set()
    polarity = {_negated(quoted_words(q, texts[aid])) for aid, q in quotes}
    if len(numbers) > 1 or len(polarity) > 1:
        return [], {"field": "wording", "values": [
            {"value": q.content, "article_ids": [aid]} for aid, q in quotes]}
    return ["wording_differs"], None


def speaker_line(q: QuoteRecord) -> str:
    """'Speaker: "words"' for a direct quote; a paraphrase is not put in quotation marks, its own
    quoted words keep theirs."""
    who = q.speaker_name or q.speaker
    content = q.content.strip(" ,.")
    if q.direct:
        return f'{who}: "{content}"'
    return f"{who}: {re.sub(r'^that ', '', content)}"
