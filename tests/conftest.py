"""Shared fixtures. Models load once per session (spaCy and MiniLM are cached per process).

What a test needs from outside the checkout (../shared, a PostgreSQL server, Chromium) skips
with its reason on a laptop. CI sets one NEWSFUSE_REQUIRE_* flag per need, and there the same
absence fails: a run that skipped its acceptance tests must not go green.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def unavailable(flag: str, reason: str):
    """Skip, unless `flag` says this run must have it: then fail with the same reason."""
    if os.environ.get(flag):
        pytest.fail(f"{reason} ({flag} is set, so this cannot skip)", pytrace=False)
    pytest.skip(reason)


def shared(relative: str) -> Path:
    """A path under ../shared; its absence skips locally and fails under NEWSFUSE_REQUIRE_SHARED."""
    path = SHARED / relative
    if not path.exists():
        unavailable("NEWSFUSE_REQUIRE_SHARED", f"{path} not found (../shared sits beside the checkout)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared("seeds")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(app) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port, in a thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def nlp():
    from newsfuse.nlp import embedder, spacy_nlp

    embedder()
    return spacy_nlp()


def _pg_url() -> str | None:
    return os.environ.get("NEWSFUSE_TEST_PG")


@pytest.fixture
def pg_url() -> str:
    url = _pg_url()
    if not url:
        unavailable("NEWSFUSE_REQUIRE_PG",
                    "PostgreSQL tests need NEWSFUSE_TEST_PG (set by .ci/run, which starts a server)")
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        unavailable("NEWSFUSE_REQUIRE_PG", f"PostgreSQL at NEWSFUSE_TEST_PG is not reachable: {exc}")
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")
