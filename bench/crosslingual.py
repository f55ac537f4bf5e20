"""Spanish and English on MEANTIME dev (../shared/data/meantime-dev.*): Wikinews articles in
English and their Spanish translations.

    python bench/crosslingual.py

Runs through the batch interface with each article's `language` removed, so the language is
detected, and prints:
- language accuracy (and how many articles were left without a language);
- of the 60 translation pairs, how many are linked as translations of each other, and how many are at
  least placed in one story; links between articles that are not a translation pair of each
  other, when they cross languages (a false translation link);
- cross-lingual alignment along MEANTIME's event chains: over every pair of an English and a
  Spanish sentence that both carry an annotated event, the pairs sharing an event chain are the
  gold, and newsfuse links a pair when one fused fact cites both sentences (pairwise precision
  and recall).
- quotes across languages: English direct quotes that are one quote fact with their Spanish
  translation;
- extraction parity: a translation states the same states, figures, dates and quoted speakers
  as its original, so per pair the Spanish article's set of each is scored against the English
  one's (precision and recall over all pairs, and per MEANTIME corpus, since nothing here was
  fitted on either).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from batch import exported
from ecbplus import DATA, line_map, lines_of

SOURCE = DATA / "meantime-dev.jsonl"


def main() -> None:
    records = [json.loads(line) for line in SOURCE.open(encoding="utf-8")]
    gold = {r["id"]: r["language"] for r in records}
    pairs = [(r["en"], r["es"]) for r in map(json.loads, (DATA / "meantime-dev.pairs.jsonl").open())]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "meantime.jsonl"
        src.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "language"}) + "\n"
                               for r in records), encoding="utf-8")
        found = exported(src, "articles", "facts")
    rows = {r["source_id"]: r for r in found["articles"]}
    by_id = {r["id"]: r["source_id"] for r in rows.values()}
    right = sum(rows[k]["language"] == lang for k, lang in gold.items())
    unknown = sum(rows[k]["language"] is None for k in gold)
    print(f"language: {right}/{len(gold)} right ({right / len(gold):.3f}), {unknown} unknown")

    partner = {a: b for en, es in pairs for a, b in ((en, es), (es, en))}
    linked = sum(by_id.get(rows[es]["duplicate_of"]) == en and rows[es]["duplicate_kind"] == "translation"
                 or by_id.get(rows[en]["duplicate_of"]) == es and rows[en]["duplicate_kind"] == "translation"
                 for en, es in pairs)
    together = sum(rows[en]["story_id"] == rows[es]["story_id"] for en, es in pairs)
    false = [(k, by_id.get(r["duplicate_of"])) for k, r in rows.items() if r["duplicate_of"]
             and partner.get(k) != by_id.get(r["duplicate_of"])
             and gold[k] != gold.get(by_id.get(r["duplicate_of"]))]
    print(f"translation pairs: {linked}/{len(pairs)} linked as translations, {together}/{len(pairs)} "
          f"in one story; {len(false)} false cross-language links")
    kinds = sorted({r["duplicate_kind"] for r in rows.values() if r["duplicate_kind"]})
    print(f"duplicate kinds seen: {', '.join(kinds) or 'none'}")
    alignment(rows, found["facts"], gold, {r["id"]: r["text"] for r in records})
    quotes(rows, found["facts"], pairs)
    parity(rows, pairs)


def quotes(rows: dict[str, dict], facts: list[dict], pairs: list[tuple[str, str]]) -> None:
    """Of the English direct quotes with a speaker, how many are one quote fact with a source in
    their article's Spanish translation (which gives the same remark in other words)."""
    spanish_of = {rows[en]["id"]: rows[es]["id"] for en, es in pairs}
    wanted = sum(q["direct"] and bool(q.get("speaker_name")) for en, _ in pairs
                 for q in rows[en]["quotes"])
    joined = flagged = 0
    for f in facts:
        if f["kind"] != "quote":
            continue
        cited = {s["article_id"] for s in f["sources"]}
        if any(en in cited and es in cited for en, es in spanish_of.items()):
            joined += 1
            flagged += "wording_differs" in (f.get("flags") or [])
    print(f"quotes across languages: {joined} quote facts join an English quote and its Spanish "
          f"translation ({flagged} flagged wording_differs), of {wanted} English direct quotes "
          f"with a speaker")


def _said(row: dict) -> dict[str, set]:
    """What an article states that its translation should state too, in comparable form:
    state codes, figure values, resolved dates, and quoted speakers by surname."""
    return {
        "states": {a["code"] for a in row["actors"] if a["kind"] == "state" and a["code"]},
        "figures": {f["value"] for f in row["figures"]},
        "dates": {d["value"] for d in row["dates"] if d["value"]},
        "speakers": {q["speaker_name"].split()[-1].lower() for q in row["quotes"]
                     if q.get("speaker_name")},
    }


def parity(rows: dict[str, dict], pairs: list[tuple[str, str]]) -> None:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for en, es in pairs:
        corpus = en.split("-")[1]
        want, got = _said(rows[en]), _said(rows[es])
        for kind in want:
            for key in ((kind, corpus), (kind, "all")):
                c = counts[key]
                c[0] += len(want[kind] & got[kind])
                c[1] += len(got[kind])
                c[2] += len(want[kind])
    print("extraction parity, Spanish against English (shared / Spanish / English):")
    for kind in ("states", "figures", "dates", "speakers"):
        cells = []
        for corpus in ("all", *sorted({en.split("-")[1] for en, _ in pairs})):
            shared, es_n, en_n = counts[kind, corpus]
            p = shared / es_n if es_n else 0.0
            r = shared / en_n if en_n else 0.0
            cells.append(f"{corpus} P {p:.2f} R {r:.2f} ({shared}/{es_n}/{en_n})")
        print(f"  {kind:9} " + "; ".join(cells))


def alignment(rows: dict[str, dict], facts: list[dict], language: dict[str, str],
              texts: dict[str, str]) -> None:
    chains: dict[tuple[str, int], set[str]] = defaultdict(set)
    for m in map(json.loads, (DATA / "meantime-dev.mentions.jsonl").open(encoding="utf-8")):
        if m["type"].startswith("ACTION"):
            chains[m["doc_id"], m["line"]].add(m["chain"])
    en = [k for k in chains if language[k[0]] == "en"]
    es = [k for k in chains if language[k[0]] == "es"]
    gold = {(a, b) for a in en for b in es if chains[a] & chains[b]}
    maps = {r["id"]: (sid, line_map(texts[sid], r["text"])) for sid, r in rows.items()}
    linked = set()
    for f in facts:
        cited = {(maps[s["article_id"]][0], i) for s in f["sources"] if s["article_id"] in maps
                 for i in lines_of(maps[s["article_id"]][1], s["start"], s["end"])}
        for a, b in combinations(sorted(cited, key=lambda k: language[k[0]]), 2):  # en before es
            if (language[a[0]], language[b[0]]) == ("en", "es") and a in chains and b in chains:
                linked.add((a, b))
    tp = len(linked & gold)
    p = tp / len(linked) if linked else 0.0
    r = tp / len(gold) if gold else 0.0
    print(f"cross-lingual event alignment: {len(en) * len(es)} English-Spanish event sentence pairs, "
          f"{len(gold)} on one chain; linked {len(linked)}, precision {p:.3f} recall {r:.3f}")


if __name__ == "__main__":
    main()
