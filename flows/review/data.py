"""The datasets of an OUT_DIR read for the review site: meetings, reports, themes, directives, rejects."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

DATASETS = ("reports", "meetings", "themes", "directives", "rejects")


class NotABuild(ValueError):
    """OUT_DIR holds no datasets readouts wrote."""


@dataclass
class Build:
    meetings: list[dict]
    reports: dict[str, dict]            # report_id → row
    themes: dict[str, list[dict]] = field(default_factory=dict)       # report_id → its themes
    directives: dict[str, list[dict]] = field(default_factory=dict)   # report_id → its directives, in order
    rejects: list[dict] = field(default_factory=list)


def _rows(out_dir: Path, name: str, columns: list[str] | None = None) -> list[dict]:
    return ds.dataset(str(out_dir / name), format="parquet").to_table(columns=columns).to_pylist()


def load(out_dir: Path) -> Build:
    """Every dataset of a build, grouped by report; NotABuild when a dataset folder is missing."""
    missing = [name for name in DATASETS if not (out_dir / name).is_dir()]
    if missing:
        raise NotABuild(f"{out_dir} holds no readouts datasets ({', '.join(missing)} missing); "
                        "run `readouts build RAW --output OUT_DIR` first")
    themes: dict[str, list[dict]] = defaultdict(list)
    for row in _rows(out_dir, "themes"):
        themes[row["report_id"]].append(row)
    directives: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(_rows(out_dir, "directives"), key=lambda r: (r["report_id"], r["start"])):
        directives[row["report_id"]].append(row)
    meetings = sorted(_rows(out_dir, "meetings"), key=lambda m: (str(m["meeting_date"] or ""), m["meeting_id"]),
                      reverse=True)
    reports = {r["report_id"]: r for r in _rows(out_dir, "reports")}
    rejects = sorted(_rows(out_dir, "rejects"), key=lambda r: r["source_path"])
    return Build(meetings, reports, dict(themes), dict(directives), rejects)
