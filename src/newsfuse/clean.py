"""From a reader's raw text to the stored text: title split off, boilerplate lines dropped.

Cleaning runs once, before any offset exists, so the stored text is the only coordinate system
facts ever use. It works on whole lines because captions, credits and footers come as lines in
both plain-text dumps and trafilatura output; a sentence inside a paragraph is never cut.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlparse

from . import language
from .ingest.errors import InputError
from .ingest.limits import MAX_ARTICLE_CHARS
from .models import Article, RawArticle

_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.I)
_RIGHTS = re.compile(r"\ball rights reserved\b|\bdo not (?:reproduce|redistribute)\b", re.I)
_FOOTER_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<name>[^\d\W][\w&'’ .-]*?)\s*(?:[.,|;]|\ball rights\b|$)",
    re.I,
)
_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?s?\s*(?:by|:|credit)|image\s*(?:by|:|credit)|credit\s*:|pictured\s*:|"
    r"getty\s*images?|via\s+getty|afp\s+via|/\s*(?:afp|reuters|ap|epa|anadolu)\b|"
    r"\(ap photo|shutterstock|file photo)",
    re.I,
)
_CHROME = re.compile(
    r"^\s*(?:advertisement|related:|read more\b|sign up\b|subscribe\b|follow us\b|"
    r"click here\b|share this\b|recommended\b|listen to this article)",
    re.I,
)

def normalise_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", text))


def article_id(text: str) -> str:
    """Stable id: the same content always gets the same id, whatever file it came from."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:16]


def outlet_from_footer(line: str) -> str | None:
    m = _FOOTER_OUTLET.search(line)
    if not m:
        return None
    name = m.group("name").strip(" .-")
    if not name or name.lower() in {"all rights reserved", "the author", "the authors"}:
        return None
    return name


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|edition|news)\.", "", host)
    return host or None


def is_boilerplate(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if _COPYRIGHT.search(s) or _RIGHTS.search(s) or _CHROME.search(s):
        return True
    # A credit inside a long paragraph is a sentence about a photo agency, not a caption.
    return bool(_CREDIT.search(s)) and len(s.split()) <= 40


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 25 and not re.search(r"[.!…:;,]\s*$", line.strip())


def clean(raw: RawArticle) -> Article:
    text = unicodedata.normalize("NFC", raw.text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [ln.rstrip() for ln in text.split("\n")]
    title = (raw.title or "").strip() or None
    outlet = raw.outlet
    meta = dict(raw.meta)

    # Title: the metadata title when the body repeats it, else (plain text) a short first line.
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None:
        head = lines[first].strip()
        if title and normalise_for_hash(head) == normalise_for_hash(title):
            lines[first] = ""
        elif not title and raw.title_in_text and _looks_like_title(head) and len(lines) > first + 1:
            title = head
            lines[first] = ""

    body: list[str] = []
    for ln in lines:
        if is_boilerplate(ln):
            if not outlet and (outlet := outlet_from_footer(ln)):
                # A copyright line names the rights holder, which for syndicated text is often
                # not the newsroom that wrote it: fusion does not count sources by it.
                meta["outlet_from"] = "footer"
            continue
        # A caption often repeats the title before its credit; the bare repeat is boilerplate too.
        if title and ln.strip() and normalise_for_hash(ln) == normalise_for_hash(title):
            continue
        body.append(ln)
    stored = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()

    if not stored:
        raise InputError(raw.origin, "empty article (no text after removing boilerplate)")
    if len(stored) > MAX_ARTICLE_CHARS:
        raise InputError(
            raw.origin, f"article text is {len(stored):,} characters, over the "
            f"{MAX_ARTICLE_CHARS:,} limit (NEWSFUSE_MAX_ARTICLE_CHARS)"
        )
    if len(re.findall(r"\w+", stored)) < 3:
        raise InputError(raw.origin, "empty article (fewer than three words)")
    return Article(
        id=article_id(stored),
        text=stored,
        origin=raw.origin,
        title=title,
        url=raw.url,
        outlet=outlet or outlet_from_url(raw.url),
        byline=raw.byline,
        published=raw.published,
        language=language.tag(raw.language) or language.detect(stored),
        source_id=raw.source_id,
        meta=meta,
    )
