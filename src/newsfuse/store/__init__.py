"""The store: SQLAlchemy 2 over a SQLite file (default) or PostgreSQL (by URL).

Every write that adds an article also updates its story in the same transaction, so a crash
leaves either both or neither; inserts are keyed by content hash with ON CONFLICT DO NOTHING, so
a re-run or a second concurrent writer never doubles an article.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import orjson
from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from .. import actor_ids
from ..keys import slug
from ..models import Article, Extraction, FusedFact, JSONText, json_text
from .schema import (
    ActorRow,
    ArticleRow,
    Base,
    FactRow,
    LinkRow,
    SettingRow,
    StoryRow,
    SurnameRow,
)

# What PostgreSQL full-text search reads of an article; migration 0003 indexes the same expression.
_PG_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || text)"

DEFAULT_URL = "sqlite:///newsfuse.db"
MIGRATIONS = Path(__file__).parent / "migrations"

__all__ = ["Store", "ArticleRow", "StoryRow", "ActorRow", "FactRow", "LinkRow", "Base",
           "NewArticle", "Placement", "SearchHit", "StoreMismatch", "resolve_url"]


class StoreMismatch(Exception):
    """The store was written by something this newsfuse cannot continue, such as another
    sentence encoder: its vectors and new ones would be compared as if they were alike."""


@dataclass
class Placement:
    """Where a new article goes and what its arrival changed in the story graph."""

    story_id: str
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # copy | rewrite | translation (| feed: see supersede)
    moved: dict[str, str] = field(default_factory=dict)  # earlier article -> its new story
    links: dict[str, dict[str, float]] = field(default_factory=dict)  # article -> its K links
    emptied: set[str] = field(default_factory=set)  # stories that lost every article


@dataclass
class NewArticle:
    """An article ready to store: what analyse made of it and where place put it."""

    article: Article
    extraction: Extraction
    signature: bytes  # MinHash
    vector: np.ndarray  # whole text
    lead: np.ndarray  # opening
    unit_vectors: np.ndarray
    placement: Placement
    extraction_json: JSONText | None = None  # ``extraction`` as stored, when made beforehand
    clustering: dict | None = None  # what place compared (``pipeline.Known.record``)


def _article_row(n: NewArticle, seq: int, now: datetime) -> dict:
    a, place = n.article, n.placement
    return dict(
        id=a.id, source_id=a.source_id, url=a.url, title=a.title, outlet=a.outlet,
        byline=a.byline, published=a.published, language=a.language, text=a.text,
        origin=a.origin, meta=a.meta or {}, story_id=place.story_id,
        duplicate_of=place.duplicate_of, duplicate_kind=place.duplicate_kind,
        extraction=n.extraction_json or n.extraction, minhash=n.signature,
        embedding=n.vector.astype(np.float32).tobytes(),
        lead_embedding=n.lead.astype(np.float32).tobytes(),
        unit_vectors=n.unit_vectors.astype(np.float16, copy=False).tobytes(),
        clustering=n.clustering, seq=seq, ingested_at=now)


def resolve_url(url: str | None) -> str:
    url = url or os.environ.get("NEWSFUSE_DB") or DEFAULT_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers (the web UI) run beside a writer; the busy timeout makes a second
    # concurrent `ingest` wait for the lock instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def alembic_config(connection=None, url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration's revision: each file is named for its revision ("0008_....py"),
    which ``tests/test_store.py`` holds every migration to."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


class Store:
    def __init__(self, url: str | None = None, migrate: bool = True):
        self.url = resolve_url(url)
        kwargs = {}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 60}
        self.engine: Engine = create_engine(self.url, json_serializer=json_text,
                                             json_deserializer=orjson.loads, **kwargs)
        if self.url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    def _at_head(self) -> bool:
        try:
            with self.engine.connect() as conn:
                have = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError:  # a new store: no version table yet
            return False
        return have == head_revision()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest revision. A store already there is told by one query,
        without importing Alembic (half a second of a reading command's start)."""
        if self._at_head():
            return
        from alembic import command

        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # Two processes opening a fresh database must not both create the tables.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727271)")
            command.upgrade(alembic_config(conn), "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.Session() as s, s.begin():
            yield s

    def _insert(self, table):
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- articles -----------------------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        with self.Session() as s:
            return set(s.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(ids))))

    def add_articles(self, new: list[NewArticle]) -> set[str]:
        """Store a batch of placed articles, in order, with every story change their arrivals
        caused; returns the ids stored (an id already there is skipped, with its placement). One
        transaction: a crash leaves the graph and the stories as they were, and the batch is
        redone by the next run. A batch shares its statements, which is most of the cost of a
        write: one insert of its articles, one of its links, one upsert of its actors."""
        if not new:
            return set()
        now = _now()
        with self.session() as s:
            seq = s.scalar(select(func.max(ArticleRow.seq))) or 0
            table = ArticleRow.__table__
            stmt = (self._insert(table).on_conflict_do_nothing(index_elements=["id"])
                    .returning(table.c.id))
            stored = set(s.execute(stmt, [_article_row(n, seq + i, now)
                                          for i, n in enumerate(new, 1)]).scalars())
            new = [n for n in new if n.article.id in stored]
            # Splits and merges first, in arrival order; the stories they touched are then
            # recomputed once from their members, and the other arrivals join theirs in place.
            recompute: set[str] = set()
            for n in new:
                if n.placement.moved:
                    recompute |= self._move(s, n.placement)
            joins = [n for n in new if not n.placement.moved
                     and n.placement.story_id not in recompute]
            q = select(StoryRow).where(StoryRow.id.in_({n.placement.story_id for n in joins}))
            if self.dialect == "postgresql":  # another writer waits for the batch's stories
                q = q.with_for_update()
            joined = {story.id: story for story in s.scalars(q)}
            for n in joins:  # a story not read is new
                story_id = n.placement.story_id
                joined[story_id] = self._join_story(s, joined.get(story_id), story_id, n.article,
                                                    n.vector, now)
            if recompute:
                self._recompute_stories(s, recompute, now)
            links = {a: theirs for n in new for a, theirs in n.placement.links.items()}
            if links:
                s.execute(delete(LinkRow).where(LinkRow.article_id.in_(list(links))))
            rows = [(a, b, w) for a, theirs in links.items() for b, w in theirs.items()]
            if rows:  # thousands of plain rows a batch: straight to the driver's executemany
                mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
                s.connection().exec_driver_sql(
                    f"INSERT INTO {LinkRow.__tablename__} (article_id, neighbour_id, weight) "
                    f"VALUES ({mark}, {mark}, {mark})", rows)
            self._upsert_actors(s, [a for n in new for a in n.extraction.actors])
        return stored

    def _move(self, s: Session, place: Placement) -> set[str]:
        """Apply a split or merge: moved articles take their copies along. Returns every story
        that gained or lost an article, for the caller to recompute from its members."""
        stories = {place.story_id, *place.moved.values()} | place.emptied
        stories |= set(s.scalars(select(ArticleRow.story_id)
                                 .where(ArticleRow.id.in_(list(place.moved)))))
        to: dict[str, list[str]] = {}
        for article_id, story_id in place.moved.items():
            to.setdefault(story_id, []).append(article_id)
        for story_id, ids in to.items():  # a statement per destination, not per article
            s.execute(update(ArticleRow).where(
                ArticleRow.id.in_(ids) | ArticleRow.duplicate_of.in_(ids))
                .values(story_id=story_id))
        return stories

    def _recompute_stories(self, s: Session, story_ids: set[str], now: datetime) -> None:
        """Each story as its members now make it; one left without members is deleted, with
        its facts. Three queries for all of a batch's stories, whatever their number."""
        ids = sorted(story_ids)
        rows: dict[str, list] = {}
        for r in s.execute(select(ArticleRow.story_id, ArticleRow.title, ArticleRow.published,
                                  ArticleRow.embedding)
                           .where(ArticleRow.story_id.in_(ids)).order_by(ArticleRow.seq)):
            rows.setdefault(r.story_id, []).append(r)
        q = select(StoryRow).where(StoryRow.id.in_(ids))
        if self.dialect == "postgresql":
            q = q.with_for_update()
        stories = {story.id: story for story in s.scalars(q)}
        gone = [i for i in ids if i not in rows]
        for story_id in gone:
            if story_id in stories:
                s.delete(stories[story_id])
        if gone:
            s.execute(delete(FactRow).where(FactRow.story_id.in_(gone)))
        for story_id, members in rows.items():
            story = stories.get(story_id)
            if story is None:
                story = StoryRow(id=story_id)
                s.add(story)
            dates = [_aware(r.published) for r in members if r.published is not None]
            story.title = next((r.title for r in members if r.title), None)
            story.first_seen, story.last_seen = (min(dates), max(dates)) if dates else (None, None)
            story.centroid = sum(np.frombuffer(r.embedding, dtype=np.float32)
                                 for r in members).tobytes()
            story.size = len(members)
            story.dirty = True
            story.updated_at = now

    def _join_story(self, s: Session, story: StoryRow | None, story_id: str, article: Article,
                    embedding: np.ndarray, now: datetime) -> StoryRow:
        when = article.published
        if story is None:
            story = StoryRow(id=story_id, title=article.title, first_seen=when, last_seen=when,
                             centroid=np.zeros_like(embedding, dtype=np.float32).tobytes(), size=0,
                             actors={}, dirty=True, updated_at=now)
            s.add(story)
        centroid = np.frombuffer(story.centroid, dtype=np.float32) + embedding.astype(np.float32)
        story.centroid = centroid.tobytes()
        story.size += 1
        story.title = story.title or article.title
        if when is not None:
            story.first_seen = min(filter(None, [_aware(story.first_seen), _aware(when)]))
            story.last_seen = max(filter(None, [_aware(story.last_seen), _aware(when)]))
        story.dirty = True
        story.updated_at = now
        return story

    def version(self, story_id: str | None = None) -> str:
        """A stamp that changes whenever what a page shows may have: articles arriving, stories
        forming or facts re-fused (of one story, or of the whole store). Pages poll it to update
        without a reload."""
        with self.Session() as s:
            arts = select(func.count(ArticleRow.id), func.max(ArticleRow.seq))
            facts = select(FactRow.id)
            if story_id is not None:
                arts = arts.where(ArticleRow.story_id == story_id)
                facts = facts.where(FactRow.story_id == story_id)
            n, last = s.execute(arts).one()
            ids = sorted(s.scalars(facts))
            stories = s.scalar(select(func.count(StoryRow.id))) if story_id is None else 0
        digest = hashlib.sha1("|".join(ids).encode()).hexdigest()[:12]
        return f"{n}.{last or 0}.{stories}.{digest}"

    def supersede(self, old_id: str, new_id: str) -> None:
        """A feed's text stood in for a page that has now been fetched: the stand-in becomes a
        copy of the page (kind ``feed``), so it never again counts as a source of its own, and
        its story is re-fused."""
        with self.session() as s:
            row = s.get(ArticleRow, old_id)
            if row is None or old_id == new_id:
                return
            row.duplicate_of, row.duplicate_kind = new_id, "feed"
            if row.story_id is not None:
                s.execute(update(StoryRow).where(StoryRow.id == row.story_id).values(dirty=True))

    def _upsert_actors(self, s: Session, actors: list) -> None:
        """One statement for a batch's actors, and one for its people's surnames (which
        ``people_named`` looks up). An id given twice is merged here as two upserts in turn
        would merge it (PostgreSQL refuses to update one row twice in a statement): a later
        role replaces an earlier one, a country once known stays."""
        rows: dict[str, dict] = {}
        for a in actors:
            row = rows.setdefault(a.id, dict(id=a.id, name=a.name, kind=a.kind, code=a.code,
                                             country=a.country, role=a.role, sector=a.sector,
                                             channel=a.channel))
            row["role"] = a.role or row["role"]
            row["country"] = row["country"] or a.country
        if not rows:
            return
        table = ActorRow.__table__
        stmt = self._insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "role": func.coalesce(stmt.excluded.role, table.c.role),
                "country": func.coalesce(table.c.country, stmt.excluded.country),
            },
        )
        s.execute(stmt, list(rows.values()))
        surnames = [dict(surname=key, actor_id=i) for i, row in rows.items()
                    if row["kind"] == "person" for key in actor_ids.surname_slugs(i)]
        if surnames:
            s.execute(self._insert(SurnameRow.__table__).on_conflict_do_nothing(), surnames)

    def articles(self, story_id: str | None = None, ids: Iterable[str] | None = None) -> list[ArticleRow]:
        with self.Session() as s:
            q = select(ArticleRow).order_by(ArticleRow.seq)
            if story_id is not None:
                q = q.where(ArticleRow.story_id == story_id)
            if ids is not None:
                q = q.where(ArticleRow.id.in_(list(ids)))
            return list(s.scalars(q))

    def clustering(self, ids: list[str]) -> list:
        """What place compares of stored articles, without their text: the stored evidence
        (``clustering``, none before revision 0009), the vectors and the language."""
        with self.Session() as s:
            return list(s.execute(select(
                ArticleRow.id, ArticleRow.embedding, ArticleRow.lead_embedding,
                ArticleRow.language, ArticleRow.unit_vectors, ArticleRow.clustering)
                .where(ArticleRow.id.in_(ids))))

    def iter_articles(self, batch: int = 500) -> Iterator[ArticleRow]:
        last = 0
        while True:
            with self.Session() as s:
                rows = list(s.scalars(select(ArticleRow).where(ArticleRow.seq > last)
                                      .order_by(ArticleRow.seq).limit(batch)))
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    def index_rows(self, after: int = 0) -> Iterator:
        """What the in-memory indexes need, in arrival order: every article at start-up, and
        then those stored since (``seq`` above ``after``), by this process or another."""
        with self.Session() as s:
            yield from s.execute(select(ArticleRow.id, ArticleRow.minhash, ArticleRow.embedding,
                                        ArticleRow.story_id, ArticleRow.duplicate_of,
                                        ArticleRow.seq)
                                 .where(ArticleRow.seq > after).order_by(ArticleRow.seq))

    def claim_encoder(self, name: str) -> None:
        """Record the encoder a store's vectors come from on first use, and refuse another."""
        with self.session() as s:
            s.execute(self._insert(SettingRow).values(key="encoder", value=name)
                      .on_conflict_do_nothing(index_elements=["key"]))
            have = s.scalar(select(SettingRow.value).where(SettingRow.key == "encoder"))
        if have != name:
            raise StoreMismatch(
                f"{self.url}: its vectors come from {have}, and newsfuse now embeds with {name}; "
                "ingest into a new store (the two cannot be compared)")

    def links(self, ids: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
        """The story graph's stored links: all of them, or those of the articles ``ids``."""
        out: dict[str, dict[str, float]] = {}
        q = select(LinkRow.article_id, LinkRow.neighbour_id, LinkRow.weight)
        if ids is not None:
            q = q.where(LinkRow.article_id.in_(list(ids)))
        with self.Session() as s:
            for a, n, w in s.execute(q):
                out.setdefault(a, {})[n] = w
        return out

    # -- stories ------------------------------------------------------------------------------

    def stories(self) -> list[StoryRow]:
        with self.Session() as s:
            return list(s.scalars(select(StoryRow).order_by(StoryRow.first_seen, StoryRow.id)))

    def story(self, story_id: str) -> StoryRow | None:
        with self.Session() as s:
            return s.get(StoryRow, story_id)

    def fact_labels(self) -> dict[str, Counter]:
        """Per story, how many facts carry each label."""
        out: dict[str, Counter] = {}
        with self.Session() as s:
            for story_id, label, n in s.execute(select(FactRow.story_id, FactRow.label, func.count())
                                                .group_by(FactRow.story_id, FactRow.label)):
                out.setdefault(story_id, Counter())[label] = n
        return out

    def dirty_stories(self) -> list[str]:
        """Largest first: fusion runs them a story a task on the workers, and a large story left
        for last would keep one worker busy while the others idle."""
        with self.Session() as s:
            return list(s.scalars(select(StoryRow.id).where(StoryRow.dirty.is_(True))
                                  .order_by(StoryRow.size.desc(), StoryRow.id)))

    def replace_facts(self, story_id: str, facts: list[FusedFact], seen: datetime,
                      actors: dict[str, int] | None = None) -> None:
        """Swap a story's facts, and its actor counts, atomically; the story stays dirty if it
        changed meanwhile.

        Two processes may fuse one story at once. The story's row is locked first, so the second
        waits and then deletes the facts the first wrote; without the lock, PostgreSQL's delete
        would not see them and the second insert would collide (SQLite writes one at a time)."""
        with self.session() as s:
            s.execute(select(StoryRow.id).where(StoryRow.id == story_id).with_for_update())
            s.execute(delete(FactRow).where(FactRow.story_id == story_id))
            for i, f in enumerate(facts):
                s.add(FactRow(
                    id=f.fact_id, story_id=story_id, label=f.label, kind=f.kind, summary=f.summary,
                    sources=[vars(src) for src in f.sources], outlets=f.outlets,
                    conflict=f.conflict, flags=f.flags, position=i, factuality=f.factuality,
                    claim=f.claim, articles=f.articles,
                ))
            if actors is not None:
                s.execute(update(StoryRow).where(StoryRow.id == story_id)
                          .values(actors=dict(actors)))
            s.execute(update(StoryRow).where(StoryRow.id == story_id, StoryRow.updated_at <= seen)
                      .values(dirty=False))

    def facts(self, story_id: str | None = None) -> list[FactRow]:
        with self.Session() as s:
            q = select(FactRow).order_by(FactRow.story_id, FactRow.position)
            if story_id is not None:
                q = q.where(FactRow.story_id == story_id)
            return list(s.scalars(q))

    def actors(self, ids: Iterable[str] | None = None) -> dict[str, ActorRow]:
        with self.Session() as s:
            q = select(ActorRow)
            if ids is not None:
                q = q.where(ActorRow.id.in_(list(ids)))
            return {a.id: a for a in s.scalars(q)}

    def people_named(self, surnames: Iterable[str]) -> dict[str, list[ActorRow]]:
        """Per surname (by its slug), the stored people whose full name ends with it (for
        "Caddell" = "Pat Caddell"): one indexed query for a batch's lone surnames."""
        out: dict[str, list[ActorRow]] = {slug(n): [] for n in surnames}
        if not out:
            return out
        with self.Session() as s:
            q = (select(ActorRow, SurnameRow.surname)
                 .join(SurnameRow, SurnameRow.actor_id == ActorRow.id)
                 .where(SurnameRow.surname.in_(list(out)), ActorRow.kind == "person"))
            for row, key in s.execute(q):
                out[key].append(row)
        return out

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts (SQLite FTS5, PostgreSQL full-text search),
        best first, each with a short snippet whose matches are wrapped in \x02 … \x03 (the
        caller escapes the text, then turns those marks into highlights)."""
        terms = " ".join(re.findall(r"\w+", query))
        if not terms:
            return []
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                rows = conn.execute(text(
                    f"SELECT id, title, ts_headline('english', text, q, 'StartSel=\x02, StopSel=\x03, "
                    f"MaxWords=30, MinWords=12'), ts_rank({_PG_DOCUMENT}, q) AS r "
                    f"FROM articles, websearch_to_tsquery('english', :q) q "
                    f"WHERE {_PG_DOCUMENT} @@ q ORDER BY r DESC LIMIT :n"), {"q": terms, "n": limit})
            else:
                # Each word a prefix term, all required: what people expect of a search box.
                match = " ".join(f'"{w}"*' for w in terms.split())
                rows = conn.execute(text(
                    "SELECT article_id, title, snippet(article_fts, 2, char(2), char(3), ' … ', 24), "
                    "bm25(article_fts) FROM article_fts WHERE article_fts MATCH :m "
                    "ORDER BY bm25(article_fts) LIMIT :n"), {"m": match, "n": limit})
            return [SearchHit(article_id=r[0], title=r[1] or None, snippet=r[2] or "", score=float(r[3]))
                    for r in rows]

    def counts(self) -> dict[str, int]:
        with self.Session() as s:
            return {
                "articles": s.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                "stories": s.scalar(select(func.count()).select_from(StoryRow)) or 0,
                "facts": s.scalar(select(func.count()).select_from(FactRow)) or 0,
            }


@dataclass
class SearchHit:
    article_id: str
    title: str | None
    snippet: str
    score: float


def _aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
