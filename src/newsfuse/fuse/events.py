"""Coded events: the same act recognised by type, a party and what was acted on.

"Venezuela asked Russia for drones" and "Venezuela asked China and Iran for drones" are one
request with two targets: a conflict on the target, each value with the articles that give it.
"""

from __future__ import annotations

from ..models import EventParty, EventRecord
from .common import tokens, words

EVENT_ITEM_OVERLAP = 0.5
_GENERIC = {"help", "assistance", "support", "aid", "thing", "way", "part", "kind", "type",
            "number", "lot", "proposal", "request", "potentially", "additional"}


def _item_key(text: str) -> set[str]:
    return {w for w in words(text) if len(w) > 2 and w not in _GENERIC} - {"the", "and", "for"}


def _item_head(text: str) -> str:
    found = tokens(text)
    return found[-1] if found else ""


def codes(code: str | None) -> set[str]:
    return set(code.split(";")) if code else set()


def named(p: EventParty | None) -> set[str]:
    """Codes of a party the article names; a default target (the source's own country, for an
    act on no named party) is not a claim any source makes."""
    return codes(p.code) if p is not None and p.actor else set()


def _compatible(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def _one_party_agrees(a: EventRecord, b: EventRecord) -> bool:
    """The same action on the same thing is one event when the sources agree on at least one
    party; the other party may then be disputed ("who was asked for drones")."""
    sa, sb, ta, tb = (named(p) for p in (a.source, b.source, a.target, b.target))
    return _compatible(sa, sb) or bool(ta & tb)


def _items(ev: EventRecord) -> list[tuple[str, set[str]]]:
    keys = [(it, k) for it in ev.objects if (k := _item_key(it))]
    # An item that contains another is its wrapper ("help ..., including drones").
    return [(it, k) for it, k in keys if not any(o is not k and o < k for _, o in keys)]


def shared_item(a: EventRecord, b: EventRecord) -> str | None:
    """What two events of one type both act on, when they agree on a party: sharing a modifier
    ("military support" / "military repairs") is not the same item, a head noun must be shared."""
    if a.type != b.type or not _one_party_agrees(a, b):
        return None
    for ti, ki in _items(a):
        for tj, kj in _items(b):
            shared = ki & kj
            if shared & {_item_head(ti), _item_head(tj)} and \
                    len(shared) / min(len(ki), len(kj)) >= EVENT_ITEM_OVERLAP:
                return ti
    return None


def disputed(events: list[tuple[str, EventRecord]], party: str) -> dict | None:
    """The conflict on one party of aligned events: each value with the articles giving it."""
    by_code: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for aid, ev in events:
        p = getattr(ev, party)
        if p.code and p.actor:
            by_code.setdefault(p.code, [])
            if aid not in by_code[p.code]:
                by_code[p.code].append(aid)
            names[p.code] = p.name or p.code
    sets = [codes(k) for k in by_code]
    if len(sets) > 1 and any(not (x & y) for x in sets for y in sets):
        return {"field": party, "values": [
            {"value": names[k], "code": k, "article_ids": ids} for k, ids in by_code.items()]}
    return None
