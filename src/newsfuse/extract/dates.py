"""Date expressions resolved against the publication date ("on Sunday", "last week", "in May").

News prose reports the past: a bare weekday or month means the most recent one up to the
publication date. Without a publication date only absolute dates get a value; the rest keep
their text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as dateparser
from spacy.tokens import Doc

from ..models import DateRecord

_FREQUENCY = re.compile(r"(?:bi-?)?(?:daily|weekly|monthly|yearly|annual|annually|nightly|"
                        r"hourly|quarterly)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]


def resolve(text: str, published: date | None) -> tuple[str | None, str | None]:
    """(ISO date, granularity) of a date expression, or (None, None)."""
    t = text.lower().strip()
    names = "|".join(_WEEKDAYS + _MONTHS)
    t = re.sub(r"^(?:on|in|since|by|until|from|during|last|this|next|early|late|earlier|later)\s+"
               rf"(?=(?:{names})\b)", "", t)
    pub = published
    if pub is not None:
        rel = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
        for word, delta in rel.items():
            if re.search(rf"\b{word}\b", t):
                return (pub + timedelta(days=delta)).isoformat(), "day"
        m = re.search(r"\b(last|this|next|past)\s+(week|month|year)\b", t)
        if m:
            which, unit = m.groups()
            return _shift(pub, unit, {"last": -1, "past": -1, "this": 0, "next": 1}[which])
        for i, day in enumerate(_WEEKDAYS):
            if re.fullmatch(rf"(?:last\s+)?{day}(?:\s+(?:night|morning|evening|afternoon))?", t):
                back = (pub.weekday() - i) % 7
                return (pub - timedelta(days=back)).isoformat(), "day"
        for i, month in enumerate(_MONTHS, 1):
            if re.fullmatch(rf"{month}", t):
                year = pub.year if i <= pub.month else pub.year - 1
                return date(year, i, 1).isoformat(), "month"
    if re.search(r"\b(1[89]|20)\d\d\b", t):
        try:
            default = datetime(1900, 1, 1)
            parsed = dateparser.parse(text, default=default, fuzzy=True)
        except (ValueError, OverflowError):
            return None, None
        has_month = any(m[:3] in t for m in _MONTHS) or re.search(r"\d{1,2}[/-]\d{1,2}", t)
        has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b\d{4}\b", "", t)))
        if has_month and has_day:
            return parsed.date().isoformat(), "day"
        if has_month:
            return date(parsed.year, parsed.month, 1).isoformat(), "month"
        return date(parsed.year, 1, 1).isoformat(), "year"
    if pub is not None:
        try:
            parsed = dateparser.parse(t, default=datetime(pub.year, pub.month, 1), fuzzy=False)
            return parsed.date().isoformat(), "day"
        except (ValueError, OverflowError):
            return None, None
    return None, None


def _shift(pub: date, unit: str, step: int) -> tuple[str, str]:
    """The day, week, month or year ``step`` units from the publication date's."""
    if unit == "day":
        return (pub + timedelta(days=step)).isoformat(), "day"
    if unit == "week":
        return (pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)).isoformat(), "week"
    if unit == "month":
        return _shift_month(pub, step).isoformat(), "month"
    return date(pub.year + step, 1, 1).isoformat(), "year"


def _resolve_cldr(text: str, pub: date | None, language: str) -> tuple[str | None, str | None]:
    """A date expression in a language other than English: CLDR's relative phrases ("ayer",
    "la semana pasada") and bare weekday and month names against the publication date, the
    rest (anything with a number) by dateparser."""
    from .rule_entities import DATE_LEAD, DATE_TRAIL, calendar

    cal = calendar(language)
    t = " ".join(text.lower().split())
    if t in cal.relative:
        return _shift(pub, *cal.relative[t]) if pub else (None, None)
    words = t.split()
    while len(words) > 1 and words[0] in DATE_LEAD[language]:
        words = words[1:]
    if len(words) > 1 and words[-1] in DATE_TRAIL[language]:
        words = words[:-1]
    if pub is not None and len(words) == 1 and words[0] in cal.weekdays:
        return (pub - timedelta(days=(pub.weekday() - cal.weekdays[words[0]]) % 7)).isoformat(), "day"
    if pub is not None and len(words) == 1 and words[0] in cal.months:
        month = cal.months[words[0]]
        return date(pub.year if month <= pub.month else pub.year - 1, month, 1).isoformat(), "month"
    if not any(w[0].isdigit() for w in words):
        return None, None
    found = _date_parser(language, pub).get_date_data(" ".join(words))
    if found.date_obj is None or (pub is None and not _YEAR.search(t)):
        return None, None
    d, period = found.date_obj.date(), found.period
    if period == "year":
        return date(d.year, 1, 1).isoformat(), "year"
    if period == "month":
        return date(d.year, d.month, 1).isoformat(), "month"
    return d.isoformat(), "day"


@lru_cache(maxsize=64)
def _date_parser(language: str, pub: date | None):
    """dateparser's parser for one language and publication day. Making one costs several
    times what a parse does, and an article's dates, like a day's articles, share both."""
    from dateparser.date import DateDataParser

    base = datetime(pub.year, pub.month, pub.day) if pub else datetime(1900, 1, 1)
    return DateDataParser(languages=[language], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True})


def _shift_month(d: date, step: int) -> date:
    y, m = d.year, d.month + step
    while m < 1:
        y, m = y - 1, m + 12
    while m > 12:
        y, m = y + 1, m - 12
    return date(y, m, 1)


def extract_dates(doc: Doc, published: datetime | None) -> list[DateRecord]:
    pub = published.date() if isinstance(published, datetime) else published
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or _FREQUENCY.fullmatch(ent.text.strip().lower()):
            continue
        if doc.lang_ == "en":
            value, gran = resolve(ent.text, pub)
        else:
            value, gran = _resolve_cldr(ent.text, pub, doc.lang_)
        out.append(DateRecord(text=ent.text, value=value, start=ent.start_char, end=ent.end_char,
                              granularity=gran))
    return out
