"""Cross-article alignment: group claims so that each group holds one claim per article.

Pairs from different articles are merged best-first, and a merge is made only when the two
groups, taken whole, still clear the threshold on average (average linkage). Single linkage
would chain "A says X", "B says X and Y", "C says Y" into one fact that A and C never share. A
merge is refused when it would put two claims of one article into one group: an article states a
fact once, and a second sentence of it is either another claim or a repetition (handled apart).
"""

from __future__ import annotations

import numpy as np


def constrained_groups(articles: list[str], scores: np.ndarray, threshold: float,
                       affinity: np.ndarray | None = None) -> list[list[int]]:
    """Index groups; ``scores[i, j]`` is the pair's score (0 where the pair may not link), and
    ``affinity`` (default: ``scores``) what the average linkage averages."""
    affinity = scores if affinity is None else affinity
    n = len(articles)
    ii, jj = np.nonzero(np.triu(scores >= threshold, k=1))
    order = np.argsort(-scores[ii, jj], kind="stable")
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    arts: dict[int, set[str]] = {i: {articles[i]} for i in range(n)}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in order:
        ri, rj = root(int(ii[k])), root(int(jj[k]))
        if ri == rj or arts[ri] & arts[rj]:
            continue
        mean = float(affinity[np.ix_(members[ri], members[rj])].mean())
        if mean < threshold:
            continue
        parent[rj] = ri
        members[ri] += members.pop(rj)
        arts[ri] |= arts.pop(rj)
    return sorted((sorted(m) for m in members.values()), key=lambda g: g[0])
