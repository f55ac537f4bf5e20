"""Readers: turn files and folders into ``RawArticle`` records or one ``InputError`` each.

Dispatch is by suffix; folders recurse in sorted order so a batch is reproducible. A sidecar
``<stem>.json`` beside a .txt or .html file supplies metadata (outlet, published, url, ...).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..models import RawArticle
from .dates import parse_published
from .decode import text_field
from .errors import InputError
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .parquet import read_parquet
from .text import read_text

READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
    ".jsonl": read_jsonl,
    ".parquet": read_parquet,
}

__all__ = ["InputError", "READERS", "iter_files", "read_path", "read_all"]


def kind_of(path: Path) -> str:
    """The suffix that picks the reader: "a.jsonl.gz" is read as JSONL through gzip."""
    suffixes = [s.lower() for s in path.suffixes]
    return suffixes[-2] if len(suffixes) > 1 and suffixes[-1] == ".gz" else path.suffix.lower()


def iter_files(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and kind_of(f) in READERS and not f.name.startswith("."):
                    yield f
        elif p.is_file():
            if kind_of(p) in READERS:
                yield p
            else:
                yield InputError(str(p), f"unsupported file type {p.suffix or '(none)'!r}; "
                                 f"expected one of {' '.join(sorted(READERS))}, optionally .gz")
        else:
            yield InputError(str(p), "no such file or folder")


def _apply_sidecar(path: Path, raws: list[RawArticle]) -> None:
    side = path.with_suffix(".json")
    if path.suffix.lower() not in {".txt", ".text", ".html", ".htm"} or not side.is_file():
        return
    try:
        meta = json.loads(side.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(side), f"unreadable metadata sidecar ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(str(side), "metadata sidecar must be a JSON object")
    for raw in raws:
        raw.title = text_field(meta, "title", str(side)) or raw.title
        raw.url = text_field(meta, "url", str(side)) or raw.url
        raw.outlet = text_field(meta, "outlet", str(side)) or raw.outlet
        raw.byline = text_field(meta, "byline", str(side)) or raw.byline
        raw.language = text_field(meta, "language", str(side)) or raw.language
        raw.source_id = str(meta["id"]) if meta.get("id") is not None else raw.source_id
        if meta.get("published"):
            raw.published = parse_published(meta["published"]) or raw.published


def read_path(path: Path) -> Iterator[RawArticle | InputError]:
    """Every article in one file, or errors; never raises for a bad input."""
    reader = READERS[kind_of(path)]
    try:
        result = reader(path)
        if isinstance(result, list):
            _apply_sidecar(path, [r for r in result if isinstance(r, RawArticle)])
        yield from result
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(str(path), f"cannot read file ({exc.strerror or exc})")
    except Exception as exc:  # a reader bug must not lose the batch; report it as this input's error
        yield InputError(str(path), f"reader failed ({type(exc).__name__}: {exc})")


def read_all(paths: Iterable[Path]) -> Iterator[RawArticle | InputError]:
    for f in iter_files(paths):
        if isinstance(f, InputError):
            yield f
        else:
            yield from read_path(f)
