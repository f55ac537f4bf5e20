"""Cross-article alignment quality on ECB+ dev (../shared/data), through the batch interface.

    python bench/fusion.py                      # ingest with the CLI, export facts, score
    python bench/fusion.py --db sqlite:///x.db  # re-fuse a store's stories with the current code

The gold: two sentences of two articles of one gold story belong together when they mention the
same real-world action (the same ACTION ``cross_doc_instance``). The prediction: two such
sentences belong together when some fused fact cites both. Pairs are counted over sentences that
carry at least one ACTION annotation (ECB+ annotates only some sentences), so an unannotated
sentence can neither help nor hurt. Printed beside newsfuse:
- "all pairs": every annotated pair linked (what a story-level "they all agree" would score);
- "embeddings": sentence embeddings alone, pairs linked above a cosine threshold (the best of a
  sweep, so the baseline is given every advantage).
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
from batch import exported
from ecbplus import DATA, Sentence, fold_of, line_map, load

CONFLICTS = Path(__file__).resolve().parent / "data" / "conflicts_ecbplus.tsv"


def predicted_pairs(facts: list[dict], articles: dict[str, dict], texts: dict[str, str],
                    universe: set, story: dict[str, str]) -> tuple[set, Counter, int]:
    """Annotated sentence pairs cited together by one fact, which fact kinds linked them, and
    how many cross-article sentence pairs a fact links across two gold stories."""
    maps = {aid: (rec["source_id"], line_map(texts[rec["source_id"]], rec["text"]))
            for aid, rec in articles.items() if rec.get("source_id") in texts}
    pred, kinds, across = set(), Counter(), 0
    for f in facts:
        sents = set()
        for s in f["sources"]:
            if s["article_id"] not in maps:
                continue
            doc, spans = maps[s["article_id"]]
            sents |= {(doc, i) for a, b, i in spans if a < s["end"] and s["start"] < b}
        for x, y in combinations(sorted(sents), 2):
            if (x, y) in universe:
                pred.add((x, y))
                kinds[f["kind"]] += 1
            elif x[0] != y[0] and story[x[0]] != story[y[0]]:
                across += 1
    return pred, kinds, across


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def audit(facts: list[dict], articles: dict[str, dict]) -> tuple[float, float, float]:
    """(facts per article, share of evidence spans under more than one fact, share of facts
    whose summary repeats another's)."""
    spans = Counter((s["article_id"], s["start"], s["end"]) for f in facts for s in f["sources"])
    summaries = Counter(f.get("summary") for f in facts)
    return (len(facts) / max(len(articles), 1),
            sum(n > 1 for n in spans.values()) / max(len(spans), 1),
            sum(summaries[f.get("summary")] > 1 for f in facts) / max(len(facts), 1))


def conflict_key(f: dict) -> str:
    values = sorted(str(v["value"]).lower() for v in f["conflict"]["values"])
    return f"{f['conflict']['field']}|{' / '.join(values)}"


def ceilings(gold, universe: set, truth: set) -> None:
    """What any grouping that puts each sentence under one fact can reach on this gold, read off
    the gold itself: each sentence grouped by the action instance it shares most in its story.
    The second figure also keeps one sentence per article per group, as fusion does unless an
    article repeats itself: the gap between the two is what repetitions are worth."""
    freq: dict[str, Counter] = {}
    for s, acts in gold.actions.items():
        freq.setdefault(gold.story[s[0]], Counter()).update(acts)
    main = {s: max(sorted(acts), key=lambda a: freq[gold.story[s[0]]][a]) for s, acts in gold.actions.items()}
    first: dict[tuple[str, str], Sentence] = {}
    for s in sorted(main):
        first.setdefault((s[0], main[s]), s)
    once = set(first.values())
    for name, keep in (("each sentence in one group", main), ("and one sentence per article", once)):
        pred = {(x, y) for x, y in universe if x in keep and y in keep and main[x] == main[y]}
        p, r, f = prf(pred, truth)
        print(f"{f'ceiling: {name}':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f} (gold-derived)")
    # How far word matching goes even with the annotators' own mentions to match: two sentences
    # linked when they share an annotated action word as written. A story tells of several
    # shootings, arrests or quakes in the same words, so matching is no route to high precision.
    pred = {(x, y) for x, y in universe if set(gold.words[x]) & set(gold.words[y])}
    p, r, f = prf(pred, truth)
    print(f"{'gold action words shared':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f} (gold-derived)")


def judged_conflicts(facts: list[dict]) -> None:
    """Every conflict against the team's hand judgments (bench/data/conflicts_ecbplus.tsv):
    real or not, and why. An unjudged conflict is listed for the table to grow."""
    table = {}
    if CONFLICTS.exists():
        with CONFLICTS.open(encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader((ln for ln in fh if not ln.startswith("#")),
                                              delimiter="\t")]
        table = {r["key"]: r for r in rows}
    conflicts = [f for f in facts if f.get("conflict")]
    judged = [table[conflict_key(f)] for f in conflicts if conflict_key(f) in table]
    real = sum(r["real"] == "yes" for r in judged)
    print(f"conflicts: {len(conflicts)}; judged by hand {len(judged)}, real {real}"
          + (f" ({real / len(judged):.0%})" if judged else ""))
    for f in conflicts:
        if conflict_key(f) not in table:
            print(f"    unjudged: {conflict_key(f)}  «{f.get('summary', '')[:90]}»")


def embedding_baseline(texts: dict[str, str], universe: set, gold: set) -> list[tuple[float, tuple]]:
    from newsfuse.nlp import embed

    sents = sorted({s for pair in universe for s in pair})
    lines = [texts[d].split("\n")[i] for d, i in sents]
    vecs = embed(lines)
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    index = {s: k for k, s in enumerate(sents)}
    sims = {(x, y): float(vecs[index[x]] @ vecs[index[y]]) for x, y in universe}
    return [(t, prf({p for p, v in sims.items() if v >= t}, gold))
            for t in np.arange(0.2, 0.85, 0.05)]


def run_cli(src: Path) -> tuple[list[dict], dict[str, dict]]:
    out = exported(src, "facts", "articles")
    return out["facts"], {r["id"]: r for r in out["articles"]}


def refuse(db: str) -> tuple[list[dict], dict[str, dict]]:
    """The store's stories fused again with the code as it is now (nothing written)."""
    from newsfuse.export import article_record
    from newsfuse.fuse import fuse_story
    from newsfuse.pipeline import view
    from newsfuse.store import Store

    store = Store(db)
    facts, articles = [], {}
    for story in store.stories():
        rows = store.articles(story_id=story.id)
        articles.update({r.id: article_record(r) for r in rows})
        for f in fuse_story(story.id, [view(r) for r in rows]):
            facts.append({"story_id": story.id, "kind": f.kind, "label": f.label,
                          "summary": f.summary, "conflict": f.conflict,
                          "sources": [{"article_id": s.article_id, "start": s.start, "end": s.end}
                                      for s in f.sources]})
    return facts, articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="score this store, re-fused in process, instead of ingesting")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    gold = load()
    texts = gold.texts
    universe, truth = gold.pairs()
    print(f"annotated sentences: {len(gold.actions)}; cross-article pairs in one story: "
          f"{len(universe)}, of which same action: {len(truth)}")
    print("(the pair model was fitted on these articles: figures over all of dev are in-sample; "
          "the per-fold figures below score each fold, and tools/fit_claim_pairs.py prints the "
          "figures of a model fitted on the other fold)")
    t0 = time.perf_counter()
    facts, articles = refuse(args.db) if args.db else run_cli(DATA / "ecbplus-dev.jsonl")
    took = time.perf_counter() - t0
    stories = len({f.get("story_id") for f in facts})
    print(f"{'re-fused' if args.db else 'ingested, fused and exported'} {len(articles)} articles "
          f"in {took:.0f} s" + (f" ({took / max(stories, 1):.2f} s per story)" if args.db else ""))
    pred, kinds, across = predicted_pairs(facts, articles, texts, universe, gold.story)
    by_label = Counter(x["label"] for x in facts)
    print(f"facts: {len(facts)} ({', '.join(f'{k} {v}' for k, v in by_label.most_common())})")
    print(f"pairs linked by kind: {dict(kinds.most_common())}")
    p, r, f = prf(pred, truth)
    ours = p
    print(f"{'newsfuse (in-sample)':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    for fold in (0, 1):
        docs = {d for d in texts if fold_of(gold.topic[d]) == fold}
        u, t = gold.pairs(docs)
        p, r, f = prf({x for x in pred if x in u}, t)
        print(f"{f'  fold {fold} (in-sample)':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    print(f"sentence pairs linked across gold stories (all false): {across} "
          "(the figures above count pairs within one gold story only)")
    ceilings(gold, universe, truth)
    p, r, f = prf(universe, truth)
    print(f"{'all pairs (base rate)':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    per_article, spans, repeats = audit(facts, articles)
    print(f"audit: {per_article:.1f} facts per article; evidence spans under more than one fact "
          f"{spans:.1%}; facts repeating another's summary {repeats:.1%}")
    judged_conflicts(facts)
    if not args.no_baseline:
        sweep = embedding_baseline(texts, universe, truth)
        t, (p, r, f) = max(sweep, key=lambda x: x[1][2])
        print(f"{f'embeddings (cos ≥ {t:.2f})':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
              "  (best F1 of the sweep: in-sample)")
        t, (p, r, f) = min(sweep, key=lambda x: abs(x[1][0] - ours))
        print(f"{f'embeddings (cos ≥ {t:.2f})':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
              "  (precision closest to newsfuse's: in-sample)")
        for t, (p, r, f) in sweep:
            print(f"    cos ≥ {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
