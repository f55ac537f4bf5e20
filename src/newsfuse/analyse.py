"""The per-article half of ingest: everything that depends on one article alone.

``analyse`` takes a batch of cleaned articles and returns, in the same order, what the serial
half (``pipeline.Pipeline.place``) needs to decide where each one goes: the extraction, every
embedding, the MinHash signature and the clustering evidence. It reads no store and no index, so
any number of processes can run it side by side, and models load once per process.

Embeddings are made in one call per batch, not per article: the encoder sorts its inputs by
length, so short statements from many articles share padding-free batches.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import translate
from .cluster import Evidence, article_vectors, evidence, lead_text, lead_vector
from .dedup import direct_quotes, minhash, to_bytes
from .fuse.common import embedded_texts
from .ingest import InputError
from .models import Article, Extraction, JSONText, json_text
from .nlp import EMBED_DIM, embed

log = logging.getLogger(__name__)
# Statements are short: small encoder batches pad less, and on CPU they are faster than large ones
# (16 against 64 took 0.7 of the time on ECB+ statements).
EMBED_BATCH = 16


@dataclass
class Analysis:
    """One article, analysed: what ``place`` decides with and what the store keeps."""

    article: Article
    extraction: Extraction
    vector: np.ndarray  # the whole text (clustering)
    lead: np.ndarray  # the title and opening words (clustering)
    unit_vectors: np.ndarray  # one row per ``embedded_texts`` entry (fusion), float16 as stored
    signature: bytes  # MinHash of the text (near-duplicates)
    evidence: Evidence
    quotes: list[frozenset[str]]  # words of each direct quote (rewrites)
    extraction_json: JSONText | None = None  # ``extraction`` as the store writes it


@dataclass
class Analysed:
    """A batch's results in input order (an input that failed is its error) and the seconds
    each stage took, so a run can say where its time went wherever the batch ran."""

    results: list[Analysis | InputError]
    seconds: Counter = field(default_factory=Counter)


def _extract(articles: list[Article], seconds: Counter) -> list[Extraction | InputError]:
    """Parse each language's articles in one ``pipe`` and extract; a text that breaks a batch
    is retried alone, so it costs only itself."""
    # Imported here, in the process that analyses: the one that places only names this module's
    # ``analyse`` for its workers, and must not load spaCy for it.
    from .extract.articles import extract_doc, parse_articles

    t = time.perf_counter()
    try:
        docs: list = parse_articles(articles)
    except Exception:  # noqa: BLE001 - retried one by one below
        log.debug("batch parse failed, parsing one by one", exc_info=True)
        docs = [_parse_one(a) for a in articles]
    seconds["parse"] += time.perf_counter() - t
    t = time.perf_counter()
    out: list[Extraction | InputError] = []
    for doc, a in zip(docs, articles, strict=True):
        if isinstance(doc, InputError):
            out.append(doc)
            continue
        try:
            out.append(extract_doc(doc, a))
        except Exception as one:  # noqa: BLE001 - a rule's bug costs this input, not the batch
            out.append(InputError(a.origin, f"extraction failed ({type(one).__name__}: {one})"))
    seconds["extract"] += time.perf_counter() - t
    return out


def _in_english(texts: list[str], articles: list[Article], extractions: list,
                rows: list[range]) -> list[str]:
    """The texts to embed, those of articles in another language replaced by their English
    glosses where a translator is installed, so the encoder compares English with English. Each
    such article keeps its units' glosses, and its claims' happenings become English lemmas, so
    fusion can compare its words and predicates with an English article's. One translator call
    per language and batch."""
    by_language: dict[str, list[int]] = {}
    for k, (a, ex) in enumerate(zip(articles, extractions, strict=True)):
        if (not isinstance(ex, InputError) and a.language and a.language != "en"
                and translate.available(a.language)):
            by_language.setdefault(a.language, []).append(k)
    texts = list(texts)
    for language, members in by_language.items():
        keys = sorted({c.happening for k in members for c in extractions[k].claims if c.happening})
        glosses = translate.to_english([texts[i] for k in members for i in rows[k]] + keys, language)
        if glosses is None:
            continue
        english = dict(zip(keys, glosses[len(glosses) - len(keys):], strict=True))
        it = iter(glosses)
        for k in members:
            ex = extractions[k]
            for i in rows[k]:
                texts[i] = next(it)
            ex.unit_glosses = [texts[i] for i in rows[k]][:len(ex.units)]
            for c in ex.claims:
                if c.happening:
                    c.happening = _english_key(english[c.happening])
            articles[k].meta["embedded_as"] = f"English gloss ({translate.MODES[language]})"
    return texts


def _english_key(gloss: str) -> str | None:
    """An English happening key from a translated lemma ("Buy", "to sell")."""
    from .extract.actions import action_key

    words = gloss.lower().split()
    return action_key(words[-1], "VERB") if words else None


def _parse_one(a: Article):
    from .extract.articles import parse_articles

    try:
        return parse_articles([a])[0]
    except Exception as one:  # noqa: BLE001 - reported per input
        return InputError(a.origin, f"parsing failed ({type(one).__name__}: {one})")


def analyse(articles: list[Article]) -> Analysed:
    seconds: Counter = Counter()
    extractions = _extract(articles, seconds)
    t = time.perf_counter()
    texts: list[str] = []
    rows: list[range] = []  # each article's rows of ``texts``: ``embedded_texts``, then any lead
    for a, ex in zip(articles, extractions, strict=True):
        if isinstance(ex, InputError):
            rows.append(range(0))
            continue
        units = embedded_texts(ex, a.text)
        # A text without statement units has no vectors to take its opening's from.
        own = units if ex.units else [*units, lead_text(a.title, a.text)]
        rows.append(range(len(texts), len(texts) + len(own)))
        texts += own
    seconds["embed"] += time.perf_counter() - t
    t = time.perf_counter()
    texts = _in_english(texts, articles, extractions, rows)
    seconds["translate"] += time.perf_counter() - t
    t = time.perf_counter()
    vecs = embed(texts, batch_size=EMBED_BATCH)
    seconds["embed"] += time.perf_counter() - t
    t = time.perf_counter()
    results: list[Analysis | InputError] = []
    for a, ex, r in zip(articles, extractions, rows, strict=True):
        if isinstance(ex, InputError):
            results.append(ex)
            continue
        own = vecs[r.start:r.stop].reshape(-1, EMBED_DIM)
        if ex.units:
            units = own
            lead = lead_vector(a.text, ex.units, units[:len(ex.units)])
        else:
            units, lead = own[:-1], own[-1]
        vector = article_vectors(lead, a.text, units[:len(ex.units)])
        # Halved here, as the store keeps them: the conversion is then the worker's, not the
        # serial stage's, and an article compares the same before it is stored and after.
        results.append(Analysis(
            article=a, extraction=ex, vector=vector, lead=lead,
            unit_vectors=units.astype(np.float16),
            signature=to_bytes(minhash(a.text)),
            evidence=evidence(a.title, a.text, a.published, ex, vector, lead),
            quotes=direct_quotes(ex), extraction_json=json_text(ex)))
    seconds["sign and evidence"] += time.perf_counter() - t
    return Analysed(results, seconds)
