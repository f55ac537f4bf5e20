"""Shared fixtures. Models load once per session (spaCy and MiniLM are cached per process)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (../shared sits beside the checkout)")
    return SEEDS


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
        pytest.skip("PostgreSQL tests need NEWSFUSE_TEST_PG (set by .ci/run, which starts a server)")
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL at NEWSFUSE_TEST_PG is not reachable: {exc}")
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")
