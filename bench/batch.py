"""Run articles through newsfuse the way an outside evaluation script would, for the benches.

``exported_articles`` ingests a JSONL file with the CLI into a throwaway database and returns the
``export articles`` records; ``extracted_articles`` skips the store and the embeddings and runs
extraction in process, which is what matters while tuning an extractor.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path


def exported(src: Path, *kinds: str) -> dict[str, list[dict]]:
    """``export`` records of each kind (articles, stories, facts) after ``newsfuse ingest src``
    into a throwaway store; the ingest summary and error lines go to the terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        cli = [sys.executable, "-m", "newsfuse.cli", "--db", f"sqlite:///{tmp}/bench.db"]
        subprocess.run([*cli, "ingest", str(src)], check=False, stdout=subprocess.DEVNULL)
        out = {}
        for kind in kinds:
            path = Path(tmp) / f"{kind}.jsonl"
            subprocess.run([*cli, "export", kind, "--format", "jsonl", "--out", str(path)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            out[kind] = [json.loads(line) for line in path.open(encoding="utf-8")]
        return out


def exported_articles(src: Path) -> dict[str, dict]:
    """``export articles`` records by the input's ``id``, after ``newsfuse ingest src``."""
    return {r["source_id"]: r for r in exported(src, "articles")["articles"]}


def extracted_articles(src: Path) -> dict[str, dict]:
    """The same fields for text, actors and quotes, from extraction alone."""
    from newsfuse.clean import clean
    from newsfuse.extract.articles import extract_articles
    from newsfuse.ingest import read_all

    articles = [clean(r) for r in read_all([src])]
    return {a.source_id: {"text": a.text, **asdict(ex)}
            for a, ex in zip(articles, extract_articles(articles), strict=True)}


def bcubed(pred: dict, gold: dict) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted clustering over the keys of `gold`."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for k in gold:
        by_pred[pred[k]].add(k)
        by_gold[gold[k]].add(k)
    p = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_pred[pred[k]]) for k in gold) / len(gold)
    r = sum(len(by_pred[pred[k]] & by_gold[gold[k]]) / len(by_gold[gold[k]]) for k in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)
