"""Statement units: the clauses that fusion aligns across articles.

A news sentence often joins two claims ("Maduro said X, as the United States expands Y"); each
side can be corroborated by a different article, so a trailing adverbial clause of at least a
few words becomes a unit of its own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..nlp import doc_text

_SPLIT_MARKS = {"as", "while", "after", "since", "because", "although", "though", "whereas",
                "amid", "following", "before"}
MIN_TOKENS = 5


def _trim(doc: Doc, s: int, e: int) -> list[int] | None:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    toks = [t for t in span if not (t.is_punct or t.is_space)]
    if len([t for t in toks if t.is_alpha]) < MIN_TOKENS:
        return None
    return [toks[0].idx, toks[-1].idx + len(toks[-1].text)]


def _split(sent: Span) -> list[tuple[int, int]]:
    doc = sent.doc
    for tok in sent:
        if tok.dep_ != "advcl" or tok.i < sent.root.i:
            continue
        marks = [c for c in tok.children if c.dep_ == "mark" and c.lower_ in _SPLIT_MARKS]
        if not marks:
            continue
        left = min(marks[0].i, tok.left_edge.i)
        right = tok.right_edge.i
        if left - sent.start >= MIN_TOKENS and right - left >= MIN_TOKENS:
            return [(sent.start_char, doc[left].idx), (doc[left].idx, doc[right].idx + len(doc[right]))]
    return [(sent.start_char, sent.end_char)]


def statement_units(doc: Doc) -> list[list[int]]:
    units = []
    for sent in doc.sents:
        for s, e in _split(sent):
            for part_s, part_e in _semicolons(doc_text(doc), s, e):
                u = _trim(doc, part_s, part_e)
                if u:
                    units.append(u)
    return units


def _semicolons(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, cur = [], s
    for i in range(s, e):
        if text[i] == ";":
            out.append((cur, i))
            cur = i + 1
    out.append((cur, e))
    return out
