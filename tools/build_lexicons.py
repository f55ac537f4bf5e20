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

Patterns that name actors or the sentence's grammar (``$`` source, ``+`` target, ``%``
compounds, ``^`` skips) keep only their words: the parse finds source and target.
"""

from __future__ import annotations

import re
import sys
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


if __name__ == "__main__":
    main()
