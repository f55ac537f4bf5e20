"""Source and target of an event as actors with ISO-3 codes (or IGO/NGO) and a sector."""

from __future__ import annotations

from spacy.tokens import Token

from ...models import EventParty
from ..actors import ActorIndex
from ..gazetteer import gazetteer
from .syntax import conjuncts, counted, own_tokens, subject_of


def party_code(index: ActorIndex, aid: str) -> str | None:
    a = index.actors[aid]
    # International and non-governmental organisations carry their kind as their code, as in
    # the CAMEO and PLOVER actor dictionaries.
    return index.code_of(aid) or (a.sector if a.sector in {"IGO", "NGO"} else None)


WHERE = {"in", "from", "throughout", "across"}


def _where(tok: Token, also: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    """The places a noun is named by: "rebels [in the Ivory Coast]", "students [throughout
    Indonesia]"."""
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in WHERE | also
            for p in c.children if p.dep_ == "pobj"]


def party_of(index: ActorIndex, tokens: list[Token]) -> EventParty:
    gz = gazetteer()
    ids, codes = [], []
    for t in tokens:
        for tok in conjuncts(counted(t)):
            aid = index.in_span(list(tok.subtree)) if tok.pos_ != "PRON" else \
                _pronoun(index, tok)
            if aid is None and tok.pos_ in {"NOUN", "PROPN"}:
                # "Rebels in the Ivory Coast", "students throughout Indonesia": a group named
                # by where it is.
                aid = next((a for a in (index.in_span(list(w.subtree)) for w in _where(tok))
                            if a), None)
                if aid is not None and index.actors[aid].kind != "state":
                    aid = None
            if not aid or aid in ids or index.actors[aid].channel:
                continue
            ids.append(aid)
            code = party_code(index, aid)
            if code is None:
                # A person or body the gazetteer has no country for, described by one:
                # "British Defence Secretary Tom King", "an Argentine judge", "Bosnian Serbs".
                own = own_tokens(tok)
                inside = (index.at(x) for x in own)
                code = next((c for c in (party_code(index, a) for a in inside if a) if c), None) or \
                    next((h.code for h in (gz.state(x.text) or gz.state(x.text.removesuffix("s"))
                                           for x in own) if h), None)
            if code:
                codes.append(code)
    if not ids:
        return _agent_party(index, tokens)
    names = [index.actors[i].name for i in ids]
    sector = index.actors[ids[0]].sector or next(
        (sec for t in tokens for x in own_tokens(counted(t))
         if (sec := gz.party_sectors.get(x.lemma_.lower()))), None)
    return EventParty(name=", ".join(names), code=";".join(dict.fromkeys(codes)) or None,
                      actor=ids[0], sector=sector if sector not in {"IGO", "NGO"} else None)


# Pronouns that can stand for a person named earlier; "it", "that", "which" stand for things.
PERSONAL = {"he", "she", "him", "her", "they", "them", "his", "hers", "their", "theirs"}


def _pronoun(index: ActorIndex, tok: Token) -> str | None:
    """What a pronoun party stands for: a relative pronoun, the noun its clause is about ("a
    trawler that was seized": the trawler); a personal one, the person it most likely means;
    anything else, nothing."""
    if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        return index.in_span(own_tokens(antecedent))
    return index.person_before(tok.idx) if tok.lower_ in PERSONAL else None


def _agent_party(index: ActorIndex, tokens: list[Token]) -> EventParty:
    """A party named by an agent noun alone ("prisoners", "riot police", "Rwandan rebels"):
    CAMEO's agent dictionary makes such a noun an actor of its sector, of the country its own
    words or its place name ("rebels in the Ivory Coast"), else none yet (``national`` may
    find it in the clause)."""
    gz = gazetteer()
    for t in tokens:
        head = counted(t)
        sector = gz.party_sectors.get(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        if sector is None:
            continue
        own = own_tokens(head)
        code = next((c for c in (index.code_of(index.at(x)) for x in own if index.at(x)) if c),
                    None) or location_code(index, _where(head, {"of"}))
        words = sorted(own, key=lambda x: x.i)
        name = head.doc[words[0].i: words[-1].i + 1].text
        return EventParty(name=name, code=code, actor=None, sector=sector)
    return EventParty(name=None, code=None, actor=None)


def national(index: ActorIndex, sent, party: EventParty, other: EventParty) -> EventParty:
    """A person or group with no known country, in a clause naming one state besides the other
    party's, belongs to that state ("President Omar El Bashir shortened the curfew
    imposed in Sudan"); so is one acting on a group of the only state named ("President
    Museveni threatened to ban Ugandan opposition candidates")."""
    if party.code or party.name is None or (party.actor is not None and
                                            index.actors[party.actor].kind == "state"):
        return party
    taken = set((other.code or "").split(";")) - {""}
    named = {index.code_of(a) for t in sent if (a := index.at(t)) and
             index.actors[a].kind == "state"} - {None}
    domestic = other.actor is not None and index.actors[other.actor].kind != "state"
    states = named - taken if named - taken or not domestic else named
    if len(states) == 1:
        party.code = states.pop()
    return party


def domestic_target(source: EventParty, target: EventParty) -> EventParty:
    """An act on no named foreign party is coded, as in CAMEO and PLOVER, as aimed at the
    source's own country ("Sudan lifted the state of emergency"). The party keeps no actor, so
    fusion never reads the default as a disagreement."""
    if target.code or not source.code or ";" in source.code or source.code in {"IGO", "NGO"}:
        return target
    return EventParty(name=target.name, code=source.code, actor=target.actor, sector=target.sector)


def speaker_of(index: ActorIndex, sayer: Token) -> EventParty:
    """Who says: the saying verb's subject, or, when the parser hangs the verb on another
    clause ("said he does not believe X but maintained that Y"), the nearest subject above it
    that names an actor."""
    for verb in [sayer, *sayer.ancestors]:
        party = party_of(index, subject_of(verb))
        if party.name is not None:
            return party
    return EventParty(name=None, code=None, actor=None)


def location_code(index: ActorIndex, places: list[Token]) -> str | None:
    for p in places:
        aid = index.in_span(list(p.subtree))
        if aid and index.actors[aid].kind == "state":
            return index.code_of(aid)
    return None


def location_of(index: ActorIndex, places: list[Token], targets: list[Token]) -> str | None:
    """Where the act happened, when the clause says so with a named place or state ("in
    Kirkuk"), or sends its object somewhere described by one ("to waters near Venezuela")."""
    for p in places:
        aid = index.in_span(list(p.subtree))
        if aid and index.actors[aid].kind in {"place", "state"} or p.ent_type_ in {"GPE", "LOC", "FAC"}:
            own = [t.i for t in own_tokens(p)]
            return p.doc[min(own):max(own) + 1].text
    for t in targets:
        if index.in_span(list(t.subtree)) is None and t.pos_ == "NOUN" and any(
                (a := index.at(x)) and index.actors[a].kind in {"place", "state"} for x in t.subtree):
            return t.doc[t.left_edge.i:t.right_edge.i + 1].text
    return None
