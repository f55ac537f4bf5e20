"""CAMEO verb patterns (PETRARCH2's dictionary, converted by ``tools/build_lexicons.py``) matched
over the parse.

A verb belongs to one or more synonym blocks. A block's patterns name the words around the
verb: objects ("- * SANCTIONS"), prepositional phrases ("- * (TO BORDER)"), multi-word groups
("{ARMS SHIPMENT}"), WordNet noun sets ("&WEAPON"), and words of the subject before the verb
("- EARTHQUAKE *"). PETRARCH matched them against a flat word sequence; here the words come from
the verb's own dependents, so a word of another clause never completes a pattern. The most
specific matching pattern wins; a pattern coded ``---`` says that reading is no event ("killed
in an accident"). With no pattern, the verb's own code stands, if it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

DATA = Path(__file__).resolve().parents[1] / "data" / "lexicon"
# Dependents that open another clause: their words belong to that clause's event.
_OTHER_CLAUSE = {"ccomp", "advcl", "conj", "parataxis", "relcl", "acl", "csubj", "xcomp", "mark",
                 "cc", "punct", "appos"}
_SUBJECT = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class Element:
    """One thing a pattern needs: a word (any of ``words``), a group of elements all present, or
    a prepositional phrase (``prep`` and its elements inside the preposition's phrase)."""

    words: frozenset[str] = frozenset()
    parts: tuple[Element, ...] = ()
    prep: str | None = None

    @property
    def size(self) -> int:
        return 1 + sum(p.size for p in self.parts) if self.parts else 1


@dataclass(frozen=True)
class Pattern:
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    cameo: str  # "---": no event

    @property
    def size(self) -> int:
        return sum(e.size for e in self.before + self.after)


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln and not ln.startswith("#")]


def _parse(text: str, synsets: dict[str, frozenset[str]]) -> tuple[Element, ...]:
    tokens = re.findall(r"[(){}]|[^\s(){}]+", text)
    pos = 0

    def seq(close: str | None) -> list[Element]:
        nonlocal pos
        out: list[Element] = []
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            if tok == close:
                break
            if tok == "(":
                inner = seq(")")
                head = next(iter(inner[0].words)) if inner and inner[0].words else None
                out.append(Element(parts=tuple(inner[1:]), prep=head))
            elif tok == "{":
                out.append(Element(parts=tuple(seq("}"))))
            elif tok.startswith("&"):
                out.append(Element(words=synsets.get(tok.upper(), frozenset({tok[1:]}))))
            elif tok not in {")", "}"}:
                out.append(Element(words=frozenset({tok})))
        return out

    return tuple(seq(None))


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[tuple[str, str], list[tuple[str, str]]], dict[str, list[Pattern]],
                       dict[str, str]]:
    """(verbs, patterns by block, CAMEO → PLOVER)."""
    synsets: dict[str, set[str]] = {}
    for name, word in _rows("synsets.tsv"):
        synsets.setdefault(name, set()).add(word)
    frozen = {k: frozenset(v) for k, v in synsets.items()}
    verbs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for lemma, particle, block, cameo in _rows("verbs.tsv"):
        verbs.setdefault((lemma, particle), []).append((block, cameo))
    patterns: dict[str, list[Pattern]] = {}
    for block, before, after, cameo in _rows("patterns.tsv"):
        patterns.setdefault(block, []).append(
            Pattern(_parse(before, frozen), _parse(after, frozen), cameo))
    plover = dict(_rows("plover.tsv"))
    return verbs, patterns, plover


@lru_cache(maxsize=1)
def hand_readings() -> dict[str, str]:
    """CAMEO codes the hand-kept files type otherwise than the 2021 table: newsfuse follows
    the PLOVER types of its gold standard where the versions differ (an abduction, CAMEO 181,
    is COERCE there and ASSAULT in 2021). A code the hand layer reads two ways is left to the
    table. Read from the gazetteer's live tables once; whoever edits them in process clears
    this cache (the events bench does), so an entry left out takes its reading along."""
    from ..gazetteer import gazetteer

    gz = gazetteer()
    seen: dict[str, set[str]] = {}
    for plover, cameo, *_ in [*gz.event_verbs.values(), *gz.event_nouns.values()]:
        seen.setdefault(cameo, set()).add(plover)
    table = lexicon()[2]
    return {code: next(iter(kinds)) for code, kinds in seen.items()
            if len(kinds) == 1 and table.get(code) not in kinds}


def plover_of(cameo: str) -> str | None:
    """The PLOVER type of a CAMEO code: the hand layer's reading of that very code, else the
    table's for its most specific listed prefix."""
    hand = hand_readings()
    if cameo in hand:
        return hand[cameo]
    table = lexicon()[2]
    return next((table[cameo[:n]] for n in (4, 3, 2) if cameo[:n] in table), None)


def _words(tokens: list[Token]) -> set[str]:
    return {w for t in tokens for w in (t.lower_, t.lemma_.lower())}


def _has(el: Element, tokens: list[Token]) -> bool:
    if el.prep is not None:
        return any(t.lower_ == el.prep and all(_has(p, _phrase(t)) for p in el.parts)
                   for t in tokens)
    if el.parts:
        return all(_has(p, tokens) for p in el.parts)
    found = _words(tokens)
    return any(w in found or (" " in w and set(w.split()) <= found) for w in el.words)


def _phrase(tok: Token) -> list[Token]:
    """The token and its dependents, short of any clause of their own ("a resolution [that aims
    to tighten sanctions]" is about a resolution, not sanctions)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in _OTHER_CLAUSE:
            out += _phrase(c)
    return out


def _context(verb: Token) -> tuple[list[Token], list[Token]]:
    """(the subject's words, the words after the verb in its own clause)."""
    before = [t for c in verb.children if c.dep_ in _SUBJECT for t in _phrase(c)]
    after = [t for c in verb.children if c.i > verb.i and c.dep_ not in _OTHER_CLAUSE | _SUBJECT
             for t in _phrase(c)]
    return before, after


@dataclass(frozen=True)
class Coded:
    """A verb's reading by the dictionary: ``plover`` None means no event; ``specific`` that a
    pattern naming the words around the verb decided it, not the verb alone."""

    plover: str | None
    cameo: str
    specific: bool


def code_verb(verb: Token) -> Coded | None:
    """The dictionary's reading of a verb, or None for a verb it does not list."""
    verbs, patterns, _ = lexicon()
    lemma = verb.lemma_.lower()
    particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep"}}
    entries = [e for p in sorted(particles) for e in verbs.get((lemma, p), [])] or verbs.get((lemma, ""), [])
    if not entries:
        return None
    before, after = _context(verb)
    best: Pattern | None = None
    for block in dict.fromkeys(b for b, _ in entries):
        for pat in patterns.get(block, []):
            if (best is None or pat.size > best.size) and all(_has(e, before) for e in pat.before) \
                    and all(_has(e, after) for e in pat.after):
                best = pat
    if best is not None and best.size:
        code, specific = best.cameo, True
    else:
        code, specific = next((c for _, c in entries if c != "---"), "---"), False
    return Coded(None if code == "---" else plover_of(code), code, specific)
