"""Plain-text articles: the whole file is one article; ``clean`` finds title and boilerplate."""

from __future__ import annotations

from pathlib import Path

from ..models import RawArticle
from .decode import decode_utf8, read_bytes


def read_text(path: Path) -> list[RawArticle]:
    text = decode_utf8(read_bytes(path), str(path))
    return [RawArticle(text=text, origin=str(path), title_in_text=True)]
