"""One article's extraction: its parse, by its language's pipeline, and every extractor run on it."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from ..models import Article, Extraction
from ..nlp import parser_language, spacy_nlp
from .actions import action_mentions
from .actors import resolve_actors
from .claims import extract_claims
from .dates import extract_dates
from .events import extract_events
from .figures import extract_figures
from .quotes import extract_quotes
from .rule_entities import add_rule_entities
from .units import statement_units


def extract_doc(doc, article: Article) -> Extraction:
    nlp = spacy_nlp(doc.lang_)
    add_rule_entities(doc)
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


def parse_articles(articles: list[Article]) -> list[Doc]:
    """Each article parsed by its language's pipeline, one ``pipe`` per language, in input
    order."""
    docs: list[Doc | None] = [None] * len(articles)
    by_parser: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_parser.setdefault(parser_language(a.language), []).append(i)
    for language, rows in by_parser.items():
        texts = (articles[i].text for i in rows)
        for i, doc in zip(rows, spacy_nlp(language).pipe(texts, batch_size=len(rows)), strict=True):
            docs[i] = doc
    return docs  # type: ignore[return-value]


def extract_articles(articles: Iterable[Article]) -> list[Extraction]:
    articles = list(articles)
    return [extract_doc(doc, a) for doc, a in zip(parse_articles(articles), articles, strict=True)]
