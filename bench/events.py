"""Event coding on the PLOVER gold-standard sentences (../shared/data/plover-gsr-dev.json).

    python bench/events.py            # through the batch interface: ingest, export articles
    python bench/events.py --direct   # extraction in process (fast, for tuning)
    python bench/events.py --show 20  # also list that many misses
    python bench/events.py --direct --lexicon-only   # the held-out figure (below)

The hand-kept word lists (``event_*.tsv``) grew from misses on these sentences, so the default
figures are in-sample. ``--lexicon-only`` codes with the PETRARCH2 dictionary alone (hand verbs,
nouns and phrases switched off, in process): nothing in it was fitted on this data, so it is
the figure to expect on unseen text from that layer.

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
from dataclasses import dataclass, field
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


@dataclass
class Score:
    n: int = 0
    typed: int = 0
    full: int = 0
    anywhere: int = 0
    sectors: Counter = field(default_factory=Counter)  # agreement where gold and newsfuse give one
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list = field(default_factory=list)

    def line(self) -> str:
        return (f"type accuracy {self.typed / self.n:.3f} ({self.typed}/{self.n}); full accuracy "
                f"{self.full / self.n:.3f} ({self.full}/{self.n}); gold type among all coded "
                f"events {self.anywhere / self.n:.3f}")


def coded(gold: list[dict], direct: bool) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "plover.jsonl"
        with src.open("w", encoding="utf-8") as f:
            for r in gold:
                f.write(json.dumps({"id": r["id"], "text": r["text"], "published": r.get("date")}) + "\n")
        return extracted_articles(src) if direct else exported_articles(src)


# The gold follows PLOVER 0.5, whose DEMAND covers asking as well as demanding; newsfuse keeps
# PLOVER 2021's REQUEST (CAMEO 02, appeals) apart from DEMAND (CAMEO 10). Scored as one type.
AS_GOLD = {"REQUEST": "DEMAND"}


def score(gold: list[dict], got: dict[str, dict]) -> Score:
    sc = Score(n=len(gold))
    for r in gold:
        events = [{**e, "type": AS_GOLD.get(e["type"], e["type"])}
                  for e in got.get(r["id"], {}).get("events", [])]
        p = primary(events)
        kind = p["type"] if p else "NONE"
        sc.confusion[r["event"]][kind] += 1
        sc.anywhere += any(e["type"] == r["event"] for e in events)
        if kind != r["event"]:
            sc.misses.append((r, p))
            continue
        sc.typed += 1
        for side in ("source", "target"):
            gold_sectors = {g.get("sector", "")[:3] for g in r.get(side) or [] if isinstance(g, dict)
                            and g.get("sector") and g["sector"] != "***"}
            if gold_sectors and p[side].get("sector"):
                sc.sectors[p[side]["sector"] in gold_sectors] += 1
        src_ok = bool(predicted_codes(p["source"]) & codes(r.get("source")))
        tgt_gold = codes(r.get("target"))
        tgt_ok = not tgt_gold or bool(predicted_codes(p["target"]) & tgt_gold)
        if src_ok and tgt_ok:
            sc.full += 1
        else:
            sc.misses.append((r, p))
    return sc


def hand_entries_in(texts: list[str]) -> set[tuple[str, str]]:
    """The hand-kept entries each text could have taught: ("verb", lemma), ("noun", lemma) and
    ("phrase", matcher key) found in it."""
    from newsfuse.extract.events.triggers import phrase_matcher
    from newsfuse.nlp import spacy_nlp

    matcher, _ = phrase_matcher()
    out = set()
    for doc in spacy_nlp().pipe(texts):
        out |= {("verb", t.lemma_.lower()) for t in doc if t.pos_ == "VERB"}
        out |= {("noun", t.lemma_.lower()) for t in doc if t.pos_ == "NOUN"}
        out |= {("phrase", doc.vocab.strings[m]) for m, _, _ in matcher(doc)}
    return out


def two_fold(gold: list[dict]) -> None:
    """Each half of dev (records by position, odd and even) coded without the hand entries that
    only that half could have taught: an entry found in the half's sentences and in none of the
    other half's is taken as grown from its misses. What remains is what the other half (or no
    dev sentence at all) supports, as unseen text would find it."""
    from newsfuse.extract.events import triggers
    from newsfuse.extract.events.lexicon import hand_readings
    from newsfuse.extract.gazetteer import gazetteer

    gz = gazetteer()
    halves = [gold[0::2], gold[1::2]]
    seen = [hand_entries_in([r["text"] for r in h]) for h in halves]
    total = Score()
    for k, half in enumerate(halves):
        only = seen[k] - seen[1 - k]
        verbs, nouns = dict(gz.event_verbs), dict(gz.event_nouns)
        for kind, key in only:
            if kind == "verb":
                gz.event_verbs.pop(key, None)
            elif kind == "noun":
                gz.event_nouns.pop(key, None)
        matcher, _ = triggers.phrase_matcher()
        for kind, key in only:
            if kind == "phrase" and key in matcher:
                matcher.remove(key)
        dropped = (len(verbs) - len(gz.event_verbs), len(nouns) - len(gz.event_nouns),
                   sum(k == "phrase" for k, _ in only))
        hand_readings.cache_clear()
        try:
            sc = score(half, coded(half, direct=True))
        finally:
            gz.event_verbs.clear(), gz.event_verbs.update(verbs)
            gz.event_nouns.clear(), gz.event_nouns.update(nouns)
            triggers.phrase_matcher.cache_clear()
            hand_readings.cache_clear()
        print(f"half {k} (held out: {dropped[0]} verbs, {dropped[1]} nouns, {dropped[2]} phrases "
              f"only it could teach left out): {sc.line()}")
        for name in ("n", "typed", "full", "anywhere"):
            setattr(total, name, getattr(total, name) + getattr(sc, name))
    print(f"two-fold, both halves held out: {total.line()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--direct", action="store_true", help="extract in process, skip the store")
    ap.add_argument("--show", type=int, default=0, help="list this many misses")
    ap.add_argument("--lexicon-only", action="store_true",
                    help="with --direct: the public dictionary alone, no hand-kept entries")
    args = ap.parse_args()
    if args.lexicon_only:
        if not args.direct:
            ap.error("--lexicon-only switches the hand layer off in process: use it with --direct")
        from newsfuse.extract.events import triggers
        from newsfuse.extract.events.lexicon import hand_readings
        from newsfuse.extract.gazetteer import gazetteer

        gazetteer().event_verbs.clear()
        gazetteer().event_nouns.clear()
        hand_readings.cache_clear()
        triggers.phrase_triggers = lambda doc: []
    gold = gold_records()
    sc = score(gold, coded(gold, args.direct))
    print(f"records: {sc.n} ({'in process' if args.direct else 'through the batch interface'}); "
          + ("held out: the public dictionary alone, nothing fitted on these sentences"
             if args.lexicon_only else
             "in-sample: the hand-kept event word lists were grown from misses on these sentences"))
    print(sc.line())
    if sc.sectors:
        both = sc.sectors[True] + sc.sectors[False]
        print(f"sector agreement where both give one: {sc.sectors[True] / both:.3f} "
              f"({sc.sectors[True]}/{both})")
    if not args.lexicon_only:
        two_fold(gold)
    kinds = sorted(set(sc.confusion) | {k for c in sc.confusion.values() for k in c})
    width = max(len(k) for k in kinds)
    print("\nconfusion (rows gold, columns primary event; NONE = no event coded)")
    short = {k: k[:4] for k in kinds}
    print(" " * (width + 1) + " ".join(f"{short[k]:>4}" for k in kinds))
    for g in sorted(sc.confusion):
        print(f"{g:<{width}} " + " ".join(f"{sc.confusion[g][k] or '.':>4}" for k in kinds))
    for r, p in sc.misses[: args.show]:
        print(f"\n{r['id']}: gold {r['event']} {sorted(codes(r.get('source')))} → "
              f"{sorted(codes(r.get('target')))}  ({r['eventText']})\n  {r['text']}")
        print(f"  got {p['type']} {p['source'].get('code')} → {p['target'].get('code')} "
              f"({p['verb']})" if p else "  got nothing")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
