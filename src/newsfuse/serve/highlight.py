"""Article text as HTML with evidence spans highlighted: escaped first, then marked.

Offsets are character offsets into the stored text, so the text is cut at span boundaries and
each piece escaped on its own; nothing from an article ever reaches the page unescaped.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def highlighted(text: str, spans: list[tuple[int, int, str]], offset: int = 0) -> Markup:
    """``text`` with each (start, end, css class) span in a <mark>; overlapping spans merge.
    ``offset`` is where ``text`` starts in the stored article, so each mark's id names the
    span's offsets in the article ("ev-120-164"), whatever piece of it is shown."""
    spans = sorted((max(0, s), min(len(text), e), cls) for s, e, cls in spans if e > s)
    out, pos = [], 0
    for start, end, cls in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(cls)}" id="ev-{start + offset}-{end + offset}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out).replace("\n", "<br>\n"))


def excerpt(text: str, spans: list[tuple[int, int, str]], context: int = 1) -> Markup:
    """The paragraphs holding the spans, with ``context`` paragraphs either side, highlighted;
    gaps shown as "…". A story page cites the same articles in many facts: whole texts in
    every fact would grow the page with the square of the story."""
    bounds, pos = [], 0
    for para in text.split("\n"):
        bounds.append((pos, pos + len(para)))
        pos += len(para) + 1
    hit = {i for i, (a, b) in enumerate(bounds) for s, e, _ in spans if s < b + 1 and e > a}
    keep = sorted({j for i in hit for j in range(i - context, i + context + 1) if 0 <= j < len(bounds)})
    out, last = [], -1
    for i in keep:
        if last >= 0 and i != last + 1 or last < 0 and i > 0:
            out.append(Markup('<span class="gap">…</span><br>\n'))
        a, b = bounds[i]
        local = [(max(s, a) - a, min(e, b) - a, cls) for s, e, cls in spans if s < b and e > a]
        out.append(highlighted(text[a:b], local, offset=a) + Markup("<br>\n"))
        last = i
    if keep and keep[-1] < len(bounds) - 1:
        out.append(Markup('<span class="gap">…</span>'))
    return Markup("").join(out)


def snippet(marked: str) -> Markup:
    """A search snippet whose matches the store wrapped in \\x02 … \\x03."""
    return Markup(escape(marked).replace("\x02", "<mark>").replace("\x03", "</mark>"))
