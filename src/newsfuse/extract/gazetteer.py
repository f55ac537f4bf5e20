"""The shipped gazetteer: states, capitals, demonyms, metonyms, channels, roles, people, IGOs.

All of it is plain data under ``extract/data`` so users can read and extend it; this module only
loads it into lookup tables, once per process.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from ..keys import fold


@dataclass(frozen=True)
class StateHit:
    code: str
    how: str  # name | capital | demonym | metonym
    sector: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Office:
    """One row of people.tsv: a person's country and an office held between two dates."""

    name: str
    country: str | None  # None for officials of international organisations
    role: str | None
    start: date | None
    end: date | None

    def covers(self, when: date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass
class Gazetteer:
    names: dict[str, str]  # ISO3 -> short name
    surfaces: dict[str, StateHit]  # exact surface (case kept) -> hit
    folded: dict[str, StateHit]  # folded surface -> hit, for entity texts
    channels: set[str]  # folded names of news outlets and agencies
    roles: set[str]
    role_modifiers: set[str]
    cues: set[str]
    event_verbs: dict[str, tuple[str, str]]
    event_nouns: dict[str, tuple[str, str, str | None]]  # noun -> (plover, cameo, undone as)
    party_sectors: dict[str, str]  # word describing an event party -> CAMEO sector
    light_verbs: frozenset[str]  # verbs that never key a statement in fusion
    people: dict[str, list[Office]]  # folded name or alias -> offices, most specific first
    person_surfaces: set[str]  # names and aliases as written
    org_sectors: list[tuple[re.Pattern, str, str]]  # (word in name, sector, kind)
    igos: dict[str, tuple[str, str]]  # folded name or alias -> (code, name)
    role_abbreviations: dict[str, str]  # "gov." -> "governor"

    def state(self, text: str) -> StateHit | None:
        t = text.strip()
        t = re.sub(r"^(?:the)\s+", "", t, flags=re.I)
        t = re.sub(r"(?:'s|’s|')$", "", t)
        return self.surfaces.get(t) or self.folded.get(fold(t))

    def person(self, name: str, when: date | None) -> Office | None:
        """The office ``name`` held on ``when`` (or now); a country-only row if none matches."""
        offices = self.people.get(fold(name), [])
        return next((o for o in offices if o.role and o.covers(when)), None) or \
            next((o for o in offices if not o.role), None) or \
            (Office(offices[0].name, offices[0].country, None, None, None) if offices else None)

    def org_sector(self, name: str) -> tuple[str, str] | None:
        folded = fold(name)
        return next(((sector, kind) for pattern, sector, kind in self.org_sectors
                     if pattern.search(folded)), None)

    def igo(self, text: str) -> tuple[str, str] | None:
        """An international organisation, or a body of one ("CIS Executive Committee")."""
        words = fold(re.sub(r"^the\s+", "", text.strip(), flags=re.I)).split()
        return next((self.igos[" ".join(words[:n])] for n in range(len(words), 0, -1)
                     if " ".join(words[:n]) in self.igos), None)

    def is_channel(self, text: str) -> bool:
        t = fold(text)
        return t in self.channels or re.sub(r"^the ", "", t) in self.channels


def data_lines(name: str) -> list[str]:
    text = resources.files("newsfuse.extract").joinpath("data", name).read_text("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def data_tsv(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in data_lines(name)]


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _people() -> tuple[dict[str, list[Office]], set[str]]:
    people: dict[str, list[Office]] = {}
    surfaces: set[str] = set()
    for row in data_tsv("people.tsv"):
        name, aliases, country, role, start, end = (row + [""] * 6)[:6]
        office = Office(name, country or None, role.strip() or None, _date(start), _date(end))
        names = [name, *(a for a in aliases.split("|") if a.strip())]
        surfaces.update(names)
        for key in {fold(n) for n in names}:
            people.setdefault(key, []).append(office)
    return people, surfaces


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    names: dict[str, str] = {}
    surfaces: dict[str, StateHit] = {}
    path = resources.files("newsfuse.extract").joinpath("data", "states.tsv")
    with path.open("r", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    # A surface several states share ("American", "Dominican", "Congolese") names the most
    # populous of them: news means the United States by "American", not American Samoa.
    rows.sort(key=lambda row: -int(row["population"] or 0))
    for row in rows:
        code = row["iso3"]
        names[code] = row["name"]
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            surfaces.setdefault(alias, StateHit(code, "name"))
        if row["capital"]:
            surfaces.setdefault(row["capital"], StateHit(code, "capital"))
        if row["demonym"]:
            surfaces.setdefault(row["demonym"], StateHit(code, "demonym"))
    for code, surface, how in data_tsv("state_aliases.tsv"):
        surfaces[surface] = StateHit(code, how)
    for surface, code, sector, label in data_tsv("metonyms.tsv"):
        surfaces[surface] = StateHit(code, "metonym", sector, label)
    folded = {fold(s): h for s, h in surfaces.items() if len(s) > 3 or h.how == "metonym"}
    people, person_surfaces = _people()
    return Gazetteer(
        names=names,
        surfaces=surfaces,
        folded=folded,
        channels={fold(c) for c in data_lines("channels.txt")},
        roles={r.strip().lower() for r in data_lines("roles.txt")},
        role_modifiers={r.strip().lower() for r in data_lines("role_modifiers.txt")},
        cues={c.strip() for c in data_lines("cues.txt")},
        event_verbs={r[0]: (r[1], r[2]) for r in data_tsv("event_verbs.tsv")},
        event_nouns={r[0]: (r[1], r[2], r[3] if len(r) > 3 else None)
                     for r in data_tsv("event_nouns.tsv")},
        party_sectors={r[0]: r[1] for r in data_tsv("party_sectors.tsv")},
        light_verbs=frozenset(v.strip() for v in data_lines("light_verbs.txt")),
        role_abbreviations=dict(r[:2] for r in data_tsv("role_abbreviations.tsv")),
        people=people,
        person_surfaces=person_surfaces,
        org_sectors=[(re.compile(rf"\b{re.escape(w)}\b"), sector, kind)
                     for w, sector, kind in data_tsv("org_sectors.tsv")],
        igos={fold(alias): (code, name) for name, aliases, code in data_tsv("igos.tsv")
              for alias in [name, *filter(None, aliases.split("|"))]},
    )
