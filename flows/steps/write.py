"""Rows to Parquet: one directory per dataset, swapped in whole so a crash leaves the old datasets intact."""
from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from schemas.arrow import SCHEMAS

KEYS = {"reports": "report_id", "meetings": "meeting_id", "themes": "theme_id",
        "directives": "directive_id", "rejects": "source_path"}


class IncompatibleOutput(RuntimeError):
    """OUT_DIR holds datasets this version cannot extend."""


def read_existing(out_dir: Path, name: str) -> list[dict]:
    """Rows a previous run wrote, or [] when there are none."""
    path = out_dir / name
    if not path.is_dir() or not any(path.glob("*.parquet")):
        return []
    table = ds.dataset(str(path), format="parquet").to_table()
    if table.schema.names != SCHEMAS[name].names:
        raise IncompatibleOutput(
            f"{path} was written with other columns than this version writes; "
            f"build into a new --output folder, or delete {path.parent} to start again")
    return table.to_pylist()


def merge_previous(out_dir: Path, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Keep what a previous run wrote for reports this run did not see; this run's rows win."""
    old_reports = read_existing(out_dir, "reports")
    seen_paths = {p for r in rows["reports"] for p in r["source_paths"]} | {r["source_path"] for r in rows["rejects"]}
    kept_ids = {r["report_id"] for r in old_reports
                if r["report_id"] not in {x["report_id"] for x in rows["reports"]}
                and not set(r["source_paths"]) & seen_paths}
    if not kept_ids:
        merged = dict(rows)
        merged["rejects"] = rows["rejects"] + [r for r in read_existing(out_dir, "rejects") if r["source_path"] not in seen_paths]
        return merged
    merged = {name: list(v) for name, v in rows.items()}
    merged["reports"] += [r for r in old_reports if r["report_id"] in kept_ids]
    for name in ("themes", "directives"):
        merged[name] += [r for r in read_existing(out_dir, name) if r["report_id"] in kept_ids]
    by_id = {m["meeting_id"]: m for m in merged["meetings"]}
    for m in read_existing(out_dir, "meetings"):
        old_ids = [rid for rid in m["report_ids"] if rid in kept_ids]
        if not old_ids:
            continue
        if m["meeting_id"] in by_id:
            by_id[m["meeting_id"]]["report_ids"] += [r for r in old_ids if r not in by_id[m["meeting_id"]]["report_ids"]]
        else:
            merged["meetings"].append({**m, "report_ids": old_ids})
    merged["rejects"] += [r for r in read_existing(out_dir, "rejects") if r["source_path"] not in seen_paths]
    return merged


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    rows = sorted(rows, key=lambda r: (str(r.get(KEYS[name])), str(r.get("seq", ""))))
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)


def write(out_dir: Path, rows: dict[str, list[dict]]) -> dict[str, int]:
    """Write every dataset as OUT_DIR/<name>/part-0.parquet; returns rows written per dataset."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".staging-{uuid.uuid4().hex[:8]}"
    counts: dict[str, int] = {}
    try:
        for name in SCHEMAS:
            table = _table(name, rows.get(name, []))
            (staging / name).mkdir(parents=True)
            pq.write_table(table, staging / name / "part-0.parquet", compression="zstd")
            counts[name] = table.num_rows
        for name in SCHEMAS:  # the swap: each dataset replaced by one rename
            target, old = out_dir / name, out_dir / f".old-{name}-{uuid.uuid4().hex[:8]}"
            if target.exists():
                target.rename(old)
            (staging / name).rename(target)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
