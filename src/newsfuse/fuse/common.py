"""What every aligner needs: the article as fusion sees it, evidence spans, labels and ids."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from ..keys import fold
from ..models import ClaimRecord, Extraction, FactSource, QuoteRecord


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
    outlet_known: bool = True  # False when the outlet was only read off a copyright line

    @property
    def independent_key(self) -> str:
        """Articles sharing this key are one source: a copy is its original, and two articles
        of one outlet are that outlet, which often reuses its own earlier text. An outlet
        unknown, or only guessed from a copyright line, keeps articles apart."""
        if self.outlet and self.outlet_known:
            return "outlet:" + fold(self.outlet)
        return self.duplicate_of or self.id

    def quote_vectors(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k-th verbatim quote's vectors: its content, and its quoted words alone."""
        base, n = len(self.extraction.units), len(verbatim_quotes(self.extraction))
        return self.unit_vectors[base + k], self.unit_vectors[base + n + k]

    def conjoined_vectors(self) -> np.ndarray:
        """Rows of the conjoined claims, in ``conjoined_claims`` order (none in older stores)."""
        base = len(self.extraction.units) + 2 * len(verbatim_quotes(self.extraction))
        return self.unit_vectors[base:]


def verbatim_quotes(ex: Extraction) -> list[QuoteRecord]:
    return [q for q in ex.quotes if q.verbatim]


def quoted_words(q: QuoteRecord, text: str) -> str:
    """The verbatim stretches of a quote, without the paraphrase or cue around them."""
    return " ".join(text[s:e] for s, e in q.parts) if q.parts else q.content


def conjoined_claims(ex: Extraction) -> list[ClaimRecord]:
    """Claims after the first of their unit: a coordinated predicate needs a vector of its own
    words, or it would read as its whole sentence."""
    seen: set[int] = set()
    out = []
    for c in ex.claims:
        if c.unit in seen and c.content:
            out.append(c)
        seen.add(c.unit)
    return out


def embedded_texts(ex: Extraction, text: str) -> list[str]:
    """What the pipeline embeds per article, in the row order of ``ArticleView.unit_vectors``:
    statement units, then each verbatim quote's content, then its quoted words alone, then the
    words of each conjoined claim."""
    quotes = verbatim_quotes(ex)
    return ([text[s:e] for s, e in ex.units] + [q.content for q in quotes]
            + [quoted_words(q, text) for q in quotes]
            + [text[c.content[0]:c.content[1]] for c in conjoined_claims(ex)])


def source(a: ArticleView, start: int, end: int) -> FactSource:
    while start < end and a.text[start].isspace():
        start += 1
    while end > start and a.text[end - 1].isspace():
        end -= 1
    return FactSource(article_id=a.id, source_id=a.source_id, outlet=a.outlet, start=start,
                      end=end, text=a.text[start:end])


@dataclass
class Support:
    label: str  # corroborated | single_source
    outlets: int  # distinct outlets (an unknown outlet counts once per article)
    articles: int


def support_of(arts: list[ArticleView]) -> Support:
    """Corroborated means stated by two or more independent sources (``independent_key``)."""
    by_id = {a.id: a for a in arts}

    def key(a: ArticleView) -> str:
        # A copy counts as its original, whatever outlet republished it.
        if not a.duplicate_of:
            return a.independent_key
        original = by_id.get(a.duplicate_of)
        return original.independent_key if original else a.duplicate_of

    keys = {key(a) for a in arts}
    outlets = {fold(a.outlet) if a.outlet else a.id for a in arts}
    return Support("corroborated" if len(keys) >= 2 else "single_source", len(outlets),
                   len(by_id))


def fact_id(story_id: str, kind: str, sources: list[FactSource], what: str = "") -> str:
    key = "|".join([story_id, kind, what,
                    *sorted(f"{s.article_id}:{s.start}:{s.end}" for s in sources)])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-folded word and number tokens, in order."""
    return re.findall(r"[a-z0-9]+", fold(text))


def words(text: str) -> set[str]:
    return set(tokens(text))


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


SUMMARY_CHARS = 160


def brief(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A summary line: whitespace folded, cut at a word boundary. The sources keep the whole
    evidence; the summary only has to say which fact this is."""
    text = " ".join(text.split()).strip(" ,;")
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
