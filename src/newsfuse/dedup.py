"""Duplicates: exact content hash (the article id), near-verbatim copies by MinHash LSH on word
shingles, rewrites, and translations.

A copy is linked to the first article it copies, not dropped: a syndicated copy is still a place
where the story ran, but it never counts as independent corroboration. A *rewrite* is the same
report reworded (a wire story re-edited by an outlet): most shingles differ, but the meaning is
nearly identical and the quotations are the same words. It is flagged apart from a copy, and for
the same reason it does not count as independent either. A *translation* is the same report in
another language, told sentence by sentence; it is linked, and counted, like a copy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from .models import Extraction

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are only comparable under the scheme that made them
SHINGLE = 5
# Jaccard over 5-word shingles: syndicated copies with a changed headline, byline or a trimmed
# last paragraph stay above 0.7; independent reports of the same event fall far below 0.3.
THRESHOLD = 0.7
# A rewrite: whole-text embeddings this close (independent reports of one event in ECB+ rarely
# exceed 0.95) or sentences told alike, shingles below the copy threshold, and at least half of
# the quotations of the article with fewer shared word for word.
REWRITE_COSINE = 0.95
QUOTE_WORDS = 5  # shorter quotations ("disgusting") are shared by independent reports too
QUOTE_SAME = 0.8  # word-set Jaccard at which two quotations are the same words


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def minhash(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


# Every signature shares one seed, hence one set of permutations: made once, not per signature
# read back (drawing them was a tenth of the serial stage's time).
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS,
                   hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


@dataclass
class Match:
    original: str
    similarity: float


def quotation_words(contents: Iterable[str]) -> list[frozenset[str]]:
    out = []
    for content in contents:
        words = frozenset(re.findall(r"\w+", content.lower()))
        if len(words) >= QUOTE_WORDS:
            out.append(words)
    return out


def direct_quotes(ex: Extraction) -> list[frozenset[str]]:
    """The words of an article's direct quotations, as the rewrite test compares them."""
    return quotation_words(q.content for q in ex.quotes if q.direct)


def shared_quotations(a: list[frozenset[str]], b: list[frozenset[str]]) -> int:
    return sum(any(len(x & y) / len(x | y) >= QUOTE_SAME for y in b) for x in a)


class Told(Protocol):
    """What the rewrite check reads of an article. Its sentences are read last, and only if
    all else agrees: a reader may make them only when asked (``pipeline.Known``)."""

    quotes: list[frozenset[str]]  # ``direct_quotes``

    @property
    def sentences(self) -> np.ndarray: ...  # unit vectors of its statement units, in order


def is_rewrite(cosine: float, sig: MinHash, other_sig: MinHash, a: Told, b: Told) -> bool:
    """Not a copy, the same quotations, and the same text reworded: whole-text vectors at least
    ``REWRITE_COSINE`` alike, or sentences told alike (``told_alike``, the translation rule:
    a rewrite is a translation within one language). On ECB+ dev the second finds 7 pairs with
    shared quotations among the 9,057 pairs of one topic, all of one gold story."""
    if not a.quotes or not b.quotes or sig.jaccard(other_sig) >= THRESHOLD:
        return False
    shared = shared_quotations(a.quotes, b.quotes)
    if not (shared >= 1 and 2 * shared >= min(len(a.quotes), len(b.quotes))):
        return False
    return cosine >= REWRITE_COSINE or told_alike(a.sentences, b.sentences)


# Told alike (a translation, or a rewrite in one language): most sentences of the longer article
# pair one to one, in order, with sentences of the other (each the other's nearest, through the
# English glosses). Independent reports of one event share some sentences, rarely in the same
# order. On MEANTIME dev, translation pairs align 0.75 to 1.0 of their sentences and other
# English-Spanish pairs of one topic at most 0.5, on each topic alone (bench/crosslingual.py);
# two thirds sits in that gap. A short text can align by chance, so a few aligned sentences are
# needed whatever the share.
TRANSLATION_SHARE = 2 / 3
TRANSLATION_MIN_SENTENCES = 3


def aligned_in_order(a: np.ndarray, b: np.ndarray) -> int:
    """How many sentences of ``a`` and ``b`` (unit vectors, one row per sentence, in text order)
    pair as each other's nearest, counting only the longest run of pairs in the same order."""
    if not len(a) or not len(b):
        return 0
    sim = a @ b.T
    ab, ba = sim.argmax(axis=1), sim.argmax(axis=0)
    order = [int(ab[i]) for i in range(len(a)) if ba[ab[i]] == i]
    tails: list[int] = []  # longest increasing subsequence, patience sorting
    for j in order:
        k = bisect_left(tails, j)
        tails[k:k + 1] = [j]
    return len(tails)


def told_alike(a: np.ndarray, b: np.ndarray) -> bool:
    aligned = aligned_in_order(a, b)
    return aligned >= TRANSLATION_MIN_SENTENCES and aligned >= TRANSLATION_SHARE * max(len(a), len(b))


class DedupIndex:
    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, MinHash] = {}
        self.original: dict[str, str] = {}  # duplicate id -> the article it copies

    def add(self, article_id: str, m: MinHash, duplicate_of: str | None = None) -> None:
        if article_id in self.sigs:
            return
        self.lsh.insert(article_id, m)
        self.sigs[article_id] = m
        if duplicate_of:
            self.original[article_id] = duplicate_of

    def find(self, m: MinHash) -> Match | None:
        best: Match | None = None
        for cand in self.lsh.query(m):
            sim = m.jaccard(self.sigs[cand])
            if sim >= self.threshold and (best is None or sim > best.similarity):
                best = Match(self.original.get(cand, cand), sim)
        return best
