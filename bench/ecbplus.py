"""ECB+ dev as the fusion bench and the claim-pair fit read it: texts, stories, and which
sentences mention which real-world actions.

The gold is line-based: two sentences of two articles of one gold story belong together when
they mention the same ACTION ``cross_doc_instance``. Only sentences with an ACTION annotation
count (ECB+ annotates some sentences only), so an unannotated sentence can neither help nor hurt.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCE = DATA / "ecbplus-dev.jsonl"
GOLD = DATA / "ecbplus-dev.gold.jsonl"  # each article's story and topic
Sentence = tuple[str, int]  # (input id, line)


@dataclass
class Gold:
    texts: dict[str, str]
    story: dict[str, str]
    topic: dict[str, int]
    actions: dict[Sentence, set[str]]  # ACTION instances mentioned on each annotated line
    words: dict[Sentence, dict[str, str]]  # on each line, ACTION mention word → its instance

    def pairs(self, docs: set[str] | None = None) -> tuple[set, set]:
        """(universe, gold): cross-article pairs of annotated sentences within one gold story,
        and those sharing an action."""
        by_story = defaultdict(list)
        for s in self.actions:
            if docs is None or s[0] in docs:
                by_story[self.story[s[0]]].append(s)
        universe, gold = set(), set()
        for sents in by_story.values():
            for x, y in combinations(sorted(sents), 2):
                if x[0] != y[0]:
                    universe.add((x, y))
                    if self.actions[x] & self.actions[y]:
                        gold.add((x, y))
        return universe, gold


def load() -> Gold:
    texts = {r["id"]: r["text"] for r in map(json.loads, SOURCE.open(encoding="utf-8"))}
    story, topic = {}, {}
    for r in map(json.loads, GOLD.open(encoding="utf-8")):
        story[r["id"]], topic[r["id"]] = r["story"], r["topic"]
    actions: dict[Sentence, set[str]] = defaultdict(set)
    words: dict[Sentence, dict[str, str]] = defaultdict(dict)
    for m in map(json.loads, (DATA / "ecbplus-dev.mentions.jsonl").open(encoding="utf-8")):
        if "ACTION" in m["type"] and m["doc_id"] in texts:
            actions[(m["doc_id"], m["line"])].add(m["cross_doc_instance"])
            for w in m["text"].lower().split():
                words[(m["doc_id"], m["line"])][w] = m["cross_doc_instance"]
    return Gold(texts, story, topic, dict(actions), dict(words))


def fold_of(topic: int) -> int:
    """Two folds of ECB+ dev by topic (odd, even): fit on one, score on the other."""
    return topic % 2


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


def lines_of(spans: list[tuple[int, int, int]], start: int, end: int) -> set[int]:
    return {i for a, b, i in spans if a < end and start < b}
