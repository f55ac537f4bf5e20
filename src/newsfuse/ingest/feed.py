"""RSS and Atom feeds through feedparser: one article per entry, full content over summary."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html

from ..models import RawArticle
from .decode import read_bytes
from .errors import InputError


def _entry_time(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=UTC)
    return None


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br"}


def _fragment_text(html: str) -> str:
    """Feed content is an HTML fragment, not a page: keep every paragraph, one per line.

    A full-page extractor's main-content heuristics would discard a short entry whole.
    """
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(ln.split()) for ln in root.text_content().split("\n"))
    return "\n".join(ln for ln in lines if ln)


def entry_article(entry, origin: str, outlet: str | None, language: str | None) -> RawArticle:
    """One feed entry as an article: its full content, else its summary."""
    body = ""
    if entry.get("content"):
        body = _fragment_text(entry["content"][0].get("value", ""))
    if not body:
        body = _fragment_text(entry.get("summary", ""))
    if not body:
        raise InputError(origin, "feed entry has neither content nor summary")
    return RawArticle(
        text=body,
        origin=origin,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        outlet=outlet,
        byline=entry.get("author") or None,
        published=_entry_time(entry),
        language=language,
        source_id=entry.get("id") or None,
        title_in_text=False,
    )


def read_feed(path: Path) -> list[RawArticle | InputError]:
    data = read_bytes(path)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(str(path), f"no feed entries found{f' ({why})' if why else ''}")
    outlet = parsed.feed.get("title") or None
    language = parsed.feed.get("language") or None
    out: list[RawArticle | InputError] = []
    for i, entry in enumerate(parsed.entries, 1):
        try:
            out.append(entry_article(entry, f"{path}#entry{i}", outlet, language))
        except InputError as exc:
            out.append(exc)
    return out
