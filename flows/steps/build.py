"""The whole build as plain functions the flow calls in order: start, process batches, finish.

    run = start(paths, out_dir)            # finish a crashed commit, read the state, plan
    entries = process_batch(batch, run…)   # per batch: rows into a staged part, index entries back
    summary = finish(run, entries)         # join reports, patch and merge parts, commit

Only files that are new or changed since the last build are read. Batches write their rows
straight to disk and hand back small index entries, so a batch can run in another process and
memory does not grow with the archive. Nothing in OUT_DIR changes before `finish` commits.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.steps import commit as journal
from flows.steps import parts, state
from flows.steps.finish import SHADOW, finish
from flows.steps.lock import locked
from flows.steps.pipeline import Failure, Outcome, process
from flows.steps.read import Found, discover, display, load
from flows.steps.rows import index_entry, meeting_row, reject_entry, report_rows, schema_problem
from flows.steps.version import extractor_version, schema_version

# Files a batch (one task run, one part) holds: a sixteenth of the work, within these bounds. A task
# run costs Prefect 7–12 ms, a worker ~2 s to start; 16 batches keep two to eight cores busy to the
# end; a worker holds a batch's rows for 1,000 files at most, and parts of 1,000 reports need no
# merging after a big build. READOUTS_BATCH_SIZE fixes the size.
BATCH_SIZE = int(os.environ.get("READOUTS_BATCH_SIZE", 0)) or None
BATCH_BOUNDS = (200, 1_000)
INLINE_BATCHES = 5   # fewer batches than this run in the flow's own process: a worker takes ~2 s to start
HOME = Path(journal.HOME)


@dataclass
class Run:
    """One build of RAW_PATHs into OUT_DIR, from its plan to its commit."""

    out_dir: Path
    run_id: str
    plan: state.Plan
    previous: pa.Table
    notes: list[str] = field(default_factory=list)

    @property
    def staging(self) -> Path:
        return self.out_dir / HOME / f"run-{self.run_id}"

    def part(self, n: int | str) -> str:
        return f"part-{self.run_id}-{n}"


def batches(items: list, size: int | None = None) -> Iterator[list]:
    """The items in batches; their size depends only on how many there are, never on where they run,
    so every task runner makes the same parts."""
    low, high = BATCH_BOUNDS
    size = size or BATCH_SIZE or min(max(len(items) // 16, low), high)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def resolve(raw_paths: list[str], output: str) -> tuple[list[Path], Path]:
    """RAW_PATHs and OUT_DIR as absolute paths, checked; relative ones are taken from the working
    directory, which for a deployment run is the worker's, so the message says where it looked."""
    paths = list(dict.fromkeys(Path(os.path.abspath(p)) for p in raw_paths))  # a path given twice is read once
    missing = [f"{given} (looked for {path})" if str(given) != str(path) else str(path)
               for given, path in zip(raw_paths, map(os.path.abspath, raw_paths)) if not os.path.lexists(path)]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}; give existing paths "
                                "(absolute ones for a deployment, whose working directory is the worker's)")
    if not paths:
        raise ValueError("no RAW_PATH given: name at least one file or folder of raw reports")
    out = Path(os.path.abspath(output))
    inside = [str(p) for p in paths if p == out or p.is_relative_to(out)]
    if inside:
        raise ValueError(f"the output folder {out} would be read as input ({', '.join(inside)}); give an --output "
                         "outside the raw folders (one inside a raw folder is fine: it is skipped)")
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"the output {out} is a file; give a folder for the datasets")
    out.mkdir(parents=True, exist_ok=True)
    return paths, out


def start(paths: list[Path], out_dir: Path, prune: bool = False, interrupted: str | None = None) -> Run:
    """Finish what a crashed run left, read the previous state and plan what to read."""
    recovered = journal.recover(out_dir)
    notes = [f"{interrupted} was interrupted; " + ("its commit has now been completed" if recovered
                                                    else "it had not changed the datasets")] if interrupted else []
    previous = state.load(out_dir, schema_version())
    found = discover(paths, exclude=out_dir)
    plan = state.plan(found, [state.scope_of(p) for p in paths], previous, extractor_version(), prune,
                      out_dir / state.FILE)
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    return Run(out_dir, run_id, plan, previous, notes)


@dataclass(frozen=True)
class Batch:
    """One batch of files to read, as a task gets it: a file listing them, and the part it makes.
    A path, not the list: task inputs and results stay small, whatever runs them."""

    listing: str
    part: str
    files: int

    @property
    def index(self) -> str:
        """Where the batch's index entries go (a Parquet file beside the listing)."""
        return self.listing.removesuffix(".json") + ".parquet"


def plan_batches(run: Run) -> list[Batch]:
    """The files to read, written out as batch listings in the run's staging folder; the plan's
    list of them is let go, so memory holds paths on disk, not 100,000 objects."""
    folder = run.staging / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, batch in enumerate(batches(run.plan.todo)):
        listing = folder / f"{n:05d}.json"
        listing.write_text(json.dumps([[f.root, f.where, f.size, f.mtime_ns, f.problem, f.message] for f in batch]),
                           encoding="utf-8")
        out.append(Batch(str(listing), run.part(n), len(batch)))
    run.plan.todo = []
    return out


def run_batch(batch: Batch, staging: Path) -> str:
    """Read the batch's files, write their rows to its part and their entries beside the listing."""
    listing = [Found(*fields) for fields in json.loads(Path(batch.listing).read_text(encoding="utf-8"))]
    pq.write_table(process_batch(listing, staging, batch.part), batch.index, compression="zstd")
    return batch.index


def process_batch(found: list[Found], staging: Path, part: str) -> pa.Table:
    """Read and process each file, writing the rows to the batch's staged part as they come; return
    one index entry per record (a JSON-lines file gives several), rejects included, as a table.

    A report read twice in the batch (the same article in two files) has one row set in the part;
    the others' rows go to shadow parts, so that whichever file stands for the report later, its
    own rows are at hand without reading it again.
    """
    entries: list[dict] = []
    writers: dict[str, parts.PartWriter] = {}
    seen: Counter = Counter()
    version = extractor_version()
    for f in found:
        read = load(f)
        base = {"root": display(str(f.root)), "file": f.rel,
                "size": read.size if read.size is not None else f.size,
                "mtime_ns": read.mtime_ns if read.mtime_ns is not None else f.mtime_ns,
                "file_sha256": read.sha256, "version": version}
        for item in read.items:
            entry, rows = _record(process(item))
            entry = base | entry
            if rows:
                n = seen[entry["report_id"]]
                seen[entry["report_id"]] += 1
                entry["part"], entry["shadow"] = (part, False) if n == 0 else (f"{part}-d{n}", True)
                if entry["part"] not in writers:
                    writers[entry["part"]] = parts.PartWriter(staging / SHADOW if n else staging, entry["part"])
                writers[entry["part"]].add(rows)
            entries.append(entry)
    for writer in writers.values():
        writer.close()
    return state.table(entries)


def _record(result: Outcome | Failure) -> tuple[dict, dict | None]:
    """The index entry of one record and, for a report whose rows pass the schema, its rows."""
    if isinstance(result, Failure):
        return reject_entry(result), None
    entry = index_entry(result)
    rows = report_rows(result, entry)
    meeting = meeting_row(entry["meeting_id"], [entry]) if entry["meeting_type"] else None
    problem = schema_problem(rows, meeting)
    if problem:
        failure = Failure(result.source_path, result.raw_sha256, "validate", "schema", problem + "; please report this file")
        return reject_entry(failure), None
    return entry, rows


def build_plain(raw_paths: list[str], output: str, prune: bool = False, wait: float = 0.0, workers: int = 1) -> dict:
    """The flow's steps without Prefect: for tests, benchmarks and debugging. With workers > 1 the
    batches run in a pool of that many processes, as the flow's process task runner runs them."""
    paths, out = resolve(raw_paths, output)
    with locked(out, wait) as held:
        run = start(paths, out, prune, held.interrupted)
        todo = plan_batches(run)
        if workers < 2 or len(todo) < INLINE_BATCHES:
            return finish(run, [run_batch(batch, run.staging) for batch in todo])
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(run_batch, batch, run.staging) for batch in todo]
            return finish(run, [future.result() for future in as_completed(futures)])
