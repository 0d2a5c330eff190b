"""The end of a build: join the run's entries with the kept ones, patch the parts that must change,
write meetings, rejects and the state in one streaming pass, and commit it all in one step.

Memory holds the index of the entries (state.INDEX: a few hundred bytes a record); the rest of
each entry — headline, meeting details, hashes, messages — is read back from the previous state
and the batches' entry files a chunk at a time, while the new state, the meetings and the
rejects are written.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.steps import commit as journal
from flows.steps import parts, state
from flows.steps.assemble import MEETING_COLUMNS, Assembly, assemble, single_meetings
from flows.steps.commit import Changes
from flows.steps.rows import meeting_row
from flows.steps.summary import summarize
from flows.steps.version import schema_version
from schemas.arrow import SCHEMAS

PART_REPORTS = 10_000  # a part grows to this many reports when small ones are merged
SMALL_PART = 500       # earlier runs' parts under this many reports (half a full batch) are merged
COMPACT_AT = 8         # once a run that writes parts would leave this many small ones
SHADOW = Path("shadow")                 # under a run's staging folder
SHADOW_HOME = Path(journal.HOME) / SHADOW  # under OUT_DIR: rows of reports another file stands for
PATCHED = ["part", "shadow", "meeting_id", "source_paths", "mtime_ns"]  # what a build changes in kept entries
CHUNK = 20_000  # entries read back at a time

Place = tuple[bool, str]  # (in the shadow, part name): where a record's rows are stored


def finish(run, indexes: list[str]) -> dict:
    """Join the reports, patch and merge the parts that must change, write meetings, rejects and the
    state, and commit them in one step; returns the summary. `indexes` are the files of entries the
    run's batches wrote (build.run_batch)."""
    indexes = sorted(map(str, indexes))
    entries = pa.concat_tables([run.plan.kept, *(pq.read_table(i, columns=state.INDEX) for i in indexes)])
    asm = assemble(entries)
    if (lost := pc.sum(pc.and_(pa.array(asm.rep), entries["part"].is_null())).as_py()):
        raise RuntimeError(f"the build state lists {lost} report(s) without stored rows")  # a bug, not bad input
    changes, entries = _rewrite_parts(run, entries, asm)
    if changes or run.plan.touched or not (run.out_dir / state.FILE).exists() or not _unchanged(run, indexes, entries):
        _stream(run, indexes, entries, asm, changes)
    _fill_empty(run, changes)
    changed = any(not target.startswith(".readouts/") for target in [t for _, t in changes.moves] + changes.deletes)
    if changes:
        journal.commit(run.out_dir, changes, run.staging)
    shutil.rmtree(run.staging, ignore_errors=True)
    return summarize(run.plan, run.notes, entries, asm, changed, run.out_dir)


def _unchanged(run, indexes: list[str], entries: pa.Table) -> bool:
    """Whether the previous state still says it all: the kept entries unpatched, and any entry read
    again (a file that could not be opened, tried anew) just as it was."""
    kept = run.plan.kept
    if not entries.slice(0, kept.num_rows).select(PATCHED).equals(kept.select(PATCHED)):
        return False
    if not indexes and not run.plan.retired.num_rows:
        return True
    new = pa.concat_tables([pq.read_table(i) for i in indexes]) if indexes else state.SCHEMA.empty_table()
    if new.num_rows != run.plan.retired.num_rows or new.num_rows > CHUNK:
        return False
    old = state.upgraded(pq.read_table(run.out_dir / state.FILE).replace_schema_metadata(None)).filter(pa.array(~run.plan.keep))
    return state.ordered(new.select(state.SCHEMA.names)).equals(state.ordered(old.select(state.SCHEMA.names)))


def _chunks(run, indexes: list[str]) -> Iterator[pa.Table]:
    """Every entry, whole, in the order of the index: the previous state's kept ones, then each batch's."""
    path = run.out_dir / state.FILE
    if path.exists() and run.plan.keep.any():
        at = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK):
            keep = run.plan.keep[at:at + batch.num_rows]
            at += batch.num_rows
            if keep.any():
                yield state.upgraded(pa.Table.from_batches([batch]).replace_schema_metadata(None).filter(pa.array(keep)))
    for index in indexes:
        yield pq.read_table(index).replace_schema_metadata(None)


def _stream(run, indexes: list[str], entries: pa.Table, asm: Assembly, changes: Changes) -> None:
    """Write the new state, the meetings and the rejects in one pass over the entries, a chunk at a
    time; meetings of one report come out as their report passes by, meetings of several at the end."""
    singles, single_mids, several = asm.meetings.layout()
    order = np.argsort(singles, kind="stable")
    singles, single_mids = singles[order], single_mids.take(pa.array(order))
    wanted = np.concatenate([*several.values(), np.zeros(0, np.int64)])
    meeting_of = np.repeat(np.arange(len(several)), [len(v) for v in several.values()])  # per wanted member
    rank = np.concatenate([np.arange(len(v)) for v in several.values()] or [np.zeros(0, np.int64)])
    by_position = np.argsort(wanted, kind="stable")
    wanted, meeting_of, rank = wanted[by_position], meeting_of[by_position], rank[by_position]
    members: list[pa.Table] = []  # the members of meetings told by several reports, as they pass by
    rejects: list[pa.Table] = []
    state_path, meetings_path = run.staging / "state.parquet", run.staging / "meetings" / "part-0.parquet"
    with parts.writer(state_path, state.SCHEMA.with_metadata({"schema_version": schema_version()})) as out_state, \
            parts.writer(meetings_path, SCHEMAS["meetings"]) as out_meetings:
        at = 0
        for chunk in _chunks(run, indexes):
            end = at + chunk.num_rows
            patch = entries.slice(at, chunk.num_rows)
            for name in PATCHED:
                chunk = chunk.set_column(chunk.schema.get_field_index(name), name, patch[name])
            out_state.write_table(chunk.cast(state.SCHEMA))
            lo, hi = np.searchsorted(singles, [at, end])
            if hi > lo:
                rows = chunk.select(MEETING_COLUMNS).take(pa.array(singles[lo:hi] - at))
                out_meetings.write_table(single_meetings(rows, single_mids.slice(lo, hi - lo)))
            lo, hi = np.searchsorted(wanted, [at, end])
            if hi > lo:
                taken = chunk.select(MEETING_COLUMNS).take(pa.array(wanted[lo:hi] - at))
                members.append(taken.append_column("_meeting", pa.array(meeting_of[lo:hi]))
                               .append_column("_rank", pa.array(rank[lo:hi])))
            rejected = chunk.filter(chunk["report_id"].is_null())
            if rejected.num_rows:
                rejects.append(rejected.select(SCHEMAS["rejects"].names).cast(SCHEMAS["rejects"]))
            at = end
        for table in _merged_meetings(list(several), members):
            out_meetings.write_table(table)
    changes.moves.append((state_path.relative_to(run.out_dir).as_posix(), state.FILE.as_posix()))
    _keep_if_changed(run, "meetings", changes)
    table = pa.concat_tables([SCHEMAS["rejects"].empty_table(), *rejects]).sort_by(parts.SORT_KEYS["rejects"])
    parts.write(run.staging / "rejects" / "part-0.parquet", table)
    _keep_if_changed(run, "rejects", changes)


def _merged_meetings(mids: list[str], members: list[pa.Table], rows_at_once: int = 5_000) -> Iterator[pa.Table]:
    """Rows of meetings told by several reports, from their members' compact columns, turned into
    Python rows a few thousand members at a time (a meeting's members always together)."""
    if not members:
        return
    table = pa.concat_tables(members)  # chunks side by side: nothing copied
    order = pc.sort_indices(table, [("_meeting", "ascending"), ("_rank", "ascending")]).to_numpy().astype(np.int64)
    meetings = table["_meeting"].to_numpy()[order]
    starts = np.flatnonzero(np.diff(meetings, prepend=-1))
    ends = np.append(starts[1:], len(meetings))
    table = table.drop_columns(["_meeting", "_rank"])
    first = 0
    while first < len(starts):
        last = first + 1  # meetings [first, last) make one slice of at least one meeting
        while last < len(starts) and ends[last] - starts[first] <= rows_at_once:
            last += 1
        a, b = int(starts[first]), int(ends[last - 1])
        rows = table.take(pa.array(order[a:b])).to_pylist()  # only this slice is copied
        out = [meeting_row(mids[int(meetings[s])], rows[int(s) - a:int(e) - a])
               for s, e in zip(starts[first:last], ends[first:last])]
        yield pa.Table.from_pylist(out, schema=SCHEMAS["meetings"])
        first = last


def _keep_if_changed(run, name: str, changes: Changes) -> None:
    """Move the staged whole-table dataset in only when its bytes differ from the one in place."""
    staged, current = run.staging / name / "part-0.parquet", run.out_dir / name / "part-0.parquet"
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


def _location(run, place: Place, name: str) -> Path:
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


def _rewrite_parts(run, entries: pa.Table, asm: Assembly) -> tuple[Changes, pa.Table]:
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
    committed = _places(run.previous, run.previous["part"].is_valid().to_numpy(zero_copy_only=False))
    small = ({(False, c["values"]) for c in sizes if c["counts"] < SMALL_PART} & committed) - dirty
    own = _places(entries, standing) - committed  # this run's batches: sized by the planner, never merged
    place_keys = pc.binary_join_element_wise(pc.cast(entries["shadow"].fill_null(False), pa.string()),
                                             entries["part"], "|")
    in_dirty = lambda places: pc.is_in(place_keys, value_set=pa.array(  # noqa: E731
        [f"{str(sh).lower()}|{p}" for sh, p in places], pa.string())).to_numpy(zero_copy_only=False) & has
    rewritten = bool((in_dirty(dirty) & rep).any())  # what is rewritten anyway makes one part more
    if (own or rewritten) and len(small) + bool(own) + rewritten >= COMPACT_AT:  # a run that writes nothing merges nothing
        dirty |= small
    rows = np.flatnonzero(in_dirty(dirty))
    moved = _rewrite(run, dirty, entries.select(["report_id", "part", "shadow"]).take(rows), rep[rows],
                     asm.meeting_id.take(rows), asm.source_paths.take(rows))
    mask = np.zeros(entries.num_rows, dtype=bool)
    mask[rows] = True  # rows ascend, as `moved` does
    new_parts = pc.replace_with_mask(entries["part"].combine_chunks(), pa.array(mask),
                                     pa.array([m[0] for m in moved], pa.string()))
    new_shadow = pc.replace_with_mask(entries["shadow"].combine_chunks(), pa.array(mask),
                                      pa.array([m[1] for m in moved], pa.bool_()))
    entries = entries.set_column(entries.schema.get_field_index("part"), "part", new_parts)
    entries = entries.set_column(entries.schema.get_field_index("shadow"), "shadow", new_shadow)
    entries = entries.set_column(entries.schema.get_field_index("meeting_id"), "meeting_id", asm.meeting_id)
    entries = entries.set_column(entries.schema.get_field_index("source_paths"), "source_paths",
                                 asm.source_paths.cast(pa.list_(pa.string())))
    return _changes(run, dirty, committed), entries


def _rewrite(run, dirty: set[Place], rows: pa.Table, rep: np.ndarray, mids: pa.Array,
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


def _changes(run, dirty: set[Place], committed: set[Place]) -> Changes:
    """Moves of every staged part that was not rewritten, deletions of every committed part that was."""
    changes = Changes()
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


def _fill_empty(run, changes: Changes) -> None:
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
    for name in ("meetings", "rejects"):
        if not (run.out_dir / name / "part-0.parquet").exists() and f"{name}/part-0.parquet" not in moved:
            staged = run.staging / name / "part-0.parquet"
            parts.write(staged, SCHEMAS[name].empty_table())
            changes.moves.append((staged.relative_to(run.out_dir).as_posix(), f"{name}/part-0.parquet"))
