"""Quote attribution on PolNeAR dev (../shared/data/polnear-dev.*), scored as ATTRIBUTION.md says.

    python bench/quotes.py             # through the batch interface: ingest, then export articles
    python bench/quotes.py --direct    # extraction only, in process (faster while tuning)
    python bench/quotes.py --show 20   # also print misses and false alarms

Only attributions whose cue is a speech verb are scored, on both sides (said, told, wrote, added,
according to, ...). A predicted quote matches a gold attribution when their content words
overlap by at least 0.5 (shared words over the larger of the two word sets), one to one, best
overlap first. Speaker agreement is measured on matched pairs: the predicted ``speaker`` shares a
word with the gold source. A Jaccard ≥ 0.5 variant of the match is printed beside it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from batch import exported_articles, extracted_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

SPEECH = {
    "say", "said", "says", "saying", "tell", "told", "tells", "telling", "write", "wrote",
    "writes", "writing", "add", "added", "adds", "adding", "state", "stated", "states", "note",
    "noted", "notes", "noting", "ask", "asked", "asks", "asking", "announce", "announced",
    "announces", "explain", "explained", "explains", "claim", "claimed", "claims", "claiming",
    "declare", "declared", "tweet", "tweeted", "tweets", "reply", "replied", "respond",
    "responded", "insist", "insisted", "insists", "warn", "warned", "warns", "stress", "stressed",
    "emphasize", "emphasized", "argue", "argued", "argues", "arguing", "continue", "continued",
    "recall", "recalled", "mention", "mentioned", "mentions", "acknowledge", "acknowledged",
    "admit", "admitted", "suggest", "suggested", "suggests", "remark", "remarked", "comment",
    "commented", "testify", "testified", "predict", "predicted", "vow", "vowed", "promise",
    "promised", "pledge", "pledged", "report", "reported", "reports",
}
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower().replace("’", "'")))


def is_speech(cue: str | None) -> bool:
    c = (cue or "").lower()
    return "according to" in c or bool(words(c) & SPEECH)


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a), len(b), 1)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def load_gold() -> dict[str, list[dict]]:
    gold = {}
    for line in (DATA / "polnear-dev.gold.jsonl").open():
        row = json.loads(line)
        items = []
        for a in row["attributions"]:
            cue = " ".join(s[2] for s in a.get("cue", []))
            if not is_speech(cue) or not a.get("content"):
                continue
            items.append({"cue": cue, "source": " ".join(s[2] for s in a.get("source", [])),
                          "content": " ".join(s[2] for s in a["content"])})
        gold[row["id"]] = items
    return gold


def match(pred: list[dict], gold: list[dict], sim, threshold: float = 0.5):
    pairs = sorted(((sim(words(p["content"]), words(g["content"])), i, j)
                    for i, p in enumerate(pred) for j, g in enumerate(gold)), reverse=True)
    used_p, used_g, out = set(), set(), []
    for s, i, j in pairs:
        if s < threshold:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((pred[i], gold[j]))
    return out


def main() -> None:
    args = sys.argv[1:]
    show = int(args[args.index("--show") + 1]) if "--show" in args else 0
    src = DATA / "polnear-dev.jsonl"
    gold = load_gold()
    run = extracted_articles if "--direct" in args else exported_articles
    preds = {doc_id: article["quotes"] for doc_id, article in run(src).items()}
    for name, sim in (("overlap", overlap), ("jaccard", jaccard)):
        n_pred = n_gold = n_match = n_speaker = 0
        misses, alarms, wrong = [], [], []
        for doc_id, g in gold.items():
            p = [q for q in preds.get(doc_id, []) if is_speech(q.get("cue"))]
            pairs = match(p, g, sim)
            n_pred, n_gold, n_match = n_pred + len(p), n_gold + len(g), n_match + len(pairs)
            for q, a in pairs:
                if words(q.get("speaker")) & words(a["source"]):
                    n_speaker += 1
                else:
                    wrong.append((doc_id, q.get("speaker"), a["source"], a["content"][:80]))
            hit_g = {id(a) for _, a in pairs}
            hit_p = {id(q) for q, _ in pairs}
            misses += [(doc_id, a["cue"], a["source"], a["content"][:100]) for a in g
                       if id(a) not in hit_g]
            alarms += [(doc_id, q.get("cue"), q.get("speaker"), q["content"][:100]) for q in p
                       if id(q) not in hit_p]
        prec, rec = n_match / max(n_pred, 1), n_match / max(n_gold, 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        print(f"[{name} >= 0.5, in-sample: the quote rules were tuned reading these misses] gold {n_gold}, predicted {n_pred}, matched {n_match}: "
              f"precision {prec:.3f} recall {rec:.3f} F1 {f1:.3f}; "
              f"speaker agreement {n_speaker / max(n_match, 1):.3f}")
        if show and name == "overlap":
            for title, rows in (("missed", misses), ("false alarms", alarms),
                                ("wrong speaker", wrong)):
                print(f"--- {title} ({len(rows)})")
                for row in rows[:show]:
                    print("  ", " | ".join(str(x) for x in row))


if __name__ == "__main__":
    main()
