"""Actor resolution on mentions the team resolved by hand (bench/data/actors_gold.tsv).

    python bench/actors.py             # through the batch interface: ingest, export articles
    python bench/actors.py --direct    # extraction only, in process
    python bench/actors.py --show      # also list every row that is not fully right

Each gold row names a stretch of an article's text (the first occurrence of `mention`); the
predicted actor is the one whose mentions overlap that stretch most. Printed: how many gold
mentions were found at all, then for each checked field (kind, code or country, sector, role,
canonical name) the share of found mentions with it right, and the share of all rows with every
checked field right.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from batch import exported_articles, extracted_articles

from newsfuse.keys import fold

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parents[1] / "shared" / "data"
FIELDS = ("kind", "code", "sector", "role", "name")


def load_gold() -> list[dict]:
    rows = []
    for line in (ROOT / "data" / "actors_gold.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        doc, mention, *values = line.split("\t")
        rows.append({"doc": doc, "mention": mention, **dict(zip(FIELDS, values, strict=True))})
    return rows


def source_lines(ids: set[str]) -> list[str]:
    lines = []
    for name in ("polnear-dev.jsonl", "ecbplus-dev.jsonl"):
        for line in (DATA / name).open(encoding="utf-8"):
            if json.loads(line)["id"] in ids:
                lines.append(line.rstrip("\n"))
    return lines


def actor_at(article: dict, start: int, end: int) -> dict | None:
    best, best_overlap = None, 0
    for actor in article["actors"]:
        for s, e in actor["mentions"]:
            overlap = min(e, end) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = actor, overlap
    return best


def check(field: str, want: str, actor: dict) -> bool:
    if field == "kind":
        if want == "channel":
            return actor["kind"] == "organisation" and bool(actor.get("channel"))
        return actor["kind"] == want
    if field == "code":
        return (actor.get("code") or actor.get("country")) == want
    if field == "sector":
        return actor.get("sector") == want
    if field == "role":
        return all(w in (actor.get("role") or "").split() for w in want.split())
    return fold(actor["name"]) == fold(want)


def main() -> None:
    args = sys.argv[1:]
    gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "actors.jsonl"
        src.write_text("\n".join(source_lines({g["doc"] for g in gold})) + "\n", encoding="utf-8")
        preds = (extracted_articles if "--direct" in args else exported_articles)(src)
    found = all_right = 0
    right = dict.fromkeys(FIELDS, 0)
    checked = dict.fromkeys(FIELDS, 0)
    wrong = []
    for g in gold:
        article = preds.get(g["doc"])
        pos = article["text"].find(g["mention"]) if article else -1
        actor = actor_at(article, pos, pos + len(g["mention"])) if pos >= 0 else None
        if actor is None:
            wrong.append((g["doc"], g["mention"], "not found" if pos >= 0 else "text not found"))
            continue
        found += 1
        bad = []
        for field in FIELDS:
            if g[field] == "-":
                continue
            checked[field] += 1
            if check(field, g[field], actor):
                right[field] += 1
            else:
                bad.append(f"{field}: want {g[field]!r}, got "
                           f"{actor.get(field) if field != 'code' else actor.get('code') or actor.get('country')!r}")
        all_right += not bad
        if bad:
            wrong.append((g["doc"], g["mention"], "; ".join(bad)))
    n = len(gold)
    print(f"gold mentions {n}; found {found} ({found / n:.3f}); in-sample: the hand gazetteer "
          "grew while these rows were resolved")
    for field in FIELDS:
        if checked[field]:
            print(f"  {field:<6} right {right[field]}/{checked[field]} ({right[field] / checked[field]:.3f})")
    print(f"every checked field right: {all_right}/{n} ({all_right / n:.3f})")
    if "--show" in args:
        for row in wrong:
            print("  ", " | ".join(row))


if __name__ == "__main__":
    main()
