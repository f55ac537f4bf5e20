"""Words that name an event: verbs, event nouns carried by a plain verb, and phrases.

The hand-kept files the team wrote and users extend (``event_verbs.tsv``, ``event_nouns.tsv``,
``event_phrases.tsv``) come first: a hand entry wins. Any other verb is coded by the CAMEO verb
patterns of PETRARCH2's dictionary (``lexicon``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..gazetteer import data_tsv, gazetteer
from .lexicon import code_verb
from .modality import OBLIGATION, SAYING
from .syntax import counted, governors

# Verbs that undo what their object names: "lifted the curfew", "ended the talks".
UNDOING = {"lift", "end", "suspend", "halt", "break", "sever", "cut", "remove", "cancel",
            "withdraw", "abandon", "call", "stop", "ease", "relax", "scrap"}


# Outer verbs whose event is the one reported, with the inner clause as what it is about.
FRAMES = {"THREATEN", "REJECT", "AGREE", "DEMAND", "REQUEST", "SUPPORT", "DISAPPROVE"}
ARMED = {"air", "missile", "drone", "military", "deadly", "lethal", "naval", "rocket"}


@dataclass
class Trigger:
    """A word that names an event, the verb whose clause carries it, and its type."""

    word: Token
    clause: Token  # the verb: subject, modality and targets hang on it
    plover: str
    cameo: str
    span: Span | None = None  # the matched phrase, for a trigger from event_phrases.tsv


@lru_cache(maxsize=1)
def phrase_matcher() -> tuple[Matcher, dict[str, tuple[str, str]]]:
    """``event_phrases.tsv`` as lemma patterns, lemmatized by the same pipeline as the text."""
    from ...nlp import spacy_nlp

    nlp = spacy_nlp()
    matcher, types = Matcher(nlp.vocab), {}
    for phrase, plover, cameo in (r[:3] for r in data_tsv("event_phrases.tsv")):
        key = f"{plover}:{cameo}:{phrase}"
        matcher.add(key, [[{"LEMMA": t.lemma_.lower()} for t in nlp(phrase.lower())]])
        types[key] = (plover, cameo)
    return matcher, types


def phrase_triggers(doc: Doc) -> list[Trigger]:
    matcher, types = phrase_matcher()
    out = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        verb = next((t for t in [span.root, *span.root.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None:
            out.append(Trigger(span.root, verb, *types[doc.vocab.strings[match_id]], span=span))
    return out


def find_triggers(doc: Doc) -> list[Trigger]:
    """Hand-kept phrases and verbs win. Any other verb is read by the dictionary's patterns
    first, where one names the words around it ("set fire to a flag", "killed in an accident": no
    event), since that says more than an object noun alone; then the hand-kept event nouns; then
    the dictionary's verbs on their own."""
    gz = gazetteer()
    out = phrase_triggers(doc)
    taken = {t.clause.i for t in out}
    coded = {t.i: c for t in doc if t.pos_ == "VERB" and t.i not in taken
             and t.lemma_.lower() not in SAYING | gz.event_verbs.keys()
             and (c := code_verb(t)) is not None}
    for i, c in coded.items():
        if c.specific:
            taken.add(i)
            if c.plover is not None:
                out.append(Trigger(doc[i], doc[i], c.plover, c.cameo))
    for tok in doc:
        if tok.i in taken or tok.head.i in taken:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in gz.event_verbs:
            undoes = lemma in UNDOING and any(
                c.dep_ == "dobj" and event_noun(c) is not None for c in tok.children)
            if not undoes:  # "lifted the curfew" is the curfew's, undone
                out.append(Trigger(tok, tok, *gz.event_verbs[lemma]))
        elif tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in tok.children) \
                and any(g.lemma_.lower() in SAYING for g in governors(tok)):
            out.append(Trigger(tok, tok, "DEMAND", "100"))  # "Russia said Sudan must return ..."
        elif tok.dep_ in {"dobj", "nsubjpass", "pobj"} and (noun := event_noun(tok)) is not None:
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            if verb.pos_ not in {"VERB", "AUX"} or tok.dep_ == "pobj" and tok.head.lower_ != "of":
                continue
            plover, cameo, undone = gz.event_nouns[noun.lemma_.lower()]
            vl = verb.lemma_.lower()
            if vl in gz.event_verbs and vl not in UNDOING:
                continue  # the verb is the event: "granted asylum", "accused ... of an attack"
            if vl in UNDOING and undone:
                plover = undone
            elif noun.lemma_.lower() == "strike" and any(
                    c.lower_ in ARMED or (c.dep_ == "prep" and c.lower_ in {"on", "against"})
                    for c in noun.children):
                plover, cameo = "FIGHT", "190"  # an air strike, strikes on boats: not a walkout
            out.append(Trigger(noun, verb, plover, cameo))
    taken |= {t.clause.i for t in out}
    out += [Trigger(doc[i], doc[i], c.plover, c.cameo) for i, c in coded.items()
            if i not in taken and c.plover is not None]
    out.sort(key=lambda t: t.word.i)
    return out


def event_noun(tok: Token) -> Token | None:
    """The event noun an object names: itself, what it counts ("days of war games"), or its
    compound modifier ("mediation efforts")."""
    nouns = gazetteer().event_nouns
    tok = counted(tok)
    if tok.pos_ != "NOUN":
        return None
    if tok.lemma_.lower() in nouns:
        return tok
    return next((c for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in nouns), None)


def frame_of(trig: Trigger, by_clause: dict[int, Trigger]) -> Trigger | None:
    """The event verb whose clause this one completes ("threatened [to ban]")."""
    v = trig.clause
    while v.dep_ in {"xcomp", "ccomp", "conj"} and v.head.i != v.i:
        v = v.head
        outer = by_clause.get(v.i)
        if outer is not None and outer.plover in FRAMES:
            return outer
        if v.dep_ == "conj":
            break
    return None
