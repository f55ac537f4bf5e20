"""Fit the claim-pair model (``newsfuse.fuse.pairs``) on ECB+ dev cross-document ACTION pairs.

    pip install -e '.[fit]'
    python tools/fit_claim_pairs.py            # writes src/newsfuse/fuse/data/claim_pairs.json

Every claim of every ECB+ dev article is extracted and embedded as the pipeline does. A claim
whose predicate word is an annotated ACTION mention is labelled with that mention's instance; a
pair of such claims of two articles of one gold story is positive when the instances are one
(the same real-world happening), negative otherwise. Labelling by predicate, not by sentence,
keeps "the sentences share some action" from teaching the model that any two sentences of a
story say the same thing. Pairs the fusion would never score (other factuality, unrelated sentences) are left
out, as fusion leaves them out.

The operating point is chosen for precision: ``link`` is the lowest threshold whose pair
precision reaches LINK_PRECISION. Two folds by
topic give the held-out figures: fit and choose the threshold on one fold, score the other. The
shipped weights are fitted on all of dev, and the file says which figures are in-sample.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ecbplus import SOURCE, fold_of, line_map, lines_of, load  # noqa: E402

from newsfuse.fuse import CANDIDATE  # noqa: E402
from newsfuse.fuse.claims import claims_of  # noqa: E402
from newsfuse.fuse.pairs import FEATURES, MODEL, comparable, features  # noqa: E402

LINK_PRECISION = 0.92


def articles(cache: Path | None):
    """(input id, ArticleView) for every dev article, extracted and embedded in process."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from newsfuse.clean import clean
    from newsfuse.extract.articles import extract_articles
    from newsfuse.fuse import ArticleView, embedded_texts
    from newsfuse.ingest import read_all
    from newsfuse.nlp import embed

    arts = [clean(r) for r in read_all([SOURCE])]
    out = []
    for a, ex in zip(arts, extract_articles(arts), strict=True):
        vecs = embed(embedded_texts(ex, a.text))
        out.append((a.source_id, ArticleView(id=a.id, source_id=a.source_id, outlet=a.outlet,
                                             text=a.text, extraction=ex, unit_vectors=vecs)))
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def claim_pairs(gold, arts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, labels, fold) of every scored claim pair within one gold story."""
    by_story: dict[str, list] = {}
    for sid, view in arts:
        spans = line_map(gold.texts[sid], view.text)
        for c in claims_of(view):
            if c.record.predicate is None:
                continue
            s, e = c.record.predicate
            word = view.text[s:e].lower()
            acts = {inst for i in lines_of(spans, s, e)
                    if (inst := gold.words.get((sid, i), {}).get(word))}
            if acts:
                by_story.setdefault(gold.story[sid], []).append((sid, c, acts))
    xs, ys, folds = [], [], []
    for members in by_story.values():
        for i, (si, ci, ai) in enumerate(members):
            for sj, cj, aj in members[i + 1:]:
                if si == sj or not comparable(ci, cj):
                    continue
                same = ci.record.happening is not None and ci.record.happening == cj.record.happening
                if float(ci.vector @ cj.vector) < CANDIDATE and not same:
                    continue
                xs.append(features(ci, cj))
                ys.append(bool(ai & aj))
                folds.append(fold_of(gold.topic[si]))
    return np.vstack(xs), np.asarray(ys), np.asarray(folds)


def fit(x, y):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=1000).fit(x, y)


def threshold(p: np.ndarray, y: np.ndarray, precision: float) -> float:
    """The lowest probability at which the pairs scored above it reach ``precision``."""
    order = np.argsort(-p)
    hits = np.cumsum(y[order])
    prec = hits / np.arange(1, len(order) + 1)
    ok = np.nonzero(prec >= precision)[0]
    # The deepest cut still at the target precision, so recall is as high as precision allows.
    return float(p[order][ok[-1]]) if len(ok) else 1.0


def scores(p, y, t) -> tuple[float, float]:
    pred = p >= t
    tp = int((pred & y).sum())
    return (tp / pred.sum() if pred.sum() else 0.0), tp / y.sum()


def sentence_scores(gold, arts, model, docs: set[str]) -> tuple[float, float]:
    """Pairwise precision and recall of the fused facts against the line gold, as
    bench/fusion.py counts them, with each gold story fused on its own."""
    from itertools import combinations

    from newsfuse.fuse import fuse_story

    universe, truth = gold.pairs(docs)
    by_story: dict[str, list] = {}
    for sid, view in arts:
        if sid in docs:
            by_story.setdefault(gold.story[sid], []).append((sid, view))
    pred = set()
    for story, members in by_story.items():
        spans = {v.id: (sid, line_map(gold.texts[sid], v.text)) for sid, v in members}
        for f in fuse_story(story, [v for _, v in members], model):
            sents = {(spans[s.article_id][0], i) for s in f.sources
                     for i in lines_of(spans[s.article_id][1], s.start, s.end)}
            pred |= {p for p in combinations(sorted(sents), 2) if p in universe}
    tp = len(pred & truth)
    return (tp / len(pred) if pred else 0.0), tp / len(truth)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, help="pickle of the extracted dev articles, reused if present")
    ap.add_argument("--sweep", action="store_true", help="sentence-level P/R per fold and threshold")
    args = ap.parse_args()
    gold = load()
    arts = articles(args.cache)
    x, y, folds = claim_pairs(gold, arts)
    print(f"claim pairs: {len(y)}, positive {y.mean():.3f} (base rate)")
    held = {}
    for f in (0, 1):
        m = fit(x[folds != f], y[folds != f])
        train_p = m.predict_proba(x[folds != f])[:, 1]
        t = threshold(train_p, y[folds != f], LINK_PRECISION)
        p, r = scores(m.predict_proba(x[folds == f])[:, 1], y[folds == f], t)
        held[f] = {"precision": round(p, 3), "recall": round(r, 3), "threshold": round(t, 3)}
        print(f"fold {f} held out: pair precision {p:.3f} recall {r:.3f} (threshold {t:.3f} "
              "chosen on the other fold)")
    if args.sweep:
        from newsfuse.fuse.pairs import PairModel

        for f in (0, 1):
            m = fit(x[folds != f], y[folds != f])
            docs = {sid for sid, _ in arts if fold_of(gold.topic[sid]) == f}
            for t in (0.5, 0.6, 0.7, 0.8, 0.9):
                pm = PairModel(m.coef_[0], float(m.intercept_[0]), t)
                p, r = sentence_scores(gold, arts, pm, docs)
                print(f"fold {f} held out, link {t:.2f}: sentence pairs P {p:.3f} R {r:.3f}")
    m = fit(x, y)
    p_all = m.predict_proba(x)[:, 1]
    link = threshold(p_all, y, LINK_PRECISION)
    p, r = scores(p_all, y, link)
    print(f"all dev (in-sample): pair precision {p:.3f} recall {r:.3f} at link {link:.3f}")
    for name, w in zip(FEATURES, m.coef_[0], strict=True):
        print(f"    {name:<18} {w:+.3f}")
    MODEL.parent.mkdir(exist_ok=True)
    MODEL.write_text(json.dumps({
        "features": list(FEATURES), "weights": [round(float(w), 4) for w in m.coef_[0]],
        "bias": round(float(m.intercept_[0]), 4), "link": round(link, 4),
        "fitted_on": "ECB+ dev (topics 1-35), cross-document claim pairs within a gold story",
        "target_precision": LINK_PRECISION,
        "in_sample": {"precision": round(p, 3), "recall": round(r, 3)},
        "held_out": {f"fold_{f}": v for f, v in held.items()},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
