"""How much recall any sentence-pair aligner built on newsfuse's features can reach at 0.90
precision on ECB+ dev, with the threshold chosen on the held-out fold itself (an oracle).

    pip install -e '.[fit]'
    python tools/alignment_headroom.py --cache /tmp/ecb_arts.pkl

For each cross-article pair of annotated sentences in one gold story it builds the features the
claim-pair model has and more (sentence cosine, word overlap, shared action words and how many
of the story's articles use them, how rare they are across dev, the same claim predicate, shared
resolved actors, where in their articles the sentences sit), fits a logistic model and gradient
boosted trees on one fold of topics, and prints, on the other fold, the figures at the threshold
chosen on the training fold and the best recall any threshold gives at 0.90 precision. The
second figure is what no operating point can beat with these features: it is the headroom the
fusion target (precision 0.90 at recall 0.50) is measured against.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

from ecbplus import fold_of, line_map, lines_of, load  # noqa: E402
from fit_claim_pairs import LINK_PRECISION, articles, threshold  # noqa: E402

from newsfuse.fuse.claims import claims_of  # noqa: E402
from newsfuse.fuse.common import words  # noqa: E402


def sentence_features(gold, arts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    universe, truth = gold.pairs()
    happening, actors, actions, vectors, said = (defaultdict(set), defaultdict(set),
                                                 defaultdict(set), defaultdict(list), {})
    for sid, view in arts:
        spans = line_map(gold.texts[sid], view.text)
        for c in claims_of(view):
            for i in lines_of(spans, c.start, c.end):
                if c.record.happening:
                    happening[(sid, i)].add(c.record.happening)
                actors[(sid, i)] |= c.actors
                vectors[(sid, i)].append(c.vector)
        for a in view.extraction.actions:
            for i in lines_of(spans, a.start, a.end):
                actions[(sid, i)].add(a.key)
        for a, b, i in spans:
            said[(sid, i)] = {w for w in words(view.text[a:b]) if len(w) > 3}
    unit = {s: (m := np.mean(v, axis=0)) / np.linalg.norm(m) for s, v in vectors.items()}
    per_article = defaultdict(set)
    for (sid, _), keys in actions.items():
        per_article[sid] |= keys
    in_story: dict[str, Counter] = defaultdict(Counter)
    for sid, keys in per_article.items():
        in_story[gold.story[sid]].update(keys)
    size = Counter(gold.story[s] for s in per_article)
    df = Counter(k for keys in per_article.values() for k in keys)
    xs, ys, folds = [], [], []
    for x, y in sorted(universe):
        story = gold.story[x[0]]
        shared = actions[x] & actions[y]
        union = said.get(x, set()) | said.get(y, set())
        xs.append([
            float(unit[x] @ unit[y]) if x in unit and y in unit else 0.0,
            len(said.get(x, set()) & said.get(y, set())) / len(union) if union else 0.0,
            min(len(shared), 3) / 3,
            max((in_story[story][k] / size[story] for k in shared), default=0.0),
            max((math.log(len(per_article) / df[k]) for k in shared), default=0.0),
            float(bool(happening[x] & happening[y])),
            min(len(actors[x] & actors[y]), 2) / 2,
            min(x[1], y[1]), max(x[1], y[1]),
        ])
        ys.append((x, y) in truth)
        folds.append(fold_of(gold.topic[x[0]]))
    return np.asarray(xs), np.asarray(ys), np.asarray(folds)


def main() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, help="pickle of the extracted dev articles, reused if present")
    args = ap.parse_args()
    x, y, folds = sentence_features(load(), articles(args.cache))
    print(f"sentence pairs: {len(y)}, same action {y.mean():.3f} (base rate)")
    models = {"logistic": lambda: LogisticRegression(max_iter=1000),
              "boosted trees": lambda: HistGradientBoostingClassifier(max_iter=200, random_state=0)}
    for name, make in models.items():
        for f in (0, 1):
            m = make().fit(x[folds != f], y[folds != f])
            t = threshold(m.predict_proba(x[folds != f])[:, 1], y[folds != f], LINK_PRECISION)
            p, truth = m.predict_proba(x[folds == f])[:, 1], y[folds == f]
            hit = p >= t
            best = threshold(p, truth, 0.90)
            print(f"{name:<14} fold {f} held out: P {(hit & truth).sum() / max(hit.sum(), 1):.3f} "
                  f"R {(hit & truth).sum() / truth.sum():.3f} at the training fold's threshold; "
                  f"best recall at P 0.90 {((p >= best) & truth).sum() / truth.sum():.3f}")


if __name__ == "__main__":
    main()
