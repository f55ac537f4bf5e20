"""Exports of articles, stories and facts as JSONL, JSON, CSV or Parquet (fields: README, "The batch interface").

CSV and Parquet are flat tables: nested fields (actors, quotes, sources, ...) are written as JSON
strings in their column, so every format carries the same information.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .store import ArticleRow, FactRow, Store, StoryRow

FORMATS = ("jsonl", "json", "csv", "parquet")
WHAT = ("articles", "stories", "facts")


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def article_record(row: ArticleRow) -> dict:
    ex = row.extraction or {}
    return {
        "id": row.id, "source_id": row.source_id, "story_id": row.story_id,
        "duplicate_of": row.duplicate_of, "duplicate_kind": row.duplicate_kind,
        "url": row.url, "title": row.title,
        "outlet": row.outlet, "byline": row.byline, "published": _iso(row.published),
        "language": row.language, "text": row.text, "origin": row.origin,
        "actors": [{k: a.get(k) for k in ("id", "name", "kind", "code", "country", "role",
                                             "sector", "category", "channel", "mentions")}
                   for a in ex.get("actors", [])],
        "quotes": ex.get("quotes", []), "figures": ex.get("figures", []),
        "dates": ex.get("dates", []), "events": ex.get("events", []), "meta": row.meta or {},
    }


def fact_record(row: FactRow) -> dict:
    rec = {"story_id": row.story_id, "fact_id": row.id, "label": row.label, "kind": row.kind,
           "summary": row.summary, "factuality": row.factuality, "claim": row.claim,
           "outlets": row.outlets, "articles": row.articles, "flags": row.flags or [],
           "sources": row.sources}
    if row.conflict:
        rec["conflict"] = row.conflict
    return rec


def story_record(row: StoryRow, articles: list[ArticleRow], labels: Counter) -> dict:
    """``labels``: how many of the story's facts carry each label."""
    return {
        "story_id": row.id, "title": row.title or _lead(articles),
        "article_ids": [a.id for a in articles], "first_seen": _iso(row.first_seen),
        "last_seen": _iso(row.last_seen),
        "outlets": sorted({a.outlet for a in articles if a.outlet}),
        "corroborated": labels["corroborated"], "single_source": labels["single_source"],
        "conflicting": labels["conflicting"],
    }


def _lead(articles: list[ArticleRow]) -> str | None:
    for a in articles:
        first = a.text.strip().split("\n", 1)[0]
        return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
    return None


def records(store: Store, what: str) -> Iterator[dict]:
    if what == "articles":
        for row in store.iter_articles():
            yield article_record(row)
    elif what == "facts":
        for row in store.facts():
            yield fact_record(row)
    elif what == "stories":
        by_story: dict[str, list[ArticleRow]] = {}
        for row in store.iter_articles():
            by_story.setdefault(row.story_id, []).append(row)
        labels = store.fact_labels()  # counted by the database: a listing reads no fact
        for s in store.stories():
            yield story_record(s, by_story.get(s.id, []), labels.get(s.id, Counter()))
    else:
        raise ValueError(f"unknown export {what!r}; expected one of {', '.join(WHAT)}")


def _flat(rec: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            for k, v in rec.items()}


def write(store: Store, what: str, fmt: str, out: Path) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for rec in records(store, what):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        return n
    rows = list(records(store, what))
    if fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "csv":
        flat = [_flat(r) for r in rows]
        cols = list(dict.fromkeys(k for r in flat for k in r))
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            w.writerows(flat)
    else:
        flat = [_flat(r) for r in rows]
        cols = list(dict.fromkeys(k for r in flat for k in r))
        table = pa.table({c: [r.get(c) for r in flat] for c in cols}) if flat else pa.table({})
        pq.write_table(table, out)
    return len(rows)
