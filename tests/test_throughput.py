"""The analyse/place split: analyse needs no store, and where it runs changes nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from newsfuse.analyse import Analysis, analyse
from newsfuse.clean import clean
from newsfuse.executors import InProcess, ProcessPool, executor
from newsfuse.extract import articles
from newsfuse.fuse import embedded_texts
from newsfuse.ingest import InputError, read_all
from newsfuse.models import RawArticle
from newsfuse.pipeline import BATCH, Pipeline
from newsfuse.store import Store

from .conftest import EXAMPLES, shared

ECBPLUS = "data/ecbplus-dev.jsonl"


def _articles(*texts: str):
    return [clean(RawArticle(text=t, origin=f"t{i}", title=f"Report {i}")) for i, t in enumerate(texts)]


def test_analyse_needs_no_store_and_keeps_order():
    arts = _articles(
        "Firefighters contained a wildfire near Athens on Monday. Officials said 40 homes burned.",
        "The central bank raised its main rate by half a point on Thursday, its third rise this year.",
    )
    done = analyse(arts)
    assert [r.article.id for r in done.results] == [a.id for a in arts]
    for r in done.results:
        assert isinstance(r, Analysis)
        assert r.unit_vectors.shape[0] == len(embedded_texts(r.extraction, r.article.text))
        assert abs(float(np.linalg.norm(r.vector)) - 1) < 1e-4
        assert abs(float(np.linalg.norm(r.lead)) - 1) < 1e-4
    assert set(done.seconds) >= {"parse", "extract", "embed"}
    fire, bank = done.results
    assert float(fire.vector @ bank.vector) < 0.5  # two unrelated reports stay apart


def test_a_failing_article_costs_only_itself(monkeypatch):
    arts = _articles("Rebels seized the town of Goma on Tuesday.", "Floods closed the port of Durban.")
    real = articles.extract_doc

    def broken(doc, article):
        if "Goma" in article.text:
            raise ValueError("rule bug")
        return real(doc, article)

    monkeypatch.setattr(articles, "extract_doc", broken)
    first, second = analyse(arts).results
    assert isinstance(first, InputError) and "rule bug" in first.message and first.origin == "t0"
    assert isinstance(second, Analysis)


def _stored(url: str, src, pool) -> tuple[list, list]:
    store = Store(url)
    try:
        report = Pipeline(store, pool).ingest([src])
    finally:
        pool.close()
    assert not report.errors
    stories: dict[str, list] = {}
    for a in store.articles():
        stories.setdefault(a.story_id, []).append(a.id)
    facts = sorted((f.kind, f.label, f.summary, json.dumps(f.sources, sort_keys=True))
                   for f in store.facts())
    return sorted(sorted(v) for v in stories.values()), facts


def test_worker_processes_store_what_one_process_stores(tmp_path):
    """Two workers analyse and fuse; arrival order is kept, so the same stories and facts."""
    src = tmp_path / "in.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(BATCH + 6)))
    assert len(list(read_all([src]))) > BATCH  # two batches, so the pool really runs
    one = _stored(f"sqlite:///{tmp_path / 'one.db'}", src, InProcess())
    two = _stored(f"sqlite:///{tmp_path / 'two.db'}", src, ProcessPool(2))
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert len(one[1]) > 0


def test_evidence_pushed_out_of_a_full_cache_is_read_back_alike(tmp_path, monkeypatch):
    """place keeps clustering evidence for a bounded number of articles and reads the rest back
    from the store, even when reading some pushes others of the same candidates out: the same
    stories and facts as with every article in memory, and whatever the transactions' size."""
    from newsfuse import pipeline

    src = tmp_path / "in.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(BATCH + 6)))
    one = _stored(f"sqlite:///{tmp_path / 'one.db'}", src, InProcess())
    monkeypatch.setattr(pipeline, "KNOWN", 3)
    monkeypatch.setattr(pipeline, "PLACE_BATCH", 4)  # candidates stored by earlier transactions
    assert _stored(f"sqlite:///{tmp_path / 'two.db'}", src, InProcess()) == one


def test_an_article_read_back_is_compared_as_it_was_placed(tmp_path):
    """place reads back what it stored of an article (an evicted one, or another run's), not
    its text: the same evidence as it held in memory. An article stored before that evidence
    was (revision 0009) is rebuilt from its text, and comes out the same."""
    from newsfuse.pipeline import _known_row, _known_stored

    src = tmp_path / "in.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(BATCH)))
    store = Store(f"sqlite:///{tmp_path / 'read.db'}")
    pipeline = Pipeline(store)
    pipeline.ingest([src])
    held = pipeline.cache
    stored = {r.id: _known_stored(r) for r in store.clustering(list(held))}
    rebuilt = {r.id: _known_row(r) for r in store.articles(ids=list(held))}
    assert len(held) == len(stored) == len(rebuilt) == BATCH
    assert any(k.evidence.salient for k in held.values())
    for aid, k in held.items():
        for other in (stored[aid], rebuilt[aid]):
            a, b = k.evidence, other.evidence
            assert (a.when, a.salient, a.mentioned) == (b.when, b.salient, b.mentioned)
            assert a.words == pytest.approx(b.words) and a.names == pytest.approx(b.names)
            assert np.array_equal(a.vector, b.vector) and np.array_equal(a.lead, b.lead)
            assert k.quotes == other.quotes and k.language == other.language
            assert np.allclose(k.sentences, other.sentences, atol=2e-3)
        assert stored[aid].evidence.words == k.evidence.words  # exactly, as placed


def test_one_job_runs_in_process():
    assert isinstance(executor(1), InProcess)
    pool = executor(2)
    try:
        assert isinstance(pool, ProcessPool)
        assert list(pool.map(abs, [-1])) == [1]  # one task: no worker started for it
        assert list(pool.map(abs, [-3, 2, -1, 5])) == [3, 2, 1, 5]  # in task order
    finally:
        pool.close()


MODELS = ("torch", "spacy", "thinc", "sentence_transformers", "transformers", "openvino")


def _models_loaded_by(probe: str) -> list[str]:
    """The model libraries a fresh interpreter holds after running ``probe``."""
    probe += f"\nimport sys\nprint(sorted(m for m in {MODELS!r} if m in sys.modules))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().replace("'", '"'))


def test_reading_commands_load_no_model(tmp_path):
    """`stories`, `show`, `export` and the web app start without torch or spaCy: a reader's
    command answers in about a second."""
    url = f"sqlite:///{tmp_path / 'read.db'}"
    Pipeline(Store(url)).ingest([EXAMPLES])
    assert _models_loaded_by(
        "from typer.testing import CliRunner\n"
        "from newsfuse.cli import app\n"
        "import newsfuse.serve.api\n"
        "for args in (['stories'], ['show', '--all'], ['export', 'facts']):\n"
        f"    assert CliRunner().invoke(app, ['--db', {url!r}, *args]).exit_code == 0, args\n"
    ) == []


def test_the_placing_process_loads_no_model():
    """With workers analysing, the process that reads, places and stores never needs spaCy,
    torch or the encoder: importing them would cost it a second and 200 MB. It does weigh terms
    (``term_weights``) with spaCy's stop words, read without importing spaCy."""
    assert _models_loaded_by(
        "from newsfuse.pipeline import Pipeline\n"
        "from newsfuse.executors import ProcessPool\n"
        "from newsfuse.cluster.evidence import term_weights\n"
        "assert term_weights('The port of Durban reopened')\n"
    ) == []


def test_stop_words_are_spacys(nlp):
    from spacy.lang.en.stop_words import STOP_WORDS

    from newsfuse.nlp import stop_words

    assert stop_words() == STOP_WORDS


def test_a_dask_cluster_stores_what_one_process_stores(tmp_path, db_url, monkeypatch):
    """Two Dask worker processes read the input in shards, analyse and fuse; the client places
    in arrival order, into SQLite or PostgreSQL: the same stories and facts as one process."""
    from newsfuse.dask_executor import DaskPool
    from newsfuse.ingest import shards

    src = tmp_path / "in.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(BATCH + 6)))
    monkeypatch.setattr(shards, "SHARD_BYTES", src.stat().st_size // 5)
    assert len(list(shards.shards([src]))) >= 5
    one = _stored(f"sqlite:///{tmp_path / 'one.db'}", src, InProcess())
    two = _stored(db_url, src, DaskPool(workers=2))
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert len(one[1]) > 0


def _dies_first(marker: str, fn, task):
    """Kill the worker process running the first task (it leaves a marker), run the others."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return fn(task)


class _KillsOneWorker:
    def __init__(self, pool, marker: Path):
        self.pool, self.marker = pool, str(marker)

    def map(self, fn, tasks):
        return self.pool.map(partial(_dies_first, self.marker, fn), tasks)

    def close(self):
        self.pool.close()


def test_a_dask_worker_killed_mid_run_loses_nothing(tmp_path, db_url):
    """The scheduler reruns the dead worker's task elsewhere: every article is stored once, in
    the same stories, with the same facts."""
    import cloudpickle

    from newsfuse.dask_executor import DaskPool

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests
    src = tmp_path / "in.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(BATCH + 6)))
    one = _stored(f"sqlite:///{tmp_path / 'one.db'}", src, InProcess())
    marker = tmp_path / "killed"
    two = _stored(db_url, src, _KillsOneWorker(DaskPool(workers=2), marker))
    assert marker.exists()  # a worker did die
    assert one == two
    assert sum(map(len, two[0])) == len(list(read_all([src])))
