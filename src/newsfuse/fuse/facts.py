"""One fused fact from a group of aligned claims: label, conflict, summary and claim fields.

Each source shows its own reading of the claim (who, whom, when, where, how many, on whose word,
and the quote, figures and event of its sentence), so a reader can compare them side by side.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from ..models import EventParty, FactSource, FusedFact
from .claims import Claim
from .common import brief, fact_id, source, support_of
from .conflicts import clashes
from .figures import label as figure_label
from .figures import value_text
from .quotes import same_quote, speaker_line, wording


def _party(p: EventParty | None) -> dict | None:
    return None if p is None else {"name": p.name, "actor": p.actor, "code": p.code}


def claim_fields(c: Claim) -> dict:
    """The claim as one source states it (export field ``claim``)."""
    r = c.record
    att = None if r.attribution is None else {**_party(r.attribution), "cue": r.cue}
    return {
        "happening": r.happening,
        "participants": {role: _party(getattr(r, role))
                         for role in ("agent", "patient", "recipient") if getattr(r, role)},
        "qualifiers": {
            "time": [d.value or d.text for d in c.dates],
            "place": r.place,
            "quantities": [{"value": f.value, "qualifier": f.qualifier, "unit": f.unit,
                            "text": value_text(f)} for f in c.figures],
        },
        "attribution": att,
        "factuality": r.factuality,
    }


def _source(c: Claim) -> FactSource:
    src = source(c.article, c.start, c.end)
    fields = claim_fields(c)
    quotes = [q for _, q in c.quotes if q.verbatim]
    if quotes:
        fields["quote"] = {"speaker": quotes[0].speaker_name or quotes[0].speaker,
                           "content": quotes[0].content}
    if c.events:
        ev = c.events[0]
        fields["event"] = {"type": ev.type, "cameo": ev.cameo, "source": ev.source.name,
                           "target": ev.target.name, "mode": ev.mode}
    src.claim = fields
    return src


def _conflict(members: list[Claim]) -> dict | None:
    """The field the aligned claims disagree on, each value with the articles that give it.

    Each value is listed once, with every article that gives it."""
    found = Counter()
    values: dict[str, dict[str, dict]] = {}
    for a, b in combinations(members, 2):
        if a.article.id == b.article.id:
            continue
        for clash in clashes(a, b):
            found[clash.field] += 1
            by_value = values.setdefault(clash.field, {})
            for value, code, aid in ((clash.left, clash.left_code, a.article.id),
                                     (clash.right, clash.right_code, b.article.id)):
                v = by_value.setdefault(value, {"value": value, "article_ids": []})
                if code:
                    v["code"] = code
                if aid not in v["article_ids"]:
                    v["article_ids"].append(aid)
    if not found:
        return None
    return {"field": (field := found.most_common(1)[0][0]), "values": list(values[field].values())}


def _quoted(members: list[Claim]) -> tuple[list, bool]:
    """The quotes by which the members report one remark, and whether they do."""
    pairs = [same_quote(a, b) for a, b in combinations(members, 2) if a.article.id != b.article.id]
    found = [p for p in pairs if p]
    if found:
        seen, quotes = set(), []
        for qa, qb in found:
            for q in (qa, qb):
                if id(q) not in seen:
                    seen.add(id(q))
                    quotes.append(q)
        owner = {id(q): c.article.id for c in members for _, q in c.quotes}
        return [(owner[id(q)], q) for q in quotes], True
    lone = [(c.article.id, q) for c in members for _, q in c.quotes if q.direct]
    return lone[:1], len(members) == 1 and bool(lone)


def _kind(members: list[Claim], quoted: bool) -> str:
    if quoted:
        return "quote"
    if all(c.events for c in members):
        return "event"
    if all(c.figures for c in members) and all(c.record.happening is None for c in members):
        return "figure"  # a figure stands alone only when it is the claim ("Nine dead.")
    return "statement"


def _summary_member(members: list[Claim]) -> Claim:
    """The most typical wording, among members whose numbers no other source disputes: a
    summary must not take sides on a figure the sources give differently."""
    if len(members) < 3:
        return members[0]
    centrality = [sum(float(c.vector @ d.vector) for d in members) for c in members]
    others = {c.article.id: {f.value for d in members if d.article.id != c.article.id
                             for f in d.figures} for c in members}
    agreed = [i for i, c in enumerate(members) if {f.value for f in c.figures} <= others[c.article.id]]
    return members[max(agreed or range(len(members)), key=lambda i: centrality[i])]


def summary(c: Claim, conflict: dict | None) -> str:
    """The claim as a line: what was said, then on whose word ("… (according to The Post)")."""
    content = " ".join(c.content.split()).strip(" ,;")
    content = content[:1].upper() + content[1:]
    att, cue = c.record.attribution, c.record.cue
    if att is not None and att.name:
        content = f"{content} (according to {att.name})" if cue == "according to" else \
            f"{att.name}: {content}"
    if conflict:
        disputed_values = " / ".join(str(v["value"]) for v in conflict["values"])
        content = f"{conflict['field'].capitalize()} disputed ({disputed_values}) · {content}"
    return brief(content)


def build(story_id: str, members: list[Claim]) -> FusedFact:
    support = support_of([c.article for c in members])
    quotes, quoted = _quoted(members)
    # A remark is compared on its words; the paraphrase around it is no part of the remark.
    texts = {c.article.id: c.article.text for c in members}
    flags, conflict = wording(quotes, texts) if quoted and len(quotes) > 1 else ([], None)
    if not quoted and support.articles > 1:
        conflict = _conflict(members)
    kind = _kind(members, quoted)
    lead = _summary_member(members)
    if kind == "quote":
        q = next((q for aid, q in quotes if aid == lead.article.id), quotes[0][1])
        line = brief(speaker_line(q))
    elif kind == "figure":
        line = brief(f"{figure_label(lead.figures[0])}: {lead.text}")
    else:
        line = summary(lead, conflict)
    sources = [_source(c) for c in members]
    label = "conflicting" if conflict else support.label
    return FusedFact(
        story_id=story_id, fact_id=fact_id(story_id, kind, sources), label=label, kind=kind,
        summary=line, sources=sources, outlets=support.outlets, articles=support.articles,
        conflict=conflict, flags=flags, factuality=lead.record.factuality,
        claim={k: v for k, v in claim_fields(lead).items() if k != "factuality"},
    )
