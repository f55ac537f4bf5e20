"""What every aligner needs: the article as fusion sees it, evidence spans, labels and ids."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from ..extract.gazetteer import fold
from ..models import Extraction, FactSource, QuoteRecord


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

    def quote_vectors(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k-th verbatim quote's vectors: its content, and its quoted words alone."""
        base, n = len(self.extraction.units), len(verbatim_quotes(self.extraction))
        return self.unit_vectors[base + k], self.unit_vectors[base + n + k]


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


def source(a: ArticleView, start: int, end: int) -> FactSource:
    while start < end and a.text[start].isspace():
        start += 1
    while end > start and a.text[end - 1].isspace():
        end -= 1
    return FactSource(article_id=a.id, source_id=a.source_id, outlet=a.outlet, start=start,
                      end=end, text=a.text[start:end])


def label_of(arts: list[ArticleView]) -> tuple[str, int]:
    independent = {a.independent_key for a in arts}
    outlets = {a.outlet or a.id for a in arts}
    return ("corroborated" if len(independent) >= 2 else "single_source"), len(outlets)


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


def unit_of(ex: Extraction, start: int) -> int | None:
    for i, (s, e) in enumerate(ex.units):
        if s <= start < e:
            return i
    return None


SUMMARY_CHARS = 160


def brief(text: str, limit: int = SUMMARY_CHARS) -> str:
    """A summary line: whitespace folded, cut at a word boundary. The sources keep the whole
    evidence; the summary only has to say which fact this is."""
    text = " ".join(text.split()).strip(" ,;")
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
