"""The store on SQLite and PostgreSQL: migrations at head match the models; upserts are idempotent."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.models import ActorRecord, Article, Extraction, FactSource, FusedFact
from newsfuse.nlp import EMBED_DIM, ENCODER
from newsfuse.store import (
    ArticleRow,
    Base,
    NewArticle,
    Placement,
    Store,
    StoreMismatch,
    _article_row,
    alembic_config,
)
from newsfuse.store.schema import ActorRow, StoryRow

from .conftest import EXAMPLES


def _article(i: int) -> tuple[Article, Extraction]:
    art = Article(id=f"id{i:014d}", text=f"Article number {i} says the dam held.", origin=f"t{i}",
                  outlet="Wire")
    ex = Extraction(actors=[ActorRecord(id="state:PRT", name="Portugal", kind="state", code="PRT",
                                        country="PRT", mentions=[[0, 7]])])
    return art, ex


def _new(art: Article, ex: Extraction, placement: Placement | None = None,
         vec: np.ndarray | None = None) -> NewArticle:
    """An article with a dummy signature and vectors (the store keeps, not reads, them)."""
    vec = np.ones(EMBED_DIM, dtype=np.float32) if vec is None else vec
    return NewArticle(art, ex, b"\0" * 8, vec, vec, np.zeros((0, EMBED_DIM)),
                      placement or Placement("s1"))


def _add(store: Store, art: Article, ex: Extraction, placement: Placement | None = None,
         vec: np.ndarray | None = None) -> bool:
    return art.id in store.add_articles([_new(art, ex, placement, vec)])


def _add_before_0009(store: Store, new: list[NewArticle]) -> None:
    """Articles, each its story's one, as a store older than revision 0009 holds them: today's
    ``add_articles`` writes a column (``clustering``) such a store lacks."""
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        for seq, n in enumerate(new, 1):
            row = _article_row(n, seq, now)
            del row["clustering"]
            conn.execute(ArticleRow.__table__.insert().values(**row))
            conn.execute(StoryRow.__table__.insert().values(
                id=n.placement.story_id, centroid=n.vector.astype(np.float32).tobytes(), size=1,
                actors={}, dirty=True, updated_at=now))


def _modelled(name, kind, _parent) -> bool:
    """The full-text search structures live in migration 0003 alone (an FTS5 table and its
    shadow tables, a PostgreSQL expression index): no model describes them."""
    return not (name or "").startswith(("article_fts", "ix_articles_fts"))


def test_schema_matches_models(db_url):
    store = Store(db_url)
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": _modelled})
        diff = compare_metadata(ctx, Base.metadata)
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert diff == []
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert {"articles", "stories", "actors", "facts", "links"} <= set(inspect(store.engine).get_table_names())
    assert store.search("dam") == []  # the search structures exist (nothing stored yet)
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_add_is_idempotent_and_updates_story(db_url):
    store = Store(db_url)
    vec = np.ones(EMBED_DIM, dtype=np.float32) / np.sqrt(EMBED_DIM)
    for i in range(3):
        art, ex = _article(i)
        assert _add(store, art, ex, vec=vec)
    art, ex = _article(1)
    assert not _add(store, art, ex, vec=vec)
    assert store.counts()["articles"] == 3
    story = store.story("s1")
    assert story.size == 3 and story.dirty
    assert [a.seq for a in store.articles()] == [1, 2, 3]
    # Re-opening runs migrations again harmlessly.
    assert Store(db_url).counts()["articles"] == 3
    # Full-text search finds each stored article once, on either backend.
    hits = store.search("number dams")
    assert len(hits) == 3 and all(h.snippet for h in hits)
    assert store.search("reservoir") == []


def test_regrouping_moves_articles_with_their_copies_and_recomputes_stories(db_url):
    from datetime import UTC, datetime

    store = Store(db_url)
    arts = [_article(i) for i in range(4)]
    for art, ex in arts[:2]:
        _add(store, art, ex)
    copy, ex = arts[2]
    _add(store, copy, ex, Placement("s1", duplicate_of=arts[1][0].id, duplicate_kind="copy"))
    src = FactSource(article_id=arts[0][0].id, source_id=None, outlet="Wire", start=0, end=7,
                     text="Article")
    store.replace_facts("s1", [FusedFact(story_id="s1", fact_id="f1", label="single_source",
                                         kind="statement", summary="x", sources=[src])],
                        datetime.now(UTC))
    # The fourth article splits the story: the second article (and its copy) leave for s2, then
    # a later arrival empties s1 altogether.
    a1, a2, a4 = arts[0][0].id, arts[1][0].id, arts[3][0].id
    _add(store, *arts[3], Placement("s2", moved={a2: "s2"}, links={a4: {a2: 0.9}, a2: {a4: 0.9}}))
    stories = {s.id: s.size for s in store.stories()}
    assert stories == {"s1": 1, "s2": 3}
    assert {a.id: a.story_id for a in store.articles()}[copy.id] == "s2"
    assert store.links() == {a4: {a2: 0.9}, a2: {a4: 0.9}}
    assert store.story("s2").dirty
    art5, ex5 = _article(5)
    _add(store, art5, ex5, Placement("s2", moved={a1: "s2"}, emptied={"s1"}))
    assert {s.id: s.size for s in store.stories()} == {"s2": 5}
    assert store.facts("s1") == []


def test_a_batch_with_a_split_in_it_keeps_every_story_equal_to_its_members(db_url):
    """A batch is stored in one write: arrivals before and after a split, into the stories it
    touched and into others, leave each story's size and centroid what its members say."""
    store = Store(db_url)
    arts = [_article(i) for i in range(6)]
    ids = [a.id for a, _ in arts]
    vecs = [np.full(EMBED_DIM, i + 1, dtype=np.float32) for i in range(6)]
    placements = [Placement("s1"), Placement("s1"), Placement("s3"),
                  Placement("s2", moved={ids[0]: "s2"}), Placement("s1"), Placement("s3")]
    batch = [NewArticle(a, ex, b"\0" * 8, v, v, np.zeros((0, EMBED_DIM)), p)
             for (a, ex), v, p in zip(arts, vecs, placements, strict=True)]
    assert store.add_articles(batch) == set(ids)
    members: dict[str, list[int]] = {}
    for row in store.articles():
        members.setdefault(row.story_id, []).append(ids.index(row.id))
    assert members == {"s1": [1, 4], "s2": [0, 3], "s3": [2, 5]}
    for story in store.stories():
        assert story.size == len(members[story.id])
        assert np.allclose(np.frombuffer(story.centroid, dtype=np.float32),
                           sum(vecs[i] for i in members[story.id]))
    assert store.add_articles(batch) == set()  # a re-run stores nothing twice
    assert sum(s.size for s in store.stories()) == 6


def test_replace_facts_clears_dirty_flag(db_url):
    from datetime import UTC, datetime

    store = Store(db_url)
    art, ex = _article(0)
    _add(store, art, ex)
    src = FactSource(article_id=art.id, source_id=None, outlet="Wire", start=0, end=7, text="Article")
    fact = FusedFact(story_id="s1", fact_id="f1", label="single_source", kind="statement",
                     summary="Article", sources=[src], outlets=1)
    store.replace_facts("s1", [fact], datetime.now(UTC))
    store.replace_facts("s1", [fact], datetime.now(UTC))
    assert [f.id for f in store.facts("s1")] == ["f1"]
    assert store.dirty_stories() == []


def _full_name_then_surname(folder: Path) -> tuple[Path, Path]:
    first, second = folder / "a.txt", folder / "b.txt"
    first.write_text(
        "Harbour workers strike\n\nUnion leader Marta Ilves told reporters on Monday that the "
        "dock workers would strike until the port authority raised wages.\n", encoding="utf-8")
    second.write_text(
        "Port talks collapse\n\nTalks between the port authority and the dock union collapsed "
        "on Tuesday, Ilves said, and the strike would continue.\n", encoding="utf-8")
    return first, second


def test_surname_alone_joins_the_stored_full_name(tmp_path, nlp):
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    first, second = _full_name_then_surname(tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'n.db'}")
    Pipeline(store).ingest([first])
    Pipeline(store).ingest([second])
    people = {row.title: [a["id"] for a in row.extraction["actors"] if a["kind"] == "person"]
              for row in store.articles()}
    assert people == {"Harbour workers strike": ["person:marta-ilves"],
                      "Port talks collapse": ["person:marta-ilves"]}, people
    # The store writes records field by field: what it keeps reads back as the same record.
    for row in store.articles():
        again = json.loads(json.dumps(asdict(Extraction.from_json(row.extraction))))
        assert again == row.extraction and row.extraction["actors"]
    # Fusion counts, per story, the articles naming each actor (the actor page reads it).
    assert sum(s.actors.get("person:marta-ilves", 0) for s in store.stories()) == 2


def test_a_surname_joins_the_full_name_still_being_written(tmp_path, nlp, monkeypatch):
    """place writes a batch while it places the next: a name in the batch being written is
    known to the next batch, although the store cannot tell it yet."""
    import threading

    from newsfuse import pipeline

    monkeypatch.setattr(pipeline, "BATCH", 1)
    monkeypatch.setattr(pipeline, "PLACE_BATCH", 1)  # one article a transaction
    first, second = _full_name_then_surname(tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'n.db'}")
    asked, looked_up = [], threading.Event()
    write, people_named = store.add_articles, store.people_named

    def held_write(new):  # the first article lands only once the second has been looked up
        looked_up.wait(timeout=60)
        return write(new)

    def lookup(names):
        found = people_named(names)
        asked.append(sorted(found))
        if found:  # the second article's lone surname, read while the first is held
            looked_up.set()
        return found

    monkeypatch.setattr(store, "add_articles", held_write)
    monkeypatch.setattr(store, "people_named", lookup)
    pipeline.Pipeline(store).ingest([first, second])
    assert asked[-1] == ["ilves"]
    people = {row.title: [a["id"] for a in row.extraction["actors"] if a["kind"] == "person"]
              for row in store.articles()}
    assert people == {"Harbour workers strike": ["person:marta-ilves"],
                      "Port talks collapse": ["person:marta-ilves"]}, people


def test_a_store_keeps_the_encoder_that_wrote_it(db_url):
    """Vectors of two encoders cannot be compared: the first claim sticks, another is refused."""
    store = Store(db_url)
    store.claim_encoder("encoder A")
    store.claim_encoder("encoder A")
    with pytest.raises(StoreMismatch, match="encoder A"):
        store.claim_encoder("encoder B")


def test_an_older_store_with_articles_is_marked_as_minilm(tmp_path):
    """A store written before the settings table holds MiniLM vectors; an empty one holds none,
    and takes whichever encoder writes to it first."""
    for populated in (True, False):
        url = f"sqlite:///{tmp_path / f'old{populated}.db'}"
        store = Store(url, migrate=False)
        with store.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0005")
        if populated:
            _add_before_0009(store, [_new(*_article(0))])
        store.migrate()
        if populated:
            with pytest.raises(StoreMismatch, match="all-MiniLM-L6-v2"):
                store.claim_encoder("another encoder")
        else:
            store.claim_encoder("another encoder")


def test_ingest_into_a_store_of_another_encoder_stops_with_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    Store(url).claim_encoder("another encoder")
    result = CliRunner().invoke(app, ["--db", url, "ingest", "-j", "1", str(EXAMPLES)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "another encoder" in lines[0] and ENCODER in lines[0]
    assert Store(url).existing_ids(["x"]) == set()
    with Store(url).session() as s:
        assert s.scalar(select(func.count()).select_from(ArticleRow)) == 0


def test_widening_duplicate_kind_keeps_articles_and_their_full_text_index(db_url):
    """Revision 0007 rebuilds the articles table on SQLite; the stored rows and the full-text
    triggers of 0003 must come through, and a translation link must fit afterwards."""
    store = Store(db_url, migrate=False)
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
    art, ex = _article(0)
    _add_before_0009(store, [_new(art, ex)])
    store.migrate()
    later, ex2 = _article(1)
    _add(store, later, ex2, Placement("s1", duplicate_of=art.id, duplicate_kind="translation"))
    kinds = {a.id: a.duplicate_kind for a in store.articles()}
    assert kinds == {art.id: None, later.id: "translation"}
    word = art.text.split()[1]
    assert {hit.article_id for hit in store.search(word)} >= {art.id}


def test_two_fusions_of_one_story_at_once_leave_the_later_facts(db_url):
    """While one transaction is between writing a story's facts and committing them, another
    replacement of the same story waits for it, then replaces what it wrote."""
    import threading
    import time
    from datetime import UTC, datetime

    from sqlalchemy import delete, insert

    from newsfuse.store.schema import FactRow

    store = Store(db_url)
    art, ex = _article(0)
    _add(store, art, ex)
    src = FactSource(article_id=art.id, source_id=None, outlet="Wire", start=0, end=7,
                     text="Article")

    def fact(summary: str) -> FusedFact:
        return FusedFact(story_id="s1", fact_id="f1", label="single_source", kind="statement",
                         summary=summary, sources=[src])

    errors: list[Exception] = []

    def second() -> None:
        try:
            store.replace_facts("s1", [fact("second")], datetime.now(UTC))
        except Exception as err:  # noqa: BLE001 - asserted below
            errors.append(err)

    with store.engine.connect() as first:  # the first fusion, held open mid-write
        first.begin()
        first.execute(select(StoryRow.id).where(StoryRow.id == "s1").with_for_update())
        first.execute(delete(FactRow).where(FactRow.story_id == "s1"))
        first.execute(insert(FactRow).values(
            id="f1", story_id="s1", label="single_source", kind="statement", summary="first",
            sources=[vars(src)], outlets=1, conflict=None, flags=[], position=0,
            factuality="asserted", claim=None, articles=1))
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)  # the second is now waiting on the first (or, on SQLite, on its lock)
        first.commit()
    thread.join(timeout=30)
    assert not errors, errors
    assert [f.summary for f in store.facts("s1")] == ["second"]


def test_openings_stored_before_0008_are_pooled_from_their_units(db_url):
    """Revision 0008 recomputes stored openings, whole-text vectors and story centroids with the
    package's rule (``lead_vector``, ``article_vectors``), from the unit vectors already stored;
    an article without units keeps its own."""
    from newsfuse.cluster import article_vectors, lead_vector

    store = Store(db_url, migrate=False)
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007")
    words = [f"w{i}" for i in range(120)]
    text = " ".join(words)
    late = len(" ".join(words[:90])) + 1  # a unit that starts past the opening's 80 words
    units = [[0, 20], [21, 60], [late, late + 10]]
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(len(units) + 1, EMBED_DIM)).astype(np.float16).astype(np.float32)
    old = np.ones(EMBED_DIM, dtype=np.float32) / np.sqrt(EMBED_DIM)
    art = Article(id="id-pooled", text=text, origin="t0")
    bare, bare_ex = _article(1)
    _add_before_0009(store, [
        NewArticle(art, Extraction(units=units), b"\0" * 8, old, old, vecs, Placement("s1")),
        NewArticle(bare, bare_ex, b"\0" * 8, old, old, np.zeros((0, EMBED_DIM)), Placement("s2"))])
    store.migrate()
    rows = {r.id: r for r in store.articles()}
    lead = np.frombuffer(rows[art.id].lead_embedding, dtype=np.float32)
    vector = np.frombuffer(rows[art.id].embedding, dtype=np.float32)
    expected = lead_vector(text, units, vecs[:len(units)])
    assert np.allclose(lead, expected, atol=1e-6)
    opening = vecs[:2].mean(axis=0)  # the two units that start within the first 80 words
    assert np.allclose(lead, opening / np.linalg.norm(opening), atol=1e-6)
    assert np.allclose(vector, article_vectors(expected, text, vecs[:len(units)]), atol=1e-6)
    assert np.allclose(np.frombuffer(store.story("s1").centroid, dtype=np.float32), vector)
    assert np.frombuffer(rows[bare.id].lead_embedding, dtype=np.float32) == pytest.approx(old)
    assert np.frombuffer(store.story("s2").centroid, dtype=np.float32) == pytest.approx(old)


def test_a_lone_surname_finds_people_stored_before_0010_and_after(db_url):
    """Revision 0010 indexes the people already stored under every ending of their name; each
    batch stored later adds its own. Only people answer to a surname."""
    store = Store(db_url, migrate=False)
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0009")
        conn.execute(ActorRow.__table__.insert(), [
            dict(id="person:ana-garcia-lopez", name="Ana García López", kind="person"),
            dict(id="organisation:lopez", name="Lopez", kind="organisation")])
    store.migrate()
    art, _ = _article(1)
    store.add_articles([_new(art, Extraction(actors=[
        ActorRecord(id="person:luis-lopez", name="Luis López", kind="person", mentions=[[0, 10]]),
        ActorRecord(id="organisation:garcia", name="Garcia", kind="organisation",
                    mentions=[[12, 18]])]))])
    found = store.people_named(["López", "García López", "Garcia", "Ana"])
    assert {key: sorted(a.id for a in people) for key, people in found.items()} == {
        "lopez": ["person:ana-garcia-lopez", "person:luis-lopez"],
        "garcia-lopez": ["person:ana-garcia-lopez"], "garcia": [], "ana": []}


def test_migration_files_are_named_for_their_revisions():
    """``Store`` tells a store at the newest revision by the file names alone (no Alembic
    import): each file must carry its revision, and the newest file the head."""
    from newsfuse.store import head_revision

    script = ScriptDirectory.from_config(alembic_config())
    for rev in script.walk_revisions():
        assert Path(rev.path).name.split("_", 1)[0] == rev.revision
    assert head_revision() == script.get_current_head()
