"""Whole-pipeline throughput and story B-cubed on ECB+ dev (../shared/data), through the CLI path.

    python bench/pipeline.py [N]      # first N articles (default: all 772)

Prints articles/second for ingest (read → fuse), peak memory, and B-cubed precision/recall/F1
of the story assignment against the gold `story` labels.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from batch import bcubed

from newsfuse.clean import clean
from newsfuse.ingest import read_all
from newsfuse.pipeline import Pipeline
from newsfuse.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else None
    src = DATA / "ecbplus-dev.jsonl"
    gold_rows = [json.loads(line) for line in (DATA / "ecbplus-dev.gold.jsonl").open()]
    gold_story = {r["id"]: r["story"] for r in gold_rows}
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "in.jsonl"
        lines = src.read_text().splitlines()[:n]
        batch.write_text("\n".join(lines) + "\n")
        store = Store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        pipe = Pipeline(store)
        t1 = time.perf_counter()
        report = pipe.ingest([batch])
        t2 = time.perf_counter()
        by_source = {a.source_id: a.story_id for a in store.articles()}
        ids = {clean(r).id: r.source_id for r in read_all([batch])}
    gold = {sid: gold_story[sid] for sid in by_source if sid in gold_story}
    p, r, f = bcubed({k: by_source[k] for k in gold}, gold)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {report.added} added ({len(ids)} distinct), {len(report.errors)} failed")
    for err in report.errors:
        print(f"  {err}")
    print(f"model load: {t1 - t0:.1f} s; ingest: {t2 - t1:.1f} s = {report.added / (t2 - t1):.2f} articles/s")
    print(f"stories: {len(set(by_source.values()))} predicted, {len(set(gold.values()))} gold")
    print(f"B-cubed precision {p:.3f} recall {r:.3f} F1 {f:.3f} (in-sample: the story link weights "
          "were fitted on ECB+ dev; bench/stories.py prints held-out folds)")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
