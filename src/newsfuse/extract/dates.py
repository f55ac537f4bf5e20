"""Date expressions resolved against the publication date ("on Sunday", "last week", "in May").

News prose reports the past: a bare weekday or month means the most recent one up to the
publication date. Without a publication date only absolute dates get a value; the rest keep
their text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as dateparser
from spacy.tokens import Doc

from ..models import DateRecord

_FREQUENCY = re.compile(r"(?:bi-?)?(?:daily|weekly|monthly|yearly|annual|annually|nightly|"
                        r"hourly|quarterly)")
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
            step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
            if unit == "week":
                monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
                return monday.isoformat(), "week"
            if unit == "month":
                return _shift_month(pub, step).isoformat(), "month"
            return date(pub.year + step, 1, 1).isoformat(), "year"
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
        value, gran = resolve(ent.text, pub)
        out.append(DateRecord(text=ent.text, value=value, start=ent.start_char, end=ent.end_char,
                              granularity=gran))
    return out
