"""Claims: what each clause says happened, to whom, on whose word, and how surely.

Fusion compares claims, not sentences. Two sentences can share a verb and say different things
("Trump said war is not imminent" / "Peskov said Russia stays in contact"), and one sentence can
carry an attribution that is no part of the happening ("…, according to The Washington Post").
A claim separates those parts over the parse of its clause:

- the happening: the content predicate once reporting, planning and doubting frames are peeled
  off ("said [it may [send troops]]" → send), keyed like every action (``actions.action_key``);
- its participants: agent, patient, recipient, resolved to actors where the article names them;
- its place, where the clause says it with a locative preposition;
- its attribution: who the article reports as saying it, and the cue;
- its factuality (``factuality``), read from the same frames.

Times and quantities are read by fusion from the article's dates and figures inside the claim's
span, so each has one extractor.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..models import ClaimRecord, EventParty
from ..nlp import doc_text
from .actions import action_key
from .actors import ActorIndex
from .attribution import according_source, phrase_tokens
from .attribution import cue_text as attribution_cue
from .events.arguments import LOCATION_PREPS
from .events.parties import location_of, party_of
from .events.syntax import subject_of
from .factuality import BELIEF, PLANNING, UNKNOWN, factuality
from .gazetteer import gazetteer

COMPLEMENTS = {"ccomp", "xcomp"}
# Evidential predicates introduce a source as reporting verbs do: "documents show X" is X on the
# documents' word (FactBank's source-introducing predicates).
EVIDENTIAL = {"show", "indicate", "reveal", "suggest", "find", "confirm", "say"}


def _cues() -> set[str]:
    """Verbs that introduce a source: the gazetteer's reporting verbs and the evidential ones."""
    return gazetteer().cues | EVIDENTIAL


def _root(span: Span) -> Token | None:
    """The clause's top predicate: the span token whose head lies outside it, largest first."""
    inside = range(span.start, span.end)
    roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    roots = [t for t in roots if not t.is_punct and not t.is_space]
    verbs = [t for t in roots if t.pos_ in {"VERB", "AUX"}] or roots
    return max(verbs, key=lambda t: sum(1 for x in t.subtree if x.i in inside), default=None)


def _complement(tok: Token, span: Span) -> Token | None:
    inside = range(span.start, span.end)
    found = [c for c in tok.children if c.dep_ in COMPLEMENTS and c.i in inside
             and c.pos_ in {"VERB", "AUX", "ADJ", "NOUN"}]
    return found[0] if found else None


def _unknown_frame(tok: Token, span: Span) -> tuple[Token, Token] | None:
    """"It remains unclear whether X": the adjective frames the clause under it."""
    for adj in (c for c in tok.children if c.dep_ in {"acomp", "attr"} and c.lower_ in UNKNOWN):
        inner = _complement(adj, span) or _complement(tok, span)
        if inner is not None:
            return adj, inner
    return None


def _peel(pred: Token, span: Span, cues: set[str]) -> tuple[Token, list[Token], Token | None, Token]:
    """The content predicate under reporting, planning and doubting frames, the frames from the
    outermost in, the outermost reporting verb, and the top of what was said (the complement
    of the innermost reporting verb: "it remains unclear whether X" keeps its doubt)."""
    frames: list[Token] = []
    saying = None
    said = pred
    while True:
        lemma = pred.lemma_.lower()
        unknown = _unknown_frame(pred, span)
        if unknown is not None:
            frames += [pred, unknown[0]]
            pred = unknown[1]
            continue
        inner = _complement(pred, span)
        if inner is None:
            break
        if lemma in cues:
            saying = saying or pred
            said = inner
        elif lemma not in PLANNING and lemma not in BELIEF:
            break
        frames.append(pred)
        pred = inner
    return pred, frames, saying, said


def _said_aside(pred: Token, span: Span, cues: set[str]) -> Token | None:
    """A reporting clause hung on the content ("Troops will leave, he said")."""
    inside = range(span.start, span.end)
    return next((c for c in pred.children if c.dep_ in {"parataxis", "ccomp", "advcl"}
                 and c.i in inside and c.lemma_.lower() in cues
                 and any(s.dep_ == "nsubj" for s in c.children)), None)


def _according_to(tokens) -> Token | None:
    """The opener of an attribution phrase among ``tokens`` or their children ("según" hangs
    below its source, which hangs below the predicate), if it names a source."""
    return next((o for t in tokens for o in (t, *t.children) if according_source(o) is not None),
                None)


def _phrase(doc: Doc, head: Token, span: Span) -> tuple[int, int]:
    """Character span of a participant's noun phrase, kept inside the clause."""
    toks = [t for t in head.subtree if span.start <= t.i < span.end and not t.is_punct]
    toks = toks or [head]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _party(index: ActorIndex, doc: Doc, tokens: list[Token], span: Span) -> EventParty | None:
    """A participant: the actor it resolves to, else the words that name it."""
    tokens = [t for t in tokens if span.start <= t.i < span.end]
    if not tokens:
        return None
    party = party_of(index, tokens)
    # Several subjects of one verb are the parser splitting one noun phrase ("A magnitude" /
    # "6.8 earthquake"): the participant is the whole stretch.
    spans = sorted(_phrase(doc, t, span) for t in tokens)
    s, e = spans[0]
    for a, b in spans[1:]:
        if doc_text(doc)[e:a].strip():
            break  # not one stretch: keep the first phrase
        e = max(e, b)
    if party.name is None:
        if tokens[0].pos_ == "PRON":
            return None  # an unresolved "it" names nobody a reader could compare
        party = EventParty(name=doc_text(doc)[s:e], code=None)
    return party


def _roles(pred: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """(agent, patient, recipient) tokens of a predicate, passive voice undone."""
    kids = list(pred.children)
    passive = [c for c in kids if c.dep_ == "nsubjpass"]
    agent = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"] \
        if passive else subject_of(pred)
    patient = passive or [c for c in kids if c.dep_ in {"dobj", "attr"}]
    recipient = [c for c in kids if c.dep_ == "dative"] or [
        p for c in kids if c.dep_ == "prep" and c.lower_ in {"to", "for", "with", "against"}
        for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in {"DATE", "TIME"}]
    return agent, patient, recipient


LINKING = {"be", "have", "become", "remain", "seem", "appear", "stay", "get", "make", "take",
           "do", "give", "hold"}


def _key(pred: Token) -> str | None:
    """The happening's key. A linking or light verb is keyed by the word it carries ("held
    talks" → talk, "is united" → united, "is in contact" → contact); any other verb by its
    lemma, reporting verbs included, since "asked Russia for help" is itself the happening."""
    lemma = pred.lemma_.lower()
    if pred.pos_ in {"VERB", "AUX"} and lemma.isalpha() and lemma not in LINKING:
        return lemma
    key = action_key(pred.lemma_, pred.pos_)
    if key:
        return key
    kids = list(pred.children)
    for c in kids:
        if c.dep_ in {"dobj", "attr"} and (noun := action_key(c.lemma_, "NOUN")):
            return noun
    for c in kids:
        if c.dep_ in {"acomp", "attr"} and c.is_alpha:
            return c.lemma_.lower()
    for c in kids:
        if c.dep_ == "prep":
            objs = [p for p in c.children if p.dep_ == "pobj" and p.is_alpha]
            if objs:
                return objs[0].lemma_.lower()
    return None


def _content(doc: Doc, span: Span, said: Token, according: Token | None) -> list[int]:
    """What was said, without who said it: the reported clause, or the unit without its
    "according to" phrase."""
    if according is not None:
        drop = {t.i for t in phrase_tokens(according)}
        toks = [t for t in span if t.i not in drop]
    elif said.i != _root(span).i:
        toks = [t for t in said.subtree if span.start <= t.i < span.end]
    else:
        toks = list(span)
    toks = [t for t in toks if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].dep_ == "mark" and toks[0].lower_ == "that"):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in {'"', "”", "'", "’"}:
        toks = toks[:-1]
    if not toks:
        return [span.start_char, span.end_char]
    return [toks[0].idx, toks[-1].idx + len(toks[-1].text)]


def claim_of(doc: Doc, index: ActorIndex, start: int, end: int) -> ClaimRecord:
    span = doc.char_span(start, end, alignment_mode="expand")
    claim = ClaimRecord(start=start, end=end)
    top = _root(span) if span is not None else None
    if top is None:
        return claim
    cues = _cues()
    pred, frames, saying, said = _peel(top, span, cues)
    aside = None if saying else _said_aside(pred, span, cues)
    saying = saying or aside
    if aside is not None:
        frames.insert(0, aside)
    claim.happening = _key(pred)
    claim.predicate = [pred.idx, pred.idx + len(pred.text)]
    agent, patient, recipient = _roles(pred)
    claim.agent = _party(index, doc, agent, span)
    claim.patient = _party(index, doc, patient, span)
    claim.recipient = _party(index, doc, recipient, span)
    places = [p for c in pred.children if c.dep_ == "prep" and c.lower_ in LOCATION_PREPS
              for p in c.children if p.dep_ == "pobj"]
    claim.place = location_of(index, places, []) if places else None
    according = _according_to([pred, *frames, *pred.children,
                               *(c for f in frames for c in f.children)])
    claim.content = _content(doc, span, said, according)
    if according is not None:
        claim.attribution = _party(index, doc, [according_source(according)], span)
        claim.cue = attribution_cue(according)
    elif saying is not None:
        claim.attribution = _party(index, doc, subject_of(saying), span)
        claim.cue = saying.lemma_.lower()
    claim.factuality = factuality(pred, frames)
    return claim


def _conjoined(doc: Doc, index: ActorIndex, claim: ClaimRecord, unit: int) -> list[ClaimRecord]:
    """Further claims of one clause: each verb coordinated with the predicate that has a
    complement of its own ("expands its presence and continues strikes on vessels")."""
    if claim.predicate is None:
        return []
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    pred = doc.char_span(*claim.predicate, alignment_mode="expand")
    if span is None or pred is None:
        return []
    out = []
    cues = _cues()
    # A coordinated verb, or a participle clause with an object of its own ("…, killing three
    # workers"), states a claim of its own; a reporting verb there only says who said it.
    extra_verbs = [c for c in pred.root.children if span.start <= c.i < span.end and (
        c.dep_ == "conj" and c.pos_ == "VERB" or c.dep_ == "advcl" and c.tag_ == "VBG"
        and any(k.dep_ == "dobj" for k in c.children))]
    for verb in extra_verbs:
        if verb.lemma_.lower() in cues or not any(
                k.dep_ in {"dobj", "prep", "ccomp", "xcomp", "nsubj"} for k in verb.children):
            continue
        extra = ClaimRecord(start=claim.start, end=claim.end, unit=unit,
                            happening=_key(verb), predicate=[verb.idx, verb.idx + len(verb.text)],
                            attribution=claim.attribution, cue=claim.cue)
        agent, patient, recipient = _roles(verb)
        extra.agent = _party(index, doc, agent, span) or claim.agent
        extra.patient = _party(index, doc, patient, span)
        extra.recipient = _party(index, doc, recipient, span)
        toks = [t for t in verb.subtree if span.start <= t.i < span.end and not t.is_punct]
        extra.content = [toks[0].idx, toks[-1].idx + len(toks[-1].text)]
        extra.factuality = factuality(verb, []) if claim.factuality == "asserted" else \
            claim.factuality
        out.append(extra)
    if out and claim.content:  # the first claim reads up to its first conjunct
        first = min(doc.char_span(*o.predicate, alignment_mode="expand").root.left_edge.i
                    for o in out)
        before = [t for t in doc[span.start:first] if t.idx >= claim.content[0]]
        while before and (before[-1].is_punct or before[-1].dep_ == "cc"):
            before.pop()
        if before:
            claim.content[1] = before[-1].idx + len(before[-1].text)
    return out


def extract_claims(doc: Doc, index: ActorIndex, units: list[list[int]]) -> list[ClaimRecord]:
    """The claims of every statement unit, in unit order: one per clause, and one more per
    coordinated predicate."""
    out = []
    for k, (s, e) in enumerate(units):
        claim = claim_of(doc, index, s, e)
        claim.unit = k
        out += [claim, *_conjoined(doc, index, claim, k)]
    return out
