"""The whole pipeline for one `ingest`: read → clean → analyse → place, then fuse every story
that changed.

``analyse`` (``analyse.py``) is the per-article work: parse, extract, embed, sign. It runs on
the executor, in this process or in worker processes. ``place`` is the serial stage, run here in
arrival order, because each decision depends on the ones before it: duplicate or not, which
story, then the store write. Fusion of changed stories runs on the executor too, a story a task.

Articles are committed a transaction at a time (up to ``PLACE_BATCH``), with their story
updates, so a crash loses at most the batch being written, the one being placed and those
being analysed, which a re-run redoes; stories are marked dirty on change and re-fused at the
end of every run, so a re-run after a crash finishes the fusion the crashed run never reached.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import numpy as np
from datasketch import MinHash

from . import actor_ids
from .analyse import Analysis, analyse
from .clean import clean
from .cluster import Evidence, StoryGraph, evidence, link_weights
from .dedup import DedupIndex, direct_quotes, from_bytes, is_rewrite, told_alike
from .executors import Executor, InProcess
from .fuse import ArticleView, fuse_story
from .ingest import InputError
from .ingest.shards import Shard, read_shard, shards
from .keys import slug
from .models import ActorRecord, Article, Extraction, FusedFact, RawArticle, rename_actor
from .nlp import EMBED_DIM, ENCODER
from .store import ArticleRow, NewArticle, Placement, Store

log = logging.getLogger(__name__)
BATCH = 16  # articles analysed together (embedding batches pad less when short)
# Articles placed and committed in one transaction: its fixed costs (the statements, the commit,
# the full-text index's new segment) fall to a small share of a 128-article batch (bench/scale.py:
# place alone at 6,000 stored, 213 articles/s in transactions of 16, 270 of 64, 318 of 128, 337
# of 256). When analysis is slower than that, whatever has arrived is placed at least every
# LINGER seconds, so readers and a crash's re-run never wait long on a transaction.
PLACE_BATCH = 128
LINGER = 1.0
KNOWN = 50_000  # stored articles whose clustering evidence is kept in memory


@dataclass
class IngestReport:
    added: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    rewrites: int = 0
    translations: int = 0
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stories_fused: int = 0
    articles: dict[str, str] = field(default_factory=dict)  # input origin -> article id
    seconds: Counter = field(default_factory=Counter)  # per stage; analyse's summed over workers


@dataclass
class Known:
    """A stored article as the duplicate and story checks see it."""

    evidence: Evidence
    quotes: list[frozenset[str]]
    language: str | None
    units: np.ndarray  # its statement units' vectors in text order, as analysed or as stored

    @classmethod
    def of(cls, a: Analysis, ev: Evidence | None = None) -> Known:
        """An article as analysed (``ev``: its evidence, where place had to remake it). Its
        statement units come first among its unit vectors (``embedded_texts``)."""
        return cls(ev or a.evidence, a.quotes, a.article.language,
                   a.unit_vectors[:len(a.extraction.units)])

    def record(self) -> dict:
        """What the store keeps of it (``articles.clustering``) beside the vectors."""
        return {**self.evidence.record(), "quotes": [sorted(q) for q in self.quotes],
                "units": len(self.units)}

    @cached_property
    def sentences(self) -> np.ndarray:
        """The units' vectors at unit length, for the rewrite and translation checks: made when
        first compared, which for most articles is never."""
        return _unit_rows(self.units)


def _vector(data: bytes | None) -> np.ndarray | None:
    return None if data is None else np.frombuffer(data, dtype=np.float32).copy()


def _vectors(row) -> tuple[np.ndarray, np.ndarray]:
    vector, lead = _vector(row.embedding), _vector(row.lead_embedding)
    return vector, vector if lead is None else lead


def _known_stored(row) -> Known:
    """A stored article as it was placed (``Store.clustering``)."""
    data = row.clustering
    return Known(Evidence.from_record(data, *_vectors(row)), [frozenset(q) for q in data["quotes"]],
                 row.language, _stored_units(row)[:data["units"]])


def _known_row(row: ArticleRow) -> Known:
    """An article stored before its clustering evidence was (revision 0009), from its text."""
    ex = Extraction.from_json(row.extraction)
    ev = evidence(row.title, row.text, row.published, ex, *_vectors(row))
    return Known(ev, direct_quotes(ex), row.language, _stored_units(row)[:len(ex.units)])


def _stored_units(row) -> np.ndarray:
    return np.frombuffer(row.unit_vectors, dtype=np.float16).reshape(-1, EMBED_DIM)


def _unit_rows(vecs: np.ndarray) -> np.ndarray:
    """Unit length again: the store keeps unit vectors as float16."""
    vecs = vecs.astype(np.float32)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)


def view(row: ArticleRow) -> ArticleView:
    return ArticleView(
        id=row.id, source_id=row.source_id, outlet=row.outlet, text=row.text,
        extraction=Extraction.from_json(row.extraction), unit_vectors=_unit_rows(_stored_units(row)),
        duplicate_of=row.duplicate_of,
        outlet_known=(row.meta or {}).get("outlet_from") != "footer",
    )


def clean_raw(raw: RawArticle, defaults: dict | None = None) -> Article | InputError:
    """An input as stored, its missing fields filled from ``defaults`` (the CLI's --outlet,
    --published, --language); a failure is this input's error, never the batch's."""
    for key, value in (defaults or {}).items():
        if value is not None and getattr(raw, key) is None:
            setattr(raw, key, value)
    try:
        return clean(raw)
    except InputError as err:
        return err
    except Exception as exc:  # noqa: BLE001 - a cleaning bug costs this input, not the batch
        return InputError(raw.origin, f"cleaning failed ({type(exc).__name__}: {exc})")


@dataclass
class ReadTask:
    part: Shard | InputError  # an input that could not even be listed comes back as it is
    defaults: dict | None = None


@dataclass
class ReadDone:
    items: list[Article | InputError]
    seconds: float


def read_task(task: ReadTask) -> ReadDone:
    """One shard read and cleaned, wherever it runs."""
    t = time.perf_counter()
    if isinstance(task.part, InputError):
        return ReadDone([task.part], 0.0)
    items = [raw if isinstance(raw, InputError) else clean_raw(raw, task.defaults)
             for raw in read_shard(task.part)]
    return ReadDone(items, time.perf_counter() - t)


def _lone_surname(actor: ActorRecord) -> bool:
    """A one-word name the small NER model calls a person, or an organisation with nothing
    else to tell it by: often a surname it mislabels."""
    return len(actor.name.split()) == 1 and (
        actor.kind == "person" or actor.kind == "organisation" and not actor.sector
        and not actor.channel)


def _merge_surnames(ex: Extraction, people: dict[str, list]) -> bool:
    """``people``: the known people by the slug of their surname (``Store.people_named``).

    A person named by surname alone in this article ("Caddell") is the one known person
    with that surname (stored, or named in full earlier in the batch), if there is exactly one;
    with two or more it stays apart. The store knows better than the small NER model, which
    often calls a lone surname an organisation."""
    merged = False
    for actor in [a for a in ex.actors if _lone_surname(a)]:
        known = people.get(slug(actor.name), [])
        if len(known) == 1 and not any(a.id == known[0].id for a in ex.actors):
            rename_actor(ex, actor.id, known[0].id, known[0].name)
            actor.kind = "person"
            actor.country = actor.country or known[0].country
            actor.role = actor.role or known[0].role
            merged = True
    return merged


def _known_to_later(people: dict[str, list], actors: list[ActorRecord]) -> None:
    """A full name is known to the articles placed after the one naming it, stored or not
    (``people`` as ``_merge_surnames`` reads it)."""
    for actor in actors:
        for key in actor_ids.surname_slugs(actor.id):
            known = people.get(key)
            if known is not None and all(k.id != actor.id for k in known):
                known.append(actor)


def _set_aside_garbage_collection() -> None:
    """What place keeps in memory (the indexes, the graph, the evidence cache) grows by millions
    of objects, none in a reference cycle, and every full pass of Python's cycle collector walks
    them all: 5% of place's time at 30,000 stored articles, growing with the store. So after
    each batch, the cycles the batch left (sessions, statements) are collected, and what
    survives is set aside (``gc.freeze``): later passes walk only what came after. An object
    set aside is still freed when its last reference goes; only a cycle through it would stay."""
    gc.collect()
    gc.freeze()


@dataclass
class FuseTask:
    story_id: str
    articles: list[ArticleView]
    started: datetime  # when its articles were read: a change after it re-dirties the story


@dataclass
class Fused:
    story_id: str
    facts: list[FusedFact] | None
    started: datetime
    actors: Counter = field(default_factory=Counter)  # articles naming each actor
    error: str | None = None


def fuse_task(task: FuseTask) -> Fused:
    """One story's fusion, wherever it runs; a failure is reported, not raised, so the other
    stories of the run still land. The story's actor counts are taken here too, from the
    articles fusion reads anyway: kept up to date by place, they cost a read of every member's
    extraction at each split or merge."""
    actors = Counter(a.id for v in task.articles for a in v.extraction.actors if not a.channel)
    try:
        facts = fuse_story(task.story_id, task.articles)
    except Exception as exc:  # noqa: BLE001 - reported, and retried by the next run
        log.debug("fusion failed for %s", task.story_id, exc_info=True)
        return Fused(task.story_id, None, task.started, error=f"{type(exc).__name__}: {exc}")
    return Fused(task.story_id, facts, task.started, actors)


class Pipeline:
    """``executor`` runs the per-article and per-story work (default: in this process); the
    caller owns it and closes it."""

    def __init__(self, store: Store, executor: Executor | None = None):
        store.claim_encoder(ENCODER)
        self.store = store
        self.executor = executor or InProcess()
        self.dedup = DedupIndex()
        self.graph = StoryGraph()
        self.cache: OrderedDict[str, Known] = OrderedDict()  # LRU of clustering evidence
        self.unstored: dict[str, Known] = {}  # placed, and not in the store yet
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="newsfuse-store")
        self.writing: tuple[list[NewArticle], Future[set[str]]] | None = None  # ``place``
        self.seq = 0  # the last stored article the indexes hold
        self._catch_up(store.links())

    def _catch_up(self, links: dict[str, dict[str, float]] | None = None) -> None:
        """Take into the indexes what was stored since they were last read, by another
        process on the same store too, so reports of one event from two ingests meet in one
        story. Articles this process stored are there already. What another process changed
        among articles known here (a story it split or merged) is not read back."""
        rows = self.store.index_rows(after=self.seq)  # streamed at start-up: the whole store
        if links is None:  # a catch-up: the few rows stored since
            rows = list(rows)
            new = [r.id for r in rows if r.id not in self.dedup.sigs]
            links = self.store.links(new) if new else {}
        for aid, sig, vector, story_id, duplicate_of, seq in rows:
            self.seq = max(self.seq, seq)
            if aid in self.dedup.sigs:
                continue
            self.dedup.add(aid, from_bytes(sig), duplicate_of)
            if duplicate_of is None:
                self.graph.load(aid, _vector(vector), story_id, links.get(aid))

    # -- ingest -------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path],
        defaults: dict | None = None,
        on_file: Callable[[str, int, int], None] | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> IngestReport:
        """Files and folders, read and cleaned a shard a task on the executor (``ingest.shards``:
        whole files, or parts of large ones), and taken in shard order."""
        parts = list(shards(paths))
        number = {path: n for n, path in enumerate(
            dict.fromkeys(p.path for p in parts if isinstance(p, Shard)), 1)}
        last = {p.path: k for k, p in enumerate(parts) if isinstance(p, Shard)}
        report = IngestReport()

        def items() -> Iterator[Article | InputError]:
            tasks = (ReadTask(p, defaults) for p in parts)
            done_all = self.executor.map(read_task, tasks)
            for k, (part, done) in enumerate(zip(parts, done_all, strict=True)):
                report.seconds["read and clean"] += done.seconds
                yield from done.items
                if on_file and isinstance(part, Shard) and last[part.path] == k:
                    on_file(str(part.path), number[part.path], len(number))

        return self._run(items(), report, on_error)

    def ingest_items(
        self,
        items: Iterable[RawArticle | InputError],
        defaults: dict | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> IngestReport:
        """The whole pipeline on articles already read (pages a feed links to), cleaned here."""
        report = IngestReport()

        def cleaned() -> Iterator[Article | InputError]:
            for item in items:
                t = time.perf_counter()
                yield item if isinstance(item, InputError) else clean_raw(item, defaults)
                report.seconds["clean"] += time.perf_counter() - t

        return self._run(cleaned(), report, on_error)

    def _run(self, items: Iterable[Article | InputError], report: IngestReport,
             on_error: Callable[[InputError], None] | None) -> IngestReport:
        seen: dict[str, str] = {}

        def fail(err: InputError) -> None:
            report.errors.append(err)
            if on_error:
                on_error(err)

        def batches() -> Iterator[list[Article]]:
            pending: list[Article] = []
            for article in items:
                if isinstance(article, InputError):
                    fail(article)
                    continue
                report.articles[article.origin] = article.id
                if article.id in seen:
                    report.notices.append(
                        f"{article.origin}: same text as {seen[article.id]}; kept once")
                    continue
                seen[article.id] = article.origin
                pending.append(article)
                if len(pending) >= BATCH:
                    yield from self._unstored(pending, report)
                    pending = []
            yield from self._unstored(pending, report)

        pending: list[Analysis] = []
        placed = time.monotonic()

        def place_pending() -> None:
            nonlocal pending, placed
            if pending:
                self._catch_up()
                self.place(pending, report)
            pending, placed = [], time.monotonic()

        for done in self.executor.map(analyse, batches()):
            report.seconds.update(done.seconds)
            for result in done.results:
                if isinstance(result, InputError):
                    fail(result)
                else:
                    pending.append(result)
            if len(pending) >= PLACE_BATCH or time.monotonic() - placed >= LINGER:
                place_pending()
        place_pending()
        self.flush(report)
        report.stories_fused = self.fuse_dirty(fail, report.seconds)
        return report

    def _unstored(self, batch: list[Article], report: IngestReport) -> Iterator[list[Article]]:
        stored = self.store.existing_ids(a.id for a in batch) if batch else set()
        report.already_stored += len(stored)
        fresh = [a for a in batch if a.id not in stored]
        if fresh:
            yield fresh

    def place(self, analyses: list[Analysis], report: IngestReport) -> None:
        """The serial stage for a batch: where each analysed article goes, in order, then one
        store write for them all. The write runs on a thread of its own while the next batch
        is placed (the database works outside the interpreter's lock, and a third of place's
        time was waiting on it); the batch after waits for it, and ``flush`` at the end."""
        t = time.perf_counter()
        people = self.store.people_named(
            actor.name for a in analyses for actor in a.extraction.actors if _lone_surname(actor))
        if self.writing is not None:  # the names of the batch still being written are known
            _known_to_later(people, [x for n in self.writing[0] for x in n.extraction.actors])
        self._known(list(self.graph.prefetch([a.vector for a in analyses])))  # one read
        new = [self._decide(a, people) for a in analyses]
        report.seconds["place"] += time.perf_counter() - t
        self.flush(report)
        self.writing = new, self.writer.submit(self.store.add_articles, new)
        _set_aside_garbage_collection()

    def flush(self, report: IngestReport) -> None:
        """Wait for the batch being written (a failed write raises here); its articles are
        then read back from the store like any other."""
        if self.writing is None:
            return
        (new, job), self.writing = self.writing, None
        t = time.perf_counter()
        stored = job.result()
        report.seconds["store"] += time.perf_counter() - t  # the wait: what the write costs place
        for n in new:
            self.unstored.pop(n.article.id, None)
            kind = n.placement.duplicate_kind
            if n.article.id not in stored:
                report.already_stored += 1
                continue
            report.added += 1
            report.near_duplicates += kind == "copy"
            report.rewrites += kind == "rewrite"
            report.translations += kind == "translation"

    def _decide(self, a: Analysis, people: dict[str, list]) -> NewArticle:
        """Where one article goes; the in-memory indexes take it at once, so the next article
        of the batch is placed against it."""
        ex, ev, article, stored_as = a.extraction, a.evidence, a.article, a.extraction_json
        if _merge_surnames(ex, people):  # the actors changed, and what clustering sees of them
            ev = evidence(article.title, article.text, article.published, ex, a.vector, a.lead)
            stored_as = None
        _known_to_later(people, ex.actors)
        new = Known.of(a, ev)
        sig = from_bytes(a.signature)
        placement = self._place(article.id, new, sig)
        self.dedup.add(article.id, sig, placement.duplicate_of)
        self._remember(article.id, new)
        self.unstored[article.id] = new
        return NewArticle(article, ex, a.signature, a.vector, a.lead, a.unit_vectors, placement,
                          stored_as, new.record())

    def _place(self, article_id: str, new: Known, sig: MinHash) -> Placement:
        """Copy, rewrite, translation, or a node of the story graph — in that order of
        precedence."""
        match = self.dedup.find(sig)
        if match is not None and match.original in self.graph.story_of:
            return Placement(self.graph.story_of[match.original], match.original, "copy")
        candidates = self.graph.candidates(new.evidence.vector)
        known = self._known(candidates)
        for c in candidates:
            other = known[c]
            cosine = float(new.evidence.vector @ other.evidence.vector)
            if is_rewrite(cosine, sig, self.dedup.sigs[c], new, other):
                return Placement(self.graph.story_of[c], c, "rewrite")
        for c in candidates:
            other = known[c]
            if new.language and other.language and new.language != other.language \
                    and told_alike(new.sentences, other.sentences):
                return Placement(self.graph.story_of[c], c, "translation")
        weights = dict(zip(candidates, link_weights(
            new.evidence, [known[c].evidence for c in candidates]), strict=True))
        r = self.graph.add(article_id, new.evidence.vector, weights)
        return Placement(r.story_id, moved=r.moved, links=r.lists, emptied=r.emptied)

    def _known(self, ids: list[str]) -> dict[str, Known]:
        """The clustering evidence of ``ids``: placed and not yet stored (the batch being placed
        and the one being written), cached, or read back from the store (which may push older
        entries, even others of ``ids``, out of a full cache)."""
        found = {i: self.unstored[i] for i in ids if i in self.unstored}
        for i in ids:
            if i in self.cache:
                self.cache.move_to_end(i)
                found[i] = self.cache[i]
        missing = [i for i in ids if i not in found]
        for row in self.store.clustering(missing) if missing else []:
            if row.clustering is not None:
                found[row.id] = _known_stored(row)
        older = [i for i in missing if i not in found]
        for row in self.store.articles(ids=older) if older else []:
            found[row.id] = _known_row(row)
        for i in missing:
            self._remember(i, found[i])
        return found

    def _remember(self, article_id: str, item: Known) -> None:
        self.cache[article_id] = item
        while len(self.cache) > KNOWN:
            self.cache.popitem(last=False)

    # -- fuse ---------------------------------------------------------------------------------

    def fuse_dirty(self, fail: Callable[[InputError], None] | None = None,
                   seconds: Counter | None = None) -> int:
        """Re-fuse every story whose articles changed; a failing story stays dirty for next time."""
        t = time.perf_counter()

        def tasks() -> Iterator[FuseTask]:
            for story_id in self.store.dirty_stories():
                started = datetime.now(UTC)
                rows = self.store.articles(story_id=story_id)
                yield FuseTask(story_id, [view(r) for r in rows], started)

        done = 0
        for fused in self.executor.map(fuse_task, tasks()):
            if fused.facts is not None:
                self.store.replace_facts(fused.story_id, fused.facts, fused.started, fused.actors)
                done += 1
            elif fail is None:
                raise RuntimeError(f"fusion failed for story {fused.story_id}: {fused.error}")
            else:
                fail(InputError(f"story {fused.story_id}", f"fusion failed ({fused.error})"))
        if seconds is not None:
            seconds["fuse"] += time.perf_counter() - t
        return done
