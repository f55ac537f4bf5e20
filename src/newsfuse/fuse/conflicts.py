"""Where two claims of one happening disagree: on who acted, on whom, when, where, or how many.

A field can only conflict when both claims fill it with something the article resolves (an
actor, a day, a state, a figure counting the same thing); a claim silent on a field, or naming it
in words the gazetteer does not know, agrees by default. Precision first: a false conflict
teaches the reader to ignore every conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extract.gazetteer import gazetteer
from ..models import EventParty
from .claims import Claim
from .events import codes, disputed, shared_item
from .figures import figures_agree, same_measure, value_text


@dataclass
class Clash:
    field: str
    left: str  # the value as the first claim gives it
    right: str
    left_code: str | None = None  # ISO-3 (";"-joined) of a party value
    right_code: str | None = None


def _party_clash(a: EventParty | None, b: EventParty | None) -> bool:
    """Both name a resolved actor, and they are different actors of different countries (two
    officials of one government are not a disagreement about who acted)."""
    if a is None or b is None or not a.actor or not b.actor or a.actor == b.actor:
        return False
    ca, cb = codes(a.code), codes(b.code)
    return bool(ca and cb and not ca & cb)


def _days(c: Claim) -> set[str]:
    return {d.value for d in c.dates if d.value and d.granularity == "day"}


def _state(place: str | None) -> str | None:
    hit = gazetteer().state(place) if place else None
    return hit.code if hit else None


def _agree(x: list[EventParty | None], y: list[EventParty | None]) -> bool:
    """The claims' own reading names one country on both sides for this role."""
    cx = set().union(*(codes(p.code) for p in x if p is not None and p.actor))
    cy = set().union(*(codes(p.code) for p in y if p is not None and p.actor))
    return bool(cx & cy)


def _event_clash(a: Claim, b: Claim) -> Clash | None:
    """Coded acts on one item naming different parties ("asked Russia for drones" / "asked
    China and Iran for drones"), unless the claims' own participants agree on that party: two
    readings of one sentence must concur before a reader is told the sources disagree."""
    ra, rb = a.record, b.record
    roles = {"source": ([ra.agent], [rb.agent]),
             "target": ([ra.patient, ra.recipient], [rb.patient, rb.recipient])}
    for x in a.events:
        for y in b.events:
            if not shared_item(x, y):
                continue
            for party in ("source", "target"):
                found = disputed([(a.article.id, x), (b.article.id, y)], party)
                if found and not _agree(*roles[party]):
                    left, right = found["values"][:2]
                    return Clash(party, left["value"], right["value"], left["code"], right["code"])
    return None


def clashes(a: Claim, b: Claim) -> list[Clash]:
    out = []
    ra, rb = a.record, b.record
    event = _event_clash(a, b)
    if event is not None:
        out.append(event)
    if _party_clash(ra.agent, rb.agent) and not any(c.field == "source" for c in out):
        out.append(Clash("source", ra.agent.name, rb.agent.name, ra.agent.code, rb.agent.code))
    # A target of one that disagrees with every target the other names ("Russia" against
    # "China and Iran"; not against "Russia and China").
    theirs = [z for z in (rb.patient, rb.recipient) if z is not None and z.actor]
    if theirs and not any(c.field == "target" for c in out):
        x = next((x for x in (ra.patient, ra.recipient)
                  if all(_party_clash(x, z) for z in theirs)), None)
        if x is not None:
            out.append(Clash("target", x.name, theirs[0].name, x.code, theirs[0].code))
    da, db = _days(a), _days(b)
    time_clash = bool(da and db and not da & db)
    if time_clash:
        out.append(Clash("time", min(da), min(db)))
    pa, pb = _state(ra.place), _state(rb.place)
    if pa and pb and pa != pb:
        out.append(Clash("place", ra.place, rb.place))
    # Figures for one count in one time frame: a different day is another measurement. Two
    # figures of one measure in one clause ("40 km east, at a depth of 30 km") cannot be told
    # apart, so they dispute nothing.
    # Each measure that differs is a field of its own: two claims apart on the passes and the
    # yards are two seasons, not one dispute.
    if not time_clash:
        fa, fb = _stated(a), _stated(b)
        for f in fa:
            mine = [g for g in fa if same_measure(f, g)]
            mates = [g for g in fb if same_measure(f, g)]
            if len(mine) == 1 and len(mates) == 1 and not figures_agree(f, mates[0]):
                out.append(Clash("value", value_text(f), value_text(mates[0])))
    return out


def _stated(c: Claim) -> list:
    """A claim's figures less those in parentheses just after another figure: "€110 billion
    ($143 billion)" converts one amount, and two outlets' conversions differ with the rate."""
    text = c.article.text
    return [f for f in c.figures if not (
        text[max(0, f.start - 2):f.start].strip().endswith("(")
        and any(g is not f and g.end <= f.start <= g.end + 3 for g in c.figures))]
