"""Following feeds: poll, take new entries, fetch their pages, run them through the pipeline.

A poll sends the validators the last one got (ETag, Last-Modified), so an unchanged feed costs
one short answer. An entry is known by its GUID, else its link, and is taken once: the store
remembers it, so a killed `watch` resumes without duplicates (and an article is keyed by its
text, so one taken twice is still stored once). Each new entry's page is fetched and extracted
with trafilatura; when the page cannot be had, the feed's own content or summary stands in,
marked as such (``meta.text_from: feed``), and the page is tried again on later polls. When it
arrives, the stand-in becomes a copy of it and stops counting as a source.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import feedparser

from ..ingest.errors import InputError
from ..ingest.feed import entry_article
from ..ingest.html import html_to_raw
from ..models import RawArticle
from ..pipeline import Pipeline
from ..store.feeds import FeedState
from .http import FetchError, PoliteClient

log = logging.getLogger(__name__)


@dataclass
class PollReport:
    feed: str
    entries: int = 0  # in the feed
    new: int = 0  # taken this poll
    pages: int = 0  # stored from their page
    stand_ins: int = 0  # stored from the feed's own text
    unchanged: bool = False  # the server answered 304
    error: str | None = None  # the feed itself could not be read
    errors: list[InputError] = field(default_factory=list)  # entries that failed


@dataclass
class _Taken:
    key: str
    link: str | None
    raw: RawArticle
    source: str  # page | feed
    replaces: str | None = None  # the stand-in article a page now replaces


class Follower:
    def __init__(self, pipeline: Pipeline, client: PoliteClient | None = None,
                 on_error: Callable[[InputError], None] | None = None):
        self.pipeline = pipeline
        self.state = FeedState(pipeline.store)
        self.client = client or PoliteClient()
        self.on_error = on_error

    def _fail(self, report: PollReport, origin: str, message: str) -> None:
        err = InputError(origin, message)
        report.errors.append(err)
        if self.on_error:
            self.on_error(err)

    def poll(self, url: str) -> PollReport:
        report = PollReport(url)
        row = self.state.feed(url)
        headers = {}
        if row is not None and row.etag:
            headers["If-None-Match"] = row.etag
        if row is not None and row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        try:
            res = self.client.fetch(url, url, headers=headers)
        except FetchError as exc:
            report.error = str(exc)
            self.state.polled(url, error=report.error)
            return report
        taken: list[_Taken] = []
        if res.status == 304:
            report.unchanged = True
            self.state.polled(url, unchanged=True)
        else:
            parsed = feedparser.parse(res.body)
            if not parsed.entries and parsed.get("bozo"):
                why = parsed.get("bozo_exception")
                report.error = f"{url}: not an RSS or Atom feed ({why})"
                self.state.polled(url, error=report.error)
                return report
            report.entries = len(parsed.entries)
            title = parsed.feed.get("title") or None
            for i, entry in enumerate(parsed.entries, 1):
                item = self._entry(url, title, parsed.feed.get("language"), i, entry, report)
                if item is not None:
                    taken.append(item)
            self.state.polled(url, title=title, etag=res.headers.get("etag"),
                              last_modified=res.headers.get("last-modified"))
        taken += self._retry_stand_ins(url, {t.key for t in taken})
        self._store(url, taken, report)
        return report

    def _entry(self, url: str, outlet: str | None, language: str | None, i: int, entry,
               report: PollReport) -> _Taken | None:
        key = entry.get("id") or entry.get("link")
        if not key:
            self._fail(report, f"{url}#entry{i}", "feed entry has neither a GUID nor a link")
            return None
        if self.state.entry(url, key) is not None:
            return None  # taken on an earlier poll (a stand-in is retried apart)
        link = entry.get("link") or None
        raw = self._page(url, link, report) if link else None
        if raw is not None:
            return _Taken(key, link, raw, "page")
        try:
            raw = entry_article(entry, f"{url}#{key}", outlet, language)
        except InputError as exc:
            self._fail(report, exc.origin, exc.message)
            return None
        raw.meta = {**(raw.meta or {}), "text_from": "feed"}
        return _Taken(key, link, raw, "feed")

    def _fetch_page(self, feed: str, link: str) -> RawArticle:
        """The page ``link`` (found through ``feed``) as an article; raises FetchError or
        InputError."""
        return html_to_raw(self.client.fetch(link, feed).body, link, url=link)

    def _page(self, feed: str, link: str, report: PollReport) -> RawArticle | None:
        """The entry's page as an article, or None (and one line saying why) to fall back on
        the feed's own text."""
        try:
            return self._fetch_page(feed, link)
        except (FetchError, InputError) as exc:
            message = str(exc) if isinstance(exc, FetchError) else exc.message
            self._fail(report, link, f"page not fetched, the feed's text stands in ({message})")
            return None

    def _retry_stand_ins(self, url: str, fresh: set[str]) -> list[_Taken]:
        out = []
        for row in self.state.stand_ins(url):
            if row.key in fresh or not row.link:
                continue
            try:
                raw = self._fetch_page(url, row.link)
            except (FetchError, InputError):
                self.state.taken(url, row.key, row.link, None, "feed")  # one more try
                continue
            out.append(_Taken(row.key, row.link, raw, "page", replaces=row.article_id))
        return out

    def _store(self, url: str, taken: list[_Taken], report: PollReport) -> None:
        if not taken:
            return
        result = self.pipeline.ingest_items([t.raw for t in taken], on_error=self.on_error)
        report.errors += result.errors
        for t in taken:
            article_id = result.articles.get(t.raw.origin)
            if article_id is None:
                continue  # failed in the pipeline: not taken, so the next poll tries again
            if t.replaces:
                self.pipeline.store.supersede(t.replaces, article_id)
            self.state.taken(url, t.key, t.link, article_id, t.source)
            report.new += t.replaces is None
            report.pages += t.source == "page"
            report.stand_ins += t.source == "feed"
        if any(t.replaces for t in taken):
            self.pipeline.fuse_dirty(lambda err: report.errors.append(err))
