"""Political events as actor–action–target records over the dependency parse (PLOVER / CAMEO).

Two dictionaries, both data files the team wrote and users extend:
- ``event_verbs.tsv``: a verb names the action ("accused", "shelled", "expelled");
- ``event_nouns.tsv``: a noun names it when a plain verb carries it ("held talks", "imposed a
  curfew", "launched an investigation"), and an undoing verb turns it around ("lifted the
  curfew" is a concession, "suspended aid" a sanction).

The subject is the source; an object or prepositional object naming an actor is the target. What
was asked for, struck or signed is kept as a list of coordinated items, because sources often
agree on some items and disagree on others ("asked Russia for radars, jets and drones").

PLOVER codes what was said to happen, so the frame around an action matters:
- under "threatened to", "refused to", "promised to", "demanded that" the outer verb is the event
  and the inner clause gives its target ("threatened to ban voting in East Jerusalem");
- a cooperative act announced for the future ("will provide", "is willing to withdraw") is a
  promise, AGREE; a hostile one ("said they would blockade Paris"), or any act made conditional
  ("unless Baghdad accepts"), is THREATEN;
- "X said Y must ..." is a DEMAND by X on Y;
- a cooperative act denied ("will not accept refugees", "failed to reach agreement") is REJECT;
  a hostile act denied did not happen and keeps mode "negated".
Events are listed main clause first: the first one is what the sentence reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...models import DateRecord, EventRecord
from ..actors import ActorIndex
from .arguments import OBJECT_PREPS, arguments_of
from .modality import CAMEO_ROOT, modal_type
from .parties import domestic_target, location_code, location_of, national, party_of, speaker_of
from .syntax import clause_depth, conjuncts, items_of, own_span, subject_of
from .triggers import Trigger, find_triggers, frame_of


def date_of(dates: list[DateRecord], sent) -> str | None:
    """The date the sentence gives, resolved when the publication date allowed it."""
    inside = [d for d in dates if sent.start_char <= d.start < sent.end_char]
    # A resolved date, else the words of one that names a day, week, month or year ("on
    # Sunday" in an undated article); a bare duration ("days") is no date.
    return next((d.value or d.text for d in inside if d.value or d.granularity), None)


@dataclass
class _Arguments:
    """Everything a clause (and the clauses it frames) says about one event besides its type."""

    targets: list[Token]
    objects: list[Token]
    places: list[Token]


def _framed(triggers: list[Trigger]) -> dict[int, list[Trigger]]:
    """Inner triggers by the clause of the frame that absorbs them ("threatened [to ban]")."""
    by_clause = {t.clause.i: t for t in triggers if t.word.i == t.clause.i}
    inner_of: dict[int, list[Trigger]] = {}
    for trig in triggers:
        outer = frame_of(trig, by_clause)
        if outer is not None:
            inner_of.setdefault(outer.clause.i, []).append(trig)
    return inner_of


def _possessors(trig: Trigger) -> list[Token]:
    """"Maduro's days are numbered": in a phrase, the possessor is the target."""
    return [c for t in trig.span for c in t.children if c.dep_ == "poss"] if trig.span else []


def _arguments(trig: Trigger, plover: str, sayer: Token | None, subject: list[Token],
               inner: list[Trigger]) -> _Arguments:
    targets, objects, places = arguments_of(trig)
    targets += _possessors(trig)
    if plover == "DEMAND" and sayer is not None:
        targets = subject + targets  # "Russia said Sudan must return the helicopter"
    if plover in {"DEMAND", "REQUEST", "DISAPPROVE"}:
        # "demanded that the US cancel ...": who is to act is the target.
        targets += [s for c in trig.clause.children if c.dep_ == "ccomp" for s in subject_of(c)]
    for t in inner:
        inner_targets, inner_objects, inner_places = arguments_of(t)
        # "urged Iran to stop": who is asked to act is the target of a request.
        targets += inner_targets if plover not in {"DEMAND", "REQUEST"} else \
            [*subject_of(t.clause), *inner_targets]
        targets += _possessors(t)
        objects += inner_objects + ([t.word] if t.word.i != t.clause.i else [])
        places += inner_places
    return _Arguments(targets, objects, places)


def _items(doc: Doc, index: ActorIndex, trig: Trigger, args: _Arguments) -> list[str]:
    """What was asked for, struck or signed, as coordinated items."""
    heads = ([trig.word] if trig.word.i != trig.clause.i else []) + args.objects
    for t in args.targets:
        if index.in_span(list(t.subtree)) is None:  # a target that names no actor is an item
            heads.append(t)
            heads += [p for prep in t.children if prep.dep_ == "prep" and prep.lower_ in OBJECT_PREPS
                      for p in prep.children if p.dep_ == "pobj"]
    # A pronoun ("seized that", "fired on it") stands for something named elsewhere: no item.
    items = [item for h in heads if h.pos_ != "PRON" for item in items_of(doc, h)]
    # "for assistance overhauling radars, repairing jets and acquiring missiles": the parser
    # often hangs the later gerunds on the verb itself.
    for c in trig.clause.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > trig.clause.i:
            items.extend(doc[slice(*own_span(g))].text for g in conjuncts(c))
    return list(dict.fromkeys(items))


def _code(doc: Doc, index: ActorIndex, dates, trig: Trigger, inner: list[Trigger]) -> EventRecord | None:
    plover, mode, sayer = modal_type(trig)
    subject = subject_of(trig.clause)
    source = party_of(index, subject)
    if sayer is not None and (plover == "DEMAND" or source.name is None
                              or all(t.pos_ == "PRON" for t in subject)):
        source = speaker_of(index, sayer)
    if source.name is None:
        return None  # an event needs an actor: "the earthquake struck Chile" is not one
    args = _arguments(trig, plover, sayer, subject, inner)
    target = party_of(index, args.targets)
    if target.actor is not None and target.actor == source.actor:
        target = party_of(index, args.targets[1:])
    if source.name and not source.code and (where := location_code(index, args.places)):
        source.code = where  # "ethnic Albanians demonstrated in Serbia"
    source = national(index, list(trig.clause.subtree), source, target)
    verb, sent = trig.clause, trig.clause.sent
    span = [t for t in verb.subtree if t.sent == sent]
    last = max(span, key=lambda t: t.i)
    return EventRecord(
        type=plover, cameo=trig.cameo if plover == trig.plover else CAMEO_ROOT.get(plover),
        source=source, target=domestic_target(source, target), start=min(t.idx for t in span),
        end=last.idx + len(last.text), verb=verb.text, objects=_items(doc, index, trig, args),
        mode=mode, sentence=[sent.start_char, sent.end_char],
        location=location_of(index, args.places, args.targets), date=date_of(dates, sent),
    )


def extract_events(doc: Doc, index: ActorIndex, dates: list[DateRecord] = ()) -> list[EventRecord]:
    """Events of one parsed article, each sentence's main-clause event first. The event
    dictionaries (CAMEO's verb and noun patterns) are English: an article in another language
    has no coded events rather than wrong ones."""
    if doc.lang_ != "en":
        return []
    triggers = find_triggers(doc)
    inner_of = _framed(triggers)
    absorbed = {id(t) for ts in inner_of.values() for t in ts}
    coded = []
    for trig in triggers:
        if id(trig) not in absorbed:
            ev = _code(doc, index, dates, trig, inner_of.get(trig.clause.i, []))
            if ev is not None:
                coded.append((ev.sentence[0], clause_depth(trig.clause), ev.start, ev))
    return [ev for *_, ev in sorted(coded, key=lambda c: c[:3])]
