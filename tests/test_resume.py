"""Crash safety: SIGKILL `newsfuse ingest` mid-batch; a re-run loses nothing and doubles nothing."""

from __future__ import annotations

import json
import os
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

from .conftest import SHARED

DATA = SHARED / "data" / "ecbplus-dev.jsonl"


def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    except Exception:  # noqa: BLE001 - tables may not exist yet
        return 0
    finally:
        engine.dispose()


def test_kill_and_resume(tmp_path):
    if not DATA.is_file():
        pytest.skip(f"{DATA} not found (../shared/data sits beside the checkout)")
    src = tmp_path / "batch.jsonl"
    with DATA.open() as fh:
        src.write_text("".join(next(fh) for _ in range(40)))
    expected = {clean(r).id for r in read_all([src])}
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    cmd = [sys.executable, "-m", "newsfuse.cli", "--db", url, "ingest", str(src)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and _count(url) < 5 and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(url)
    assert 0 < partial < len(expected)

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{len(expected) - partial} added, {partial} already stored" in done.stderr

    store = Store(url)
    ids = [a.id for a in store.articles()]
    assert sorted(ids) == sorted(expected)
    assert store.dirty_stories() == []
    assert sum(s.size for s in store.stories()) == len(expected)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
        facts = conn.exec_driver_sql("SELECT story_id, kind, summary, sources FROM facts").fetchall()
    keys = [(f[0], f[1], f[2], json.dumps(f[3])) for f in facts]
    assert len(keys) == len(set(keys))
