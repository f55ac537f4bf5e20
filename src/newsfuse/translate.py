"""English glosses of other languages' text, from a translator installed on this machine.

newsfuse compares texts across articles with an English sentence encoder. A Spanish sentence is
compared through its English gloss: on MEANTIME's translations, MiniLM finds the translation of
an English sentence among its Spanish article's sentences 98% of the time through Apertium's
gloss, and 72% on the Spanish itself (``bench/crosslingual.py``; a multilingual encoder did as
well but changed every English comparison: ``docs/encoders.md``). The gloss only ever feeds
vectors and the reader's eye: offsets, quotes and facts stay in the article's own words.

Apertium is rule-based, runs offline and is a Debian package (``apertium-eng-spa``, GPL-2), so it
is optional: without it, other languages are embedded as they are written.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import cache

log = logging.getLogger(__name__)

# Apertium's translation mode from each language to English.
MODES = {"es": "spa-eng"}
TIMEOUT_S = 120


@cache
def available(language: str | None) -> bool:
    """A translator from ``language`` to English is installed."""
    mode = MODES.get(language or "")
    if mode is None or shutil.which("apertium") is None:
        return False
    try:
        listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return mode in listed.stdout.split()


def to_english(texts: list[str], language: str | None) -> list[str] | None:
    """One English gloss per text, or None when no translator for ``language`` is installed or
    it fails (the caller then uses the texts as they are). One process for the whole list: the
    texts go one per line, and Apertium keeps lines."""
    if not texts or not available(language):
        return None
    lines = [" ".join(t.split()) for t in texts]
    try:
        done = subprocess.run(["apertium", "-u", MODES[language]], input="\n".join(lines) + "\n",
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=True)
    except (OSError, subprocess.SubprocessError) as err:
        log.warning("translation from %s failed (%s); its texts are embedded as written",
                    language, err)
        return None
    out = done.stdout.split("\n")[: len(lines)]
    if len(out) != len(lines):
        log.warning("translation from %s lost lines; its texts are embedded as written", language)
        return None
    return [g or t for g, t in zip(out, lines, strict=True)]
