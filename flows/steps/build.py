"""The whole build as plain functions the flow calls in order: start, process batches, finish.

    run = start(paths, out_dir)            # finish a crashed commit, read the state, plan
    entries = process_batch(batch, run…)   # per batch: rows into a staged part, index entries back
    summary = finish(run, entries)         # join reports, patch and merge parts, commit

Only files that are new or changed since the last build are read. Batches write their rows
straight to disk and hand back small index entries, so a batch can run in another process and
memory does not grow with the archive. Nothing in OUT_DIR changes before `finish` commits.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq

from flows.steps import commit as journal
from flows.steps import parts, state
from flows.steps.assemble import Assembly, assemble, rep_order
from flows.steps.commit import Changes
from flows.steps.lock import locked
from flows.steps.pipeline import Failure, Outcome, process
from flows.steps.read import Found, discover, display, load
from flows.steps.rows import index_entry, meeting_row, reject_entry, report_rows, schema_problem
from flows.steps.summary import summarize
from flows.steps.version import extractor_version, schema_version

# Files a batch (one task run, one part) holds: a sixteenth of the work, within these bounds. A task
# run costs Prefect 7–12 ms, a worker ~2 s to start; 16 batches keep two to eight cores busy to the
# end, and parts of 1,000+ reports need no merging after a big build. READOUTS_BATCH_SIZE fixes it.
BATCH_SIZE = int(os.environ.get("READOUTS_BATCH_SIZE", 0)) or None
BATCH_BOUNDS = (200, 2_000)
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
    previous: list[dict]
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
    paths = [Path(os.path.abspath(p)) for p in raw_paths]
    missing = [f"{given} (looked for {path})" if str(given) != str(path) else str(path)
               for given, path in zip(raw_paths, paths) if not os.path.lexists(path)]
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


def process_batch(found: list[Found], staging: Path, part: str, on_file: Callable[[], None] | None = None) -> list[dict]:
    """Read and process each file; write the rows of the batch as one staged part; return one index
    entry per record (a JSON-lines file gives several), rejects included.

    A report read twice in the batch (the same article in two files) has one row set in the part;
    the others' rows go to shadow parts, so that whichever file stands for the report later, its
    own rows are at hand without reading it again.
    """
    entries: list[dict] = []
    candidates: list[tuple[dict, dict]] = []
    version = extractor_version()
    for f in found:
        read = load(f)
        base = {"root": display(str(f.root)), "file": f.rel,
                "size": read.size if read.size is not None else f.size,
                "mtime_ns": read.mtime_ns if read.mtime_ns is not None else f.mtime_ns,
                "file_sha256": read.sha256, "version": version}
        for item in read.items:
            entry, rows = _record(process(item))
            entries.append(state.complete(base | entry))
            if rows:
                candidates.append((entries[-1], rows))
        if on_file:
            on_file()
    stores: dict[str, dict[str, list[dict]]] = {}
    seen: Counter = Counter()
    for entry, report in sorted(candidates, key=lambda c: rep_order(c[0])):
        n = seen[entry["report_id"]]
        seen[entry["report_id"]] += 1
        entry["part"], entry["shadow"] = (part, False) if n == 0 else (f"{part}-d{n}", True)
        store = stores.setdefault(entry["part"], {name: [] for name in parts.PER_REPORT})
        for name in parts.PER_REPORT:
            store[name] += report[name]
    for name, rows in stores.items():
        parts.write_part(staging / SHADOW if name != part else staging, name, rows)
    return entries


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


def finish(run: Run, entries: list[dict]) -> dict:
    """Join the reports, patch and merge the parts that must change, write meetings, rejects and the
    state, and commit them in one step; returns the summary."""
    entries = [dict(e) for e in run.plan.kept + entries]  # copies: a retried commit starts from the same entries
    asm = assemble(entries)
    missing = [rid for rid, rep in asm.reps.items() if rep["part"] is None]
    if missing:  # every report's rows are stored, in a part or a shadow part: this is a bug
        raise RuntimeError(f"the build state lists {len(missing)} report(s) without stored rows, e.g. {missing[0]}")
    changes, entries = _rewrite_parts(run, entries, run.plan.retired, asm)
    for name, rows in (("meetings", asm.meetings), ("rejects", _rejects(entries))):
        _replace_if_changed(run, name, parts.table(name, rows), changes)
    _fill_empty(run, changes)
    changed = bool(changes)
    if changed or _key(entries) != _key(run.previous):
        state.save(run.staging / "state.parquet", entries, schema_version())
        changes.moves.append(((run.staging / "state.parquet").relative_to(run.out_dir).as_posix(), state.FILE.as_posix()))
    if changes:
        journal.commit(run.out_dir, changes, run.staging)
    shutil.rmtree(run.staging, ignore_errors=True)
    return summarize(run.plan, run.notes, entries, asm, changed, run.out_dir)


Place = tuple[bool, str]  # (in the shadow, part name): where a record's rows are stored


def _place(e: dict) -> Place:
    return bool(e["shadow"]), e["part"]


def _location(run: Run, place: Place, name: str) -> Path:
    """The file of one dataset of a part: staged by this run, or committed earlier."""
    shadow, part = place
    staged = (run.staging / SHADOW if shadow else run.staging) / name / f"{part}.parquet"
    return staged if staged.exists() else (run.out_dir / SHADOW_HOME if shadow else run.out_dir) / name / f"{part}.parquet"


def _rewrite_parts(run: Run, entries: list[dict], retired: list[dict], asm: Assembly) -> tuple[Changes, list[dict]]:
    """Stage the parts to move in: this run's own, and old ones rewritten where rows must go, move
    between the datasets and the shadow, or change; small ones merged. Returns the changes and the
    entries with their final places."""
    final = {rid: (asm.meeting_of.get(rid), asm.paths[rid]) for rid in asm.reps}
    dirty = {_place(e) for e in retired if e["part"]}
    stored: dict[Place, list[dict]] = {}
    for e in entries:
        if e["part"] is None:
            continue
        stored.setdefault(_place(e), []).append(e)
        rep = asm.reps.get(e["report_id"]) is e
        if rep == e["shadow"] or (rep and (e["meeting_id"], e["source_paths"]) != final[e["report_id"]]):
            dirty.add(_place(e))
    size = Counter(r["part"] for r in asm.reps.values() if not r["shadow"])
    small = {(False, p) for p, n in size.items() if n < SMALL_PART} - dirty
    moving = any(asm.reps.get(e["report_id"]) is e for place in dirty for e in stored.get(place, []))
    if len(small) + moving >= COMPACT_AT:  # what is rewritten anyway makes one more part
        dirty |= small
    _merge(run, sorted(dirty), stored, asm, final)
    for n, place in enumerate(sorted(dirty)):  # duplicates stay in the shadow, one new part per old one
        stay = [e for e in stored.get(place, []) if asm.reps.get(e["report_id"]) is not e]
        if stay:
            new = run.part(f"s{n}")
            for name in parts.PER_REPORT:
                if (loc := _location(run, place, name)).exists():
                    parts.rewrite([(loc, {e["report_id"]: None for e in stay})], run.staging / SHADOW / name / f"{new}.parquet", name)
            for e in stay:
                e["part"], e["shadow"] = new, True
    for e in entries:
        rid = e["report_id"]
        if rid:
            e["meeting_id"] = asm.meeting_of.get(rid)
            e["source_paths"] = final[rid][1] if asm.reps.get(rid) is e else None
    return _changes(run, dirty), entries


def _merge(run: Run, dirty: list[Place], stored: dict[Place, list[dict]], asm: Assembly, final: dict) -> None:
    """Rewrite the reports standing in dirty places into new dataset parts of up to PART_REPORTS
    reports each, their meeting and path columns set; their entries get the new part."""
    group: list[Place] = []
    count = 0
    for n, place in enumerate(dirty + [None]):
        if place is not None:
            group.append(place)
            count += sum(asm.reps.get(e["report_id"]) is e for e in stored.get(place, []))
        if group and (place is None or count >= PART_REPORTS):
            reps = {g: [e for e in stored.get(g, []) if asm.reps.get(e["report_id"]) is e] for g in group}
            new = run.part(f"m{n}")
            for name in parts.PER_REPORT:
                sources = [(loc, {e["report_id"]: final[e["report_id"]] for e in reps[g]})
                           for g in group if reps[g] and (loc := _location(run, g, name)).exists()]
                parts.rewrite(sources, run.staging / name / f"{new}.parquet", name)
            for e in (e for g in group for e in reps[g]):
                e["part"], e["shadow"] = new, False
            group, count = [], 0


def _changes(run: Run, dirty: set[Place]) -> Changes:
    """Moves of every staged part that was not rewritten, deletions of every committed part that was."""
    changes = Changes()
    committed = {_place(e) for e in run.previous if e["part"]}
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


def _rejects(entries: list[dict]) -> list[dict]:
    return [{k: e[k] for k in ("source_path", "raw_sha256", "stage", "reason", "message")}
            for e in entries if not e["report_id"]]


def _replace_if_changed(run: Run, name: str, table, changes: Changes) -> None:
    """Stage a whole-table dataset (meetings, rejects) as part-0 when it differs from the one in place."""
    current = run.out_dir / name / "part-0.parquet"
    if current.exists() and pq.read_table(current).equals(table):
        return
    parts.write(run.staging / name / "part-0.parquet", table)
    changes.moves.append(((run.staging / name / "part-0.parquet").relative_to(run.out_dir).as_posix(),
                          f"{name}/part-0.parquet"))


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


def _key(entries: list[dict]) -> list[dict]:
    return sorted(entries, key=lambda e: (e["root"], e["file"], e["source_path"]))


def build_plain(raw_paths: list[str], output: str, prune: bool = False, wait: float = 0.0, workers: int = 1) -> dict:
    """The flow's steps without Prefect: for tests, benchmarks and debugging. With workers > 1 the
    batches run in a pool of that many processes, as the flow's process task runner runs them."""
    paths, out = resolve(raw_paths, output)
    with locked(out, wait) as held:
        run = start(paths, out, prune, held.interrupted)
        todo = list(batches(run.plan.todo))
        if workers < 2 or len(todo) < INLINE_BATCHES:
            entries = [e for n, batch in enumerate(todo) for e in process_batch(batch, run.staging, run.part(n))]
            return finish(run, entries)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(process_batch, batch, run.staging, run.part(n)) for n, batch in enumerate(todo)]
            entries = [e for future in as_completed(futures) for e in future.result()]
        return finish(run, entries)
