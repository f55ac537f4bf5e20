"""Rebuild src/newsfuse/extract/data/states.tsv from country_converter and countryinfo.

Run with the ``gazetteer`` extra installed: ``python tools/build_gazetteer.py``. The output is
committed, so newsfuse itself never needs pandas or these packages at run time. Hand-kept
additions (short forms such as "U.S.", metonyms such as "the Kremlin") live in separate files
beside it, so a rebuild never erases them.

Population is kept because several states share a demonym ("American" is also the demonym of
American Samoa and the Northern Mariana Islands): the gazetteer reads such a word as the most
populous of them, which is what news means by it far more often than not.
"""

from __future__ import annotations

import csv
from pathlib import Path

import country_converter as coco
from countryinfo import CountryInfo

OUT = Path(__file__).resolve().parents[1] / "src/newsfuse/extract/data/states.tsv"


def main() -> None:
    data = coco.CountryConverter().data
    info = {}
    for rec in CountryInfo.all().values():
        iso = (rec.get("ISO") or {}).get("alpha3")
        # Several records share an ISO code (the UK's nations): keep the sovereign state's.
        if iso and (rec.get("population") or 0) >= (info.get(iso, {}).get("population") or 0):
            info[iso] = rec
    rows = []
    for _, r in data.iterrows():
        iso3 = r["ISO3"]
        if not isinstance(iso3, str) or len(iso3) != 3:
            continue
        rec = info.get(iso3, {})
        aliases = {r["name_short"], r["name_official"], rec.get("name") or ""}
        for alt in rec.get("altSpellings") or []:
            if len(alt) > 3 and "," not in alt:
                aliases.add(alt)
        aliases = sorted(a for a in aliases if isinstance(a, str) and a and a != r["name_short"])
        demonym = rec.get("demonym") or ""
        population = str(rec.get("population") or "")
        rows.append([iso3, r["name_short"], "|".join(aliases), rec.get("capital") or "", demonym,
                     population])
    rows.sort()
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["iso3", "name", "aliases", "capital", "demonym", "population"])
        w.writerows(rows)
    print(f"wrote {len(rows)} states to {OUT}")


if __name__ == "__main__":
    main()
