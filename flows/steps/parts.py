"""The per-report datasets (reports, themes, directives) as Parquet parts that share a name.

A batch of files becomes one part: `reports/<part>.parquet`, `themes/<part>.parquet` and
`directives/<part>.parquet` hold the rows of the same reports. A later run never edits a part;
it writes a new one and deletes the old, either to patch the columns that depend on other
reports (meeting_id, source_paths), to drop rows, or to merge small parts into one.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.arrow import SCHEMAS

PER_REPORT = ("reports", "themes", "directives")
SORT_KEYS = {"reports": [("report_id", "ascending")],
             "themes": [("report_id", "ascending"), ("theme_id", "ascending")],
             "directives": [("report_id", "ascending"), ("seq", "ascending")],
             "meetings": [("meeting_id", "ascending")],
             "rejects": [(k, "ascending") for k in ("source_path", "stage", "reason", "raw_sha256", "message")]}
ROW_GROUP_REPORTS = 1_000  # reports a row group holds, texts included: about 10 MB to scan at once


def table(name: str, rows: list[dict], sort: bool = True) -> pa.Table:
    """Rows as a table of the dataset's schema, in key order unless sort is False."""
    schema = SCHEMAS[name]
    columns = {f.name: [r.get(f.name) for r in rows] for f in schema}
    t = pa.Table.from_pydict(columns, schema=schema)
    return t.sort_by(SORT_KEYS[name]) if sort and t.num_rows > 1 else t


def write(path: Path, t: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(t, path, compression="zstd", row_group_size=_row_group(path.parent.name))


@contextmanager
def writer(path: Path, schema: pa.Schema) -> Iterator[pq.ParquetWriter]:
    """A Parquet file written a table at a time; closed (complete) when the block ends."""
    out = _writer(path, schema)
    try:
        yield out
    finally:
        out.close()


def _row_group(name: str) -> int:
    return ROW_GROUP_REPORTS if name == "reports" else ROW_GROUP_REPORTS * 20


class PartWriter:
    """The rows of one part as they come, report by report: Python rows for a few hundred reports
    at a time, then Arrow, written a row group at a time, so a batch of 2,000 reports never sits
    in memory whole."""

    FLUSH = 200  # reports held as Python rows before they become Arrow

    def __init__(self, folder: Path, part: str):
        self.folder, self.part = folder, part
        self.rows: dict[str, list[dict]] = {name: [] for name in PER_REPORT}
        self.tables: dict[str, list[pa.Table]] = {name: [] for name in PER_REPORT}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.held = 0

    def add(self, rows: dict[str, list[dict]]) -> None:
        for name in PER_REPORT:
            self.rows[name] += rows[name]
        self.held += 1
        if self.held >= self.FLUSH:
            self._flush()

    def _flush(self, last: bool = False) -> None:
        for name in PER_REPORT:
            if self.rows[name]:
                self.tables[name].append(table(name, self.rows[name], sort=False))
                self.rows[name] = []
            if self.tables[name] and (last or sum(t.num_rows for t in self.tables[name]) >= _row_group(name)):
                if name not in self.writers:
                    self.writers[name] = _writer(self.folder / name / f"{self.part}.parquet", SCHEMAS[name])
                self.writers[name].write_table(pa.concat_tables(self.tables[name]), row_group_size=_row_group(name))
                self.tables[name] = []
        self.held = 0

    def close(self) -> None:
        """Finish `<folder>/<dataset>/<part>.parquet`; a dataset without rows has no file."""
        try:
            self._flush(last=True)
        finally:
            for writer in self.writers.values():
                writer.close()


def _patched(t: pa.Table, keep: Keep, reports: bool) -> pa.Table:
    """Only the rows of the kept reports, with their meeting_id (and source_path[s]) set."""
    t = t.filter(pc.is_in(t["report_id"], value_set=pa.array(list(keep), pa.string())))
    ids = t["report_id"].to_pylist()
    if not any(keep[r] for r in ids):
        return t
    t = t.set_column(t.schema.get_field_index("meeting_id"), t.schema.field("meeting_id"),
                     pa.array([keep[r][0] for r in ids], pa.string()))
    if reports:
        paths = [keep[r][1] for r in ids]
        t = t.set_column(t.schema.get_field_index("source_path"), t.schema.field("source_path"),
                         pa.array([p[0] for p in paths], pa.string()))
        t = t.set_column(t.schema.get_field_index("source_paths"), t.schema.field("source_paths"),
                         pa.array(paths, pa.list_(pa.string())))
    return t


# report_id → (meeting_id, source_paths) to set on the rows kept, or None to keep them as they are
Keep = dict[str, tuple[str | None, list[str]] | None]


def rewrite(sources: Iterable[tuple[Path, Keep]], target: Path, name: str) -> int:
    """Stream the kept rows of several part files of one dataset into one new file, a few hundred
    rows at a time, so memory holds a row group, not a part; returns the rows written (no file
    when none)."""
    schema, writer, pending, written = SCHEMAS[name], None, [], 0
    size = _row_group(name)
    try:
        for source, keep in sources:
            for batch in pq.ParquetFile(source).iter_batches(batch_size=max(size // 8, 1)):
                t = _patched(pa.Table.from_batches([batch]).cast(schema), keep, name == "reports")
                if t.num_rows:
                    pending.append(t)
                if sum(p.num_rows for p in pending) >= size:
                    writer = writer or _writer(target, schema)
                    writer.write_table(pa.concat_tables(pending), row_group_size=size)
                    written += sum(p.num_rows for p in pending)
                    pending = []
        if pending:
            writer = writer or _writer(target, schema)
            writer.write_table(pa.concat_tables(pending), row_group_size=size)
            written += sum(p.num_rows for p in pending)
    finally:
        if writer is not None:
            writer.close()
    return written


def _writer(target: Path, schema: pa.Schema) -> pq.ParquetWriter:
    target.parent.mkdir(parents=True, exist_ok=True)
    return pq.ParquetWriter(target, schema, compression="zstd")
