"""Event coding on the PLOVER gold-standard sentences (../shared/data/plover-gsr-dev.json).

    python bench/events.py            # through the batch interface: ingest, export articles
    python bench/events.py --direct   # extraction in process (fast, for tuning)
    python bench/events.py --show 20  # also list that many misses

Each record is one sentence with one gold event. newsfuse may code several events in a sentence;
the one scored is its *primary* event, the first in the sentence that is not negated, chosen
without looking at the gold. Printed:
- type accuracy: the primary event's PLOVER type is the gold type;
- full accuracy: type, and the source codes and (where the gold has one) the target codes
  share a code with the gold's (ISO-3, or IGO for international organisations);
- how often the gold type is among all the events coded (recall of the coder's candidates);
- sector agreement (GOV, MIL, REB, ...) on correctly typed events, where both give a sector;
- a confusion table of gold type against primary type.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from batch import exported_articles, extracted_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def gold_records() -> list[dict]:
    rows = json.load((DATA / "plover-gsr-dev.json").open(encoding="utf-8"))
    return [r for r in rows if r.get("event") != "DOCUMENT" and r.get("text")]


def codes(parties) -> set[str]:
    """Gold codes of one side; a side can be a list of actors, empty, or free text."""
    if not isinstance(parties, list):
        return set()
    return {p["code"] for p in parties if isinstance(p, dict) and p.get("code")}


def predicted_codes(party: dict) -> set[str]:
    return set((party.get("code") or "").split(";")) - {""}


def primary(events: list[dict]) -> dict | None:
    live = [e for e in events if e.get("mode") != "negated"]
    return min(live, key=lambda e: e["start"]) if live else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--direct", action="store_true", help="extract in process, skip the store")
    ap.add_argument("--show", type=int, default=0, help="list this many misses")
    args = ap.parse_args()
    gold = gold_records()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plover.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for r in gold:
                f.write(json.dumps({"id": r["id"], "text": r["text"], "published": r.get("date")}) + "\n")
        got = extracted_articles(src) if args.direct else exported_articles(src)
    typed = full = anywhere = 0
    sectors = Counter()  # sector agreement where the gold and newsfuse both give one
    confusion: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for r in gold:
        events = got.get(r["id"], {}).get("events", [])
        p = primary(events)
        kind = p["type"] if p else "NONE"
        confusion[r["event"]][kind] += 1
        anywhere += any(e["type"] == r["event"] for e in events)
        if kind != r["event"]:
            misses.append((r, p))
            continue
        typed += 1
        for side in ("source", "target"):
            gold_sectors = {g.get("sector", "")[:3] for g in r.get(side) or [] if isinstance(g, dict)
                            and g.get("sector") and g["sector"] != "***"}
            if gold_sectors and p[side].get("sector"):
                sectors[p[side]["sector"] in gold_sectors] += 1
        src_ok = bool(predicted_codes(p["source"]) & codes(r.get("source")))
        tgt_gold = codes(r.get("target"))
        tgt_ok = not tgt_gold or bool(predicted_codes(p["target"]) & tgt_gold)
        if src_ok and tgt_ok:
            full += 1
        else:
            misses.append((r, p))
    n = len(gold)
    print(f"records: {n} ({'in process' if args.direct else 'through the batch interface'}); "
          "in-sample: the hand-kept event word lists were grown from misses on these sentences")
    print(f"type accuracy {typed / n:.3f} ({typed}/{n}); full accuracy {full / n:.3f} ({full}/{n}); "
          f"gold type among all coded events {anywhere / n:.3f}")
    if sectors:
        both = sectors[True] + sectors[False]
        print(f"sector agreement where both give one: {sectors[True] / both:.3f} ({sectors[True]}/{both})")
    kinds = sorted(set(confusion) | {k for c in confusion.values() for k in c})
    width = max(len(k) for k in kinds)
    print("\nconfusion (rows gold, columns primary event; NONE = no event coded)")
    short = {k: k[:4] for k in kinds}
    print(" " * (width + 1) + " ".join(f"{short[k]:>4}" for k in kinds))
    for g in sorted(confusion):
        print(f"{g:<{width}} " + " ".join(f"{confusion[g][k] or '.':>4}" for k in kinds))
    for r, p in misses[: args.show]:
        print(f"\n{r['id']}: gold {r['event']} {sorted(codes(r.get('source')))} → "
              f"{sorted(codes(r.get('target')))}  ({r['eventText']})\n  {r['text']}")
        print(f"  got {p['type']} {p['source'].get('code')} → {p['target'].get('code')} "
              f"({p['verb']})" if p else "  got nothing")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
