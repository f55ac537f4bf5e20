"""Coded events: aligned by action, source and what was acted on, then compared on the target.

"Venezuela asked Russia for drones" and "Venezuela asked China and Iran for drones" are one
request with two targets: a conflict on the target, each value with the articles that give it.
"""

from __future__ import annotations

from ..models import EventRecord, FusedFact
from .align import constrained_groups
from .common import ArticleView, brief, fact_id, label_of, source, tokens, unit_of, words

EVENT_ITEM_OVERLAP = 0.5
_GENERIC = {"help", "assistance", "support", "aid", "thing", "way", "part", "kind", "type",
            "number", "lot", "proposal", "request", "potentially", "additional"}


def _item_key(text: str) -> set[str]:
    return {w for w in words(text) if len(w) > 2 and w not in _GENERIC} - {"the", "and", "for"}


def _item_head(text: str) -> str:
    found = tokens(text)
    return found[-1] if found else ""


def _codes(code: str | None) -> set[str]:
    return set(code.split(";")) if code else set()


def _named(p) -> set[str]:
    """Codes of a party the article names; a default target (the source's own country, for an
    act on no named party) is not a claim any source makes."""
    return _codes(p.code) if p.actor else set()


def _compatible(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def _one_party_agrees(a: EventRecord, b: EventRecord) -> bool:
    """The same action on the same thing is one event when the sources agree on at least one
    party; the other party may then be disputed ("who was asked for drones")."""
    sa, sb, ta, tb = (_named(p) for p in (a.source, b.source, a.target, b.target))
    return _compatible(sa, sb) or bool(ta & tb)


def _disputed(members, party: str) -> dict | None:
    """The conflict on one party of aligned events: each value with the articles giving it."""
    by_code: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for a, ev, _, _ in members:
        p = getattr(ev, party)
        if p.code and p.actor:
            by_code.setdefault(p.code, []).append(a.id)
            names[p.code] = p.name or p.code
    codes = [_codes(k) for k in by_code]
    if len(codes) > 1 and any(not (x & y) for x in codes for y in codes):
        return {"field": party, "values": [
            {"value": names[k], "code": k, "article_ids": ids} for k, ids in by_code.items()]}
    return None


def event_facts(story_id: str, arts: list[ArticleView]) -> list[FusedFact]:
    items = []  # (article, event, item text, key)
    for a in arts:
        for ev in a.extraction.events:
            if ev.mode == "negated":
                continue
            keys = [(it, _item_key(it)) for it in ev.objects]
            keys = [(it, k) for it, k in keys if k]
            # An item that contains another is its wrapper ("help ..., including drones").
            keys = [(it, k) for it, k in keys
                    if not any(o is not k and o < k for _, o in keys)]
            for it, k in keys:
                items.append((a, ev, it, k))

    def score(i: int, j: int) -> float:
        (_, ei, ti, ki), (_, ej, tj, kj) = items[i], items[j]
        if ei.type != ej.type or not _one_party_agrees(ei, ej):
            return 0.0
        shared = ki & kj
        # Sharing a modifier ("military support" / "military repairs") is not the same item:
        # the head noun of one of them must be shared.
        if not shared & {_item_head(ti), _item_head(tj)}:
            return 0.0
        return len(shared) / min(len(ki), len(kj))

    # Items of one event aligned with items of another ("radars", "jets") are one fact about
    # those events, listing every shared item.
    by_events: dict[frozenset, list] = {}
    for group in constrained_groups(items, lambda it: it[0].id, score, EVENT_ITEM_OVERLAP):
        if len({items[i][0].independent_key for i in group}) < 2:
            continue
        members = [items[i] for i in group]
        key = frozenset(id(ev) for _, ev, _, _ in members)
        if key in by_events:
            by_events[key][1].append(members[0][2])
        else:
            by_events[key] = (members, [members[0][2]])
    facts: list[FusedFact] = []
    used: set[int] = set()
    for members, objects in by_events.values():
        used.update(id(ev) for _, ev, _, _ in members)
        facts.append(_event_fact(story_id, members, ", ".join(objects)))

    # Events not aligned through an object: align whole events by action and parties.
    rest = [(a, ev, None, None) for a in arts for ev in a.extraction.events
            if id(ev) not in used and ev.mode != "negated" and (ev.source.code or ev.target.code)]

    def whole(i: int, j: int) -> float:
        (ai, ei, _, _), (aj, ej, _, _) = rest[i], rest[j]
        if ei.type != ej.type or not (_codes(ei.source.code) & _codes(ej.source.code)):
            return 0.0
        if not _compatible(_named(ei.target), _named(ej.target)):
            return 0.0
        ui, uj = unit_of(ai.extraction, ei.start), unit_of(aj.extraction, ej.start)
        if ui is None or uj is None:
            return 0.0
        return float(ai.unit_vectors[ui] @ aj.unit_vectors[uj])

    for group in constrained_groups(rest, lambda it: it[0].id, whole, 0.6):
        facts.append(_event_fact(story_id, [rest[i] for i in group], None))
    return facts


def _event_fact(story_id: str, members, item: str | None) -> FusedFact:
    sources = [source(a, *(ev.sentence or [ev.start, ev.end])) for a, ev, _, _ in members]
    label, outlets = label_of([a for a, _, _, _ in members])
    conflict = _disputed(members, "source") or _disputed(members, "target")
    if conflict:
        label = "conflicting"
    ev: EventRecord = members[0][1]
    # A target the article does not name (the coder's default) is left out of the summary:
    # "Hana Sato praised the agreement", not "praised ? (the agreement)".
    parties = {"source": ev.source.name or "?", "target": ev.target.name or ""}
    if conflict:
        parties[conflict["field"]] = " / ".join(v["value"] for v in conflict["values"])
    objects = "; ".join(ev.objects[:3])
    # What was asked for reads "asked Russia for drones"; what was signed or struck follows
    # the verb as it does in the text.
    linker = " for " if ev.type in {"REQUEST", "DEMAND"} else " "
    what = f"{linker}{item}" if item else (f" ({objects})" if objects and parties["target"] else
                                           f" {objects}" if objects else "")
    target = f" {parties['target']}" if parties["target"] else ""
    summary = brief(f"{ev.type}: {parties['source']} {ev.verb}{target}{what}")
    return FusedFact(
        story_id=story_id, fact_id=fact_id(story_id, "event", sources, summary), label=label,
        kind="event",
        summary=summary, sources=sources, outlets=outlets, conflict=conflict,
    )
