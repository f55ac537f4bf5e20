"""Convert the public event-coding dictionaries in ../shared/data/lexicons into package data.

    python tools/build_lexicons.py [LEXICONS]   # writes src/newsfuse/extract/data/lexicon/

PETRARCH2's CAMEO verb dictionary (MIT) groups verbs into synonym blocks. Each block has a
default CAMEO code, each verb may have its own, and each block lists patterns over the words
around the verb ("- * FIRE (TO FLAG) [140]": set fire to a flag is a protest). A pattern coded
``[---]`` says that reading is no event at all ("killed in an accident"). Nouns the patterns name
as ``&SYNSET`` come from WordNet synonym sets in the same file.

What is written, one TSV per table, so a reader can grep it and a diff shows what changed:
- ``verbs.tsv``: verb lemma, particle or preposition of a phrasal verb, block, CAMEO code;
- ``patterns.tsv``: block, words before the verb, words after it, CAMEO code;
- ``synsets.tsv``: synset name, member word;
- ``plover.tsv``: CAMEO code → PLOVER type, from the PLOVER 2021 table (CC BY-SA 4.0), in the
  type names of the PLOVER gold standard that newsfuse reports (see ``RENAMED``).

From the Phoenix actor and agent dictionaries (MIT), for ``extract/gazetteer.py``:
- ``people.tsv``: a person's names and one dated CAMEO actor code per row (``RUSGOV`` from
  2000-05-07 to 2008-05-07), so a 2001 article's "Putin" is Russia's government;
- ``organisations.tsv``: international and non-governmental organisations (the International
  file) and armed non-state groups (the MilNonState file), with their codes;
- ``state_variants.tsv``: spellings of states' names and demonyms the gazetteer lacks;
- ``agents.tsv``: one-word agent nouns and their plurals ("rebels", "police") → CAMEO sector.
Companies (``MNC``) and the country file's states, cities and bodies are left out: the states
come from the gazetteer's own tables, and the rest codes nothing an event needs.

Patterns that name actors or the sentence's grammar (``$`` source, ``+`` target, ``%``
compounds, ``^`` skips) keep only their words: the parse finds source and target.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT.parent / "shared" / "data" / "lexicons"
OUT = ROOT / "src" / "newsfuse" / "extract" / "data" / "lexicon"

# PLOVER 2021 merged and renamed types of the PLOVER 0.5 gold standard that newsfuse's event
# types follow: REQUEST was DEMAND, ACCUSE was DISAPPROVE (and INVESTIGATE, its "investigate"
# mode), and ASSAULT absorbed FIGHT, CAMEO's conventional military force (19).
RENAMED = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}

_CODE = re.compile(r"\[([^\]]*)\]")
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")


def clean_code(raw: str) -> str:
    """``193:193`` and ``:173`` are source/target-specific forms of one code; ``---`` is none."""
    parts = [p for p in raw.strip().split(":") if p.strip()]
    code = parts[0].strip() if parts else "---"
    return code if re.fullmatch(r"\d{2,4}|---", code) else "---"


def plover_table(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if not m:
            continue
        code, kind, mode = m.group(1), m.group(2), (m.group(3) or "").strip()
        if kind == "ACCUSE" and mode == "investigate":
            kind = "INVESTIGATE"
        elif kind == "ASSAULT" and code.startswith("19"):
            kind = "FIGHT"
        out.setdefault(code, RENAMED.get(kind, kind))  # "08:" appears twice; the first is CONCEDE
    # The table starts at 03. PLOVER's manual files CAMEO 02 (appeal) under REQUEST, which
    # newsfuse keeps apart from DEMAND (CAMEO 10) as its hand layer does; 01 (make a public
    # statement) is no PLOVER event.
    out.setdefault("02", "REQUEST")
    return out


def words_of(text: str) -> str:
    """A pattern's words, lower case, with its grammar marks dropped; groups keep their brackets."""
    text = re.sub(r"[$+%^]", " ", text)
    text = text.replace("_", " ")
    return " ".join(text.lower().split())


def read_cameo(path: Path):
    synsets: dict[str, list[str]] = {}
    verbs: list[tuple[str, str, str, str]] = []
    patterns: list[tuple[str, str, str, str]] = []
    section, current, block, default = None, None, None, "---"
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### SYNONYM SETS"):
            section = "synsets"
            continue
        if raw.startswith("####### VERB PATTERNS"):
            section = "verbs"
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if section == "synsets":
            if line.startswith("&"):
                current = line.strip().rstrip("_")
                synsets[current] = []
            elif line.startswith("+") and current:
                synsets[current].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
        elif section == "verbs":
            if (m := _HEADER.match(line)) is not None:
                block, default = m.group(1), clean_code(m.group(2))
            elif line.startswith("-") and block:
                m = _CODE.search(line)
                if not m or "*" not in line:
                    continue
                before, after = line[1:m.start()].split("*", 1)
                patterns.append((block, words_of(before), words_of(after), clean_code(m.group(1))))
            elif block:
                m = _CODE.search(line)
                code = clean_code(m.group(1)) if m else default
                head = re.sub(r"\{[^}]*\}", " ", line[: m.start()] if m else line).split()
                if not head:
                    continue
                form = head[0].lstrip("+").lower()
                parts = [p for p in form.split("_") if p]
                if not parts or len(parts) > 2 or {"and", "or"} & set(parts):
                    continue  # "kidnapped_and_killed" is two events, not one verb
                verbs.append((parts[0], parts[1] if len(parts) > 1 else "", block, code))
    return synsets, verbs, patterns


_ACTOR_CODE = re.compile(r"\[([A-Z]{3,}|~[A-Z]+)\s*([<>]?\d{6,8}(?:-\d{6,8})?)?\s*\]")


def actor_name(raw: str) -> str:
    """``VLADIMIR_V._PUTIN_`` → ``Vladimir V. Putin``: the dictionaries are upper case, and
    matching is case-folded anyway, so the title case only serves the reader."""
    words = raw.strip().strip("_+").replace("_", " ").split()
    return " ".join(w if re.fullmatch(r"[A-Z]{2,4}\.?|[A-Z](\.[A-Z])+\.?", w) and len(words) == 1
                    else w.capitalize() if "-" not in w
                    else "-".join(p.capitalize() for p in w.split("-")) for w in words)


def actor_date(text: str) -> str | None:
    """``000507`` or ``20000507`` → ``2000-05-07``. Two-digit years run from 1931 to 2030, as
    in TABARI; a malformed date drops its code rather than guessing."""
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    if len(text) != 8:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return None


@dataclass
class ActorEntry:
    names: list[str]
    codes: list[tuple[str, str, str]]  # (code, from, to), ISO dates, empty = open


def read_actors(path: Path) -> list[ActorEntry]:
    """Entries of a Phoenix actor file. A root line starts an entry, ``+`` lines add aliases,
    codes follow on the root line or on indented lines, optionally dated (``a-b``, ``>a`` from,
    ``<b`` until). A root with no code of its own shares the codes that follow it (TABARI's
    synonym roots); a blank line ends that sharing."""
    entries: list[ActorEntry] = []
    pending: list[str] = []  # names still waiting for a code
    current: ActorEntry | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            pending, current = [], None
            continue
        codes = []
        for m in _ACTOR_CODE.finditer(line):
            code, span = m.group(1), m.group(2) or ""
            start = end = ""
            if span.startswith(">"):
                start = actor_date(span[1:]) or "?"
            elif span.startswith("<"):
                end = actor_date(span[1:]) or "?"
            elif "-" in span:
                a, b = span.split("-")
                start, end = actor_date(a) or "?", actor_date(b) or "?"
            if "?" not in (start, end):
                codes.append((code, start, end))
        name = _ACTOR_CODE.sub(" ", line).strip()
        name = re.sub(r"\{[^}]*\}", " ", name).strip()
        if line[0] in " \t":
            if current is None and pending:
                current = ActorEntry(pending, [])
                entries.append(current)
                pending = []
            if current is not None:
                current.codes += codes
            continue
        if line.startswith("+"):
            (current.names if current is not None else pending).append(name)
            continue
        if current is not None and not current.codes:
            current.names.append(name)  # another root before any code: a synonym root
            continue
        current = None
        if codes:
            current = ActorEntry([*pending, name], codes)
            entries.append(current)
            pending = []
        else:
            pending = [*pending, name] if pending else [name]
    return [e for e in entries if e.codes and e.names]


def actor_rows(entries: list[ActorEntry], kinds: set[str], dated_people: bool):
    """People (entries with a dated code) as one row per code, and organisations (entries whose
    codes are all undated) as one row; ``kinds`` are the first three letters kept."""
    people, orgs = [], []
    for e in entries:
        names = list(dict.fromkeys(actor_name(n) for n in e.names if actor_name(n)))
        if not names:
            continue
        aliases = "|".join(names[1:])
        codes = [c for c in e.codes if not c[0].startswith("~")]
        if dated_people and any(start or end for _, start, end in codes):
            people += [(names[0], aliases, code, start, end) for code, start, end in codes]
        elif codes and codes[0][0][:3] in kinds:
            orgs.append((names[0], aliases, codes[0][0]))
    return people, orgs


def state_variants(entries: list[ActorEntry], states_tsv: Path) -> list[tuple[str, str, str]]:
    """Spellings of a state's name or demonym the country dictionary lists and the gazetteer
    lacks ("Ethopia", "Afganistan"): news copy misspells, and the dictionary collected what it
    met. Only close variants (difflib ratio ≥ 0.85 against the name, an alias or the demonym)
    are kept: the same blocks list cities, mountains and slogans, which are other things."""
    rows = list(csv.DictReader(states_tsv.open(encoding="utf-8"), delimiter="\t"))
    known = {r["iso3"]: r for r in rows}
    taken = {s.lower() for r in rows for s in [r["name"], r["demonym"], *r["aliases"].split("|")] if s}
    out = set()
    for e in entries:
        code = e.codes[0][0]
        if len(code) != 3 or code not in known:
            continue
        r = known[code]
        targets = [("name", t) for t in [r["name"], *filter(None, r["aliases"].split("|"))]]
        targets += [("demonym", d) for d in r["demonym"].split(",") if d]
        for raw in e.names:
            variant = actor_name(raw)
            if len(variant) < 5 or variant.lower() in taken:
                continue
            how, best = max(((h, SequenceMatcher(None, variant.lower(), t.lower()).ratio())
                             for h, t in targets), key=lambda x: x[1])
            if best >= 0.85:
                out.add((code, variant, how))
    return sorted(out)


def read_agents(path: Path) -> list[tuple[str, str]]:
    """One-word agent nouns and their listed plurals → sector (``~GOVMED`` counts as GOV)."""
    out = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z][A-Z'-]*)_?\s*(?:\{([^}]*)\})?\s*\[~([A-Z]{3})", line)
        if not m:
            continue
        for form in [m.group(1), *(m.group(2) or "").split()]:
            form = form.strip("_")
            if form and "_" not in form and "!" not in form:
                out.append((form.lower(), m.group(3)))
    return sorted(set(out))


def write(path: Path, header: str, rows) -> None:
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else LEXICONS
    OUT.mkdir(parents=True, exist_ok=True)
    synsets, verbs, patterns = read_cameo(src / "CAMEO.2.0.txt")
    plover = plover_table(src / "CAMEO2PLOVER-2021.txt")
    mit = "# Derived from PETRARCH2's CAMEO.2.0.txt (Open Event Data Alliance, MIT: LICENSES/PETRARCH2)\n"
    write(OUT / "verbs.tsv", mit + "# lemma\tparticle\tblock\tcameo\n", sorted(set(verbs)))
    write(OUT / "patterns.tsv", mit + "# block\tbefore\tafter\tcameo\n", patterns)
    write(OUT / "synsets.tsv", mit + "# synset\tword\n",
          sorted({(k, w) for k, ws in synsets.items() for w in ws}))
    write(OUT / "plover.tsv",
          "# Derived from PLOVER's CAMEO2PLOVER-2021.txt (Open Event Data Alliance), CC BY-SA 4.0:\n"
          "# this table keeps that licence. Types renamed to PLOVER 0.5's (tools/build_lexicons.py).\n"
          "# cameo\tplover\n", sorted(plover.items()))
    print(f"wrote {OUT.relative_to(ROOT)}: {len(verbs)} verbs, {len(patterns)} patterns, "
          f"{sum(map(len, synsets.values()))} synset words, {len(plover)} CAMEO codes")
    people, orgs = [], []
    for name, kinds in (("Countries", set()), ("International", {"IGO", "NGO"}),
                        ("MilNonState", None)):
        entries = read_actors(src / f"Phoenix.{name}.actors.txt")
        if kinds is None:  # every armed group, whatever its country
            kinds = {e.codes[0][0][:3] for e in entries}
        p, o = actor_rows(entries, kinds, dated_people=name != "MilNonState")
        people += p
        orgs += o
    write(OUT / "people.tsv", "# Derived from PETRARCH2's Phoenix actor dictionaries (Open Event Data "
          "Alliance, MIT: LICENSES/PETRARCH2)\n# name\taliases\tcameo\tfrom\tto\n", people)
    write(OUT / "organisations.tsv", "# Derived from PETRARCH2's Phoenix International and "
          "MilNonState dictionaries (MIT: LICENSES/PETRARCH2)\n# name\taliases\tcameo\n", orgs)
    variants = state_variants(read_actors(src / "Phoenix.Countries.actors.txt"),
                              OUT.parent / "states.tsv")
    write(OUT / "state_variants.tsv", "# Derived from PETRARCH2's Phoenix.Countries.actors.txt "
          "(MIT: LICENSES/PETRARCH2)\n# iso3\tspelling\tname or demonym\n", variants)
    agents = read_agents(src / "Phoenix.agents.txt")
    write(OUT / "agents.tsv", "# Derived from PETRARCH2's Phoenix.agents.txt (MIT: "
          "LICENSES/PETRARCH2)\n# word\tsector\n", agents)
    print(f"{len(people)} dated codes of people, {len(orgs)} organisations and armed groups, "
          f"{len(agents)} agent words, {len(variants)} spellings of states")


if __name__ == "__main__":
    main()
