"""Near-duplicate detection: exact content hash (the article id) plus MinHash LSH on word shingles.

A near-duplicate is linked to the first article it copies, not dropped: a syndicated copy is
still a place where the story ran, but it never counts as independent corroboration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"  # stored signatures are only comparable under the scheme that made them
SHINGLE = 5
# Jaccard over 5-word shingles: syndicated copies with a changed headline, byline or a trimmed
# last paragraph stay above 0.7; independent reports of the same event fall far below 0.3.
THRESHOLD = 0.7


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


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME,
                   hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


@dataclass
class Match:
    original: str
    similarity: float


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
