"""Crash safety: SIGKILL `newsfuse ingest` mid-batch; a re-run loses nothing and doubles nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from newsfuse.clean import clean
from newsfuse.ingest import read_all
from newsfuse.store import Store, alembic_config

from .conftest import shared

ECBPLUS = "data/ecbplus-dev.jsonl"


def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    except Exception:  # noqa: BLE001 - tables may not exist yet
        return 0
    finally:
        engine.dispose()


def _consistent(url: str) -> None:
    """What one transaction per batch promises after any kill: an intact file, and every
    stored article counted in exactly one story."""
    store = Store(url)
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert sum(s.size for s in store.stories()) == len(store.articles())


# `make fuzz` tries more kill points through NEWSFUSE_KILL_SEEDS ("1,2,3,...").
KILL_SEEDS = [int(s) for s in os.environ.get("NEWSFUSE_KILL_SEEDS", "7").split(",") if s.strip()]


@pytest.mark.parametrize(("seed", "where"), [
    *(pytest.param(s, [], id=f"pool-{s}") for s in KILL_SEEDS),
    pytest.param(KILL_SEEDS[0] + 1, ["--workers", "2"], id="dask")])
def test_killed_at_random_points_and_resumed(tmp_path, seed, where, db_url):
    """SIGKILL `ingest` at random points (mid-transaction, and once as fusion runs), re-run
    to the end: the store holds exactly the input's articles, once, with no duplicate facts. The
    client of a Dask cluster (``--workers 2``) is killed the same way."""
    src = tmp_path / "batch.jsonl"
    with shared(ECBPLUS).open() as fh:
        src.write_text("".join(next(fh) for _ in range(64)))
    expected = {clean(r).id for r in read_all([src])}
    url = db_url
    cmd = [sys.executable, "-m", "newsfuse.cli", "--db", url, "ingest", str(src), *where]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    rng = random.Random(seed)

    kills = []
    # Twice at a random moment after the run has stored its first transaction, then once the
    # moment the last article is stored, when the run is fusing stories.
    for last in (False, False, True):
        goal = len(expected) if last else _count(url) + 1
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while time.time() < deadline and _count(url) < goal and proc.poll() is None:
            time.sleep(0.05)
        if not last:
            time.sleep(rng.uniform(0, 1))
        if proc.poll() is not None:
            break  # it finished first: nothing left to interrupt
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills.append(_count(url))
        _consistent(url)
    print(f"killed with {kills} of {len(expected)} articles stored")
    assert len(kills) >= 2 and 0 < kills[0] < len(expected)

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{len(expected) - kills[-1]} added, {kills[-1]} already stored" in done.stderr

    store = Store(url)
    ids = [a.id for a in store.articles()]
    assert sorted(ids) == sorted(expected)
    assert store.dirty_stories() == []
    _consistent(url)
    with store.engine.connect() as conn:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
        facts = conn.exec_driver_sql("SELECT story_id, kind, summary, sources FROM facts").fetchall()
    keys = [(f[0], f[1], f[2], json.dumps(f[3])) for f in facts]
    assert len(keys) == len(set(keys))
