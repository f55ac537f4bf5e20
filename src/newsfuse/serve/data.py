"""What the API and the pages read: stories, facts, articles and actors, from one store."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Annotated

import numpy as np
from fastapi import Depends, HTTPException, Request

from .. import export
from ..store import SearchHit, Store


class Data:
    def __init__(self, store: Store):
        self.store = store
        self._vectors: tuple[list[str], np.ndarray] | None = None

    def reset(self) -> None:
        """Forget cached embeddings after an ingest."""
        self._vectors = None

    def stories(self) -> list[dict]:
        return list(export.records(self.store, "stories"))

    def story(self, story_id: str) -> dict | None:
        row = self.store.story(story_id)
        if row is None:
            return None
        articles = self.store.articles(story_id=story_id)
        facts = self.store.facts(story_id)
        rec = export.story_record(row, articles, Counter(f.label for f in facts))
        rec["facts"] = [export.fact_record(f) for f in facts]
        rec["articles"] = [{k: export.article_record(a)[k] for k in
                            ("id", "title", "outlet", "published", "language", "url", "duplicate_of",
                             "duplicate_kind")} for a in articles]
        return rec

    def actor(self, actor_id: str) -> dict | None:
        """An actor with its quotes and events across every story that mentions it."""
        actors = self.store.actors([actor_id])
        if actor_id not in actors:
            return None
        a = actors[actor_id]
        quotes, events, stories = [], [], defaultdict(int)
        # Each story keeps the actors its articles mention: read only those stories' articles.
        mentioned = [st.id for st in self.store.stories() if actor_id in (st.actors or {})]
        rows = [r for sid in mentioned for r in self.store.articles(story_id=sid)]
        for row in rows:
            ex = row.extraction or {}
            if not any(x.get("id") == actor_id for x in ex.get("actors", [])):
                continue
            stories[row.story_id] += 1
            for q in ex.get("quotes", []):
                if q.get("speaker_actor") == actor_id:
                    quotes.append({"article_id": row.id, "story_id": row.story_id, **q})
            for e in ex.get("events", []):
                if actor_id in (e["source"].get("actor"), e["target"].get("actor")):
                    events.append({"article_id": row.id, "story_id": row.story_id, **e})
        return {"id": a.id, "name": a.name, "kind": a.kind, "code": a.code, "country": a.country,
                "role": a.role, "sector": a.sector, "stories": dict(stories), "quotes": quotes,
                "events": events}

    def semantic(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles nearest in meaning to the query (MiniLM embeddings, cosine)."""
        from ..nlp import embed

        if self._vectors is None:
            ids, vecs = [], []
            for row in self.store.iter_articles():
                ids.append(row.id)
                vecs.append(np.frombuffer(row.embedding, dtype=np.float32))
            self._vectors = (ids, np.vstack(vecs) if vecs else np.zeros((0, 384), np.float32))
        ids, mat = self._vectors
        if not ids:
            return []
        scores = mat @ embed([query])[0]
        best = np.argsort(-scores)[:limit]
        rows = {r.id: r for r in self.store.articles(ids=[ids[i] for i in best])}
        return [SearchHit(ids[i], rows[ids[i]].title, rows[ids[i]].text[:240], float(scores[i]))
                for i in best if ids[i] in rows]


def found(value, what: str):
    """The value, or a 404 naming what was not found."""
    if value is None or value == []:
        raise HTTPException(404, f"no {what}")
    return value


def data(request: Request) -> Data:
    return request.app.state.data


DataDep = Annotated[Data, Depends(data)]
