"""Spanish and English on MEANTIME dev (../shared/data/meantime-dev.*): Wikinews articles in
English and their Spanish translations.

    python bench/crosslingual.py

Runs through the batch interface with each article's `language` removed, so the language is
detected, and prints:
- language accuracy (and how many articles were left without a language);
- of the 60 translation pairs, how many are linked as copies of each other, and how many are at
  least placed in one story; links between articles that are not a translation pair of each
  other, when they cross languages (a false translation link).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from batch import exported

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCE = DATA / "meantime-dev.jsonl"


def main() -> None:
    gold = {r["id"]: r["language"] for r in map(json.loads, SOURCE.open(encoding="utf-8"))}
    pairs = [(r["en"], r["es"]) for r in map(json.loads, (DATA / "meantime-dev.pairs.jsonl").open())]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "meantime.jsonl"
        with src.open("w", encoding="utf-8") as out:
            for r in map(json.loads, SOURCE.open(encoding="utf-8")):
                r.pop("language")
                out.write(json.dumps(r) + "\n")
        rows = {r["source_id"]: r for r in exported(src, "articles")["articles"]}
    by_id = {r["id"]: r["source_id"] for r in rows.values()}
    right = sum(rows[k]["language"] == lang for k, lang in gold.items())
    unknown = sum(rows[k]["language"] is None for k in gold)
    print(f"language: {right}/{len(gold)} right ({right / len(gold):.3f}), {unknown} unknown")

    partner = {a: b for en, es in pairs for a, b in ((en, es), (es, en))}
    linked = sum(by_id.get(rows[es]["duplicate_of"]) == en or by_id.get(rows[en]["duplicate_of"]) == es
                 for en, es in pairs)
    together = sum(rows[en]["story_id"] == rows[es]["story_id"] for en, es in pairs)
    false = [(k, by_id.get(r["duplicate_of"])) for k, r in rows.items() if r["duplicate_of"]
             and partner.get(k) != by_id.get(r["duplicate_of"])
             and gold[k] != gold.get(by_id.get(r["duplicate_of"]))]
    print(f"translation pairs: {linked}/{len(pairs)} linked as copies, {together}/{len(pairs)} "
          f"in one story; {len(false)} false cross-language links")
    kinds = sorted({r["duplicate_kind"] for r in rows.values() if r["duplicate_kind"]})
    print(f"duplicate kinds seen: {', '.join(kinds) or 'none'}")


if __name__ == "__main__":
    main()
