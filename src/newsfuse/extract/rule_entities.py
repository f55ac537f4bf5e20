"""Dates and numbers as entities, for pipelines whose NER does not mark them.

spaCy's Spanish pipeline was trained on WikiNER, which names people, organisations, places and
"miscellaneous", and nothing else: no DATE, CARDINAL, MONEY or PERCENT. The date and figure
extractors read those entity types, so for such a pipeline this module adds them from rules.
The words come from general resources, not from any corpus: weekday and month names and the
relative day, week, month and year expressions ("ayer", "la semana pasada") from the Unicode
CLDR (through Babel), and number words from text2num. Entities the model found are kept; a rule
entity only fills a gap between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Words that open or close a date expression without being part of its value.
DATE_LEAD = {"es": {"el", "este", "esta", "desde", "hasta", "del", "en", "pasado", "próximo"}}
DATE_TRAIL = {"es": {"pasado", "pasada", "próximo", "próxima"}}
_YEAR_LEAD = {"es": {"en", "de", "del", "desde", "hasta", "durante"}}
# Scale nouns and the percent phrase follow a number; collective nouns are numbers themselves.
_SCALES = {"es": {"mil", "millón", "millones", "billón", "billones", "millardo", "millardos"}}
_COLLECTIVE = {"es": {"docena": 12, "docenas": 24, "decena": 10, "decenas": 20, "centenar": 100,
                      "centenares": 200, "millar": 1000, "millares": 2000}}
_PERCENT = {"es": ("por", "ciento")}
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class Calendar:
    """A language's calendar and currency words, from CLDR."""

    weekdays: dict[str, int]  # name -> Monday = 0
    currencies: frozenset[str]  # currency nouns ("dólares", "euros") and symbols ("US$", "€")
    months: dict[str, int]  # name -> January = 1
    relative: dict[str, tuple[str, int]]  # phrase -> (day | week | month | year, offset)


@cache
def calendar(language: str) -> Calendar:
    from babel import Locale

    locale = Locale(language)
    fields = locale._data["date_fields"]  # Babel exposes CLDR's relative fields only here
    relative = {}
    for unit in ("day", "week", "month", "year"):
        for offset, phrase in fields[unit]["relative"].items():
            relative[phrase.lower()] = (unit, int(offset))
    from babel.numbers import get_currency_name, get_currency_symbol

    currencies = set()
    for code in locale.currencies:
        for count in (1, 2):
            currencies.add(get_currency_name(code, count, locale).split()[0].lower())
        symbol = get_currency_symbol(code, locale)
        if symbol != code:
            currencies.add(symbol.lower())
    return Calendar(
        currencies=frozenset(currencies),
        weekdays={name.lower(): i for i, name in locale.days["format"]["wide"].items()},
        months={name.lower(): i for i, name in locale.months["format"]["wide"].items()},
        relative=relative,
    )


@lru_cache(maxsize=100_000)
def number_word(word: str, language: str) -> float | None:
    """The value of one number word ("veinte", "doscientos"), or None."""
    from text_to_num import text2num

    word = word.lower()
    if word in _COLLECTIVE.get(language, {}):
        return float(_COLLECTIVE[language][word])
    if not word.isalpha():
        return None
    try:
        return float(text2num(word, language))
    except ValueError:
        return None


def add_rule_entities(doc: Doc) -> Doc:
    language = doc.lang_
    if language not in DATE_LEAD:
        return doc
    rules = _dates(doc, language) + _numbers(doc, language)
    # A capitalised date ("Ayer", "El 15 de junio") or a currency sign ("US$") is often a model
    # entity of the wrong type: a rule's span wins over an entity that is nothing but it and
    # the words that lead into a date.
    lead = DATE_LEAD[language]
    kept = [e for e in doc.ents
            if not any(r.start <= e.end and e.start <= r.end
                       and all(r.start <= t.i < r.end or t.lower_ in lead for t in e)
                       for r in rules)]
    taken = {i for e in kept for i in range(e.start, e.end)}
    fresh = [s for s in rules if not taken & set(range(s.start, s.end))]
    doc.ents = sorted([*kept, *filter_spans(fresh)], key=lambda s: s.start)
    return doc


def _dates(doc: Doc, language: str) -> list[Span]:
    cal = calendar(language)
    lower = [t.lower_ for t in doc]
    spans: list[Span] = []
    longest = max(len(p.split()) for p in cal.relative)
    i = 0
    while i < len(doc):
        for n in range(longest, 0, -1):
            phrase = " ".join(lower[i : i + n])
            if phrase in cal.relative and not _morning(lower, i, phrase, cal):
                spans.append(Span(doc, i, i + n, label="DATE"))
                i += n
                break
        else:
            if lower[i] in cal.weekdays or lower[i] in cal.months:
                spans.append(_widen(doc, lower, i, language, cal))
            elif _YEAR.fullmatch(lower[i]) and i and lower[i - 1] in _YEAR_LEAD[language]:
                spans.append(Span(doc, i, i + 1, label="DATE"))
            i += 1
    return spans


def _morning(lower: list[str], i: int, phrase: str, cal: Calendar) -> bool:
    # "mañana" is tomorrow, but "esta mañana" / "por la mañana" is a morning.
    return cal.relative[phrase] == ("day", 1) and i > 0 and lower[i - 1] in {"la", "esta", "cada"}


def _widen(doc: Doc, lower: list[str], at: int, language: str, cal: Calendar) -> Span:
    """The weekday or month name at ``at`` with its day number, year and the words around it:
    "el 15 de junio de 2008", "el jueves pasado"."""
    start, end = at, at + 1
    if lower[start] in cal.months and start >= 2 and lower[start - 1] == "de" \
            and doc[start - 2].like_num:
        start -= 2
    if end + 1 < len(doc) and lower[end] in {"de", "del"} and _YEAR.fullmatch(lower[end + 1]):
        end += 2
    if end < len(doc) and lower[end] in DATE_TRAIL[language]:
        end += 1
    return Span(doc, start, end, label="DATE")


def _numbers(doc: Doc, language: str) -> list[Span]:
    scales, collective = _SCALES[language], _COLLECTIVE[language]
    money = calendar(language).currencies
    spans: list[Span] = []
    i = 0
    while i < len(doc):
        if re.fullmatch(r"\d+(?:[.,]\d+)?%", doc[i].text):  # "15%" is one token
            spans.append(Span(doc, i, i + 1, label="PERCENT"))
            i += 1
            continue
        if not _is_number(doc[i], language) or _YEAR.fullmatch(doc[i].text):
            i += 1
            continue
        start = i
        i += 1
        while i < len(doc) and (_is_number(doc[i], language) or doc[i].lower_ in scales
                                or (doc[i].lower_ == "y" and i + 1 < len(doc)
                                    and number_word(doc[i + 1].text, language) is not None
                                    and number_word(doc[i - 1].text, language) is not None)):
            i += 1
        if doc[start].lower_ in collective and start and doc[start - 1].lower_ in {"un", "una"}:
            start -= 1  # "una docena"
        label = "CARDINAL"
        if i < len(doc) and doc[i].text == "%":
            label, i = "PERCENT", i + 1
        elif tuple(t.lower_ for t in doc[i : i + 2]) == _PERCENT[language]:
            label, i = "PERCENT", i + 2
        elif start and doc[start - 1].lower_ in money:
            label, start = "MONEY", start - 1
        elif i < len(doc) and doc[i].lower_ in money:
            label, i = "MONEY", i + 1
        elif i + 1 < len(doc) and doc[i].lower_ == "de" and doc[i + 1].lower_ in money:
            label, i = "MONEY", i + 2  # "9.900 millones de yuanes"
        spans.append(Span(doc, start, i, label=label))
    return spans


def _is_number(tok, language: str) -> bool:
    if tok.is_digit or re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", tok.text):
        return True
    return tok.is_alpha and tok.lower_ not in {"un", "una", "uno"} \
        and number_word(tok.text, language) is not None
