"""Scale-out figures on ECB+ dev (../shared/data): analyse on a Dask cluster of 1 and 2 workers,
and the serial place stage alone as the store grows.

    python bench/scale.py [--articles N] [--stored N] [--db URL]

analyse: the first N dev articles (default 192) in batches, on a local Dask cluster of one
worker and then of two, each worker warmed first (models loaded), so the figure is the steady
rate the workers sustain; the ratio of the two is the parallel speed-up.

place: the dev articles' analyses replicated into later periods until the store holds
``--stored`` articles (default 100,000), each replica perturbed as bench/stories.py perturbs its
evidence (vectors jittered, a tenth of the terms dropped, dated a year later per replica) and
given a new id and a MinHash signature with half its values redrawn, so it is neither a copy
nor a rewrite of what came before. Printed per stretch of the stream: articles/s of ``place``
(duplicate checks, story graph, the store write) and the process's peak memory. ``--db`` picks
the store (a PostgreSQL URL gives PostgreSQL's write rates); default a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import tempfile
import time
from dataclasses import replace

import numpy as np
from ecbplus import SOURCE
from stories import perturbed


def _analysed(n: int):
    from newsfuse.analyse import analyse
    from newsfuse.clean import clean
    from newsfuse.ingest import read_all
    from newsfuse.pipeline import BATCH

    articles = [clean(r) for r in read_all([SOURCE])][:n]
    batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
    return batches, analyse


def analyse_rate(workers: int, batches, analyse) -> float:
    from newsfuse.dask_executor import DaskPool

    pool = DaskPool(workers=workers)
    try:
        list(pool.map(analyse, batches[:workers]))  # each worker loads its models
        t = time.perf_counter()
        n = sum(len(done.results) for done in pool.map(analyse, batches))
        return n / (time.perf_counter() - t)
    finally:
        pool.close()


def replicas(done: list, total: int):
    """``total`` analyses: the originals, then perturbed copies of them in later periods."""
    rng = random.Random(7)
    for n in range(total):
        rep, a = divmod(n, len(done))
        a = done[a]
        if rep == 0:
            yield a
            continue
        ev = perturbed(a.evidence, rng, rep)
        article = replace(a.article, source_id=None,
                          id=hashlib.sha1(f"{a.article.id}:{rep}".encode()).hexdigest()[:16])
        yield replace(a, article=article, vector=ev.vector, lead=ev.lead, evidence=ev, quotes=[],
                      signature=_redrawn(a.signature, rng))


def _redrawn(signature: bytes, rng: random.Random) -> bytes:
    from newsfuse.dedup import from_bytes, to_bytes

    m = from_bytes(signature)
    values = m.hashvalues.copy()
    idx = np.array(rng.sample(range(len(values)), len(values) // 2))
    values[idx] = np.random.default_rng(rng.randrange(1 << 30)).integers(
        0, np.iinfo(values.dtype).max, len(idx), dtype=values.dtype)
    m.hashvalues = values
    return to_bytes(m)


def place_rate(url: str, done: list, total: int) -> None:
    from newsfuse.pipeline import BATCH, IngestReport, Pipeline
    from newsfuse.store import Store

    pipeline = Pipeline(Store(url))
    report = IngestReport()
    marks = sorted({m for m in (1_000, 10_000, 30_000, 100_000, total) if m <= total})
    t, last = time.perf_counter(), 0
    batch = []
    for n, a in enumerate(replicas(done, total), 1):
        batch.append(a)
        if len(batch) == BATCH or n in marks:
            pipeline.place(batch, report)
            batch = []
        if n in marks:
            secs = time.perf_counter() - t
            mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  place, articles {last + 1}-{n}: {(n - last) / secs:.0f} articles/s "
                  f"(peak memory {mb:.0f} MB)")
            t, last = time.perf_counter(), n
    print(f"  stored {report.added}; {report.near_duplicates} copies, {report.rewrites} rewrites")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=192, help="articles analysed (default 192)")
    ap.add_argument("--stored", type=int, default=100_000, help="store size place grows to")
    ap.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    batches, analyse = _analysed(args.articles)
    rates = {w: analyse_rate(w, batches, analyse) for w in (1, 2)}
    print(f"analyse on Dask: 1 worker {rates[1]:.2f} articles/s, 2 workers {rates[2]:.2f} "
          f"articles/s ({rates[2] / rates[1]:.2f}x)")
    done = [r for b in batches for r in analyse(b).results]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/scale.db"
        print(f"place alone into {url.split(':')[0]}, to {args.stored} stored articles:")
        place_rate(url, done, args.stored)


if __name__ == "__main__":
    main()
