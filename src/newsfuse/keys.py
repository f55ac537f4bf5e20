"""Matching keys for names: one folding rule for the gazetteer, actor ids and the store.

It lives apart from ``extract`` so that the store and the CLI can key a name without importing
the NLP stack.
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Accent- and case-folded form used as a matching key ("Nicolás" == "nicolas")."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
