"""Entity mentions resolved to canonical actors: states by ISO-3, people with role and country.

Two sources of mentions are merged: the gazetteer (case-sensitive phrase matching, so "US" is a
state and "us" a pronoun) and spaCy's NER. Within an article, short forms ("Maduro") join the
full name they abbreviate ("Nicolás Maduro"); accents never split an actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import actor_ids
from ..keys import fold
from ..models import ActorRecord
from .gazetteer import Gazetteer, gazetteer

_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sir|dame|lord|president|prime minister|minister|senator|sen|rep|"
    r"gov|governor|gen|general|king|queen|prince|pope|chancellor|secretary)\.?\s+)+",
    re.I,
)


@lru_cache(maxsize=4)
def _state_matcher(nlp) -> PhraseMatcher:
    gz = gazetteer()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    surfaces = [*gz.surfaces, *gz.spanish] if nlp.lang == "es" else gz.surfaces
    patterns = [nlp.make_doc(s) for s in surfaces]
    matcher.add("STATE", patterns)
    return matcher


@lru_cache(maxsize=4)
def _people_matcher(nlp) -> PhraseMatcher:
    """Names and aliases from people.tsv, as written (case-sensitive), for the names the small
    NER model misses ("Trump spoke ..." at the start of a sentence)."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("PERSON", [nlp.make_doc(s) for s in gazetteer().person_surfaces])
    return matcher


def _with_gazetteer_people(doc: Doc, nlp) -> list[Span]:
    ents = list(doc.ents)
    taken = {t.i for e in ents for t in e}
    for _, s, e in _people_matcher(nlp)(doc):
        span = Span(doc, s, e, label="PERSON")
        if all(t.pos_ == "PROPN" for t in span) and not any(t.i in taken for t in span):
            ents.append(span)
            taken.update(t.i for t in span)
    return sorted(ents, key=lambda e: e.start)


@dataclass
class ActorIndex:
    """Actors of one article, and which tokens mention which actor."""

    actors: dict[str, ActorRecord] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    # (char start, actor id, mentioned as a grammatical subject), in text order
    person_order: list[tuple[int, str, bool]] = field(default_factory=list)

    def at(self, token: Token) -> str | None:
        return self.by_token.get(token.i)

    def in_span(self, tokens) -> str | None:
        """The actor a noun phrase refers to: its head's, else the first actor inside it."""
        tokens = list(tokens)
        if not tokens:
            return None
        ids = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in ids or t.head is t]
        for head in heads:
            aid = self.by_token.get(head.i)
            if aid:
                return aid
            # Inside the noun phrase itself (compounds, possessives, appositions), not in its
            # prepositional attachments: "a war with Venezuela" is not Venezuela.
            near = [c for c in head.subtree if c.i in ids and not any(
                a.dep_ in {"prep", "relcl", "acl", "advcl"} and a.i in ids for a in c.ancestors
                if a.i != head.i and head in a.ancestors)]
            found = [self.by_token[t.i] for t in near if t.i in self.by_token]
            # "Venezuela's President, Nicolas Maduro": the person, not the possessor.
            people = [a for a in found if self.actors[a].kind == "person"]
            if people or found:
                return (people or found)[0]
        return None

    def person_before(self, char: int, role_word: str | None = None,
                      skip=lambda char: False) -> str | None:
        """The person a pronoun or role noun at ``char`` most likely means.

        The nearest earlier person mentioned as a subject wins over one mentioned in passing,
        which is how a "he said" two sentences on usually reads; ``skip`` excludes mentions
        inside quotations, whose people are rarely the speaker.
        """
        subject = other = None
        for start, aid, is_subject in self.person_order:
            if start >= char:
                break
            if skip(start) or (role_word and role_word not in (self.actors[aid].role or "")):
                continue
            other = aid
            if is_subject:
                subject = aid
        return subject or other

    def code_of(self, actor_id: str | None) -> str | None:
        if not actor_id or actor_id not in self.actors:
            return None
        a = self.actors[actor_id]
        return a.code or a.country


def _add(index: ActorIndex, rec: ActorRecord, span: Span) -> str:
    existing = index.actors.get(rec.id)
    if existing is None:
        index.actors[rec.id] = rec
        existing = rec
    else:
        existing.role = existing.role or rec.role
        existing.country = existing.country or rec.country
        # Prefer the spelling with diacritics and the longest form: it carries the most information.
        if (len(rec.name), sum(ord(c) > 127 for c in rec.name)) > (
            len(existing.name), sum(ord(c) > 127 for c in existing.name)):
            existing.name = rec.name
    pair = [span.start_char, span.end_char]
    if pair not in existing.mentions:
        existing.mentions.append(pair)
    for tok in span:
        index.by_token.setdefault(tok.i, existing.id)
    return existing.id


def _state_record(gz: Gazetteer, hit) -> ActorRecord:
    if hit.how == "metonym":
        return ActorRecord(id=actor_ids.state(hit.code, hit.sector), name=hit.label, kind="state",
                           code=hit.code, country=hit.code, sector=hit.sector)
    return ActorRecord(id=actor_ids.state(hit.code), name=gz.names.get(hit.code, hit.code), kind="state",
                       code=hit.code, country=hit.code)


def _role_and_country(gz: Gazetteer, index: ActorIndex, ent: Span) -> tuple[str | None, str | None]:
    """Read the title words left of a name, and an apposition right of it.

    "Venezuela's president Nicolas Maduro" and "Russian presidential spokesperson Dmitry Peskov"
    put country and role before the name; "Dmitry Peskov, the Kremlin's spokesman," after it.
    """
    doc = ent.doc
    left: list[Token] = []
    i = ent.start - 1
    while i >= ent.sent.start and len(left) < 7:
        t = doc[i]
        if t.is_punct and t.text not in {"'s", "’s", "'"} or t.pos_ in {"VERB", "AUX", "ADP", "CCONJ"}:
            break
        if t.ent_type_ == "PERSON":
            break
        left.insert(0, t)
        i -= 1
    appos = [c for c in ent.root.children if c.dep_ == "appos" and c.i > ent.end - 1]
    phrases = [left] + [list(a.subtree) for a in appos]
    role = country = None
    for toks in phrases:
        words: list[str] = []
        for t in toks:
            aid = index.by_token.get(t.i)
            if aid and index.actors[aid].kind == "state":
                country = country or index.actors[aid].code
                continue
            low = t.text.lower()
            if t.pos_ in {"DET", "PART", "PRON"} or low in {"'s", "’s"}:
                continue
            low = gz.role_abbreviations.get(low, low)
            # Opinions ("authoritarian") and other descriptors are not part of a role.
            if low in gz.roles or low in gz.role_modifiers:
                words.append(low)
        while words and words[-1] not in gz.roles:
            words.pop()
        if words and role is None:
            role = " ".join(words)
    return role, country


def _looks_personal(gz: Gazetteer, ent: Span) -> bool:
    """A name of proper nouns from a known given name to a known family name ("Carolina
    Vidal"). The Spanish model often types such a name a place; the English one rarely errs so,
    and is left to its own call."""
    words = [t.text for t in ent]
    return len(words) > 1 and all(t.pos_ == "PROPN" for t in ent) \
        and words[0] in gz.given_names and words[-1] in gz.family_names \
        and gz.state(ent.text, ent.doc.lang_) is None


def _titled(gz: Gazetteer, ent: Span) -> bool:
    """A name the NER model called an organisation but the text calls a person:
    "Mr. Peña Nieto", "the Mexican president, Enrique Peña Nieto"."""
    if not all(t.pos_ == "PROPN" for t in ent) or gz.state(ent.text, ent.doc.lang_) or gz.igo(ent.text):
        return False
    i = ent.start - 1
    while i >= ent.sent.start and ent.doc[i].text in {",", "the", "The"}:
        i -= 1
    if i < ent.sent.start:
        return False
    before = ent.doc[i].text.lower()
    return bool(_HONORIFICS.match(ent.doc[i].text + " ")) or before in gz.roles \
        or before in gz.role_abbreviations


def _person_name(text: str) -> str:
    text = re.sub(r"(?:'s|’s|')$", "", text.strip())
    text = _HONORIFICS.sub("", text)
    return text.strip(" ,.")


def _organisation(gz: Gazetteer, ent: Span, name: str) -> ActorRecord:
    """An organisation with its sector and the state it belongs to, if the name says so."""
    igo = gz.igo(name)
    if igo:
        return ActorRecord(id=actor_ids.igo(igo[0]), name=igo[1], kind="organisation", sector="IGO",
                           category="international organisation")
    body = gz.body(name)
    if body:
        return ActorRecord(id=actor_ids.organisation(body.name), name=body.name,
                           kind="organisation", code=body.code, country=body.country,
                           sector=body.sector, category="armed group" if body.sector in
                           {"REB", "IMG", "INS", "UAF"} or body.code == "IMG" else None)
    sector, category = gz.org_sector(name) or (None, None)
    if gz.is_channel(name) or sector == "MED":
        return ActorRecord(id=actor_ids.organisation(name), name=name, kind="organisation", sector="MED",
                           category="media", channel=True)
    country = None
    # "Russia's Foreign Ministry", "the Venezuelan army": a state inside or just before the name.
    for tok in ent.doc[max(ent.sent.start, ent.start - 2) : ent.end]:
        hit = gz.state(tok.text, tok.doc.lang_) if tok.text[:1].isupper() else None
        if hit and hit.how in {"name", "demonym"}:
            country = hit.code
            break
    return ActorRecord(id=actor_ids.organisation(name, country), name=name, kind="organisation", country=country,
                       sector=sector, category=category)


def resolve_actors(doc: Doc, nlp, when: date | None = None) -> ActorIndex:
    """Actors of one parsed article; ``when`` (the publication date) picks the office a
    well-known person held at the time, from the people gazetteer."""
    gz = gazetteer()
    index = ActorIndex()
    ents = _with_gazetteer_people(doc, nlp)
    ent_at = {t.i: e for e in ents for t in e}

    # 1. Gazetteer states and metonyms, except inside names of people and outlets.
    matcher = _state_matcher(nlp)
    spans = [Span(doc, s, e) for _, s, e in matcher(doc)]
    for span in filter_spans(spans):
        ent = ent_at.get(span.start)
        # A state inside a person's or outlet's name is not the state ("Jordan Peterson"); a
        # state name the model alone calls a person is ("Sri Lanka has established ...").
        if ent is not None and (ent.label_ == "PERSON" and fold(ent.text) != fold(span.text)
                                or gz.is_channel(ent.text)):
            continue
        if ent is not None and ent.label_ in {"ORG", "WORK_OF_ART"} and gz.state(ent.text, doc.lang_) is None:
            continue
        hit = gz.state(span.text, doc.lang_)
        if hit:
            _add(index, _state_record(gz, hit), span)

    # 2. Named entities. The small model often labels a bare surname ORG or GPE; a surname of a
    # person named in full elsewhere in the article is that person.
    surnames = {fold(_person_name(e.text).split()[-1]) for e in ents
                if e.label_ == "PERSON" and len(_person_name(e.text).split()) > 1}
    persons: list[tuple[Span, ActorRecord]] = []
    for ent in ents:
        label, text = ent.label_, ent.text.strip()
        if not re.search(r"[A-Za-z]", text) or any(t.i in index.by_token for t in ent):
            continue
        if label != "PERSON" and doc.lang_ != "en" and _looks_personal(gz, ent):
            label = "PERSON"
        if label in {"ORG", "GPE", "NORP"} and (fold(_person_name(text)) in surnames
                                                or _titled(gz, ent)):
            label = "PERSON"
        if label == "PERSON":
            name = _person_name(text)
            if not name or gz.is_channel(name) or gz.state(name, doc.lang_):
                continue
            persons.append((ent, ActorRecord(id=actor_ids.person(name), name=name, kind="person")))
        elif label in {"ORG", "NORP", "GPE", "LOC", "FAC"}:
            hit = gz.state(text, doc.lang_)
            if hit:
                _add(index, _state_record(gz, hit), ent)
                continue
            name = re.sub(r"^the\s+", "", re.sub(r"(?:'s|’s|'|’)$", "", text), flags=re.I)
            if label == "ORG" or gz.igo(name):
                # "The Post" after "The Washington Post": the short form of a named organisation.
                longer = next((a for a in index.actors.values() if a.kind == "organisation"
                               and fold(a.name).endswith(" " + fold(name))), None)
                _add(index, longer or _organisation(gz, ent, name), ent)
            elif label == "NORP":
                sector, category = gz.org_sector(name) or (None, None)
                _add(index, ActorRecord(id=actor_ids.group(name), name=name, kind="group",
                                        sector=sector, category=category), ent)
            else:
                _add(index, ActorRecord(id=actor_ids.place(name), name=name, kind="place"), ent)

    # 3. People: full names first, so a later surname alone joins the full name. A name in the
    # people gazetteer takes its canonical spelling, so "Maduro" in one article and "Nicolas
    # Maduro" in another are one actor across the store.
    full = {}
    for _ent, rec in persons:
        tokens = rec.name.split()
        if len(tokens) > 1:
            office = gz.person(rec.name, when)
            full.setdefault(fold(tokens[-1]), office.name if office else rec.name)
    for ent, rec in persons:
        tokens = rec.name.split()
        name = full.get(fold(tokens[0]), rec.name) if len(tokens) == 1 else rec.name
        office = gz.person(name, when)
        name = office.name if office else name
        rec = ActorRecord(id=actor_ids.person(name), name=name, kind="person")
        role, country = _role_and_country(gz, index, ent)
        if office and office.role and (not role or office.role.endswith(" " + role)):
            role = office.role  # "ministry spokesperson" in the text, the full title on file
        rec.role = role
        rec.country = country or (office.country if office else None)
        # A role the article gives decides the sector (events read it from the role words).
        rec.sector = office.sector if office and not role else None
        aid = _add(index, rec, ent)
        index.person_order.append((ent.start_char, aid, ent.root.dep_ in {"nsubj", "nsubjpass"}))
    return index
