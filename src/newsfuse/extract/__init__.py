"""Extraction: one spaCy parse per article, reused by every extractor.

``extract_docs`` takes articles in batches (spaCy's ``pipe`` is several times faster than one
call per text) and returns an ``Extraction`` per article with offsets into the stored text.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Article, Extraction
from ..nlp import spacy_nlp
from .actions import action_mentions
from .actors import resolve_actors
from .claims import extract_claims
from .dates import extract_dates
from .events import extract_events
from .figures import extract_figures
from .quotes import extract_quotes
from .units import statement_units


def extract_doc(doc, article: Article) -> Extraction:
    nlp = spacy_nlp()
    index = resolve_actors(doc, nlp, article.published.date() if article.published else None)
    dates = extract_dates(doc, article.published)
    units = statement_units(doc)
    return Extraction(
        actors=list(index.actors.values()),
        quotes=extract_quotes(doc, index),
        figures=extract_figures(doc),
        dates=dates,
        events=extract_events(doc, index, dates),
        units=units,
        actions=action_mentions(doc),
        claims=extract_claims(doc, index, units),
    )


def extract_articles(articles: Iterable[Article], batch_size: int = 16) -> list[Extraction]:
    articles = list(articles)
    nlp = spacy_nlp()
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    return [extract_doc(doc, a) for doc, a in zip(docs, articles, strict=True)]
