"""The build state beside the datasets: one entry per raw record, so a re-run reads only what changed.

`OUT_DIR/.readouts/state.parquet` holds, for every record a build has read, the file it came
from (root, path, size, mtime, sha256), the extractor version that read it, where its rows are
(the part) and the few fields the build needs to join reports across files without reading
their text again: the report id and the meeting fields of its extraction.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.steps.read import Discovery, Found, display, file_sha256, inspect
from flows.steps.rows import DRAFT_FIELDS
from schemas.arrow import SCHEMAS

FILE = Path(".readouts") / "state.parquet"
FILE_FIELDS = ("root", "file", "size", "mtime_ns", "file_sha256", "version")


def _schema() -> pa.Schema:
    meetings = SCHEMAS["meetings"]
    s, i32 = pa.string(), pa.int32()
    columns = [
        ("root", s), ("file", s), ("size", pa.int64()), ("mtime_ns", pa.int64()), ("file_sha256", s), ("version", s),
        ("source_path", s), ("raw_sha256", s), ("report_id", s), ("stage", s), ("reason", s), ("message", s),
        ("part", s), ("shadow", pa.bool_()), ("title", s), ("source_name", s), ("source_url", s), ("is_meeting_report", pa.bool_()),
        ("n_themes", i32), ("n_directives", i32), ("meeting_id", s), ("source_paths", pa.list_(s)),
        *[(f, meetings.field(f).type) for f in DRAFT_FIELDS],
        ("md_month", pa.int8()), ("md_day", pa.int8()),
    ]
    return pa.schema(columns)


SCHEMA = _schema()


class IncompatibleOutput(RuntimeError):
    """OUT_DIR holds datasets this version cannot extend."""


def load(out_dir: Path, schema_version: str) -> list[dict]:
    """The entries of the previous build, [] for a new OUT_DIR; raises IncompatibleOutput when
    the datasets there were written with other columns or without a state."""
    path = out_dir / FILE
    if not path.exists():
        if any((out_dir / name).is_dir() and any((out_dir / name).glob("*.parquet")) for name in SCHEMAS):
            raise IncompatibleOutput(f"{out_dir} holds datasets without a readouts build state (an older version "
                                     "wrote them); delete them or build into another --output folder")
        return []
    t = pq.read_table(path)
    found = (t.schema.metadata or {}).get(b"schema_version", b"").decode()
    if found != schema_version or t.schema.remove_metadata() != SCHEMA:
        raise IncompatibleOutput(f"{out_dir} was written by a readouts with other columns; build into a new "
                                 f"--output folder, or delete {out_dir} to start again")
    return t.to_pylist()


def complete(entry: dict) -> dict:
    """The entry with every column of the state, None where it has no value."""
    return {name: entry.get(name) for name in SCHEMA.names}


def save(path: Path, entries: list[dict], schema_version: str) -> None:
    columns = {f.name: [e.get(f.name) for e in entries] for f in SCHEMA}
    t = pa.Table.from_pydict(columns, schema=SCHEMA.with_metadata({"schema_version": schema_version}))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(t.sort_by([("root", "ascending"), ("file", "ascending"), ("source_path", "ascending")]),
                   path, compression="zstd")


@dataclass(frozen=True)
class Scope:
    """What one RAW_PATH covers: every file under a folder, or one file."""

    path: str
    folder: bool

    def holds(self, path: str) -> bool:
        return path == self.path or (self.folder and path.startswith(self.path.rstrip("/") + "/"))


def scope_of(given: Path) -> Scope:
    """The scope of a RAW_PATH as given on the command line."""
    path = Path(os.path.abspath(given))
    return Scope(display(str(path)), path.is_dir())


def _where(root: str, file: str) -> str:
    return f"{root.rstrip('/')}/{file}"


@dataclass
class Plan:
    """What this run must read, and what of the previous build stands."""

    todo: list[Found]
    kept: list[dict]                  # previous entries that stand as they are
    retired: list[dict]               # previous entries replaced or dropped by this run
    files: int                        # entries found under the RAW_PATHs
    hidden: int
    counts: dict[str, int] = field(default_factory=dict)  # new, changed, unchanged, reread, removed, pruned
    touched: bool = False             # an unchanged file's mtime moved: the state must be saved


def _stands(f: Found, old: list[dict], version: str) -> bool | None:
    """True when the file's entries still hold, None when they hold once the new mtime is recorded."""
    first = old[0]
    if first["version"] != version:
        return False
    if f.problem:
        return len(old) == 1 and first["reason"] == f.problem and first["message"] == f.message
    if first["stage"] == "read" and first["reason"] == "unreadable":  # a read that failed is tried again
        return False
    if first["size"] == f.size and first["mtime_ns"] == f.mtime_ns:
        return True
    if first["size"] == f.size and first["file_sha256"] and file_sha256(f.path) == first["file_sha256"]:
        return None
    return False


def plan(found: Discovery, covered: list[Scope], previous: list[dict], version: str, prune: bool) -> Plan:
    """Compare what is on disk with the previous build: new, changed and reread files are to do.

    Files are matched by where they are, so a file built under one RAW_PATH and found now under
    another that contains it (raw/2024 then raw) is checked, not taken for removed.
    """
    by_file: dict[tuple[str, str], list[dict]] = {}
    for e in previous:
        by_file.setdefault((e["root"], e["file"]), []).append(e)
    p = Plan([], [], [], len(found.found), found.hidden,
             dict.fromkeys(("new", "changed", "unchanged", "reread", "removed", "pruned"), 0))
    on_disk: dict[str, Found] = {}
    seen: set[tuple[str, str]] = set()
    for f in found.found:  # a file under two overlapping RAW_PATHs is a record under each
        key = (display(str(f.root)), f.rel)
        if key in seen:  # the same RAW_PATH given twice
            continue
        seen.add(key)
        on_disk.setdefault(_where(*key), f)
        _compare(p, f, by_file.pop(key, None), version)
    for (root, file), old in by_file.items():
        where = _where(root, file)
        if (f := on_disk.get(where)) is not None:  # found today under another RAW_PATH that contains it
            _compare(p, Found(Path(root), f.path, f.size, f.mtime_ns, f.problem, f.message), old, version)
        elif any(s.holds(where) for s in covered):
            p.counts["pruned" if prune else "removed"] += 1
            (p.retired if prune else p.kept).extend(old)
        elif old[0]["version"] != version and (again := inspect(Path(root), Path(where))).problem is None:
            p.todo.append(again)  # read by an older extractor, outside today's RAW_PATHs, still on disk
            p.retired += old
            p.counts["reread"] += 1
        else:
            p.kept += old
    return p


def _compare(p: Plan, f: Found, old: list[dict] | None, version: str) -> None:
    """File a found file under new, changed, reread or unchanged."""
    stands = _stands(f, old, version) if old else False
    if old and stands is not False:
        if stands is None:
            old = [{**e, "mtime_ns": f.mtime_ns} for e in old]
            p.touched = True
        p.kept += old
        p.counts["unchanged"] += 1
        return
    p.todo.append(f)
    p.counts["new" if not old else "changed" if old[0]["version"] == version else "reread"] += 1
    p.retired += old or []
