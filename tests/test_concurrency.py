"""Two `newsfuse ingest` processes writing one store at once: nothing lost, nothing doubled.

The batches overlap, so both processes try to store the same articles; the content-hash key
decides, and the loser counts the article as already stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy import text

from newsfuse.clean import clean
from newsfuse.ingest import read_all
from newsfuse.store import Store

from .conftest import shared

ECBPLUS = "data/ecbplus-dev.jsonl"


def _batches(tmp_path):
    lines = shared(ECBPLUS).read_text(encoding="utf-8").splitlines()[:36]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(lines[:24]) + "\n", encoding="utf-8")
    b.write_text("\n".join(lines[12:]) + "\n", encoding="utf-8")
    return a, b, {clean(r).id for r in read_all([a, b])}


def _run_two(url: str, a, b) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "--db", url, "ingest", str(p)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in (a, b)]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=900), *p.communicate()) for p in procs]


def _check(url: str, expected: set[str], runs) -> None:
    for run in runs:
        assert run.returncode == 0, run.stderr
    added = sum(int(r.stderr.split(" added")[0].split()[-1]) for r in runs)
    assert added == len(expected), [r.stderr for r in runs]
    store = Store(url)
    ids = [a.id for a in store.articles()]
    assert sorted(ids) == sorted(expected)  # every article once
    assert sum(s.size for s in store.stories()) == len(expected)
    assert store.dirty_stories() == []
    with store.engine.connect() as conn:
        facts = conn.execute(text("SELECT story_id, kind, summary, sources FROM facts")).fetchall()
        orphans = conn.execute(text(
            "SELECT count(*) FROM articles a LEFT JOIN stories s ON a.story_id = s.id "
            "WHERE s.id IS NULL")).scalar()
    keys = [(f[0], f[1], f[2], json.dumps(f[3], sort_keys=True)) for f in facts]
    assert len(keys) == len(set(keys))
    assert orphans == 0


def test_two_writers_sqlite(tmp_path):
    a, b, expected = _batches(tmp_path)
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    Store(url)  # migrate once first, as `newsfuse` does on any command
    _check(url, expected, _run_two(url, a, b))
    with Store(url).engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_two_writers_postgres(tmp_path, pg_url):
    a, b, expected = _batches(tmp_path)
    Store(pg_url)
    _check(pg_url, expected, _run_two(pg_url, a, b))


def test_two_ingests_see_each_others_articles(tmp_path, db_url):
    """Two pipelines on one store, each with the indexes it read at start-up (two processes):
    the second meets the first's report of an event and joins its story, and a copy of it is
    a copy. Without reading back what the other stored, each would make a story of its own."""
    from newsfuse.executors import InProcess
    from newsfuse.pipeline import Pipeline

    gold = [json.loads(line) for line in shared("data/ecbplus-dev.gold.jsonl").open()]
    lines = {json.loads(line)["id"]: line for line in shared(ECBPLUS).open()}
    story = gold[0]["story"]
    first, second = [g["id"] for g in gold if g["story"] == story][:2]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(lines[first])
    copy = json.loads(lines[first]) | {"id": "copy", "text": "UPDATED\n" + json.loads(lines[first])["text"]}
    b.write_text(lines[second] + json.dumps(copy) + "\n")
    store = Store(db_url)
    one, two = Pipeline(store, InProcess()), Pipeline(store, InProcess())
    one.ingest([a])
    report = two.ingest([b])
    assert report.added == 2 and report.near_duplicates == 1
    rows = {r.source_id: r for r in Store(db_url).articles()}
    assert rows[second].story_id == rows[first].story_id
    assert rows["copy"].duplicate_of == rows[first].id
