"""Incremental builds: a re-run reads only what changed, and any sequence of runs equals a clean build."""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.steps import build as steps
from flows.steps import finish as finishing
from flows.steps import read as read_step
from flows.steps import version
from schemas.arrow import SCHEMAS

KEYS = {"reports": "report_id", "meetings": "meeting_id", "themes": "theme_id", "directives": "directive_id",
        "rejects": "source_path"}
DATED = {"date": "2024-10-12", "title": "省委常委会召开会议",
         "content": "江苏省委常委会10月12日召开会议，传达学习中央有关会议精神。会议强调，要坚持以高质量发展为首要任务，切实抓好经济运行。"}
WIRE = ("新华社南京10月12日电 江苏省委常委会10月12日召开会议，传达学习中央有关会议精神。\n"
        "会议要求，要抓好安全生产工作，确保人民群众生命财产安全。\n")


def tables(out: Path) -> dict[str, list[dict]]:
    """Every dataset as rows in key order: what a user reading the folder sees, layout aside."""
    result = {}
    for name, key in KEYS.items():
        rows = ds.dataset(str(out / name), format="parquet").to_table().to_pylist()
        result[name] = sorted(rows, key=lambda r: (r[key], str(r.get("stage")), str(r.get("seq"))))
    return result


def files(out: Path) -> dict[str, tuple[int, int]]:
    """Dataset files with their size and mtime: what a re-run must leave alone."""
    return {p.relative_to(out).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for name in SCHEMAS for p in (out / name).glob("*.parquet")}


def clean(src: Path, tmp_path: Path, prune: bool = True) -> dict[str, list[dict]]:
    out = tmp_path / f"clean-{random.random()}"
    steps.build_plain([str(src)], str(out))
    result = tables(out)
    shutil.rmtree(out)
    return result


def variant(sample: Path, n: int) -> bytes:
    """A distinct report made from a sample: one more directive sentence at the end."""
    data = sample.read_bytes()
    if sample.suffix in (".txt", ".md") and "gb18030" not in sample.name:
        return data + f"\n会议要求，要做好第{n}项重点工作。\n".encode()
    return data


@pytest.fixture
def src(tmp_path, raw_dir) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(raw_dir, folder)
    return folder


def test_a_second_run_over_the_same_input_changes_nothing(src, tmp_path):
    out = tmp_path / "out"
    first = steps.build_plain([str(src)], str(out))
    before, written = tables(out), files(out)
    state = (out / ".readouts" / "state.parquet").stat().st_mtime_ns
    second = steps.build_plain([str(src)], str(out))
    assert first["updated"] and not second["updated"]
    assert second["unchanged"] == second["files"] and second["new"] == second["changed"] == 0
    assert tables(out) == before and files(out) == written
    assert (out / ".readouts" / "state.parquet").stat().st_mtime_ns == state


def test_an_unchanged_rerun_reads_no_file(src, tmp_path, monkeypatch):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    for p in src.glob("*.txt"):  # a touched file is hashed, not processed
        os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    read = []
    monkeypatch.setattr(steps, "load", lambda f: read.append(f) or read_step.load(f))
    summary = steps.build_plain([str(src)], str(out))
    assert read == [] and not summary["updated"]
    summary = steps.build_plain([str(src)], str(out))  # the new mtimes were recorded: not even hashed now
    assert read == [] and summary["unchanged"] == summary["files"]


def test_adding_one_file_adds_exactly_its_rows(src, tmp_path):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    before = tables(out)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_bytes(variant(src / "jiading-2020-06-29.txt", 1))
    alone = clean(extra, tmp_path)
    shutil.copy(extra / "new.txt", src / "new.txt")
    summary = steps.build_plain([str(src)], str(out))
    after = tables(out)
    assert summary["new"] == 1 and summary["unchanged"] == summary["files"] - 1
    for name in ("reports", "themes", "directives"):
        added = [r for r in after[name] if r not in before[name]]
        assert len(after[name]) == len(before[name]) + len(alone[name]), name
        assert [r[KEYS[name]] for r in added] == [r[KEYS[name]] for r in alone[name]], name
    assert after == clean(src, tmp_path)


def test_changing_one_file_replaces_exactly_its_rows(src, tmp_path):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    before = tables(out)
    target = src / "suzhou-standing-committee-2023-03-14.txt"
    old_id = next(r["report_id"] for r in before["reports"] if r["source_path"] == target.name)
    target.write_bytes(variant(target, 7))
    summary = steps.build_plain([str(src)], str(out))
    after = tables(out)
    assert summary["changed"] == 1 and summary["unchanged"] == summary["files"] - 1
    new_id = next(r["report_id"] for r in after["reports"] if r["source_path"] == target.name)
    assert new_id != old_id
    for name in ("reports", "themes", "directives"):
        assert [r for r in before[name] if r["report_id"] != old_id] == \
               [r for r in after[name] if r["report_id"] != new_id], name
        assert not [r for r in after[name] if r["report_id"] == old_id], name
    assert after == clean(src, tmp_path)


def test_removed_files_are_kept_unless_pruned(src, tmp_path):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    full = tables(out)
    (src / "jiading-2020-06-29.txt").unlink()
    kept = steps.build_plain([str(src)], str(out))
    assert kept["removed"] == 1 and not kept["updated"] and tables(out) == full
    assert any("--prune" in note for note in kept["notes"])
    pruned = steps.build_plain([str(src)], str(out), prune=True)
    assert pruned["pruned"] == 1 and pruned["updated"]
    assert tables(out) == clean(src, tmp_path)


def test_a_run_over_another_folder_keeps_the_first(src, tmp_path, raw_dir):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_bytes(variant(raw_dir / "jiading-2020-06-29.txt", 3))
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    steps.build_plain([str(other)], str(out), prune=True)
    both = tmp_path / "both"
    steps.build_plain([str(src), str(other)], str(both))
    assert tables(out) == tables(both)


def test_a_duplicate_under_an_earlier_path_takes_over_and_gives_way(src, tmp_path):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    shutil.copy(src / "jiading-2020-06-29.txt", src / "a-copy.txt")
    steps.build_plain([str(src)], str(out))
    report = next(r for r in tables(out)["reports"] if "a-copy.txt" in r["source_paths"])
    assert report["source_paths"] == ["a-copy.txt", "jiading-2020-06-29.txt"]
    assert tables(out) == clean(src, tmp_path)
    (src / "a-copy.txt").unlink()  # the first path's rows go; the second file's must be made again
    steps.build_plain([str(src)], str(out), prune=True)
    assert tables(out) == clean(src, tmp_path)


def test_a_year_less_copy_joins_the_dated_report_that_comes_later(src, tmp_path):
    out = tmp_path / "out"
    (src / "wire.txt").write_text(WIRE, encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    alone = next(r for r in tables(out)["reports"] if r["source_path"] == "wire.txt")["meeting_id"]
    (src / "dated.json").write_text(json.dumps(DATED, ensure_ascii=False), encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    after = tables(out)
    joined = next(r for r in after["reports"] if r["source_path"] == "wire.txt")["meeting_id"]
    assert joined != alone
    meeting = next(m for m in after["meetings"] if m["meeting_id"] == joined)
    assert len(meeting["report_ids"]) == 2
    assert {d["meeting_id"] for d in after["directives"] if d["report_id"] in meeting["report_ids"]} == {joined}
    assert after == clean(src, tmp_path)


def test_a_new_extractor_version_reads_everything_again(src, tmp_path, monkeypatch):
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    before = tables(out)
    monkeypatch.setattr(steps, "extractor_version", lambda: "next-version")
    monkeypatch.setattr(version, "extractor_version", lambda: "next-version")
    summary = steps.build_plain([str(src)], str(out))
    assert summary["reread"] == summary["files"] and summary["unchanged"] == 0
    assert tables(out) == before
    assert steps.build_plain([str(src)], str(out))["unchanged"] == summary["files"]


def test_small_parts_are_merged(src, tmp_path, monkeypatch):
    monkeypatch.setattr(finishing, "COMPACT_AT", 3)
    out = tmp_path / "out"
    (src / "more").mkdir()
    steps.build_plain([str(src)], str(out))
    for n in range(4):
        (src / "more" / f"{n}.txt").write_bytes(variant(src / "jiading-2020-06-29.txt", 100 + n))
        steps.build_plain([str(src)], str(out))
        assert len(list((out / "reports").glob("*.parquet"))) < 3
    assert tables(out) == clean(src, tmp_path)


@pytest.mark.parametrize("seed, batch, compact_at", [(7, 200, 8), (11, 1, 2)])
def test_any_sequence_of_runs_equals_a_clean_build(src, tmp_path, raw_dir, monkeypatch, seed, batch, compact_at):
    """Random adds, edits, touches, copies and deletions; after each run the datasets equal a
    clean build of what is on disk then, and a second run writes nothing. With one file a batch
    and merging from two small parts, parts are patched, moved to and from the shadow and merged
    on almost every run."""
    monkeypatch.setattr(steps, "BATCH_SIZE", batch)
    monkeypatch.setattr(finishing, "COMPACT_AT", compact_at)
    monkeypatch.setattr(finishing, "SMALL_PART", 3 if compact_at == 2 else finishing.SMALL_PART)
    rng = random.Random(int(os.environ.get("SEQ_SEED", seed)))
    pool = sorted(p for p in raw_dir.iterdir() if p.is_file())
    out = tmp_path / "out"
    (src / "wire.txt").write_text(WIRE, encoding="utf-8")
    for step in range(int(os.environ.get("SEQ_STEPS", 14))):
        present = sorted(p for p in src.rglob("*") if p.is_file())
        action = rng.choice(["add", "edit", "touch", "copy", "delete", "dated"])
        if action == "add":
            sample = rng.choice(pool)
            (src / f"n{step}{sample.suffix}").write_bytes(variant(sample, step))
        elif action == "edit" and present:
            p = rng.choice(present)
            p.write_bytes(variant(p, 1000 + step) if p.suffix in (".txt", ".md") else p.read_bytes() + b"\n")
        elif action == "touch" and present:
            p = rng.choice(present)
            os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
        elif action == "copy" and present:
            p = rng.choice(present)
            shutil.copy(p, src / f"{rng.choice('0z')}-copy{step}{p.suffix}")
        elif action == "delete" and len(present) > 2:
            rng.choice(present).unlink()
        elif action == "dated":
            (src / "dated.json").write_text(json.dumps(DATED, ensure_ascii=False), encoding="utf-8")
        steps.build_plain([str(src)], str(out), prune=True)
        assert tables(out) == clean(src, tmp_path), f"step {step}: {action}"
        written = files(out)
        assert not steps.build_plain([str(src)], str(out), prune=True)["updated"], f"step {step}: {action}"
        assert files(out) == written
