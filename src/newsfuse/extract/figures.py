"""Numeric claims: value, qualifier ("more than", "up to") and what is counted ("people killed")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import FigureRecord
from ..nlp import doc_text

if TYPE_CHECKING:  # fusion imports this module's words, and does not load spaCy
    from spacy.tokens import Doc, Span, Token

_QUALIFIERS = [
    "more than", "over", "up to", "as many as", "at least", "nearly", "almost", "about",
    "around", "roughly", "approximately", "some", "fewer than", "less than", "at most", "under",
    "just over", "just under", "close to", "an estimated", "dozens of", "hundreds of",
]
# The same qualifiers in Spanish, phrase by phrase.
_QUALIFIERS_ES = [
    "más de", "hasta", "al menos", "por lo menos", "casi", "cerca de", "alrededor de", "unos",
    "unas", "aproximadamente", "menos de", "como máximo", "poco más de", "poco menos de",
    "decenas de", "cientos de", "centenares de", "miles de", "un estimado de",
]
QUALIFIERS = {"en": _QUALIFIERS, "es": _QUALIFIERS_ES}
_SCALE_ES = {"mil": 1e3, "millón": 1e6, "millones": 1e6, "millardo": 1e9, "millardos": 1e9,
             "billón": 1e12, "billones": 1e12}
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
    "a": 1, "an": 1, "half": 0.5,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
          "bn": 1e9}
PARTICIPLE = {"kill": "killed", "injure": "injured", "wound": "wounded", "arrest": "arrested",
               "detain": "detained", "displace": "displaced", "evacuate": "evacuated",
               "rescue": "rescued", "deploy": "deployed", "fire": "fired", "launch": "launched"}
_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


def parse_value(text: str, language: str = "en") -> float | None:
    if language == "es":
        return _parse_value_es(text)
    t = text.lower().replace(",", "")
    for q in sorted(_QUALIFIERS, key=len, reverse=True):
        t = re.sub(rf"^\s*{re.escape(q)}\b", "", t)
    num = re.search(r"\d+(?:\.\d+)?", t)
    fraction = re.search(r"\b(\d+)\s*/\s*(\d+)\b", t)
    value: float | None = None
    if fraction and int(fraction.group(2)):
        value = int(fraction.group(1)) / int(fraction.group(2))  # "1/2 liter" is a half-liter
    elif num:
        value = float(num.group())
    else:
        words = [w for w in re.findall(r"[a-z]+", t) if w in _WORDS]
        if len(words) > 1:
            words = [w for w in words if w not in {"a", "an"}]  # "a dozen" is 12, not 1 + 12
        if words:
            value = 0.0
            for w in words:
                v = _WORDS[w]
                value = value * v if v == 100 and value else value + v
            if value == 0 and "zero" not in words:
                return None
    if value is None:
        return None
    if re.search(r"\d\s*[ap]\.\s?m\b", t):
        return value  # a clock time: the "m" of "p.m." is no million
    for word, mult in _SCALE.items():
        if re.search(rf"\d\s*{word}\b|\b{word}\b", t):
            value *= mult
            break
    return value


def _parse_value_es(text: str) -> float | None:
    """Spanish writes "9.900" for 9900 and "3,5" for 3.5; number words are summed ("treinta y
    cinco") and multiplied by the scale that follows them ("tres mil", "1.400 millones")."""
    from .rule_entities import number_word

    t = text.lower()
    for q in sorted(_QUALIFIERS_ES, key=len, reverse=True):
        t = re.sub(rf"^\s*{re.escape(q)}\b", "", t)
    words = re.findall(r"[\d.,]*\d|\w+", re.sub(r"\bpor ciento\b", "", t))
    if len(words) > 1:
        words = [w for w in words if w not in {"un", "una", "uno"}]  # "una docena" is 12
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word[0].isdigit():
            current += float(word.replace(".", "").replace(",", "."))
        elif word == "mil":
            total, current = total + (current or 1.0) * 1e3, 0.0
        elif word in _SCALE_ES:
            total, current = (total + current or 1.0) * _SCALE_ES[word], 0.0
        elif (v := number_word(word, "es")) is not None:
            current += v
        else:
            continue
        seen = True
    return total + current if seen else None


def _qualifier(span: Span) -> tuple[str | None, int]:
    """The qualifier, and the character where the figure (qualifier included) starts."""
    doc, lowered = span.doc, span.text.lower()
    for q in sorted(QUALIFIERS.get(doc.lang_, _QUALIFIERS), key=len, reverse=True):
        if lowered.startswith(q + " "):
            return q, span.start_char
        n = len(q.split())
        if span.start >= n:
            before = doc[span.start - n : span.start]
            if before.text.lower() == q:
                return q, before.start_char
    return None, span.start_char


def _nominal(tok: Token) -> bool:
    """A noun, or a word the parser uses as one: "caught 39 passes" tags "passes" a verb but
    makes it the object; the role outranks the tag."""
    return tok.pos_ in {"NOUN", "PROPN"} or tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}


def _counted(root: Token) -> str | None:
    head = root
    while head.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.head is not head:
        head = head.head
        if _nominal(head):
            break
    if head is root or not _nominal(head):
        if root.pos_ == "NOUN" and root.dep_ != "nummod":
            head = root
        else:
            return None
    mods = [c for c in head.lefts if c.dep_ == "compound"]
    unit = " ".join([*(m.text for m in mods), head.text])
    verb = head.head
    if head.dep_ in {"dobj", "nsubjpass"} and verb.lemma_ in PARTICIPLE:
        unit += " " + PARTICIPLE[verb.lemma_]
    return unit.lower()


def _is_model_number(span: Span) -> bool:
    # "Il-76", "F-16", "COVID-19": a number glued to letters names a thing; it counts nothing.
    s = span.start_char
    text = doc_text(span.doc)
    return s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha()


def extract_figures(doc: Doc) -> list[FigureRecord]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in _LABELS or _is_model_number(ent):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d\d", ent.text.strip()):
            continue  # a bare year is a date
        value = parse_value(ent.text, doc.lang_)
        if value is None:
            continue
        qualifier, start = _qualifier(ent)
        unit = _counted(ent.root)
        if unit in _SCALE_ES:
            unit = None  # "40 millones de euros": the scale multiplies, it is not what is counted
        if ent.label_ == "PERCENT":
            unit = "percent" if unit is None else unit
        elif ent.label_ == "MONEY":
            unit = unit or "money"
        out.append(FigureRecord(
            value=value, qualifier=qualifier, unit=unit, text=doc_text(doc)[start : ent.end_char],
            start=start, end=ent.end_char, sentence=[ent.sent.start_char, ent.sent.end_char],
        ))
    return out
