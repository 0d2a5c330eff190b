"""The whole build as plain functions the flow calls in order: start, process batches, finish.

    run = start(paths, out_dir)            # finish a crashed commit, read the state, plan
    entries = process_batch(batch, run…)   # per batch: rows into a staged part, index entries back
    summary = finish(run, entries)         # join reports, patch and merge parts, commit

Only files that are new or changed since the last build are read. Batches write their rows
straight to disk and hand back small index entries, so a batch can run in another process and
memory does not grow with the archive. Nothing in OUT_DIR changes before `finish` commits.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.steps import commit as journal
from flows.steps import parts, state
from flows.steps.assemble import Assembly, assemble
from flows.steps.commit import Changes
from flows.steps.lock import locked
from flows.steps.pipeline import Failure, Outcome, process
from flows.steps.read import Found, discover, display, load
from flows.steps.rows import index_entry, meeting_row, reject_entry, report_rows, schema_problem
from flows.steps.summary import summarize
from flows.steps.version import extractor_version, schema_version
from schemas.arrow import SCHEMAS

# Files a batch (one task run, one part) holds: a sixteenth of the work, within these bounds. A task
# run costs Prefect 7–12 ms, a worker ~2 s to start; 16 batches keep two to eight cores busy to the
# end; a worker holds a batch's rows for 1,000 files at most, and parts of 1,000 reports need no
# merging after a big build. READOUTS_BATCH_SIZE fixes the size.
BATCH_SIZE = int(os.environ.get("READOUTS_BATCH_SIZE", 0)) or None
BATCH_BOUNDS = (200, 1_000)
INLINE_BATCHES = 5   # fewer batches than this run in the flow's own process: a worker takes ~2 s to start
PART_REPORTS = 10_000  # a part grows to this many reports when small ones are merged
SMALL_PART = 1_000     # parts under this many reports are merged once there are COMPACT_AT of them
COMPACT_AT = 8
HOME = Path(journal.HOME)
SHADOW = Path("shadow")           # under a run's staging folder
SHADOW_HOME = HOME / SHADOW       # under OUT_DIR: rows of reports another file stands for


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
    plan = state.plan(found, [state.scope_of(p) for p in paths], previous, extractor_version(), prune)
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


def finish(run: Run, indexes: list[str | pa.Table]) -> dict:
    """Join the reports, patch and merge the parts that must change, write meetings, rejects and the
    state, and commit them in one step; returns the summary. `indexes` are the batches' entries
    (Parquet files run_batch wrote, or tables)."""
    read = [pq.read_table(i) if isinstance(i, str) else i for i in sorted(indexes, key=str)]
    entries = pa.concat_tables([run.plan.kept, *read], promote_options="none")
    asm = assemble(entries)
    if (lost := pc.sum(pc.and_(pa.array(asm.rep), entries["part"].is_null())).as_py()):
        raise RuntimeError(f"the build state lists {lost} report(s) without stored rows")  # a bug, not bad input
    changes, entries = _rewrite_parts(run, entries, asm)
    _replace_if_changed(run, "meetings", asm.meetings.tables(), changes)
    _replace_if_changed(run, "rejects", [_rejects(entries)], changes)
    _fill_empty(run, changes)
    changed = bool(changes)
    if changed or not _same_entries(entries, run.previous):
        state.save(run.staging / "state.parquet", entries, schema_version())
        changes.moves.append(((run.staging / "state.parquet").relative_to(run.out_dir).as_posix(), state.FILE.as_posix()))
    if changes:
        journal.commit(run.out_dir, changes, run.staging)
    shutil.rmtree(run.staging, ignore_errors=True)
    return summarize(run.plan, run.notes, entries, asm, changed, run.out_dir)


def _same_entries(entries: pa.Table, previous: pa.Table) -> bool:
    """Whether the state would be saved as it is: entries kept in the previous order compare as
    they are; only when files were read again (and gave the same) are both sorted."""
    if entries.num_rows != previous.num_rows:
        return False
    return entries.equals(previous) or state.ordered(entries).equals(state.ordered(previous))


Place = tuple[bool, str]  # (in the shadow, part name): where a record's rows are stored


def _location(run: Run, place: Place, name: str) -> Path:
    """The file of one dataset of a part: staged by this run, or committed earlier."""
    shadow, part = place
    staged = (run.staging / SHADOW if shadow else run.staging) / name / f"{part}.parquet"
    return staged if staged.exists() else (run.out_dir / SHADOW_HOME if shadow else run.out_dir) / name / f"{part}.parquet"


def _same(a: pa.Array, b: pa.Array) -> np.ndarray:
    """Element by element: equal, or both null."""
    equal = pc.fill_null(pc.equal(a, b), False)
    return pc.or_(equal, pc.and_(a.is_null(), b.is_null())).to_numpy(zero_copy_only=False)


def _places(entries: pa.Table, mask: np.ndarray) -> set[Place]:
    rows = entries.filter(pa.array(mask)).select(["shadow", "part"])
    return set(zip((bool(s) for s in rows["shadow"].to_pylist()), rows["part"].to_pylist()))


def _rewrite_parts(run: Run, entries: pa.Table, asm: Assembly) -> tuple[Changes, pa.Table]:
    """Stage the parts to move in: this run's own, and old ones rewritten where rows must go, move
    between the datasets and the shadow, or change; small ones merged. Returns the changes and the
    entries with their final places, meeting ids and paths."""
    has = entries["part"].is_valid().to_numpy(zero_copy_only=False)
    shadow = entries["shadow"].fill_null(False).to_numpy(zero_copy_only=False)
    rep = asm.rep
    joined = lambda paths: pc.binary_join(paths, "\x1f")  # noqa: E731 - list columns compare as text
    stale = ~(_same(entries["meeting_id"], asm.meeting_id) & _same(joined(entries["source_paths"]), joined(asm.source_paths)))
    dirty = _places(entries, has & ((rep == shadow) | (rep & ~shadow & stale)))
    dirty |= _places(run.plan.retired, run.plan.retired["part"].is_valid().to_numpy(zero_copy_only=False))
    standing = has & rep & ~shadow
    sizes = pc.value_counts(entries["part"].filter(pa.array(standing))).to_pylist()
    small = {(False, c["values"]) for c in sizes if c["counts"] < SMALL_PART} - dirty
    place_keys = pc.binary_join_element_wise(pc.cast(entries["shadow"].fill_null(False), pa.string()),
                                             entries["part"], "|")
    in_dirty = lambda places: pc.is_in(place_keys, value_set=pa.array(  # noqa: E731
        [f"{str(sh).lower()}|{p}" for sh, p in places], pa.string())).to_numpy(zero_copy_only=False) & has
    if len(small) + bool((in_dirty(dirty) & rep).any()) >= COMPACT_AT:  # what is rewritten anyway makes one part more
        dirty |= small
    rows = np.flatnonzero(in_dirty(dirty))
    moved = _rewrite(run, dirty, entries.select(["report_id", "part", "shadow"]).take(rows), rep[rows],
                     asm.meeting_id.take(rows), asm.source_paths.take(rows))
    part_col, shadow_col = entries["part"].to_pylist(), shadow.tolist()
    for i, (part, in_shadow) in zip(rows.tolist(), moved):
        part_col[i], shadow_col[i] = part, in_shadow
    entries = entries.set_column(entries.schema.get_field_index("part"), "part", pa.array(part_col, pa.string()))
    entries = entries.set_column(entries.schema.get_field_index("shadow"), "shadow",
                                 pc.if_else(pa.array(has), pa.array(shadow_col), pa.scalar(None, pa.bool_())))
    entries = entries.set_column(entries.schema.get_field_index("meeting_id"), "meeting_id", asm.meeting_id)
    entries = entries.set_column(entries.schema.get_field_index("source_paths"), "source_paths",
                                 asm.source_paths.cast(pa.list_(pa.string())))
    return _changes(run, dirty), entries


def _rewrite(run: Run, dirty: set[Place], rows: pa.Table, rep: np.ndarray, mids: pa.Array,
             paths: pa.Array) -> list[tuple[str, bool]]:
    """Rewrite the rows stored in dirty places: the reports they stand for into new dataset parts of up
    to PART_REPORTS reports, their meeting and path columns set; the others into new shadow parts,
    one for each old place. Returns each row's new (part, in the shadow)."""
    stored: dict[Place, list[int]] = {}
    for i, (in_shadow, part) in enumerate(zip(rows["shadow"].to_pylist(), rows["part"].to_pylist())):
        stored.setdefault((bool(in_shadow), part), []).append(i)
    rids = rows["report_id"]

    def keep(at: list[int], patch: bool) -> dict:
        """report_id → (meeting_id, source_paths) to set, or None to leave the row as it is."""
        index = pa.array(at, pa.int64())
        values = zip(mids.take(index).to_pylist(), paths.take(index).to_pylist()) if patch else repeat(None)
        return dict(zip(rids.take(index).to_pylist(), values))

    moved: list[tuple[str, bool]] = [("", False)] * rows.num_rows
    jobs: list[tuple[list[tuple[Place, list[int]]], Path, str, bool]] = []  # (sources, target, dataset, patch)
    group: list[Place] = []
    count = 0
    places = sorted(dirty)
    for n, place in enumerate(places + [None]):
        if place is not None:
            group.append(place)
            count += sum(rep[i] for i in stored.get(place, []))
        if group and (place is None or count >= PART_REPORTS):
            new = run.part(f"m{n}")
            standing = [(g, [i for i in stored.get(g, []) if rep[i]]) for g in group]
            jobs += [([s for s in standing if s[1]], run.staging / name / f"{new}.parquet", name, True)
                     for name in parts.PER_REPORT]
            for i in (i for _, at in standing for i in at):
                moved[i] = (new, False)
            group, count = [], 0
    for n, place in enumerate(places):  # duplicates stay in the shadow, one new part per old place
        stay = [i for i in stored.get(place, []) if not rep[i]]
        if stay:
            new = run.part(f"s{n}")
            jobs += [([(place, stay)], run.staging / SHADOW / name / f"{new}.parquet", name, False)
                     for name in parts.PER_REPORT]
            for i in stay:
                moved[i] = (new, True)

    def work(job: tuple) -> None:
        sources, target, name, patch = job
        parts.rewrite(((loc, keep(at, patch)) for place, at in sources
                       if (loc := _location(run, place, name)).exists()), target, name)

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # Parquet reads and writes let go of the GIL
        list(pool.map(work, jobs))
    return moved


def _changes(run: Run, dirty: set[Place]) -> Changes:
    """Moves of every staged part that was not rewritten, deletions of every committed part that was."""
    changes = Changes()
    committed = _places(run.previous, run.previous["part"].is_valid().to_numpy(zero_copy_only=False))
    for shadow, staging, home in ((False, run.staging, Path()), (True, run.staging / SHADOW, SHADOW_HOME)):
        for name in parts.PER_REPORT:
            for shadow_, part in sorted(dirty & committed):
                if shadow_ == shadow and (run.out_dir / home / name / f"{part}.parquet").exists():
                    changes.deletes.append((home / name / f"{part}.parquet").as_posix())
            folder = staging / name
            for staged in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
                if (shadow, staged.stem) not in dirty:
                    changes.moves.append((staged.relative_to(run.out_dir).as_posix(), (home / name / staged.name).as_posix()))
    return changes


def _rejects(entries: pa.Table) -> pa.Table:
    rows = entries.filter(entries["report_id"].is_null()).select(list(SCHEMAS["rejects"].names))
    return rows.cast(SCHEMAS["rejects"]).sort_by(parts.SORT_KEYS["rejects"])


def _replace_if_changed(run: Run, name: str, tables: Iterable[pa.Table], changes: Changes) -> None:
    """Stage a whole-table dataset (meetings, rejects) as part-0, written piece by piece, and keep it
    only when its bytes differ from the one in place (the same rows make the same file)."""
    staged, current = run.staging / name / "part-0.parquet", run.out_dir / name / "part-0.parquet"
    parts.write_pieces(staged, name, tables)
    if current.exists() and _digest(current) == _digest(staged):
        staged.unlink()
        return
    changes.moves.append((staged.relative_to(run.out_dir).as_posix(), f"{name}/part-0.parquet"))


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fill_empty(run: Run, changes: Changes) -> None:
    """A dataset without rows is still a folder with one (empty) Parquet file, so readers find its
    columns; the empty file goes once real parts arrive."""
    moved = {target for _, target in changes.moves}
    deleted = set(changes.deletes)
    for name in parts.PER_REPORT:
        folder = run.out_dir / name
        present = {f"{name}/{p.name}" for p in folder.glob("*.parquet")} if folder.is_dir() else set()
        files = (present - deleted) | {t for t in moved if t.startswith(f"{name}/")}
        empty = f"{name}/empty.parquet"
        if files - {empty} and empty in files:
            changes.deletes.append(empty)
        elif not files:
            staged = run.staging / name / "empty.parquet"
            parts.write(staged, parts.table(name, []))
            changes.moves.append((staged.relative_to(run.out_dir).as_posix(), empty))


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
