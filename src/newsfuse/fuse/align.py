"""Cross-article alignment: group items so that each group holds at most one item per article.

Pairs from different articles are merged best-first while their score clears the threshold,
and a merge is refused when it would put two items of one article into one group. That keeps
"A says X" from absorbing every loosely similar sentence of a long article B, which plain
single-link clustering would do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def constrained_groups(
    items: Sequence[T],
    article_of: Callable[[T], str],
    score: Callable[[int, int], float],
    threshold: float,
    candidates: np.ndarray | None = None,
) -> list[list[int]]:
    """Index groups of ``items``; ``candidates`` may pre-filter pairs (boolean matrix)."""
    n = len(items)
    arts = [article_of(it) for it in items]
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            if arts[i] == arts[j] or (candidates is not None and not candidates[i, j]):
                continue
            s = score(i, j)
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(reverse=True)
    parent = list(range(n))
    members: dict[int, set[str]] = {i: {arts[i]} for i in range(n)}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in pairs:
        ri, rj = root(i), root(j)
        if ri == rj or members[ri] & members[rj]:
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(g))
