"""Typed records passed between pipeline stages.

Each stage takes one of these and returns the next, so a reader can follow an article from the
file it came from to the fused facts it supports. Offsets are always character offsets into
``Article.text``, the stored text; nothing downstream points into the raw input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson


@dataclass
class RawArticle:
    """What a reader found, before boilerplate is removed.

    ``body_is_clean`` is set by readers whose extractor already removed page chrome (HTML via
    trafilatura); plain text still carries captions, credits and footers for ``clean`` to strip.
    """

    text: str
    origin: str  # "path" or "path:line", used in every error and log line
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None
    language: str | None = None
    source_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    title_in_text: bool = True  # plain text: the first line may be a title


@dataclass
class Article:
    """A cleaned article as stored; ``id`` is derived from the normalised text."""

    id: str
    text: str
    origin: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None
    language: str | None = None
    source_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ActorRecord:
    id: str
    name: str
    kind: str  # person | organisation | state | place | group
    code: str | None = None  # ISO 3166 alpha-3 for states
    country: str | None = None  # ISO-3 of the country a person/organisation belongs to
    role: str | None = None
    sector: str | None = None  # CAMEO actor type: GOV, MIL, PTY, MED, IGO, ...
    category: str | None = None  # readable kind of organisation: party, military, media, ...
    channel: bool = False  # news agencies and outlets carry statements; they are not actors
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class QuoteRecord:
    speaker: str | None
    speaker_actor: str | None
    cue: str | None
    content: str
    start: int
    end: int
    direct: bool
    channel: str | None = None
    sentence: list[int] | None = None  # [start, end] of the sentence holding the quote
    # ``speaker`` is the mention as written ("he", "the spokesperson", "Dmitry Peskov");
    # ``speaker_name`` is the actor it resolves to, and the offsets point at the mention.
    speaker_name: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    # The quoted stretches of the content: both halves of a quotation split around its cue
    # ("…," he said, "…"), or the quotations inside a paraphrase. None: no verbatim words.
    parts: list[list[int]] | None = None

    @property
    def verbatim(self) -> bool:
        return self.direct or bool(self.parts)


@dataclass
class FigureRecord:
    value: float
    qualifier: str | None
    unit: str | None
    text: str
    start: int
    end: int
    sentence: list[int] | None = None


@dataclass
class DateRecord:
    text: str
    value: str | None
    start: int
    end: int
    granularity: str | None = None  # day | week | month | year


@dataclass
class EventParty:
    name: str | None
    code: str | None  # ISO-3 (";"-joined for several), IGO or NGO
    actor: str | None = None
    sector: str | None = None  # CAMEO actor type of the first actor: GOV, MIL, REB, ...


@dataclass
class EventRecord:
    type: str  # PLOVER
    cameo: str | None
    source: EventParty
    target: EventParty
    start: int
    end: int
    verb: str = ""
    objects: list[str] = field(default_factory=list)  # what was asked for, struck, signed
    mode: str | None = None  # None, "negated", "hypothetical", "planned", "uncertain"
    sentence: list[int] | None = None
    location: str | None = None  # where the sentence says it happened
    date: str | None = None  # ISO date (or the date's text) the sentence gives


@dataclass
class ActionRecord:
    """A word that says what happened; ``key`` is the verb it is (or derives from)."""

    key: str
    start: int
    end: int


@dataclass
class ClaimRecord:
    """What one statement unit says happened (``extract.claims``); ``start``/``end`` are the
    unit's, so a claim's evidence is its clause."""

    start: int
    end: int
    unit: int = 0  # index of the statement unit it is read from (a unit may state several)
    happening: str | None = None  # the predicate's action key ("send", "talk", "united")
    predicate: list[int] | None = None  # [start, end] of the predicate word
    content: list[int] | None = None  # [start, end] of what was said, without who said it
    agent: EventParty | None = None
    patient: EventParty | None = None
    recipient: EventParty | None = None
    place: str | None = None
    attribution: EventParty | None = None  # who the article reports as saying it
    cue: str | None = None  # "say", "tell", "according to"
    factuality: str = "asserted"  # see ``extract.factuality.FACTUALITY``


_CLAIM_PARTIES = ("agent", "patient", "recipient", "attribution")


@dataclass
class Extraction:
    actors: list[ActorRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    units: list[list[int]] = field(default_factory=list)  # statement spans (clauses) for fusion
    actions: list[ActionRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)  # one per unit, in unit order
    # An article in another language: each unit's English gloss, which fusion reads its words
    # from (the claims' ``happening`` keys are English lemmas already). Empty for English.
    unit_glosses: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Extraction:
        events = []
        for e in data.get("events", []):
            e = dict(e)
            e["source"] = EventParty(**e["source"])
            e["target"] = EventParty(**e["target"])
            events.append(EventRecord(**e))
        return cls(
            actors=[ActorRecord(**a) for a in data.get("actors", [])],
            quotes=[QuoteRecord(**q) for q in data.get("quotes", [])],
            figures=[FigureRecord(**f) for f in data.get("figures", [])],
            dates=[DateRecord(**d) for d in data.get("dates", [])],
            events=events,
            units=[list(u) for u in data.get("units", [])],
            actions=[ActionRecord(**a) for a in data.get("actions", [])],
            claims=[_claim(c) for c in data.get("claims", [])],
            unit_glosses=list(data.get("unit_glosses", [])),
        )


def _claim(data: dict[str, Any]) -> ClaimRecord:
    data = dict(data)
    for role in _CLAIM_PARTIES:
        if data.get(role):
            data[role] = EventParty(**data[role])
    return ClaimRecord(**data)


@dataclass
class FactSource:
    article_id: str
    source_id: str | None
    outlet: str | None
    start: int
    end: int
    text: str
    # This source's reading of the claim, for side-by-side display: happening, participants,
    # qualifiers, attribution, factuality, and the quote, figures and event of its sentence.
    claim: dict[str, Any] | None = None


@dataclass
class FusedFact:
    story_id: str
    fact_id: str
    label: str  # corroborated | single_source | conflicting
    kind: str  # quote | figure | event | statement
    summary: str
    sources: list[FactSource]
    outlets: int = 0
    conflict: dict[str, Any] | None = None
    flags: list[str] = field(default_factory=list)  # e.g. "wording_differs"
    factuality: str = "asserted"
    claim: dict[str, Any] | None = None  # {happening, participants, qualifiers, attribution}
    articles: int = 0  # articles stating it; ``outlets`` counts their distinct outlets


def rename_actor(ex: Extraction, old: str, new: str, name: str) -> None:
    """Point every reference to actor ``old`` in an extraction at actor ``new``."""
    for actor in ex.actors:
        if actor.id == old:
            actor.id, actor.name = new, name
    for quote in ex.quotes:
        if quote.speaker_actor == old:
            quote.speaker_actor, quote.speaker_name = new, name
    parties = [p for e in ex.events for p in (e.source, e.target)]
    parties += [p for c in ex.claims for p in (getattr(c, r) for r in _CLAIM_PARTIES) if p]
    for party in parties:
        if party.actor == old:
            party.actor = new


class JSONText(str):
    """A record already written as JSON, where time is cheap (analyse runs on the workers,
    place runs once, in order): the store writes it as it is."""


def json_text(obj: Any) -> JSONText:
    """What the store's JSON columns hold for ``obj``: records and plain values alike. orjson,
    not the standard library: the writer thread's JSON (an article's clustering evidence is a
    few hundred floats) ran under the interpreter lock that the serial stage waits on, at a
    twelfth of the speed. Dataclasses are written field by field; floats shortest-exact, so
    they read back as they were; what orjson cannot write raises a ``TypeError``."""
    if isinstance(obj, JSONText):
        return obj
    return JSONText(orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode())
