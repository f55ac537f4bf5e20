"""HTML pages through trafilatura: main text without navigation, plus title, date, author, site."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from ..models import RawArticle
from .dates import parse_published
from .decode import read_bytes
from .errors import InputError


def html_to_raw(html: str | bytes, origin: str, url: str | None = None) -> RawArticle:
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises many lxml error types on broken markup
        raise InputError(origin, f"cannot parse HTML ({type(exc).__name__}: {exc})") from None
    if doc is None or not (doc.text or "").strip():
        raise InputError(origin, "no article text found in HTML")
    return RawArticle(
        text=doc.text,
        origin=origin,
        title=(doc.title or None),
        url=doc.url or url,
        outlet=doc.sitename or None,
        byline=doc.author or None,
        published=parse_published(doc.date),
        language=doc.language or None,
        meta={"hostname": doc.hostname} if doc.hostname else {},
        title_in_text=True,
    )


def read_html(path: Path) -> list[RawArticle]:
    return [html_to_raw(read_bytes(path), str(path))]
