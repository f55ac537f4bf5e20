"""Dependency-tree helpers the event coder reads its clauses with."""

from __future__ import annotations

from spacy.tokens import Doc, Token

# Heads that only count or group what follows "of": "thousands of Iraqi Kurds", "days of war
# games", "a group of Yoruba leaders".
PARTITIVE = {"thousand", "hundred", "million", "dozen", "score", "group", "number", "crowd",
              "band", "patch", "batch", "contingent", "delegation", "team", "day", "week",
              "month", "hour", "series", "round", "wave", "spate", "string", "some", "many",
              "most", "part", "rest", "majority", "handful"}


def conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
    return out


def own_span(tok: Token) -> tuple[int, int]:
    """Token range of a conjunct without the conjuncts coordinated to it."""
    skip = {t.i for c in tok.children if c.dep_ in {"conj", "cc"} for t in c.subtree}
    idx = [t.i for t in tok.subtree if t.i not in skip and not t.is_punct]
    return (min(idx), max(idx) + 1) if idx else (tok.i, tok.i + 1)


def items_of(doc: Doc, head: Token) -> list[str]:
    verbs = [c for c in head.children if c.dep_ in {"acl", "pcomp", "xcomp", "relcl"} and c.pos_ == "VERB"]
    anchors = conjuncts(verbs[0]) if verbs and head.lemma_ in {"help", "assistance", "support", "aid"} \
        else conjuncts(head)
    return [doc[slice(*own_span(a))].text for a in anchors]


def counted(tok: Token) -> Token:
    """The word a partitive phrase is about ("thousands of [Kurds]"), else the word itself."""
    while tok.like_num or tok.lemma_.lower() in PARTITIVE:
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"]
        if not of:
            break
        tok = of[0]
    return tok


def own_tokens(head: Token) -> list[Token]:
    """A noun phrase without its prepositional and clausal attachments: "British Defence
    Secretary Tom King", not "... of Russia troops"."""
    out = [head]
    for c in head.children:
        if c.dep_ not in {"prep", "relcl", "acl", "advcl", "conj", "cc", "punct"}:
            out.extend(own_tokens(c))
    return out


def subject_of(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subj:
        agents = [c for c in verb.children if c.dep_ == "agent"]
        subj = [p for a in agents for p in a.children if p.dep_ == "pobj"]
    if not subj and verb.dep_ in {"conj", "xcomp", "advcl", "acomp"} and verb.head.i != verb.i:
        return subject_of(verb.head)
    if not subj and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # "X's decision to keep or dump the deal": an infinitive on a noun names what is
        # decided, planned or allowed, not an act, so nobody is its agent yet.
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return []
        # "issued a declaration demanding ...": the declaration's issuer demands.
        owner = verb.head.head if verb.head.dep_ in {"dobj", "pobj"} else verb.head
        return subject_of(owner) if owner.pos_ == "VERB" else [verb.head]
    if subj and subj[0].dep_ == "nsubj" and subj[0].tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        return [verb.head]
    return subj


def clause_depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok, d = tok.head, d + 1
    return d


def governors(v: Token) -> list[Token]:
    """The words a clause completes, innermost first: "says [it is willing [to withdraw]]"."""
    out = []
    while v.dep_ in {"xcomp", "ccomp", "acomp"} and v.head.i != v.i:
        v = v.head
        out.append(v)
    return out
