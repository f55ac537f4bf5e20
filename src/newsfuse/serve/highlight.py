"""Article text as HTML with evidence spans highlighted: escaped first, then marked.

Offsets are character offsets into the stored text, so the text is cut at span boundaries and
each piece escaped on its own; nothing from an article ever reaches the page unescaped.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """``text`` with each (start, end, css class) span in a <mark>; overlapping spans merge."""
    spans = sorted((max(0, s), min(len(text), e), cls) for s, e, cls in spans if e > s)
    out, pos = [], 0
    for start, end, cls in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(cls)}" id="ev-{start}-{end}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out).replace("\n", "<br>\n"))


def snippet(marked: str) -> Markup:
    """A search snippet whose matches the store wrapped in \\x02 … \\x03."""
    return Markup(escape(marked).replace("\x02", "<mark>").replace("\x03", "</mark>"))
