"""The JSON API: stories with their fused facts, articles, actors, search, and ingest."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field

from .. import export
from .data import DataDep, found

router = APIRouter(prefix="/api")


class ArticleIn(BaseModel):
    """One article to ingest, in the JSONL fields of the batch interface (README)."""

    text: str | None = Field(None, max_length=1_000_000)
    html: str | None = Field(None, max_length=5_000_000)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    id: str | None = None


@router.get("/stories")
def stories(d: DataDep) -> list[dict]:
    return d.stories()


@router.get("/stories/{story_id}")
def story(story_id: str, d: DataDep) -> dict:
    rec = found(d.story(story_id), f"story {story_id}")
    return rec


@router.get("/version")
def version(d: DataDep) -> dict:
    """A stamp of the whole store that changes when stories or facts do (pages poll it)."""
    return {"version": d.store.version()}


@router.get("/stories/{story_id}/version")
def story_version(story_id: str, d: DataDep) -> dict:
    """A stamp of one story that changes when its articles or facts do."""
    found(d.store.story(story_id), f"story {story_id}")
    return {"version": d.store.version(story_id)}


@router.get("/articles/{article_id}")
def article(article_id: str, d: DataDep) -> dict:
    rows = found(d.store.articles(ids=[article_id]), f"article {article_id}")
    return export.article_record(rows[0])


@router.get("/actors/{actor_id:path}")
def actor(actor_id: str, d: DataDep) -> dict:
    rec = found(d.actor(actor_id), f"actor {actor_id}")
    return rec


@router.get("/search")
def search(d: DataDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           mode: Annotated[str, Query(pattern="^(text|semantic)$")] = "text",
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict]:
    hits = d.store.search(q, limit) if mode == "text" else d.semantic(q, limit)
    return [{"article_id": h.article_id, "title": h.title, "snippet": h.snippet.replace("\x02", "")
             .replace("\x03", ""), "score": h.score} for h in hits]


@router.post("/articles", status_code=201)
def ingest(items: list[ArticleIn], request: Request, d: DataDep,
           authorization: Annotated[str | None, Header()] = None) -> dict:
    """Ingest articles through the whole pipeline. Needs ``Authorization: Bearer <token>``, the
    token the server was started with (``NEWSFUSE_TOKEN``); without one, writing is off."""
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "ingest over the API is off: start the server with NEWSFUSE_TOKEN set")
    if authorization != f"Bearer {token}":
        raise HTTPException(401, "a valid bearer token is required")
    import json

    from ..pipeline import Pipeline
    from ..store import StoreMismatch

    try:
        pipeline = Pipeline(d.store)
    except StoreMismatch as exc:
        raise HTTPException(409, str(exc)) from None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "api.jsonl"
        src.write_text("".join(json.dumps(i.model_dump(exclude_none=True)) + "\n" for i in items),
                       encoding="utf-8")
        report = pipeline.ingest([src])
    d.reset()
    return {"added": report.added, "already_stored": report.already_stored,
            "errors": [f"{e.origin.split(':')[-1]}: {e.message}" for e in report.errors]}
