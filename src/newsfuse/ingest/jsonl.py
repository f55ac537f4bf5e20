"""JSONL dumps: one article per line (fields: README, "The batch interface"); a bad line fails alone.

A large plain file is read in parts (``shards.py``): ``read_jsonl`` then starts at a line's first
byte and stops at the first line starting at or past ``stop``, numbering lines from ``line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..models import RawArticle
from .dates import parse_published
from .decode import GZIP_ERRORS, open_input, text_field
from .errors import InputError
from .html import html_to_raw
from .limits import MAX_DECOMPRESSED_BYTES, MAX_LINE_BYTES

KNOWN = {"id", "text", "html", "url", "title", "outlet", "published", "language", "byline", "author"}


def record_to_raw(obj: object, origin: str) -> RawArticle:
    """One article record (a JSONL line, a Parquet row) as read, checked field by field."""
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
    url = text_field(obj, "url", origin)
    if isinstance(text, str) and text.strip():
        raw = RawArticle(text=text, origin=origin, title_in_text=False)
    else:
        raw = html_to_raw(html, origin, url=url)
    raw.url = url or raw.url
    raw.title = text_field(obj, "title", origin) or raw.title
    raw.outlet = text_field(obj, "outlet", origin) or raw.outlet
    raw.byline = text_field(obj, "byline", origin) or text_field(obj, "author", origin) or raw.byline
    raw.published = published or raw.published
    raw.language = text_field(obj, "language", origin) or raw.language
    raw.source_id = str(obj["id"]) if obj.get("id") is not None else None
    raw.meta = {k: v for k, v in obj.items() if k not in KNOWN}
    return raw


def _lines(fh) -> Iterator[tuple[bytes, int]]:
    """(line, size) pairs, each line read with a bounded buffer: an overlong line comes back
    cut at the limit, with its full size, and is never held in memory whole."""
    while line := fh.readline(MAX_LINE_BYTES + 1):
        size = len(line)
        if size > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and (size := size + len(rest)) and not rest.endswith(b"\n"):
                pass
        yield line, size


def read_jsonl(path: Path, start: int = 0, stop: int | None = None,
               line: int = 1) -> Iterator[RawArticle | InputError]:
    """Stream the file: a dump may be far larger than memory, so no whole-file limit applies."""
    with open_input(path) as fh:
        if start:
            fh.seek(start)
        try:
            yield from _read_lines(path, fh, start, stop, line)
        except GZIP_ERRORS as exc:
            yield InputError(str(path), f"compressed stream is corrupt ({exc}); the lines before it were read")


def _read_lines(path: Path, fh, start: int, stop: int | None,
                first: int) -> Iterator[RawArticle | InputError]:
    total = 0
    for n, (line, size) in enumerate(_lines(fh), first):
        if stop is not None and start + total >= stop:
            return
        origin = f"{path}:{n}"
        total += size
        if total > MAX_DECOMPRESSED_BYTES:
            yield InputError(origin, f"stopped: over {MAX_DECOMPRESSED_BYTES / 1e9:.0f} GB read "
                             "from one file (NEWSFUSE_MAX_DECOMPRESSED_BYTES)")
            return
        if size > MAX_LINE_BYTES:
            yield InputError(origin, f"line is {size / 1e6:.1f} MB, over the "
                             f"{MAX_LINE_BYTES / 1e6:.0f} MB line limit")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            yield InputError(origin, f"not valid UTF-8 (offset {exc.start} in the line)")
            continue
        except (json.JSONDecodeError, RecursionError) as exc:
            where = f" ({exc.msg} at column {exc.colno})" if isinstance(exc, json.JSONDecodeError) \
                else " (nested too deeply)"
            yield InputError(origin, f"malformed JSON{where}")
            continue
        try:
            yield record_to_raw(obj, origin)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - a bug in one line's reading loses only that line
            yield InputError(origin, f"reader failed ({type(exc).__name__}: {exc})")
