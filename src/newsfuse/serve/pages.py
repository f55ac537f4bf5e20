"""The web pages: server-rendered, escaped by Jinja2, with a little JavaScript and no build."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .. import export, translate
from ..report import claim_line
from .data import DataDep, found
from .highlight import excerpt, highlighted, snippet

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")  # autoescapes .html
templates.env.globals["claim_line"] = claim_line  # the same reading of a claim as `show` prints
router = APIRouter(default_response_class=HTMLResponse)


@router.get("/")
def index(request: Request, d: DataDep):
    return templates.TemplateResponse(request, "index.html", {"stories": d.stories()})


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str, d: DataDep):
    rec = found(d.story(story_id), f"story {story_id}")
    rows = {a.id: a for a in d.store.articles(story_id=story_id)}
    number = {aid: i + 1 for i, aid in enumerate(rows)}
    supports: dict[str, int] = defaultdict(int)
    groups: dict[str, list[dict]] = defaultdict(list)
    for f in rec["facts"]:
        by_article: dict[str, list[dict]] = defaultdict(list)
        for s in f["sources"]:
            by_article[s["article_id"]].append(s)
            supports[s["article_id"]] += 1
        f["by_article"] = sorted(by_article.items(), key=lambda kv: number.get(kv[0], 0))
        groups[f["label"]].append(f)

    def text_of(aid: str, spans: list[dict]):
        return excerpt(rows[aid].text, [(s["start"], s["end"], "evidence") for s in spans])

    return templates.TemplateResponse(request, "story.html", {
        "story": rec, "groups": groups, "number": number, "supports": supports,
        "outlets": {aid: a.outlet for aid, a in rows.items()},
        "texts": {aid: partial(text_of, aid) for aid in rows},
        "languages": {aid: a.language for aid, a in rows.items()},
        "glosses": _glosses(rec["facts"], rows),
        "timeline": sorted(rec["articles"], key=lambda a: (a["published"] or "9999", number[a["id"]])),
    })


def _glosses(facts: list[dict], rows: dict) -> dict[tuple[str, int, int], str]:
    """An English gloss of each evidence span in another language, where a translator is
    installed (one call per language for the page); the reader still sees the words as written,
    and the gloss below them."""
    spans: dict[str, dict[tuple[str, int, int], None]] = defaultdict(dict)  # ordered sets
    for f in facts:
        for s in f["sources"]:
            lang = rows[s["article_id"]].language
            if lang and lang != "en" and translate.available(lang):
                spans[lang][(s["article_id"], s["start"], s["end"])] = None
    out = {}
    for lang, keys in spans.items():
        texts = [rows[aid].text[a:b] for aid, a, b in keys]
        out.update(zip(keys, translate.to_english(texts, lang) or [], strict=False))
    return out


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str, d: DataDep):
    rows = found(d.store.articles(ids=[article_id]), f"article {article_id}")
    rec = export.article_record(rows[0])
    spans = ([(q["start"], q["end"], "quote") for q in rec["quotes"]]
             + [(e["start"], e["end"], "event") for e in rec["events"]]
             + [(f["start"], f["end"], "figure") for f in rec["figures"]])
    return templates.TemplateResponse(request, "article.html", {
        "article": rec, "body": highlighted(rec["text"], spans)})


@router.get("/actors/{actor_id:path}")
def actor(request: Request, actor_id: str, d: DataDep):
    rec = found(d.actor(actor_id), f"actor {actor_id}")
    return templates.TemplateResponse(request, "actor.html", {"actor": rec})


@router.get("/search")
def search(request: Request, d: DataDep, q: Annotated[str, Query(max_length=500)] = "",
           mode: Annotated[str, Query(pattern="^(text|semantic)$")] = "text"):
    hits = (d.store.search(q) if mode == "text" else d.semantic(q)) if q.strip() else []
    return templates.TemplateResponse(request, "search.html", {
        "q": q, "mode": mode, "hits": [{**h.__dict__, "snippet_html": snippet(h.snippet)}
                                       for h in hits]})
