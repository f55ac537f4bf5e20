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
import json
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
from batch import exported

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
Sentence = tuple[str, int]  # (input id, line)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def action_sentences(mentions: list[dict], texts: dict[str, str]) -> dict[Sentence, set[str]]:
    """Action instances per (document, line). The file's ``sentence`` is the line index in most
    documents and one past it in others (a dropped first line), so the offset is chosen per
    document as the one under which most mention texts are found on their line."""
    by_doc = defaultdict(list)
    for m in mentions:
        if m["doc_id"] in texts:
            by_doc[m["doc_id"]].append(m)
    out: dict[Sentence, set[str]] = defaultdict(set)
    for doc, ms in by_doc.items():
        lines = texts[doc].split("\n")

        def found(off: int, ms=ms, lines=lines) -> int:
            return sum(0 <= m["sentence"] + off < len(lines) and m["text"] in lines[m["sentence"] + off]
                       for m in ms)
        off = max((0, -1, 1), key=found)
        for m in ms:
            line = m["sentence"] + off
            if "ACTION" in m["type"] and 0 <= line < len(lines):
                out[(doc, line)].add(m["cross_doc_instance"])
    return out


def gold_pairs(actions: dict[Sentence, set[str]], story: dict[str, str]) -> tuple[set, set]:
    """(universe, gold): cross-document pairs of annotated sentences within one gold story."""
    by_story = defaultdict(list)
    for s in actions:
        by_story[story[s[0]]].append(s)
    universe, gold = set(), set()
    for sents in by_story.values():
        for x, y in combinations(sorted(sents), 2):
            if x[0] != y[0]:
                universe.add((x, y))
                if actions[x] & actions[y]:
                    gold.add((x, y))
    return universe, gold


def line_map(input_text: str, stored_text: str) -> list[tuple[int, int, int]]:
    """(start, end, line) in the stored text for each input line found there in order."""
    out, cursor = [], 0
    for i, line in enumerate(input_text.split("\n")):
        line = line.strip()
        if not line:
            continue
        at = stored_text.find(line, cursor)
        if at >= 0:
            out.append((at, at + len(line), i))
            cursor = at + len(line)
    return out


def predicted_pairs(facts: list[dict], articles: dict[str, dict], texts: dict[str, str],
                    universe: set) -> tuple[set, Counter]:
    """Annotated sentence pairs cited together by one fact, and which fact kinds linked them."""
    maps = {aid: (rec["source_id"], line_map(texts[rec["source_id"]], rec["text"]))
            for aid, rec in articles.items() if rec.get("source_id") in texts}
    pred, kinds = set(), Counter()
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
    return pred, kinds


def prf(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


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
                          "sources": [{"article_id": s.article_id, "start": s.start, "end": s.end}
                                      for s in f.sources]})
    return facts, articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="score this store, re-fused in process, instead of ingesting")
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    src = DATA / "ecbplus-dev.jsonl"
    texts = {r["id"]: r["text"] for r in map(json.loads, src.open(encoding="utf-8"))}
    story = {r["id"]: r["story"] for r in map(json.loads, (DATA / "ecbplus-dev.gold.jsonl").open())}
    mentions = [json.loads(line) for line in (DATA / "ecbplus-dev.mentions.jsonl").open()]
    actions = action_sentences(mentions, texts)
    universe, gold = gold_pairs(actions, story)
    print(f"annotated sentences: {len(actions)}; cross-article pairs in one story: "
          f"{len(universe)}, of which same action: {len(gold)}")
    t0 = time.perf_counter()
    facts, articles = refuse(args.db) if args.db else run_cli(src)
    took = time.perf_counter() - t0
    stories = len({f.get("story_id") for f in facts})
    print(f"{'re-fused' if args.db else 'ingested, fused and exported'} {len(articles)} articles "
          f"in {took:.0f} s" + (f" ({took / max(stories, 1):.2f} s per story)" if args.db else ""))
    pred, kinds = predicted_pairs(facts, articles, texts, universe)
    p, r, f = prf(pred, gold)
    ours = p
    by_label = Counter(x["label"] for x in facts)
    print(f"facts: {len(facts)} ({', '.join(f'{k} {v}' for k, v in by_label.most_common())})")
    print(f"pairs linked by kind: {dict(kinds.most_common())}")
    print(f"{'newsfuse':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    p, r, f = prf(universe, gold)
    print(f"{'all pairs':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    if not args.no_baseline:
        sweep = embedding_baseline(texts, universe, gold)
        t, (p, r, f) = max(sweep, key=lambda x: x[1][2])
        print(f"{f'embeddings (cos ≥ {t:.2f})':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
              "  (best F1 of the sweep)")
        t, (p, r, f) = min(sweep, key=lambda x: abs(x[1][0] - ours))
        print(f"{f'embeddings (cos ≥ {t:.2f})':<24} precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
              "  (precision closest to newsfuse's)")
        for t, (p, r, f) in sweep:
            print(f"    cos ≥ {t:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
