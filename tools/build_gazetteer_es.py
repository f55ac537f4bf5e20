"""Rebuild src/newsfuse/extract/data/states.es.tsv: each state's Spanish name, from the Unicode
CLDR (through Babel), with the Spanish name countryinfo gives as an alias where it differs.

Run with the ``gazetteer`` extra installed: ``python tools/build_gazetteer_es.py``. CLDR keys
territories by ISO 3166 alpha-2; country_converter maps them to the alpha-3 codes the gazetteer
uses. Spanish demonyms and capitals are not in CLDR: they are hand-kept in state_aliases.es.tsv.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import country_converter as coco
from babel import Locale
from countryinfo import CountryInfo

DATA = Path(__file__).resolve().parents[1] / "src/newsfuse/extract/data"


def main() -> None:
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    states = {row["iso3"] for row in csv.DictReader((DATA / "states.tsv").open(encoding="utf-8"),
                                                    delimiter="\t")}
    translated = {}
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha3")
        name = (rec.get("translations") or {}).get("es")
        if iso and name:
            translated.setdefault(iso, name)
    territories = Locale("es").territories
    alpha2 = [code for code in territories if len(code) == 2 and code.isalpha()]
    alpha3 = coco.convert(alpha2, src="ISO2", to="ISO3", not_found=None)
    rows = []
    for two, three in zip(alpha2, alpha3, strict=True):
        if three not in states:
            continue
        name = territories[two]
        aliases = [translated[three]] if translated.get(three, name) != name else []
        rows.append([three, name, "|".join(aliases)])
    rows.sort()
    with (DATA / "states.es.tsv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["iso3", "name", "aliases"])
        w.writerows(rows)
    print(f"wrote {len(rows)} Spanish state names")


if __name__ == "__main__":
    main()
