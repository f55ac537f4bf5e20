"""Feed state: the feeds `watch` follows and the entries it has taken, kept in the store so a
killed `watch` resumes where it stopped and `newsfuse feeds` can say how each feed is doing."""

from __future__ import annotations

from sqlalchemy import delete, select

from . import Store, _now
from .schema import FeedEntryRow, FeedRow


class FeedState:
    def __init__(self, store: Store):
        self.store = store

    def add(self, url: str) -> bool:
        """Follow ``url``; False if it was followed already."""
        with self.store.session() as s:
            if s.get(FeedRow, url) is not None:
                return False
            s.add(FeedRow(url=url, added_at=_now(), failures=0))
            return True

    def remove(self, url: str) -> bool:
        with self.store.session() as s:
            gone = s.execute(delete(FeedRow).where(FeedRow.url == url)).rowcount
            s.execute(delete(FeedEntryRow).where(FeedEntryRow.feed_url == url))
            return bool(gone)

    def feeds(self) -> list[FeedRow]:
        with self.store.Session() as s:
            return list(s.scalars(select(FeedRow).order_by(FeedRow.added_at, FeedRow.url)))

    def feed(self, url: str) -> FeedRow | None:
        with self.store.Session() as s:
            return s.get(FeedRow, url)

    def polled(self, url: str, *, error: str | None = None, title: str | None = None,
               etag: str | None = None, last_modified: str | None = None,
               unchanged: bool = False) -> None:
        """What one poll of ``url`` left: new validators on success (kept as they were on a
        304), the error and one more failure otherwise."""
        now = _now()
        with self.store.session() as s:
            row = s.get(FeedRow, url)
            if row is None:
                row = FeedRow(url=url, added_at=now, failures=0)
                s.add(row)
            row.last_poll = now
            if error is not None:
                row.failures = (row.failures or 0) + 1
                row.last_error = error
                return
            row.failures, row.last_error, row.last_ok = 0, None, now
            row.title = title or row.title
            if not unchanged:
                row.etag, row.last_modified = etag, last_modified

    def entry(self, url: str, key: str) -> FeedEntryRow | None:
        with self.store.Session() as s:
            return s.get(FeedEntryRow, (url, key))

    def stand_ins(self, url: str) -> list[FeedEntryRow]:
        """Entries stored from the feed's own text whose page is still to be had."""
        with self.store.Session() as s:
            q = select(FeedEntryRow).where(FeedEntryRow.feed_url == url,
                                           FeedEntryRow.source == "feed")
            return list(s.scalars(q))

    def taken(self, url: str, key: str, link: str | None, article_id: str | None,
              source: str) -> None:
        with self.store.session() as s:
            row = s.get(FeedEntryRow, (url, key))
            if row is None:
                s.add(FeedEntryRow(feed_url=url, key=key, link=link, article_id=article_id,
                                   source=source, tries=1, seen_at=_now()))
            else:
                row.tries += 1
                row.source = source
                row.article_id = article_id or row.article_id
