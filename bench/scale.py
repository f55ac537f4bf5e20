"""Scale-out figures on ECB+ dev (../shared/data): the whole pipeline on a Dask cluster against
in-process, analyse on a Dask cluster of 1 and 2 workers, and the serial place stage alone as the
store grows.

    python bench/scale.py [--articles N] [--stored N] [--db URL]

same stories: the first N dev articles ingested in this process into a SQLite file, and on a
local Dask cluster of two workers into ``--db`` (default another SQLite file), arrival order
fixed; printed: articles stored by each, B-cubed of the Dask run's stories against the
in-process run's, facts of each, and each run's articles/s.

analyse: the first N dev articles (default 192) in batches, on a local Dask cluster of one
worker and then of two, each worker warmed first (models loaded), so the figure is the steady
rate the workers sustain; the ratio of the two is the parallel speed-up.

place: the dev articles' analyses replayed as later years of news (``periods``: new stories that
look like old ones) until the store holds ``--stored`` articles (default 100,000). Printed per
stretch of the stream: articles/s of ``place`` (duplicate checks, story graph, the store write)
and the process's peak memory; at the end, B-cubed of the stored stories against dev's stories
per period, and the store's size. ``--db`` picks
the store (a PostgreSQL URL gives PostgreSQL's write rates; the bench empties that database
first); default a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from ecbplus import GOLD, SOURCE
from periods import perturbed, similar_events

from newsfuse.analyse import Analysis


def _analysed(n: int):
    from newsfuse.analyse import analyse
    from newsfuse.clean import clean
    from newsfuse.ingest import read_all
    from newsfuse.pipeline import BATCH

    articles = [clean(r) for r in read_all([SOURCE])][:n]
    batches = [articles[i:i + BATCH] for i in range(0, len(articles), BATCH)]
    return batches, analyse


def emptied(url: str) -> str:
    """The bench's PostgreSQL database, emptied: each figure starts from an empty store."""
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine

        from newsfuse.store import resolve_url

        engine = create_engine(resolve_url(url))
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    return url


def same_stories(n: int, url: str, tmp: str) -> None:
    from batch import bcubed

    from newsfuse.dask_executor import DaskPool
    from newsfuse.executors import InProcess
    from newsfuse.pipeline import Pipeline
    from newsfuse.store import Store

    src = Path(tmp) / "input.jsonl"
    src.write_text("".join(SOURCE.read_text(encoding="utf-8").splitlines(keepends=True)[:n]),
                   encoding="utf-8")
    runs = {}
    for name, store_url, make in [("in-process", f"sqlite:///{tmp}/inprocess.db", InProcess),
                                  ("Dask, 2 workers", url, lambda: DaskPool(workers=2))]:
        store, executor = Store(store_url), make()
        t = time.perf_counter()
        try:
            report = Pipeline(store, executor).ingest([src])
        finally:
            executor.close()
        secs = time.perf_counter() - t
        rows = store.articles()
        runs[name] = {r.id: r.story_id for r in rows}
        stages = ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items())
        print(f"  {name} into {store_url.split(':')[0]}: {len(rows)} articles stored "
              f"({len(set(runs[name]))} distinct), {store.counts()['facts']} facts, "
              f"{len(rows) / secs:.2f} articles/s; seconds by stage: {stages}")
    p, r, f = bcubed(runs["Dask, 2 workers"], runs["in-process"])
    print(f"  Dask's stories against in-process: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")


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


@dataclass
class Replica:
    analysis: Analysis
    story: str  # gold: the original's story, in the replica's period


def replicas(done: list[Analysis], total: int) -> Iterator[Replica]:
    """``total`` analyses: the dev articles, then the dev set again as later years of news
    (``periods``), each replica with a new id and a MinHash signature with half its values
    redrawn, so it is neither a copy nor a rewrite of what came before."""
    gold = {g["id"]: g for g in map(json.loads, GOLD.open(encoding="utf-8"))}
    of = [gold[a.article.source_id] for a in done]
    distance = similar_events([a.evidence for a in done], [g["story"] for g in of],
                              [g["topic"] for g in of])
    rng = random.Random(7)
    for n in range(total):
        period, i = divmod(n, len(done))
        a, story = done[i], f"{of[i]['story']}@{period}"
        if period == 0:
            yield Replica(a, story)
            continue
        ev = perturbed(a.evidence, rng, period, distance)
        article = replace(a.article, source_id=None,
                          id=hashlib.sha1(f"{a.article.id}:{period}".encode()).hexdigest()[:16])
        yield Replica(replace(a, article=article, vector=ev.vector, lead=ev.lead, evidence=ev,
                              quotes=[], signature=_redrawn(a.signature, rng)), story)


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
    """Only the time inside ``place`` (and, at each mark, the wait for its last write) is
    counted: making the replicas is the bench's work."""
    from batch import bcubed

    from newsfuse.pipeline import PLACE_BATCH, IngestReport, Pipeline
    from newsfuse.store import Store

    pipeline = Pipeline(Store(url))
    report = IngestReport()
    marks = sorted({m for m in (1_000, 10_000, 30_000, 100_000, total) if m <= total})
    secs, last, gold = 0.0, 0, {}
    batch = []
    for n, r in enumerate(replicas(done, total), 1):
        batch.append(r.analysis)
        gold[r.analysis.article.id] = r.story
        if len(batch) == PLACE_BATCH or n in marks:
            t = time.perf_counter()
            pipeline.place(batch, report)
            if n in marks:
                pipeline.flush(report)
            secs += time.perf_counter() - t
            batch = []
        if n in marks:
            mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  place, articles {last + 1}-{n}: {(n - last) / secs:.0f} articles/s "
                  f"(peak memory {mb:.0f} MB)", flush=True)
            secs, last = 0.0, n
    pred = {aid: story for aid, _, _, story, _, _ in pipeline.store.index_rows(after=0)}
    p, r, f = bcubed(pred, {aid: gold[aid] for aid in pred})
    size = _size(pipeline.store)
    print(f"  stored {report.added}; {report.near_duplicates} copies, {report.rewrites} rewrites; "
          f"{len(set(pred.values()))} stories (gold {len(set(gold.values()))}); B-cubed against "
          f"dev's stories per period (in-sample) P {p:.3f} R {r:.3f} F1 {f:.3f}; store size "
          f"{size / 1e6:.0f} MB ({size / report.added / 1e3:.1f} kB an article)")


def _size(store) -> int:
    """Bytes the store takes on disk, indexes included."""
    if store.dialect == "postgresql":
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
    path = Path(store.url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def blocking(done: list) -> None:
    """What sharding ``place`` by a blocking key would cost: of the pairs of reports of one gold
    story, the share a key keeps in one shard (the rest could never be linked). Keys: the
    country most mentioned among an article's actors (none: a shard of its own), and regions of
    the embedding space (spherical k-means fitted on half the articles, applied to all)."""
    from collections import Counter
    from itertools import combinations

    gold = {g["id"]: g["story"] for g in map(json.loads, GOLD.open(encoding="utf-8"))}
    ids = [a.article.source_id for a in done]
    pairs = [(i, j) for i, j in combinations(range(len(ids)), 2) if gold[ids[i]] == gold[ids[j]]]

    def kept(key: list) -> str:
        return f"{sum(key[i] == key[j] for i, j in pairs) / len(pairs):.2f}"

    def country(a) -> str | None:
        counts = Counter()
        for actor in a.extraction.actors:
            if actor.country and not actor.channel:
                counts[actor.country] += len(actor.mentions)
        return counts.most_common(1)[0][0] if counts else None

    vectors = np.stack([a.vector for a in done])
    rng = np.random.default_rng(0)
    regions = {}
    for k in (4, 8):
        half = vectors[: len(vectors) // 2]
        centres = half[rng.choice(len(half), k, replace=False)]
        for _ in range(30):
            label = np.argmax(half @ centres.T, axis=1)
            centres = np.stack([half[label == c].mean(axis=0) if (label == c).any() else centres[c]
                                for c in range(k)])
            centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        regions[k] = list(np.argmax(vectors @ centres.T, axis=1))
    countries = [country(a) for a in done]
    print(f"sharding place by a blocking key, {len(pairs)} same-story pairs of {len(ids)} articles: "
          f"main country keeps {kept(countries)} ({sum(c is None for c in countries)} articles "
          f"name none), 4 embedding regions {kept(regions[4])}, 8 regions {kept(regions[8])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=192, help="articles analysed (default 192)")
    ap.add_argument("--stored", type=int, default=100_000, help="store size place grows to")
    ap.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"the whole pipeline on the first {args.articles} dev articles:")
        same_stories(args.articles, emptied(args.db or f"sqlite:///{tmp}/dask.db"), tmp)
    batches, analyse = _analysed(args.articles)
    rates = {w: analyse_rate(w, batches, analyse) for w in (1, 2)}
    print(f"analyse on Dask: 1 worker {rates[1]:.2f} articles/s, 2 workers {rates[2]:.2f} "
          f"articles/s ({rates[2] / rates[1]:.2f}x)")
    done = [r for b in batches for r in analyse(b).results]
    blocking(done)
    with tempfile.TemporaryDirectory() as tmp:
        url = emptied(args.db or f"sqlite:///{tmp}/scale.db")
        print(f"place alone into {url.split(':')[0]}, to {args.stored} stored articles:")
        place_rate(url, done, args.stored)


if __name__ == "__main__":
    main()
