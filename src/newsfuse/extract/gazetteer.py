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
    """A person's country and an office held between two dates: a row of the hand-kept
    people.tsv (with a role), or a dated CAMEO code of the Phoenix dictionaries (with a sector:
    ``RUSGOV`` is Russia's government)."""

    name: str
    country: str | None  # None for officials of international organisations
    role: str | None
    start: date | None
    end: date | None
    sector: str | None = None  # CAMEO actor type: GOV, ELI, MIL, IGO, ...

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, when: date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Body:
    """An organisation or armed group of the dictionaries: Amnesty International is NGO, the
    Abu Nidal Organization an international militarised group (IMG), Corsican separatists
    France's rebels (FRA, REB)."""

    name: str
    code: str | None  # NGO, IMG, ... for bodies of no state
    country: str | None
    sector: str | None


@dataclass
class Gazetteer:
    names: dict[str, str]  # ISO3 -> short name
    surfaces: dict[str, StateHit]  # exact surface (case kept) -> hit
    folded: dict[str, StateHit]  # folded surface -> hit, for entity texts
    spanish: dict[str, StateHit]  # the same for Spanish text, read before the English ones
    spanish_folded: dict[str, StateHit]
    channels: set[str]  # folded names of news outlets and agencies
    roles: set[str]
    role_modifiers: set[str]
    cues: set[str]  # reporting verbs' lemmas, English and Spanish
    core_cues: set[str]  # those that report speech whatever their complement
    event_verbs: dict[str, tuple[str, str]]
    event_nouns: dict[str, tuple[str, str, str | None]]  # noun -> (plover, cameo, undone as)
    party_sectors: dict[str, str]  # word describing an event party -> CAMEO sector
    light_verbs: frozenset[str]  # verbs that never key a statement in fusion
    people: dict[str, list[Office]]  # folded name or alias -> offices, most specific first
    surnames: dict[str, list[Office]]  # folded surname -> dated dictionary offices
    person_surfaces: set[str]  # names and aliases as written
    given_names: frozenset[str]  # first words of the people files' full names ("Carolina")
    family_names: frozenset[str]  # and their last words ("Vidal")
    org_sectors: list[tuple[re.Pattern, str, str]]  # (word in name, sector, kind)
    igos: dict[str, tuple[str, str]]  # folded name or alias -> (code, name)
    role_abbreviations: dict[str, str]  # "gov." -> "governor"
    bodies: dict[str, Body]  # folded name or alias -> NGO or armed group

    def state(self, text: str, language: str = "en") -> StateHit | None:
        t = text.strip()
        if language == "es":
            t = re.sub(r"^(?:el|la|los|las)\s+", "", t, flags=re.I)
            hit = self.spanish.get(t) or self.spanish.get(t.lower()) \
                or self.spanish_folded.get(fold(t))
            if hit:
                return hit
        t = re.sub(r"^(?:the)\s+", "", t, flags=re.I)
        t = re.sub(r"(?:'s|’s|')$", "", t)
        return self.surfaces.get(t) or self.folded.get(fold(t))

    def person(self, name: str, when: date | None) -> Office | None:
        """The office ``name`` held on ``when`` (or now).

        In order: a hand-kept office, a dated dictionary code, a hand-kept country-only row, the
        dictionary's undated default, any row's country. The hand layer comes first because the
        dictionaries end around 2016 and people change office; a dated code comes before an
        undated one because the undated one is the dictionary's "otherwise".
        """
        key = fold(name)
        offices = self.people.get(key, [])
        dated = [o for o in offices if o.dated]
        found = next((o for o in offices if o.role and o.covers(when)), None) or \
            next((o for o in dated if o.sector and o.covers(when)), None)
        if found:
            return found
        held = self._holder(key, when) if " " not in key else None
        if held is not None and (not offices or held.name == offices[0].name):
            return held
        # The dictionary's undated default ("otherwise a notable", ELI) says something only
        # against a known day; without one the person keeps their country alone.
        return next((o for o in offices if not o.role and not o.sector), None) or \
            next((o for o in offices if o.sector and not o.dated and when is not None), None) or \
            (Office(offices[0].name, offices[0].country, None, None, None) if offices else None)

    def _holder(self, surname: str, when: date | None) -> Office | None:
        """The one person of this surname in the dictionaries with a code on that day, those in
        office (any sector but ELI, CAMEO's notables out of office) before the rest."""
        held = [o for o in self.surnames.get(surname, []) if o.covers(when)]
        for group in ([o for o in held if o.sector != "ELI"], held):
            if len({o.name for o in group}) == 1:
                return group[0]
        return None

    def org_sector(self, name: str) -> tuple[str, str] | None:
        folded = fold(name)
        return next(((sector, kind) for pattern, sector, kind in self.org_sectors
                     if pattern.search(folded)), None)

    def igo(self, text: str) -> tuple[str, str] | None:
        """An international organisation, or a body of one ("CIS Executive Committee")."""
        words = fold(re.sub(r"^the\s+", "", text.strip(), flags=re.I)).split()
        return next((self.igos[" ".join(words[:n])] for n in range(len(words), 0, -1)
                     if " ".join(words[:n]) in self.igos), None)

    def body(self, text: str) -> Body | None:
        return self.bodies.get(fold(re.sub(r"^the\s+", "", text.strip(), flags=re.I)))

    def is_channel(self, text: str) -> bool:
        t = fold(text)
        return t in self.channels or re.sub(r"^the ", "", t) in self.channels


def data_lines(name: str) -> list[str]:
    text = resources.files("newsfuse.extract").joinpath("data", name).read_text("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def data_tsv(name: str) -> list[list[str]]:
    return [ln.split("\t") for ln in data_lines(name)]


def _spanish(surfaces: dict[str, StateHit]) -> dict[str, StateHit]:
    """Spanish state names (CLDR), capitals, demonyms and metonyms. They are read for Spanish
    text only: "Roma", Rome in Spanish, is the Romani people in English."""
    spanish: dict[str, StateHit] = {}
    for code, name, aliases in data_tsv("states.es.tsv")[1:]:
        for alias in _names(name, aliases):
            spanish.setdefault(alias, StateHit(code, "name"))
    for code, surface, how in data_tsv("state_aliases.es.tsv"):
        for form in spanish_inflections(surface) if how == "demonym" else [surface]:
            spanish[form] = StateHit(code, how)
    for surface, english in data_tsv("metonyms.es.tsv"):
        spanish[surface] = surfaces[english]
    return spanish


def spanish_inflections(adjective: str) -> list[str]:
    """A Spanish demonym's four forms from its masculine singular: venezolano → venezolana,
    venezolanos, venezolanas; francés → francesa, franceses; estadounidense → estadounidenses;
    iraní → iraníes."""
    plain = adjective.translate(str.maketrans("áéíóú", "aeiou"))
    if adjective.endswith("o"):
        stem = adjective[:-1]
        return [adjective, stem + "a", stem + "os", stem + "as"]
    if adjective.endswith(("e", "a")):
        return [adjective, adjective + "s"]
    if adjective.endswith(("í", "ú")):
        return [adjective, adjective + "es"]
    # Consonant endings lose a final stressed accent when a syllable is added (francés →
    # franceses); an unstressed one stays (no such demonym ends in one).
    stem = plain if adjective[-2:-1] in "áéíóú" and adjective[-1] in "ns" else adjective
    return [adjective, stem + "a", stem + "es", stem + "as"]


def _names(name: str, aliases: str) -> list[str]:
    """A name and its aliases, as the data files write them ("Vladimir Putin", "Putin|V. Putin")."""
    return [name, *filter(None, aliases.split("|"))]


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


# CAMEO codes whose first three letters are a kind of body, not a state.
NONSTATE = {"IGO", "NGO", "IMG", "MNC", "UIS", "INT"}


def cameo_actor(code: str, states: dict[str, str]) -> tuple[str | None, str | None]:
    """``RUSGOV`` → (RUS, GOV); ``IGOUNO`` → (None, IGO); ``USAELI`` → (USA, ELI)."""
    head, rest = code[:3], code[3:6]
    if head in NONSTATE:
        return None, head
    return (head if head in states else None), rest or None


def _name_words(states: dict[str, StateHit]) -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last words of the full names in the people files, tens of thousands of
    office holders worldwide, less any word that names a state or capital."""
    first: set[str] = set()
    last: set[str] = set()
    for row in data_tsv("people.tsv") + data_tsv("lexicon/people.tsv"):
        words = row[0].split()
        if len(words) < 2:
            continue
        for word, names in ((words[0], first), (words[-1], last)):
            if word.isalpha() and word[0].isupper() and len(word) > 2 and word not in states:
                names.add(word)
    return frozenset(first), frozenset(last)


def _people(states: dict[str, str]) -> tuple[dict[str, list[Office]], dict[str, list[Office]],
                                             set[str]]:
    people: dict[str, list[Office]] = {}
    surfaces: set[str] = set()
    for row in data_tsv("people.tsv"):
        name, aliases, country, role, start, end = (row + [""] * 6)[:6]
        office = Office(name, country or None, role.strip() or None, _date(start), _date(end))
        names = [name, *(a for a in aliases.split("|") if a.strip())]
        surfaces.update(names)
        for key in {fold(n) for n in names}:
            people.setdefault(key, []).append(office)
    hand = {key: offices[0].name for key, offices in people.items()}
    # The dictionaries' people, after the hand layer; a name the hand layer knows keeps the
    # hand spelling. Full names key every office. A surname alone ("Bush", from "President
    # Bush" once the title is stripped, as the text side strips it) keys only dated offices,
    # and ``person`` takes it only when one person held such an office on the day: the date
    # tells the two Presidents Bush apart, and a surname nobody held office under is no one.
    lone: dict[str, list[Office]] = {}
    for name, aliases, code, start, end in data_tsv("lexicon/people.tsv"):
        keys = {fold(n) for n in _names(name, aliases)}
        canonical = next((hand[k] for k in keys if k in hand), name)
        country, sector = cameo_actor(code, states)
        office = Office(canonical, country, None, _date(start), _date(end), sector)
        for key in keys:
            if " " in key:
                people.setdefault(key, []).append(office)
        if office.dated:
            for key in {k.rsplit(" ", 1)[-1] for k in keys}:
                lone.setdefault(key, []).append(office)
    for offices in people.values():
        offices.sort(key=lambda o: o.sector is not None and not o.dated)
    return people, lone, surfaces


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    cue_rows = data_tsv("cues.txt") + data_tsv("cues.es.txt")
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
        for alias in _names(row["name"], row["aliases"]):
            surfaces.setdefault(alias, StateHit(code, "name"))
        if row["capital"]:
            surfaces.setdefault(row["capital"], StateHit(code, "capital"))
        if row["demonym"]:
            surfaces.setdefault(row["demonym"], StateHit(code, "demonym"))
    for code, surface, how in data_tsv("state_aliases.tsv"):
        surfaces[surface] = StateHit(code, how)
    # The country dictionary's spellings ("Ethopia") come last: they never displace a name.
    for code, surface, how in data_tsv("lexicon/state_variants.tsv"):
        surfaces.setdefault(surface, StateHit(code, how))
    for surface, code, sector, label in data_tsv("metonyms.tsv"):
        surfaces[surface] = StateHit(code, "metonym", sector, label)
    folded = {fold(s): h for s, h in surfaces.items() if len(s) > 3 or h.how == "metonym"}
    spanish = _spanish(surfaces)
    given_names, family_names = _name_words(surfaces)
    people, surnames, person_surfaces = _people(names)
    igos = {fold(alias): (code, name) for name, aliases, code in data_tsv("igos.tsv")
            for alias in _names(name, aliases)}
    organisations = data_tsv("lexicon/organisations.tsv")
    return Gazetteer(
        names=names,
        surfaces=surfaces,
        folded=folded,
        spanish=spanish,
        spanish_folded={fold(s): h for s, h in spanish.items() if len(s) > 3},
        channels={fold(c) for c in data_lines("channels.txt")},
        roles={r.strip().lower() for r in data_lines("roles.txt")},
        role_modifiers={r.strip().lower() for r in data_lines("role_modifiers.txt")},
        cues={r[0].strip() for r in cue_rows},
        core_cues={r[0].strip() for r in cue_rows if r[1:] == ["core"]},
        event_verbs={r[0]: (r[1], r[2]) for r in data_tsv("event_verbs.tsv")},
        event_nouns={r[0]: (r[1], r[2], r[3] if len(r) > 3 else None)
                     for r in data_tsv("event_nouns.tsv")},
        # Hand-kept words first; the dictionary's agent nouns fill in the rest.
        party_sectors={**dict(data_tsv("lexicon/agents.tsv")),
                       **{r[0]: r[1] for r in data_tsv("party_sectors.tsv")}},
        light_verbs=frozenset(v.strip() for v in data_lines("light_verbs.txt")),
        role_abbreviations=dict(r[:2] for r in data_tsv("role_abbreviations.tsv")),
        people=people,
        surnames=surnames,
        person_surfaces=person_surfaces,
        given_names=given_names,
        family_names=family_names,
        org_sectors=[(re.compile(rf"\b{re.escape(w)}\b"), sector, kind)
                     for w, sector, kind in data_tsv("org_sectors.tsv")],
        igos={**_dictionary_igos(organisations, igos), **igos},
        bodies=_dictionary_bodies(organisations, names),
    )


def _dictionary_igos(rows: list[list[str]],
                     hand: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The dictionaries' international organisations, keyed like the hand-kept ones. A body the
    hand layer names too ("United Nations", CAMEO IGOUNO) keeps the hand code, so one
    organisation never gets two ids; its sub-bodies keep their CAMEO codes."""
    igos = [(name, _names(name, aliases), code[3:] or code)
            for name, aliases, code in rows if code[:3] == "IGO"]
    to_hand = {code: hand[fold(a)][0] for _, names, code in igos for a in names if fold(a) in hand}
    return {fold(a): (to_hand.get(code, code), name) for name, names, code in igos for a in names}


def _dictionary_bodies(rows: list[list[str]], states: dict[str, str]) -> dict[str, Body]:
    """Non-governmental organisations and armed groups of the dictionaries, by folded alias."""
    out: dict[str, Body] = {}
    for name, aliases, code in rows:
        if code[:3] == "IGO":
            continue
        country, sector = cameo_actor(code, states)
        body = Body(name, code[:3] if code[:3] in NONSTATE else None, country, sector)
        for alias in _names(name, aliases):
            out.setdefault(fold(alias), body)
    return out
