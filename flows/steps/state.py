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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
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
        ("n_themes", i32), ("n_directives", i32), ("meeting_id", s), ("own_meeting_id", s), ("source_paths", pa.list_(s)),
        *[(f, meetings.field(f).type) for f in DRAFT_FIELDS],
        ("md_month", pa.int8()), ("md_day", pa.int8()), ("lead_key", s), ("text_keys", s),
    ]
    return pa.schema(columns)


SCHEMA = _schema()
# What a build holds in memory of each entry: enough to compare files, join reports and patch
# parts. The rest (headlines, meeting details, hashes, messages) stays in the files and streams.
INDEX = ["root", "file", "size", "mtime_ns", "version", "stage", "reason", "source_path", "report_id", "part",
         "shadow", "meeting_id", "own_meeting_id", "source_paths", "meeting_type", "organization",
         "meeting_date", "end_date", "term", "session", "md_month", "md_day", "lead_key", "text_keys", "is_meeting_report", "n_themes", "n_directives"]
INDEX_SCHEMA = pa.schema([SCHEMA.field(name) for name in INDEX])


class IncompatibleOutput(RuntimeError):
    """OUT_DIR holds datasets this version cannot extend."""


def load(out_dir: Path, schema_version: str) -> pa.Table:
    """The index of the previous build's entries (INDEX columns), an empty table for a new OUT_DIR;
    raises IncompatibleOutput when the datasets there were written with other columns or without
    a state."""
    path = out_dir / FILE
    if not path.exists():
        if any((out_dir / name).is_dir() and any((out_dir / name).glob("*.parquet")) for name in SCHEMAS):
            raise IncompatibleOutput(f"{out_dir} holds datasets without a readouts build state (an older version "
                                     "wrote them); delete them or build into another --output folder")
        return INDEX_SCHEMA.empty_table()
    schema = pq.read_schema(path)
    found = (schema.metadata or {}).get(b"schema_version", b"").decode()
    if found != schema_version or not set(schema.names) <= set(SCHEMA.names):
        raise IncompatibleOutput(f"{out_dir} was written by a readouts with other columns; build into a new "
                                 f"--output folder, or delete {out_dir} to start again")
    table = pq.read_table(path, columns=[n for n in INDEX if n in schema.names]).replace_schema_metadata(None)
    if schema.remove_metadata() == SCHEMA:
        return table
    # an older readouts kept less of each file: every file is read again to learn the rest
    table = upgraded(table, INDEX_SCHEMA)
    return table.set_column(table.schema.get_field_index("version"), "version", pa.nulls(table.num_rows, pa.string()))


def upgraded(table: pa.Table, schema: pa.Schema = SCHEMA) -> pa.Table:
    """A table of an older state with the columns it lacks added empty, in the schema's order."""
    for f in schema:
        if f.name not in table.schema.names:
            table = table.append_column(f, pa.nulls(table.num_rows, f.type))
    return table.select(schema.names).cast(schema)


def complete(entry: dict) -> dict:
    """The entry with every column of the state, None where it has no value."""
    return {name: entry.get(name) for name in SCHEMA.names}


def table(entries: list[dict]) -> pa.Table:
    """Entries (dicts) as a state table."""
    return pa.Table.from_pylist([complete(e) for e in entries], schema=SCHEMA)


def ordered(entries: pa.Table) -> pa.Table:
    """The entries in the order the state is saved: by file, then record."""
    return entries.sort_by([("root", "ascending"), ("file", "ascending"), ("source_path", "ascending")])


def save(path: Path, entries: pa.Table, schema_version: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(entries.replace_schema_metadata({"schema_version": schema_version}), path, compression="zstd")


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
    kept: pa.Table                    # index of the previous entries that stand (mtimes as found today)
    retired: pa.Table                 # index of the previous entries this run replaces or drops
    keep: np.ndarray                  # bool over the previous state's rows: which are kept
    files: int                        # entries found under the RAW_PATHs
    hidden: int
    counts: dict[str, int] = field(default_factory=dict)  # new, changed, unchanged, reread, removed, pruned
    touched: bool = False             # a kept file's mtime moved (its bytes did not): the state must record it


class Previous:
    """The previous entries indexed by file, with the fields a comparison needs as arrays, not a
    dict per record: what 100,000 files need without a gigabyte."""

    def __init__(self, entries: pa.Table, path: Path | None = None):
        self.table, self.path = entries, path  # path: the state file, for the columns not in the index
        self.touched = False
        # rows by file, without a sorted copy of the table: positions in `order` are contiguous
        self.order = pc.sort_indices(entries, [("root", "ascending"), ("file", "ascending")]).to_numpy().astype(np.int64)
        self.rows: dict[tuple[str, str], tuple[int, int]] = {}  # file → (first position in order, rows)
        keys = entries.select(["root", "file"]).take(self.order)
        for i, key in enumerate(zip(keys["root"].to_pylist(), keys["file"].to_pylist())):
            start, n = self.rows.get(key, (i, 0))
            self.rows[key] = (start, n + 1)
        self.size = entries["size"].fill_null(-1).to_numpy()
        self.mtime = entries["mtime_ns"].fill_null(-1).to_numpy().copy()
        self.keep = np.zeros(entries.num_rows, dtype=bool)
        self.retire = np.zeros(entries.num_rows, dtype=bool)
        self._codes = {}
        for name in ("version", "stage", "reason"):  # few distinct values: numbers into a short list
            encoded = pc.dictionary_encode(entries[name]).combine_chunks()
            self._codes[name] = (encoded.indices.fill_null(-1).to_numpy(), encoded.dictionary.to_pylist() + [None])

    def first(self, key: tuple[str, str]) -> int:
        """The table row of the file's first entry."""
        return int(self.order[self.rows[key][0]])

    def value(self, name: str, row: int):
        """One field of one table row, without turning the column into Python objects; a column
        the index leaves out (message, file_sha256) is read from the state file the first time."""
        if name in self._codes:
            codes, values = self._codes[name]
            return values[codes[row]]
        if name not in self.table.column_names:
            self.table = self.table.append_column(name, pq.read_table(self.path, columns=[name])[name])
        return self.table[name][row].as_py()

    def mark(self, key: tuple[str, str], keep: bool, mtime: int | None = None) -> None:
        start, n = self.rows[key]
        rows = self.order[start:start + n]
        (self.keep if keep else self.retire)[rows] = True
        if mtime is not None:
            self.mtime[rows] = mtime
            self.touched = True

    def split(self) -> tuple[pa.Table, pa.Table]:
        """(kept, retired) index entries, kept ones with the mtimes recorded today."""
        mtime = pa.array(self.mtime, pa.int64(), mask=self.mtime == -1)
        table = self.table.select(INDEX)
        table = table.set_column(table.schema.get_field_index("mtime_ns"), "mtime_ns", mtime)
        return table.filter(pa.array(self.keep)), table.filter(pa.array(self.retire))


def _stands(f: Found, prev: Previous, key: tuple[str, str], version: str) -> bool | None:
    """True when the file's entries still hold, None when they hold once the new mtime is recorded."""
    row, n = prev.first(key), prev.rows[key][1]
    if prev.value("version", row) != version:
        return False
    if f.problem:
        return n == 1 and prev.value("reason", row) == f.problem and prev.value("message", row) == f.message
    if prev.value("stage", row) == "read" and prev.value("reason", row) == "unreadable":  # tried again
        return False
    if prev.size[row] == f.size and prev.mtime[row] == f.mtime_ns:
        return True
    if prev.size[row] == f.size and (sha := prev.value("file_sha256", row)) and file_sha256(f.path) == sha:
        return None
    return False


def plan(found: Discovery, covered: list[Scope], previous: pa.Table, version: str, prune: bool,
         path: Path | None = None) -> Plan:
    """Compare what is on disk with the previous build: new, changed and reread files are to do.

    Files are matched by where they are, so a file built under one RAW_PATH and found now under
    another that contains it (raw/2024 then raw) is checked, not taken for removed.
    """
    prev = Previous(previous, path)
    counts = dict.fromkeys(("new", "changed", "unchanged", "reread", "removed", "pruned"), 0)
    todo: list[Found] = []
    matched: set[tuple[str, str]] = set()
    for f in found.found:  # a file under two overlapping RAW_PATHs is a record under each
        key = (display(f.root), f.rel)
        if key in prev.rows:
            matched.add(key)
        _compare(prev, f, key, version, todo, counts)
    left = prev.rows.keys() - matched
    on_disk = {_where(display(f.root), f.rel): f for f in reversed(found.found)} if left else {}
    for key in left:
        root, file = key
        where = _where(root, file)
        if (f := on_disk.get(where)) is not None:  # found today under another RAW_PATH that contains it
            _compare(prev, Found(Path(root), f.path, f.size, f.mtime_ns, f.problem, f.message), key, version, todo, counts)
        elif any(s.holds(where) for s in covered):
            counts["pruned" if prune else "removed"] += 1
            prev.mark(key, keep=not prune)
        elif prev.value("version", prev.first(key)) != version \
                and (again := inspect(Path(root), Path(where))).problem is None:
            todo.append(again)  # read by an older extractor, outside today's RAW_PATHs, still on disk
            prev.mark(key, keep=False)
            counts["reread"] += 1
        else:
            prev.mark(key, keep=True)
    kept, retired = prev.split()
    return Plan(todo, kept, retired, prev.keep, len(found.found), found.hidden, counts, prev.touched)


def _compare(prev: Previous, f: Found, key: tuple[str, str], version: str, todo: list[Found], counts: dict) -> None:
    """File a found file under new, changed, reread or unchanged."""
    if key not in prev.rows:
        todo.append(f)
        counts["new"] += 1
        return
    stands = _stands(f, prev, key, version)
    if stands is not False:
        prev.mark(key, keep=True, mtime=f.mtime_ns if stands is None else None)
        counts["unchanged"] += 1
        return
    todo.append(f)
    counts["changed" if prev.value("version", prev.first(key)) == version else "reread"] += 1
    prev.mark(key, keep=False)
