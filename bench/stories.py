"""Story clustering and duplicates on ECB+ dev (../shared/data/ecbplus-dev.*), label = ``story``.

    python bench/stories.py            # in process: file order, shuffled orders, scale, duplicates
    python bench/stories.py --cli      # also through the batch interface (ingest, export articles)
    python bench/stories.py --fit      # refit the link weights of cluster/evidence.py

The link weights in use were fitted on these same dev articles, so B-cubed over all of dev is
in-sample and says so. Beside it, each fold of dev topics (odd, even) is clustered with weights
fitted on the other fold: the held-out figure (needs the `fit` extra, scikit-learn).

Prints B-cubed precision/recall/F1 in file order and in shuffled orders; articles/second of the
clustering stage alone (candidate search, link weights, regrouping) and peak memory; the cost per
article when 1k and 10k articles are already stored; and duplicate detection figures.

The scale run replays the dev set as 52 later years of news (``periods``: a new cast, the
embeddings turned as far as ECB+'s similar events lie apart), so a replica's stories are new
stories that look like old ones, the worst case for blocking; it prints B-cubed against dev's
stories per period beside the costs.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
from batch import bcubed, exported_articles
from ecbplus import GOLD, SOURCE, fold_of
from periods import Distance, perturbed, similar_events

from newsfuse.analyse import analyse
from newsfuse.clean import clean
from newsfuse.cluster import StoryGraph, link_weights
from newsfuse.cluster.evidence import BIAS, WEIGHTS, signals
from newsfuse.dedup import THRESHOLD, is_rewrite, minhash
from newsfuse.ingest import read_all
from newsfuse.pipeline import BATCH, Known

SRC = SOURCE


def load():
    gold = {r["id"]: r for r in map(json.loads, GOLD.open())}
    articles = [clean(r) for r in read_all([SRC])]
    done = [r for i in range(0, len(articles), BATCH) for r in analyse(articles[i:i + BATCH]).results]
    return gold, articles, done


def cluster(evs: list, order: list[int], link=link_weights) -> tuple[dict[int, str], float]:
    graph, keys = StoryGraph(), [f"a{i:08d}" for i in range(len(evs))]
    t0 = time.perf_counter()
    for i in order:
        cands = graph.candidates(evs[i].vector)
        weights = dict(zip(cands, link(evs[i], [evs[int(c[1:])] for c in cands]), strict=True))
        graph.add(keys[i], evs[i].vector, weights)
    return {i: graph.story_of[keys[i]] for i in order}, time.perf_counter() - t0


def quality(gold, articles, evs) -> None:
    stories = {i: gold[a.source_id]["story"] for i, a in enumerate(articles)}
    for name, seed in [("file order", None), ("shuffled (seed 1)", 1), ("shuffled (seed 2)", 2)]:
        order = list(range(len(evs)))
        if seed is not None:
            random.Random(seed).shuffle(order)
        pred, secs = cluster(evs, order)
        p, r, f = bcubed(pred, stories)
        print(f"{name + ' (in-sample)':30} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}   "
              f"{len(set(pred.values()))} stories (gold {len(set(stories.values()))})   "
              f"clustering {len(order) / secs:.0f} articles/s")


def scale(evs, stories: list[str], distance: Distance, total: int = 10_000) -> None:
    """The dev set replayed as later years (``periods``), shuffled within each year."""
    rng = random.Random(7)
    stream, gold = [], {}
    for rep in range(total // len(evs) + 1):
        order = list(range(len(evs)))
        rng.shuffle(order)
        for i in order:
            gold[len(stream)] = f"{stories[i]}@{rep}"
            stream.append(perturbed(evs[i], rng, rep, distance))
    stream = stream[:total]
    graph = StoryGraph()
    marks = {1_000: None, total: None}
    window, t_window = 200, 0.0
    t0 = time.perf_counter()
    for n, ev in enumerate(stream):
        t = time.perf_counter()
        cands = graph.candidates(ev.vector)
        graph.add(f"a{n:08d}", ev.vector,
                  dict(zip(cands, link_weights(ev, [stream[int(c[1:])] for c in cands]), strict=True)))
        if any(m - window <= n < m for m in marks):
            t_window += time.perf_counter() - t
        if n + 1 in marks:
            marks[n + 1] = 1000 * t_window / window
            t_window = 0.0
    secs = time.perf_counter() - t0
    pred = {n: graph.story_of[f"a{n:08d}"] for n in range(len(stream))}
    p, r, f = bcubed(pred, {n: gold[n] for n in pred})
    print(f"scale: {len(stream)} articles in {secs:.1f} s ({len(stream) / secs:.0f} articles/s); "
          + "; ".join(f"{ms:.2f} ms per article at {m} stored" for m, ms in marks.items())
          + f"; {len(graph.members)} stories (gold {len(set(gold[n] for n in pred))}); "
          f"B-cubed against dev's stories per period (in-sample) P {p:.3f} R {r:.3f} F1 {f:.3f}")


def duplicates(gold, articles, done) -> None:
    """Copies: every dev article gets a lightly edited copy (new first line, last paragraph cut,
    a credit line added); recall is the share whose shingle Jaccard with the original clears the
    threshold. Errors are pairs of dev articles flagged as copies or rewrites across two gold
    stories (ECB+ holds real syndicated copies and rewrites inside one story)."""
    sigs = [minhash(a.text) for a in articles]
    kept = []
    for a, sig in zip(articles, sigs, strict=True):
        paras = a.text.split("\n")
        edited = "\n".join(["UPDATED with new headline", *paras[: max(1, len(paras) - 1)],
                            "(Reporting by a wire service)"])
        kept.append(sig.jaccard(minhash(edited)))
    kept = np.array(kept)
    print("copies: lightly edited copies found at shingle-Jaccard threshold "
          + ", ".join(f"{t}: {np.mean(kept >= t):.3f}" for t in (0.5, 0.6, 0.7, 0.8))
          + f" (in use: {THRESHOLD})")
    copies = rewrites = wrong = 0
    evs = [r.evidence for r in done]
    told = [Known.of(r) for r in done]
    for i, a in enumerate(articles):
        for j in range(i + 1, len(articles)):
            cos = float(evs[i].vector @ evs[j].vector)
            if cos < 0.9 and not (told[i].quotes and told[j].quotes):  # neither copy nor rewrite
                continue
            jac = sigs[i].jaccard(sigs[j])
            kind = "copy" if jac >= THRESHOLD else "rewrite" if is_rewrite(
                cos, sigs[i], sigs[j], told[i], told[j]) else None
            if kind is None:
                continue
            copies += kind == "copy"
            rewrites += kind == "rewrite"
            wrong += gold[a.source_id]["story"] != gold[articles[j].source_id]["story"]
    print(f"dev pairs flagged: {copies} copies, {rewrites} rewrites; "
          f"{wrong} of them across two gold stories")


def _fitted(gold, articles, evs, idx: list[int]) -> tuple[dict[str, float], float]:
    """Logistic link weights fitted on every pair of the articles in `idx` (same story or not)."""
    from sklearn.linear_model import LogisticRegression

    names = list(WEIGHTS)
    xs, ys = [], []
    for n, i in enumerate(idx):
        for j in idx[n + 1:]:
            s = signals(evs[i], evs[j])
            xs.append([s[k] for k in names])
            ys.append(gold[articles[i].source_id]["story"] == gold[articles[j].source_id]["story"])
    model = LogisticRegression(max_iter=3000).fit(np.array(xs), np.array(ys))
    return dict(zip(names, model.coef_[0].round(2).tolist(), strict=True)), float(model.intercept_[0])


def fit(gold, articles, evs) -> None:
    weights, bias = _fitted(gold, articles, evs, list(range(len(evs))))
    print("fitted on all of dev:", weights, "bias", round(bias, 2))
    print("in use:", WEIGHTS, "bias", BIAS)


def held_out(gold, articles, evs) -> None:
    """Each fold of topics clustered with link weights fitted on the other fold only."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("held-out folds: skipped (needs the `fit` extra: pip install -e '.[fit]')")
        return
    fold = [fold_of(gold[a.source_id]["topic"]) for a in articles]
    for k in (0, 1):
        weights, bias = _fitted(gold, articles, evs, [i for i in range(len(evs)) if fold[i] != k])

        idx = [i for i in range(len(evs)) if fold[i] == k]
        sub = [evs[i] for i in idx]
        stories = {n: gold[articles[i].source_id]["story"] for n, i in enumerate(idx)}
        for name, fn in (("held out", partial(link_weights, weights=weights, bias=bias)),
                         ("in-sample weights", link_weights)):
            pred, _ = cluster(sub, list(range(len(sub))), fn)
            p, r, f = bcubed(pred, stories)
            print(f"{f'fold {k}, {name}':30} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}   "
                  f"{len(set(pred.values()))} stories (gold {len(set(stories.values()))})")


def cli_runs(gold) -> None:
    lines = SRC.read_text(encoding="utf-8").splitlines()
    for name, seed in [("file order", None), ("shuffled (seed 1)", 1)]:
        if seed is not None:
            random.Random(seed).shuffle(lines)
        src = Path("/tmp") / f"newsfuse-bench-stories-{seed}.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        records = exported_articles(src)
        secs = time.perf_counter() - t0
        src.unlink()
        pred = {k: r["story_id"] for k, r in records.items()}
        p, r, f = bcubed(pred, {k: gold[k]["story"] for k in pred})
        print(f"batch interface, {name} (in-sample): B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f} "
              f"({len(pred)} articles, whole pipeline {len(pred) / secs:.1f} articles/s)")


def main() -> None:
    gold, articles, done = load()
    evs = [r.evidence for r in done]
    if "--fit" in sys.argv:
        fit(gold, articles, evs)
        return
    quality(gold, articles, evs)
    held_out(gold, articles, evs)
    stories = [gold[a.source_id]["story"] for a in articles]
    scale(evs, stories, similar_events(evs, stories, [gold[a.source_id]["topic"] for a in articles]))
    duplicates(gold, articles, done)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if "--cli" in sys.argv:
        cli_runs(gold)


if __name__ == "__main__":
    main()
