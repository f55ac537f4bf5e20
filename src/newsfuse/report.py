"""The terminal report of one story (`newsfuse show`): what the sources agree on first, then
where they disagree, then what each outlet alone reports, every claim with its evidence.

Sources are numbered in arrival order ([1], [2], ...) so a reader can follow a fact back to the
article, and each piece of evidence carries its character offsets into that article's stored
text: the same offsets `export facts` writes and the web page highlights.
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from .store import ArticleRow, FactRow, Store

LABEL_STYLE = {"corroborated": "green", "conflicting": "red", "single_source": "yellow"}
HEADINGS = {"conflicting": "Conflicting", "corroborated": "Corroborated",
            "single_source": "Single source"}
EVIDENCE_CHARS = 240  # longer evidence is cut at a word boundary, the offsets still whole
CONTEXT_BELOW = 40  # evidence shorter than this is shown inside its sentence
PER_ARTICLE = 2  # evidence spans shown per article and fact; the rest are counted


def _clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _quantity(x: dict) -> str:
    """A figure as read, with what it counts unless the figure already says it ("up to 400
    million dollars", not "... dollars dollars")."""
    unit = x.get("unit") or ""
    said = x["text"].lower().split()
    return x["text"] if not unit or all(w in said for w in unit.lower().split()) else f"{x['text']} {unit}"


def claim_line(claim: dict | None) -> str:
    """One source's reading of the claim, to set beside the other sources' readings."""
    if not claim:
        return ""
    parts = [f"{role} {p['name']}" for role, p in claim.get("participants", {}).items()
             if p and p.get("name")]
    q = claim.get("qualifiers", {})
    parts += [f"time {t}" for t in q.get("time", [])[:2]]
    if q.get("place"):
        parts.append(f"place {q['place']}")
    parts += [_quantity(x) for x in q.get("quantities", [])[:3]]
    if claim.get("attribution"):
        parts.append(f"per {claim['attribution']['name']}")
    return " · ".join(parts)


class StoryReport:
    def __init__(self, store: Store, story_id: str):
        self.story = store.story(story_id)
        self.articles: list[ArticleRow] = store.articles(story_id=story_id)
        self.facts: list[FactRow] = store.facts(story_id)
        self.number = {a.id: i + 1 for i, a in enumerate(self.articles)}
        self.by_id = {a.id: a for a in self.articles}

    def tag(self, article_id: str) -> str:
        a = self.by_id.get(article_id)
        outlet = (a.outlet if a else None) or "unknown outlet"
        return f"[{self.number.get(article_id, '?')}] {outlet}"

    def header(self) -> Panel:
        lines = []
        for a in self.articles:
            date = a.published.date().isoformat() if a.published else "undated"
            copy = f" · {a.duplicate_kind} of [{self.number.get(a.duplicate_of, '?')}]" \
                if a.duplicate_of else ""
            lines.append(f"[bold]{escape(self.tag(a.id))}[/] {escape(_clip(a.title or a.text, 90))}"
                         f"  [dim]{date} · {a.language or 'language unknown'} · {a.id}{copy}[/]")
        counts = defaultdict(int)
        for f in self.facts:
            counts[f.label] += 1
        summary = " · ".join(f"[{LABEL_STYLE[k]}]{counts[k]} {HEADINGS[k].lower()}[/]"
                             for k in HEADINGS)
        title = escape((self.story.title if self.story else None) or "")
        return Panel("\n".join(lines + ["", summary]),
                     title=f"[bold]{title}[/]", subtitle=f"story {self.story.id if self.story else ''}")

    def in_context(self, article_id: str, start: int, end: int) -> Text:
        """The evidence quoted; a short span (a number, a name) inside its sentence, in bold."""
        a = self.by_id.get(article_id)
        if a is None or end - start >= CONTEXT_BELOW:
            return Text(f"“{_clip(a.text[start:end] if a else '')}”")
        units = (a.extraction or {}).get("units", [])
        s, e = next(((us, ue) for us, ue in units if us <= start and end <= ue),
                     (a.text.rfind("\n", 0, start) + 1, a.text.find("\n", end) % (len(a.text) + 1)))
        room = max(0, EVIDENCE_CHARS - (end - start)) // 2
        if start - s > room:
            s = a.text.find(" ", start - room, start) + 1 or start
        if e - end > room:
            e = a.text.rfind(" ", end, end + room) if " " in a.text[end:end + room] else end
        out = Text("“…" if s > 0 and not a.text[s - 1].isspace() and a.text[s - 1] not in ".\"“" else "“")
        out.append(" ".join(a.text[s:start].split()) + (" " if a.text[start - 1:start].isspace() else ""))
        out.append(a.text[start:end], style="bold underline")
        out.append((" " if a.text[end:end + 1].isspace() else "") + " ".join(a.text[end:e].split()))
        out.append("”")
        return out

    def evidence(self, f: FactRow) -> list[Text]:
        """Evidence grouped by article: a few spans each, with the rest counted."""
        by_article: dict[str, list[dict]] = defaultdict(list)
        for s in f.sources:
            by_article[s["article_id"]].append(s)
        out = []
        for aid, spans in sorted(by_article.items(), key=lambda kv: self.number.get(kv[0], 0)):
            for s in spans[:PER_ARTICLE]:
                line = Text("    ")
                line.append(f"{self.tag(aid)} @{s['start']}-{s['end']} ", style="dim")
                line.append_text(self.in_context(aid, s["start"], s["end"]))
                out.append(line)
                fields = claim_line(s.get("claim"))
                if fields:
                    out.append(Text(f"        {fields}", style="dim"))
            if len(spans) > PER_ARTICLE:
                out.append(Text(f"    {self.tag(aid)} and {len(spans) - PER_ARTICLE} more "
                                "sentences", style="dim"))
        return out

    def fact(self, f: FactRow) -> Group:
        style = LABEL_STYLE[f.label]
        head = Text()
        head.append("● ", style=style)
        meta = [f.kind]
        if f.factuality and f.factuality != "asserted":
            meta.append(f.factuality.upper())  # doubt stays visible: never read as happened
        if f.label != "single_source":
            meta.append(f"{f.outlets} outlet{'s' if f.outlets != 1 else ''}")
            meta.append(f"{f.articles} article{'s' if f.articles != 1 else ''}")
        meta += [flag.replace("_", " ") for flag in f.flags or []]
        head.append(f"{' · '.join(meta)}  ", style="dim")
        head.append(_clip(f.summary, 300))
        rows = [head]
        if f.conflict:
            for v in f.conflict["values"]:
                line = Text("    ")
                line.append(f"{f.conflict['field']}: ", style="red")
                line.append(str(v["value"]), style="bold")
                line.append("  ← " + ", ".join(self.tag(a) for a in v["article_ids"]), style="dim")
                rows.append(line)
        return Group(*rows, *self.evidence(f))

    def print(self, console: Console) -> None:
        console.print(self.header())
        groups: dict[str, list[FactRow]] = defaultdict(list)
        for f in self.facts:
            groups[f.label].append(f)
        for label in ("conflicting", "corroborated"):
            if groups[label]:
                console.rule(f"[{LABEL_STYLE[label]}]{HEADINGS[label]} ({len(groups[label])})")
                for f in groups[label]:
                    console.print(self.fact(f))
        if groups["single_source"]:
            console.rule(f"[yellow]Single source ({len(groups['single_source'])})")
            by_article: dict[str, list[FactRow]] = defaultdict(list)
            for f in groups["single_source"]:
                by_article[f.sources[0]["article_id"]].append(f)
            for aid in sorted(by_article, key=lambda a: self.number.get(a, 0)):
                console.print(Text(f"\n{self.tag(aid)} alone reports:", style="bold yellow"))
                for f in by_article[aid]:
                    console.print(self.fact(f))
