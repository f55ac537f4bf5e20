"""Attribution phrases that name a source without a reporting verb: "according to X" in
English, "según X" in Spanish. Quotes and claims both read them, so the shape of each
language's phrase is known here only.

English attaches the source below the phrase (according → to → X); Spanish attaches the
phrase below the source (X ← según, as its case marker).
"""

from __future__ import annotations

from spacy.tokens import Token


def is_according(t: Token) -> bool:
    """``t`` opens an attribution phrase."""
    if t.lower_ == "according":
        return t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to"
    return t.lower_ == "según" and t.dep_ == "case" and t.head.i > t.i


def according_source(t: Token) -> Token | None:
    """The source an attribution phrase opened by ``t`` names, if the parse has one."""
    if not is_according(t):
        return None
    if t.lower_ == "según":
        return t.head
    return next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)


def phrase_tokens(t: Token) -> list[Token]:
    """Every token of the attribution phrase ``t`` opens, the source's own words included."""
    if t.lower_ == "según":
        return sorted(t.head.subtree, key=lambda x: x.i)
    return [t, *t.doc[t.i + 1].subtree]


def cue_text(t: Token) -> str:
    return "according to" if t.lower_ == "according" else t.text
