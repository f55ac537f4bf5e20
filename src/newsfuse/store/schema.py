"""Tables. Extraction results live as JSON on the article row: they are always read whole, with
the article, and exported in exactly that shape; actors and fused facts get tables of their own
because they are queried across articles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # hash of the normalised text
    source_id: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    story_id: Mapped[str | None] = mapped_column(String(40), index=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(32), index=True)
    duplicate_kind: Mapped[str | None] = mapped_column(String(16))  # copy | rewrite | translation | feed
    extraction: Mapped[dict] = mapped_column(JSON)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    embedding: Mapped[bytes] = mapped_column(LargeBinary)  # float32, unit-normalised
    lead_embedding: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32, title + opening
    unit_vectors: Mapped[bytes] = mapped_column(LargeBinary)  # float16: units, then direct quotes
    # What place compares (``pipeline.Known.record``); none before revision 0009.
    clustering: Mapped[dict | None] = mapped_column(JSON)
    seq: Mapped[int] = mapped_column(Integer, index=True)  # arrival order, for stable listings
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    centroid: Mapped[bytes] = mapped_column(LargeBinary)  # float32 sum of member embeddings
    size: Mapped[int] = mapped_column(Integer, default=0)
    # actor id -> articles naming it, as of the story's last fusion (``replace_facts``)
    actors: Mapped[dict] = mapped_column(JSON, default=dict)
    dirty: Mapped[bool] = mapped_column(Boolean, default=True, index=True)  # facts need re-fusing
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LinkRow(Base):
    """One article's links to its nearest articles in the story graph (see cluster/graph.py)."""

    __tablename__ = "links"

    article_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    neighbour_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float] = mapped_column(Float)


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str | None] = mapped_column(String(3))
    country: Mapped[str | None] = mapped_column(String(3))
    role: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[bool] = mapped_column(Boolean, default=False)


class SurnameRow(Base):
    """A person under each surname their id answers to (``actor_ids.surname_slugs``), so a
    lone surname finds its people by index: matching it against every person's id cost a scan
    of all of them per batch, growing with the store."""

    __tablename__ = "surnames"

    surname: Mapped[str] = mapped_column(String(200), primary_key=True)
    actor_id: Mapped[str] = mapped_column(String(200), primary_key=True)


class FactRow(Base):
    __tablename__ = "facts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON)
    outlets: Mapped[int] = mapped_column(Integer, default=0)
    conflict: Mapped[dict | None] = mapped_column(JSON)
    flags: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    factuality: Mapped[str] = mapped_column(String(16), default="asserted",
                                            server_default="asserted")
    claim: Mapped[dict | None] = mapped_column(JSON)
    articles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FeedRow(Base):
    """A feed `newsfuse watch` follows, and what its last polls left: the validators for the
    next conditional GET, and how it has been failing, for `newsfuse feeds`."""

    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_ok: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedEntryRow(Base):
    """An entry seen in a feed, by GUID (else link), so a later poll takes new entries only.
    ``source`` says where its stored text came from: the page, or the feed itself standing in
    for a page that could not be had (then ``tries`` counts the attempts, and the page is tried
    again on later polls)."""

    __tablename__ = "feed_entries"

    feed_url: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    link: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(8))  # page | feed
    tries: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SettingRow(Base):
    """A fact about the whole store, such as the encoder that wrote its vectors."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
