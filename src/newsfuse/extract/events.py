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
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..models import DateRecord, EventParty, EventRecord
from .actors import ActorIndex
from .gazetteer import data_tsv, gazetteer

_HYPOTHETICAL = {"would", "could", "might", "may", "should", "must"}
_FUTURE = {"will", "would", "shall", "'ll"}
_OBLIGATION = {"must", "should"}
_PLANNING = {"plan", "intend", "want", "seek", "hope", "aim", "prepare", "consider", "propose",
             "expect"}
_WILLING = {"willing", "prepared", "ready", "committed", "determined"}
_SAYING = {"say", "announce", "tell", "state", "declare", "insist", "conclude", "add", "warn",
           "report", "claim", "reiterate", "maintain"}
_FAILING = {"fail", "refuse"}
_TARGET_PREPS = {"from", "to", "against", "on", "with", "toward", "towards", "into", "between"}
# On the object only: "calls by Belarus", "aid for Bosnia", "the removal of the president".
_OBJECT_TARGET_PREPS = {"by", "for", "of"}
_LOCATION_PREPS = {"in", "at", "near", "outside", "inside", "throughout"}
_OBJECT_PREPS = {"for", "including", "of", "over", "about"}
# Verbs that undo what their object names: "lifted the curfew", "ended the talks".
_UNDOING = {"lift", "end", "suspend", "halt", "break", "sever", "cut", "remove", "cancel",
            "withdraw", "abandon", "call", "stop", "ease", "relax", "scrap"}
# Types a future or conditional act turns into a promise (AGREE) or a threat (THREATEN).
_COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
_HOSTILE = {"REJECT", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT",
            "DISAPPROVE", "THREATEN"}
# Outer verbs whose event is the one reported, with the inner clause as what it is about.
_FRAMES = {"THREATEN", "REJECT", "AGREE", "DEMAND", "REQUEST", "SUPPORT", "DISAPPROVE"}
# The CAMEO root code of a type the modality gave ("will provide" is a promise, 030).
_CAMEO_ROOT = {"AGREE": "030", "THREATEN": "130", "REJECT": "120", "DEMAND": "100",
               "MOBILIZE": "150"}
_ARMED = {"air", "missile", "drone", "military", "deadly", "lethal", "naval", "rocket"}


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _own_span(tok: Token) -> tuple[int, int]:
    """Token range of a conjunct without the conjuncts coordinated to it."""
    skip = {t.i for c in tok.children if c.dep_ in {"conj", "cc"} for t in c.subtree}
    idx = [t.i for t in tok.subtree if t.i not in skip and not t.is_punct]
    return (min(idx), max(idx) + 1) if idx else (tok.i, tok.i + 1)


def _items(doc: Doc, head: Token) -> list[str]:
    verbs = [c for c in head.children if c.dep_ in {"acl", "pcomp", "xcomp", "relcl"} and c.pos_ == "VERB"]
    anchors = _conjuncts(verbs[0]) if verbs and head.lemma_ in {"help", "assistance", "support", "aid"} \
        else _conjuncts(head)
    return [doc[slice(*_own_span(a))].text for a in anchors]


def _code(index: ActorIndex, aid: str) -> str | None:
    a = index.actors[aid]
    # International and non-governmental organisations carry their kind as their code, as in
    # the CAMEO and PLOVER actor dictionaries.
    return index.code_of(aid) or (a.sector if a.sector in {"IGO", "NGO"} else None)


# Heads that only count or group what follows "of": "thousands of Iraqi Kurds", "days of war
# games", "a group of Yoruba leaders".
_PARTITIVE = {"thousand", "hundred", "million", "dozen", "score", "group", "number", "crowd",
              "band", "patch", "batch", "contingent", "delegation", "team", "day", "week",
              "month", "hour", "series", "round", "wave", "spate", "string", "some", "many",
              "most", "part", "rest", "majority", "handful"}


def _content(tok: Token) -> Token:
    """The word a partitive phrase is about ("thousands of [Kurds]"), else the word itself."""
    while tok.like_num or tok.lemma_.lower() in _PARTITIVE:
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"]
        if not of:
            break
        tok = of[0]
    return tok


def _own_tokens(head: Token) -> list[Token]:
    """A noun phrase without its prepositional and clausal attachments: "British Defence
    Secretary Tom King", not "... of Russia troops"."""
    out = [head]
    for c in head.children:
        if c.dep_ not in {"prep", "relcl", "acl", "advcl", "conj", "cc", "punct"}:
            out.extend(_own_tokens(c))
    return out


def _party(index: ActorIndex, tokens: list[Token]) -> EventParty:
    gz = gazetteer()
    ids, codes = [], []
    for t in tokens:
        for tok in _conjuncts(_content(t)):
            aid = index.in_span(list(tok.subtree)) if tok.pos_ != "PRON" else \
                index.person_before(tok.idx)
            if aid is None and tok.pos_ in {"NOUN", "PROPN"}:
                # "Rebels in the Ivory Coast", "students throughout Indonesia": a group named
                # by where it is.
                where = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in
                         {"in", "from", "throughout", "across"} for p in c.children if p.dep_ == "pobj"]
                aid = next((a for a in (index.in_span(list(w.subtree)) for w in where) if a), None)
                if aid is not None and index.actors[aid].kind != "state":
                    aid = None
            if not aid or aid in ids or index.actors[aid].channel:
                continue
            ids.append(aid)
            code = _code(index, aid)
            if code is None:
                # A person or body the gazetteer has no country for, described by one:
                # "British Defence Secretary Tom King", "an Argentine judge", "Bosnian Serbs".
                own = _own_tokens(tok)
                inside = (index.at(x) for x in own)
                code = next((c for c in (_code(index, a) for a in inside if a) if c), None) or \
                    next((h.code for h in (gz.state(x.text) or gz.state(x.text.removesuffix("s"))
                                           for x in own) if h), None)
            if code:
                codes.append(code)
    if not ids:
        return EventParty(name=None, code=None, actor=None)
    names = [index.actors[i].name for i in ids]
    sector = index.actors[ids[0]].sector or next(
        (sec for t in tokens for x in _own_tokens(_content(t))
         if (sec := _party_sectors().get(x.lemma_.lower()))), None)
    return EventParty(name=", ".join(names), code=";".join(dict.fromkeys(codes)) or None,
                      actor=ids[0], sector=sector if sector not in {"IGO", "NGO"} else None)


@lru_cache(maxsize=1)
def _party_sectors() -> dict[str, str]:
    return {r[0]: r[1] for r in data_tsv("party_sectors.tsv")}


def _national(index: ActorIndex, sent, party: EventParty, other: EventParty) -> EventParty:
    """A person or group with no known country, in a clause naming one state besides the other
    party's, belongs to that state ("President Omar El Bashir shortened the curfew
    imposed in Sudan"); so is one acting on a group of the only state named ("President
    Museveni threatened to ban Ugandan opposition candidates")."""
    if party.code or not party.actor or index.actors[party.actor].kind == "state":
        return party
    taken = set((other.code or "").split(";")) - {""}
    named = {index.code_of(a) for t in sent if (a := index.at(t)) and
             index.actors[a].kind == "state"} - {None}
    domestic = other.actor is not None and index.actors[other.actor].kind != "state"
    states = named - taken if named - taken or not domestic else named
    if len(states) == 1:
        party.code = states.pop()
    return party


def _domestic(source: EventParty, target: EventParty) -> EventParty:
    """An act on no named foreign party is coded, as in CAMEO and PLOVER, as aimed at the
    source's own country ("Sudan lifted the state of emergency"). The party keeps no actor, so
    fusion never reads the default as a disagreement."""
    if target.code or not source.code or ";" in source.code or source.code in {"IGO", "NGO"}:
        return target
    return EventParty(name=target.name, code=source.code, actor=target.actor, sector=target.sector)


def _subject(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subj:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        subj = [p for a in agents for p in a.children if p.dep_ == "pobj"]
    if not subj and verb.dep_ in {"conj", "xcomp", "advcl", "acomp"} and verb.head.i != verb.i:
        return _subject(verb.head)
    if not subj and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # "issued a declaration demanding ...": the declaration's issuer demands.
        owner = verb.head.head if verb.head.dep_ in {"dobj", "pobj"} else verb.head
        return _subject(owner) if owner.pos_ == "VERB" else [verb.head]
    if subj and subj[0].dep_ == "nsubj" and subj[0].tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        return [verb.head]
    return subj


def _speaker(index: ActorIndex, sayer: Token) -> EventParty:
    """Who says: the saying verb's subject, or, when the parser hangs the verb on another
    clause ("said he does not believe X but maintained that Y"), the nearest subject above it
    that names an actor."""
    for verb in [sayer, *sayer.ancestors]:
        party = _party(index, _subject(verb))
        if party.name is not None:
            return party
    return EventParty(name=None, code=None, actor=None)


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok, d = tok.head, d + 1
    return d


@dataclass
class _Trigger:
    """A word that names an event, the verb whose clause carries it, and its type."""

    word: Token
    clause: Token  # the verb: subject, modality and targets hang on it
    plover: str
    cameo: str
    span: Span | None = None  # the matched phrase, for a trigger from event_phrases.tsv


@lru_cache(maxsize=1)
def _phrase_matcher() -> tuple[Matcher, dict[str, tuple[str, str]]]:
    """``event_phrases.tsv`` as lemma patterns, lemmatized by the same pipeline as the text."""
    from ..nlp import spacy_nlp

    nlp = spacy_nlp()
    matcher, types = Matcher(nlp.vocab), {}
    for phrase, plover, cameo in (r[:3] for r in data_tsv("event_phrases.tsv")):
        key = f"{plover}:{cameo}:{phrase}"
        matcher.add(key, [[{"LEMMA": t.lemma_.lower()} for t in nlp(phrase.lower())]])
        types[key] = (plover, cameo)
    return matcher, types


def _phrase_triggers(doc: Doc) -> list[_Trigger]:
    matcher, types = _phrase_matcher()
    out = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        verb = next((t for t in [span.root, *span.root.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None:
            out.append(_Trigger(span.root, verb, *types[doc.vocab.strings[match_id]], span=span))
    return out


def _triggers(doc: Doc) -> list[_Trigger]:
    gz = gazetteer()
    out = _phrase_triggers(doc)
    taken = {t.clause.i for t in out}
    for tok in doc:
        if tok.i in taken or tok.head.i in taken:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in gz.event_verbs:
            undoes = lemma in _UNDOING and any(
                c.dep_ == "dobj" and _event_noun(c) is not None for c in tok.children)
            if not undoes:  # "lifted the curfew" is the curfew's, undone
                out.append(_Trigger(tok, tok, *gz.event_verbs[lemma]))
        elif tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in tok.children) \
                and any(g.lemma_.lower() in _SAYING for g in _governors(tok)):
            out.append(_Trigger(tok, tok, "DEMAND", "100"))  # "Russia said Sudan must return ..."
        elif tok.dep_ in {"dobj", "nsubjpass", "pobj"} and (noun := _event_noun(tok)) is not None:
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            if verb.pos_ not in {"VERB", "AUX"} or tok.dep_ == "pobj" and tok.head.lower_ != "of":
                continue
            plover, cameo, undone = gz.event_nouns[noun.lemma_.lower()]
            vl = verb.lemma_.lower()
            if vl in gz.event_verbs and vl not in _UNDOING:
                continue  # the verb is the event: "granted asylum", "accused ... of an attack"
            if vl in _UNDOING and undone:
                plover = undone
            elif noun.lemma_.lower() == "strike" and any(
                    c.lower_ in _ARMED or (c.dep_ == "prep" and c.lower_ in {"on", "against"})
                    for c in noun.children):
                plover, cameo = "FIGHT", "190"  # an air strike, strikes on boats: not a walkout
            out.append(_Trigger(noun, verb, plover, cameo))
    return out


def _event_noun(tok: Token) -> Token | None:
    """The event noun an object names: itself, what it counts ("days of war games"), or its
    compound modifier ("mediation efforts")."""
    nouns = gazetteer().event_nouns
    tok = _content(tok)
    if tok.pos_ != "NOUN":
        return None
    if tok.lemma_.lower() in nouns:
        return tok
    return next((c for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in nouns), None)


def _frame(trig: _Trigger, by_clause: dict[int, _Trigger]) -> _Trigger | None:
    """The event verb whose clause this one completes ("threatened [to ban]")."""
    v = trig.clause
    while v.dep_ in {"xcomp", "ccomp", "conj"} and v.head.i != v.i:
        v = v.head
        outer = by_clause.get(v.i)
        if outer is not None and outer.plover in _FRAMES:
            return outer
        if v.dep_ == "conj":
            break
    return None


def _governors(v: Token) -> list[Token]:
    """The words a clause completes, innermost first: "says [it is willing [to withdraw]]"."""
    out = []
    while v.dep_ in {"xcomp", "ccomp", "acomp"} and v.head.i != v.i:
        v = v.head
        out.append(v)
    return out


def _modal_type(trig: _Trigger) -> tuple[str, str | None, Token | None]:
    """The type the clause's modality gives the act, its mode, and a saying verb above it."""
    v = trig.clause
    aux = {c.lower_ for c in v.children if c.dep_ == "aux"}
    negated = any(c.dep_ == "neg" for c in v.children)
    head = v.head if v.dep_ in {"ccomp", "xcomp"} else None
    sayer = next((h for h in _governors(v) if h.lemma_.lower() in _SAYING), None)
    willing = head is not None and head.lower_ in _WILLING
    conditional = any(c.dep_ == "advcl" and any(m.lower_ == "unless" for m in c.children)
                      for c in v.children)
    failing = v.dep_ == "xcomp" and v.head.lemma_.lower() in _FAILING
    plover = trig.plover
    if (negated or failing) and plover in _COOPERATIVE:
        return "REJECT", None, sayer
    if negated:
        return plover, "negated", sayer
    if aux & _OBLIGATION and sayer is not None:
        return "DEMAND", None, sayer
    if (aux & _FUTURE or willing) and (conditional or plover in _HOSTILE):
        return "THREATEN", None, sayer
    if aux & _FUTURE or willing:
        return ("AGREE" if plover in _COOPERATIVE else plover), None, sayer
    if aux & _HYPOTHETICAL or any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in v.children):
        return plover, "hypothetical", sayer
    if v.dep_ == "xcomp" and v.head.lemma_.lower() in _PLANNING:
        if plover in {"FIGHT", "ASSAULT"} and v.head.lemma_.lower() == "prepare":
            return "MOBILIZE", None, sayer  # readying an attack is a mobilization
        return plover, "planned", sayer
    return plover, None, sayer


def _targets(trig: _Trigger) -> tuple[list[Token], list[Token], list[Token]]:
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
            pobjs = [p for p in prep.children if p.dep_ == "pobj" and p.i != trig.word.i]
            if prep.lower_ in _TARGET_PREPS or on_object and prep.lower_ in _OBJECT_TARGET_PREPS:
                targets.extend(pobjs)
            elif prep.lower_ in _OBJECT_PREPS:
                objects.extend(pobjs)
            elif prep.lower_ in _LOCATION_PREPS and h.pos_ in {"VERB", "AUX"}:
                places.extend(pobjs)
    return targets, objects, places


def _place_code(index: ActorIndex, places: list[Token]) -> str | None:
    for p in places:
        aid = index.in_span(list(p.subtree))
        if aid and index.actors[aid].kind == "state":
            return index.code_of(aid)
    return None


def _place(index: ActorIndex, places: list[Token], targets: list[Token]) -> str | None:
    """Where the act happened, when the clause says so with a named place or state ("in
    Kirkuk"), or sends its object somewhere described by one ("to waters near Venezuela")."""
    for p in places:
        aid = index.in_span(list(p.subtree))
        if aid and index.actors[aid].kind in {"place", "state"} or p.ent_type_ in {"GPE", "LOC", "FAC"}:
            return p.doc[min(t.i for t in _own_tokens(p)):max(t.i for t in _own_tokens(p)) + 1].text
    for t in targets:
        if index.in_span(list(t.subtree)) is None and t.pos_ == "NOUN" and any(
                (a := index.at(x)) and index.actors[a].kind in {"place", "state"} for x in t.subtree):
            return t.doc[t.left_edge.i:t.right_edge.i + 1].text
    return None


def _date(dates: list[DateRecord], sent) -> str | None:
    """The date the sentence gives, resolved when the publication date allowed it."""
    inside = [d for d in dates if sent.start_char <= d.start < sent.end_char]
    # A resolved date, else the words of one that names a day, week, month or year ("on
    # Sunday" in an undated article); a bare duration ("days") is no date.
    return next((d.value or d.text for d in inside if d.value or d.granularity), None)


def extract_events(doc: Doc, index: ActorIndex, dates: list[DateRecord] = ()) -> list[EventRecord]:
    triggers = _triggers(doc)
    by_clause = {t.clause.i: t for t in triggers if t.word.i == t.clause.i}
    coded: list[tuple[int, EventRecord]] = []
    inner_of: dict[int, list[_Trigger]] = {}
    for trig in triggers:
        outer = _frame(trig, by_clause)
        if outer is not None:
            inner_of.setdefault(outer.clause.i, []).append(trig)
    absorbed = {id(t) for ts in inner_of.values() for t in ts}
    for trig in triggers:
        if id(trig) in absorbed:
            continue
        plover, mode, sayer = _modal_type(trig)
        subject = _subject(trig.clause)
        source = _party(index, subject)
        if sayer is not None and (plover == "DEMAND" or source.name is None
                                  or all(t.pos_ == "PRON" for t in subject)):
            source = _speaker(index, sayer)
        targets, object_heads, places = _targets(trig)
        if trig.span is not None:  # "Maduro's days are numbered": the possessor is the target
            targets += [c for t in trig.span for c in t.children if c.dep_ == "poss"]
        if plover == "DEMAND" and sayer is not None:
            targets = subject + targets  # "Russia said Sudan must return the helicopter"
        if plover in {"DEMAND", "REQUEST", "DISAPPROVE"}:
            # "demanded that the US cancel ...": who is to act is the target.
            targets += [s for c in trig.clause.children if c.dep_ == "ccomp"
                        for s in _subject(c)]
        for inner in inner_of.get(trig.clause.i, []):
            inner_targets, inner_objects, inner_places = _targets(inner)
            places += inner_places
            targets += inner_targets if plover not in {"DEMAND", "REQUEST"} else \
                [*_subject(inner.clause), *inner_targets]
            object_heads += inner_objects
            if inner.word.i != inner.clause.i:
                object_heads.append(inner.word)
            if inner.span is not None:
                targets += [c for t in inner.span for c in t.children if c.dep_ == "poss"]
        target = _party(index, targets)
        if target.actor is not None and target.actor == source.actor:
            target = _party(index, targets[1:])
        if source.actor and not source.code and (where := _place_code(index, places)):
            source.code = where  # "ethnic Albanians demonstrated in Serbia"
        source = _national(index, list(trig.clause.subtree), source, target)
        target = _domestic(source, target)
        for t in targets:
            if index.in_span(list(t.subtree)) is None:
                object_heads.append(t)
                for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS):
                    object_heads.extend(p for p in prep.children if p.dep_ == "pobj")
        if trig.word.i != trig.clause.i:
            object_heads.insert(0, trig.word)
        objects = [item for h in object_heads for item in _items(doc, h)]
        # "for assistance overhauling radars, repairing jets and acquiring missiles": the parser
        # often hangs the later gerunds on the verb itself.
        for c in trig.clause.children:
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > trig.clause.i:
                objects.extend(doc[slice(*_own_span(g))].text for g in _conjuncts(c))
        if source.name is None:
            continue  # an event needs an actor: "the earthquake struck Chile" is not one
        verb = trig.clause
        sent = verb.sent
        span = [t for t in verb.subtree if t.sent == sent]
        start = min(t.idx for t in span)
        last = max(span, key=lambda t: t.i)
        cameo = trig.cameo if plover == trig.plover else _CAMEO_ROOT.get(plover)
        coded.append((_depth(verb), EventRecord(
            type=plover, cameo=cameo, source=source, target=target, start=start,
            end=last.idx + len(last.text), verb=verb.text, objects=list(dict.fromkeys(objects)),
            mode=mode, sentence=[sent.start_char, sent.end_char], location=_place(index, places, targets),
            date=_date(dates, sent),
        )))
    by_sentence: dict[int, list[tuple[int, EventRecord]]] = {}
    for depth, ev in coded:
        by_sentence.setdefault(ev.sentence[0], []).append((depth, ev))
    return [ev for s in sorted(by_sentence) for _, ev in
            sorted(by_sentence[s], key=lambda x: (x[0], x[1].start))]
