"""Who or what an event is done to, what it is about, and where: read off its clause."""

from __future__ import annotations

from spacy.tokens import Token

from .triggers import Trigger

TARGET_PREPS = {"from", "to", "against", "on", "with", "toward", "towards", "into", "between"}
# On the object only: "calls by Belarus", "aid for Bosnia", "the removal of the president".
OBJECT_TARGET_PREPS = {"by", "for", "of"}
LOCATION_PREPS = {"in", "at", "near", "outside", "inside", "throughout"}
OBJECT_PREPS = {"for", "including", "of", "over", "about"}


def arguments_of(trig: Trigger) -> tuple[list[Token], list[Token], list[Token]]:
    """(target tokens, object heads, places) of a trigger's clause. An infinitive the clause
    takes is part of it: "offered [to negotiate with Armenia]"."""
    v = trig.clause
    passive = any(c.dep_ == "nsubjpass" for c in v.children)
    clauses = [v, *(c for c in v.children if c.dep_ == "xcomp" and c.pos_ == "VERB")]
    targets = [c for x in clauses for c in x.children if c.i != trig.word.i and (
        c.dep_ in {"dobj", "dative"} or passive and x.i == v.i and c.dep_ == "nsubjpass")]
    objects: list[Token] = []
    places: list[Token] = []
    dobjs = [c for x in clauses for c in x.children if c.dep_ == "dobj"]
    heads = [*clauses, *([] if trig.word.i == v.i else [trig.word]), *dobjs]
    for h in heads:
        on_object = h.dep_ == "dobj" or h.i == trig.word.i != v.i
        for prep in (c for c in h.children if c.dep_ == "prep"):
            # "on Thursday" is when, not what: dates go to the event's date, never its items.
            pobjs = [p for p in prep.children if p.dep_ == "pobj" and p.i != trig.word.i
                     and p.ent_type_ not in {"DATE", "TIME"}]
            if prep.lower_ in TARGET_PREPS or on_object and prep.lower_ in OBJECT_TARGET_PREPS:
                targets.extend(pobjs)
            elif prep.lower_ in OBJECT_PREPS:
                objects.extend(pobjs)
            elif prep.lower_ in LOCATION_PREPS and h.pos_ in {"VERB", "AUX"}:
                places.extend(pobjs)
    return targets, objects, places
