"""The whole pipeline for one `ingest`: read → clean → extract → embed → dedup → cluster → store,
then fuse every story that changed.

Articles are committed one at a time, each with its story update, so a crash loses at most the
article in flight; stories are marked dirty on change and re-fused at the end of every run, so a
re-run after a crash finishes the fusion the crashed run never reached.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from datasketch import MinHash

from .clean import clean
from .cluster import Evidence, StoryGraph, article_vectors, evidence, link_weight
from .dedup import DedupIndex, from_bytes, is_rewrite, minhash, quotation_words, to_bytes
from .extract import extract_articles
from .fuse import ArticleView, embedded_texts, fuse_story
from .ingest import InputError, iter_files, read_path
from .models import Article, Extraction, RawArticle, rename_actor
from .nlp import EMBED_DIM, embed
from .store import ArticleRow, Placement, Store

log = logging.getLogger(__name__)
BATCH = 16
KNOWN = 50_000  # stored articles whose clustering evidence is kept in memory


@dataclass
class IngestReport:
    added: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    rewrites: int = 0
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stories_fused: int = 0
    articles: dict[str, str] = field(default_factory=dict)  # input origin -> article id


@dataclass
class Known:
    """A stored article as the duplicate and story checks see it."""

    evidence: Evidence
    quotes: list[frozenset[str]]


def _quotes(ex: Extraction) -> list[frozenset[str]]:
    return quotation_words(q.content for q in ex.quotes if q.direct)


def _vector(data: bytes | None) -> np.ndarray | None:
    return None if data is None else np.frombuffer(data, dtype=np.float32).copy()


def _known_row(row: ArticleRow) -> Known:
    ex = Extraction.from_json(row.extraction)
    vector = _vector(row.embedding)
    lead = _vector(row.lead_embedding)
    ev = evidence(row.title, row.text, row.published, ex, vector, vector if lead is None else lead)
    return Known(ev, _quotes(ex))


def view(row: ArticleRow) -> ArticleView:
    vecs = np.frombuffer(row.unit_vectors, dtype=np.float16).astype(np.float32).reshape(-1, EMBED_DIM)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return ArticleView(
        id=row.id, source_id=row.source_id, outlet=row.outlet, text=row.text,
        extraction=Extraction.from_json(row.extraction), unit_vectors=vecs / np.maximum(norms, 1e-9),
        duplicate_of=row.duplicate_of,
        outlet_known=(row.meta or {}).get("outlet_from") != "footer",
    )


class Pipeline:
    def __init__(self, store: Store):
        self.store = store
        self.dedup = DedupIndex()
        self.graph = StoryGraph()
        self.cache: OrderedDict[str, Known] = OrderedDict()  # LRU of clustering evidence
        links = store.links()
        for aid, sig, vector, story_id, duplicate_of in store.index_rows():
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
        files = list(iter_files(paths))

        def items() -> Iterator[RawArticle | InputError]:
            for n, f in enumerate(files, 1):
                if isinstance(f, InputError):
                    yield f
                    continue
                yield from read_path(f)
                if on_file:
                    on_file(str(f), n, len(files))

        return self.ingest_items(items(), defaults, on_error)

    def ingest_items(
        self,
        items: Iterable[RawArticle | InputError],
        defaults: dict | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> IngestReport:
        """The whole pipeline on articles already read (files, or pages a feed links to)."""
        report = IngestReport()
        pending: list[Article] = []
        seen: dict[str, str] = {}

        def fail(err: InputError) -> None:
            report.errors.append(err)
            if on_error:
                on_error(err)

        for item in items:
            if isinstance(item, InputError):
                fail(item)
                continue
            article = self._clean(item, defaults, fail)
            if article is None:
                continue
            report.articles[article.origin] = article.id
            if article.id in seen:
                report.notices.append(
                    f"{article.origin}: same text as {seen[article.id]}; kept once")
                continue
            seen[article.id] = article.origin
            pending.append(article)
            if len(pending) >= BATCH:
                self._process(pending, report, fail)
                pending = []
        if pending:
            self._process(pending, report, fail)
        report.stories_fused = self.fuse_dirty(fail)
        return report

    def _clean(self, raw: RawArticle, defaults: dict | None, fail) -> Article | None:
        for key, value in (defaults or {}).items():
            if value is not None and getattr(raw, key) is None:
                setattr(raw, key, value)
        try:
            return clean(raw)
        except InputError as err:
            fail(err)
        except Exception as exc:  # noqa: BLE001 - a cleaning bug costs this input, not the batch
            fail(InputError(raw.origin, f"cleaning failed ({type(exc).__name__}: {exc})"))
        return None

    def _process(self, batch: list[Article], report: IngestReport, fail) -> None:
        stored = self.store.existing_ids(a.id for a in batch)
        report.already_stored += sum(a.id in stored for a in batch)
        batch = [a for a in batch if a.id not in stored]
        if not batch:
            return
        try:
            extractions = extract_articles(batch)
        except Exception:  # one pathological text must not sink its batch-mates
            log.debug("batch extraction failed, retrying one by one", exc_info=True)
            extractions = []
            for a in batch:
                try:
                    extractions.extend(extract_articles([a]))
                except Exception as one:  # noqa: BLE001 - reported per input
                    fail(InputError(a.origin, f"extraction failed ({type(one).__name__}: {one})"))
                    extractions.append(None)
        for article, ex in zip(batch, extractions, strict=True):
            if ex is None:
                continue
            self._store_one(article, ex, report)

    def _merge_surnames(self, ex: Extraction) -> None:
        """A person named by surname alone in this article ("Caddell") is the one stored person
        with that surname, if there is exactly one; with two or more it stays apart. The small
        NER model often calls a lone surname an organisation: the store knows better."""
        lone = [a for a in ex.actors if len(a.name.split()) == 1 and (
            a.kind == "person" or a.kind == "organisation" and not a.sector and not a.channel)]
        for actor in lone:
            known = self.store.people_named(actor.name)
            if len(known) == 1 and not any(a.id == known[0].id for a in ex.actors):
                rename_actor(ex, actor.id, known[0].id, known[0].name)
                actor.kind = "person"
                actor.country = actor.country or known[0].country
                actor.role = actor.role or known[0].role

    def _store_one(self, article: Article, ex: Extraction, report: IngestReport) -> None:
        self._merge_surnames(ex)
        vector, lead = article_vectors(article.title, article.text)
        texts = embedded_texts(ex, article.text)
        unit_vecs = embed(texts) if texts else np.zeros((0, vector.shape[0]), dtype=np.float32)
        sig = minhash(article.text)
        new = Known(evidence(article.title, article.text, article.published, ex, vector, lead),
                    _quotes(ex))
        place = self._place(article.id, new, sig)
        if self.store.add_article(article, ex, to_bytes(sig), vector, lead, unit_vecs, place):
            report.added += 1
            report.near_duplicates += place.duplicate_kind == "copy"
            report.rewrites += place.duplicate_kind == "rewrite"
        else:
            report.already_stored += 1
        self.dedup.add(article.id, sig, place.duplicate_of)
        self._remember(article.id, new)

    def _place(self, article_id: str, new: Known, sig: MinHash) -> Placement:
        """Copy, rewrite, or a node of the story graph — in that order of precedence."""
        match = self.dedup.find(sig)
        if match is not None and match.original in self.graph.story_of:
            return Placement(self.graph.story_of[match.original], match.original, "copy")
        candidates = self.graph.candidates(new.evidence.vector)
        known = self._known(candidates)
        for c in candidates:
            other = known[c]
            cosine = float(new.evidence.vector @ other.evidence.vector)
            if is_rewrite(cosine, sig.jaccard(self.dedup.sigs[c]), new.quotes, other.quotes):
                return Placement(self.graph.story_of[c], c, "rewrite")
        weights = {c: link_weight(new.evidence, known[c].evidence) for c in candidates}
        r = self.graph.add(article_id, new.evidence.vector, weights)
        return Placement(r.story_id, moved=r.moved, links=r.lists, emptied=r.emptied)

    def _known(self, ids: list[str]) -> dict[str, Known]:
        missing = [i for i in ids if i not in self.cache]
        for row in self.store.articles(ids=missing) if missing else []:
            self._remember(row.id, _known_row(row))
        for i in ids:
            self.cache.move_to_end(i)
        return {i: self.cache[i] for i in ids}

    def _remember(self, article_id: str, item: Known) -> None:
        self.cache[article_id] = item
        while len(self.cache) > KNOWN:
            self.cache.popitem(last=False)

    # -- fuse ---------------------------------------------------------------------------------

    def fuse_dirty(self, fail: Callable[[InputError], None] | None = None) -> int:
        """Re-fuse every story whose articles changed; a failing story stays dirty for next time."""
        ids = self.store.dirty_stories()
        done = 0
        for story_id in ids:
            started = datetime.now(UTC)
            try:
                arts = [view(r) for r in self.store.articles(story_id=story_id)]
                self.store.replace_facts(story_id, fuse_story(story_id, arts), started)
                done += 1
            except Exception as exc:  # reported, and retried by the next run
                log.debug("fusion failed for %s", story_id, exc_info=True)
                if fail is None:
                    raise
                fail(InputError(f"story {story_id}", f"fusion failed ({type(exc).__name__}: {exc})"))
        return done
