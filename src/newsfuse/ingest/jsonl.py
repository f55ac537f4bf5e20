"""JSONL dumps: one article per line (schema in DESIGN.md); a bad line fails alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..models import RawArticle
from .dates import parse_published
from .errors import InputError
from .html import html_to_raw
from .limits import MAX_LINE_BYTES

KNOWN = {"id", "text", "html", "url", "title", "outlet", "published", "language", "byline", "author"}


def _line_to_raw(obj: object, origin: str) -> RawArticle:
    if not isinstance(obj, dict):
        raise InputError(origin, f"expected a JSON object, got {type(obj).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(origin, "needs a non-empty 'text' or 'html' field")
    published = None
    if obj.get("published") not in (None, ""):
        published = parse_published(obj["published"])
        if published is None:
            raise InputError(origin, f"'published' is not an ISO 8601 date: {obj['published']!r:.60}")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    if isinstance(text, str) and text.strip():
        raw = RawArticle(text=text, origin=origin, title_in_text=False)
    else:
        raw = html_to_raw(html, origin, url=url)
    raw.url = url or raw.url
    raw.title = obj.get("title") or raw.title
    raw.outlet = obj.get("outlet") or raw.outlet
    raw.byline = obj.get("byline") or obj.get("author") or raw.byline
    raw.published = published or raw.published
    raw.language = obj.get("language") or raw.language
    raw.source_id = str(obj["id"]) if obj.get("id") is not None else None
    raw.meta = {k: v for k, v in obj.items() if k not in KNOWN}
    return raw


def read_jsonl(path: Path) -> Iterator[RawArticle | InputError]:
    """Stream the file: a dump may be far larger than memory, so no whole-file limit applies."""
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            origin = f"{path}:{n}"
            if len(line) > MAX_LINE_BYTES:
                yield InputError(origin, f"line is {len(line) / 1e6:.1f} MB, over the "
                                 f"{MAX_LINE_BYTES / 1e6:.0f} MB line limit")
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                yield InputError(origin, f"not valid UTF-8 (offset {exc.start} in the line)")
                continue
            except json.JSONDecodeError as exc:
                yield InputError(origin, f"malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield _line_to_raw(obj, origin)
            except InputError as exc:
                yield exc
