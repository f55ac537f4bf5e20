"""Political events as actor–action–target records over the dependency parse (PLOVER / CAMEO).

The verb dictionary (``data/event_verbs.tsv``) names the action; the subject is the source and an
object or prepositional object naming an actor is the target. What was asked for, struck or
signed is kept as a list of coordinated items, because sources often agree on some items and
disagree on others ("asked Russia for radars, jets and drones" vs "sought drones from Iran").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..models import EventParty, EventRecord
from .actors import ActorIndex
from .gazetteer import gazetteer

_HYPOTHETICAL = {"would", "could", "might", "may", "should", "must"}
_PLANNING = {"plan", "intend", "want", "seek", "hope", "aim", "threaten", "prepare", "vow",
             "promise", "consider", "propose", "expect"}
_TARGET_PREPS = {"from", "to", "against", "on", "with", "at", "toward", "towards", "into"}
_OBJECT_PREPS = {"for", "including", "of", "over", "about"}


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
    items = []
    for a in anchors:
        s, e = _own_span(a)
        items.append(doc[s:e].text)
    return items


def _party(index: ActorIndex, tokens: list[Token]) -> EventParty:
    ids = []
    for t in tokens:
        for tok in _conjuncts(t):
            aid = index.in_span(list(tok.subtree)) if tok.pos_ != "PRON" else \
                index.person_before(tok.idx)
            if aid and aid not in ids and not index.actors[aid].channel:
                ids.append(aid)
    if not ids:
        return EventParty(name=None, code=None, actor=None)
    names = [index.actors[i].name for i in ids]
    codes = [c for c in (index.code_of(i) for i in ids) if c]
    return EventParty(name=", ".join(names), code=";".join(dict.fromkeys(codes)) or None, actor=ids[0])


def _mode(verb: Token) -> str | None:
    if any(c.dep_ == "neg" for c in verb.children):
        return "negated"
    if any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in verb.children):
        return "hypothetical"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _PLANNING:
        return "planned"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in verb.children):
        return "hypothetical"
    return None


def _subject(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subj:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        subj = [p for a in agents for p in a.children if p.dep_ == "pobj"]
    if not subj and verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)
    if subj and subj[0].dep_ == "nsubj" and subj[0].tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        return [verb.head]
    return subj


def extract_events(doc: Doc, index: ActorIndex) -> list[EventRecord]:
    verbs = gazetteer().event_verbs
    out = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs:
            continue
        plover, cameo = verbs[verb.lemma_.lower()]
        source = _party(index, _subject(verb))
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        target_toks = [c for c in verb.children if c.dep_ in {"dobj", "dative"} or
                       (passive and c.dep_ == "nsubjpass")]
        object_heads: list[Token] = []
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            pobjs = [p for p in prep.children if p.dep_ == "pobj"]
            if prep.lower_ in _TARGET_PREPS:
                target_toks.extend(pobjs)
            elif prep.lower_ in _OBJECT_PREPS:
                object_heads.extend(pobjs)
        target = _party(index, target_toks)
        for t in target_toks:
            if index.in_span(list(t.subtree)) is None:
                object_heads.append(t)
                for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS):
                    object_heads.extend(p for p in prep.children if p.dep_ == "pobj")
        objects = [item for h in object_heads for item in _items(doc, h)]
        # "for assistance overhauling radars, repairing jets and acquiring missiles": the parser
        # often hangs the later gerunds on the verb itself.
        for c in verb.children:
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i:
                objects.extend(doc[slice(*_own_span(g))].text for g in _conjuncts(c))
        if source.name is None:
            continue  # an event needs an actor: "the earthquake struck Chile" is not one
        sent = verb.sent
        span = [t for t in verb.subtree if t.sent == sent]
        start = min(t.idx for t in span)
        last = max(span, key=lambda t: t.i)
        out.append(EventRecord(
            type=plover, cameo=cameo, source=source, target=target, start=start,
            end=last.idx + len(last.text), verb=verb.text, objects=objects, mode=_mode(verb),
            sentence=[sent.start_char, sent.end_char],
        ))
    return out
