"""Incremental builds at their edges: each test is a minimal sequence of runs that once broke the
promise (any sequence of runs equals a clean build, a no-op re-run writes nothing, nothing is
lost): duplicates whose files go, rejects under two roots, unreadable files, names that are not
UTF-8, nested RAW_PATHs, an output folder that is the input."""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.steps import build as steps
from flows.steps import read as read_step

KEYS = {"reports": "report_id", "meetings": "meeting_id", "themes": "theme_id", "directives": "directive_id",
        "rejects": "source_path"}


def tables(out: Path) -> dict[str, list[dict]]:
    result = {}
    for name, key in KEYS.items():
        rows = ds.dataset(str(out / name), format="parquet").to_table().to_pylist()
        result[name] = sorted(rows, key=lambda r: (r[key], str(r.get("stage")), str(r.get("seq")),
                                                   str(r.get("raw_sha256"))))
    return result


def clean(srcs: list[Path], tmp_path: Path) -> dict[str, list[dict]]:
    out = tmp_path / f"clean-{random.random()}"
    steps.build_plain([str(s) for s in srcs], str(out))
    result = tables(out)
    shutil.rmtree(out)
    return result


def written(out: Path) -> dict[str, tuple[int, int]]:
    """Every Parquet file under OUT_DIR (the state included) with its size and mtime."""
    return {p.relative_to(out).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*.parquet")}


def report(n: int) -> str:
    return f"县委常委会召开会议。会议要求，要抓好安全生产工作{n}。\n"


def texts(out: Path) -> set[str]:
    return {r["text"] for r in tables(out)["reports"]}


def test_the_other_records_of_a_gone_file_keep_their_rows(tmp_path):
    """F.jsonl line 1 is a report of its own; line 2 duplicates A.txt. F.jsonl is removed without
    --prune (kept), then A.txt changes: line 2 now stands for its report, from the rows kept in the
    shadow, and line 1's report stays."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "A.txt").write_text(report(1), encoding="utf-8")
    (src / "F.jsonl").write_text("\n".join(json.dumps({"content": report(n)}, ensure_ascii=False) for n in (2, 1)) + "\n",
                                 encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    own = report(2).strip()
    assert own in texts(out)
    (src / "F.jsonl").unlink()
    steps.build_plain([str(src)], str(out))  # removed, not pruned: kept
    assert own in texts(out)
    (src / "A.txt").write_text(report(3), encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    assert own in texts(out)
    assert report(1).strip() in texts(out)  # the report A.txt held, kept through F.jsonl#2


def test_a_removed_duplicate_stands_in_when_its_first_path_changes(tmp_path):
    """b.txt duplicates a.txt; b.txt is removed without --prune (so it is kept); a.txt is then
    edited. The report b.txt held stays, from b.txt's own rows kept in the shadow."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    (src / "b.txt").write_text(report(1), encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    (src / "b.txt").unlink()
    steps.build_plain([str(src)], str(out))
    (src / "a.txt").write_text(report(2), encoding="utf-8")
    steps.build_plain([str(src)], str(out))
    assert report(1).strip() in texts(out), "the report of the removed (not pruned) b.txt was lost"


def test_a_noop_rerun_writes_nothing_when_two_roots_share_a_path(tmp_path):
    """Two rejects with the same source_path (x.txt under two RAW_PATHs), read in different runs:
    the rejects table has one order whatever order the entries come in, so a re-run writes nothing."""
    s0, s1, out = tmp_path / "s0", tmp_path / "s1", tmp_path / "out"
    s0.mkdir()
    s1.mkdir()
    (s0 / "x.txt").write_bytes(b"")
    (s1 / "x.txt").write_bytes(b"   \n")
    steps.build_plain([str(s1)], str(out))
    steps.build_plain([str(s0), str(s1)], str(out))
    before = written(out)
    summary = steps.build_plain([str(s0), str(s1)], str(out))
    assert not summary["updated"]
    assert written(out) == before


def test_a_noop_rerun_writes_nothing_while_a_file_stays_unreadable(tmp_path, monkeypatch):
    """A file that cannot be opened (permission denied) is tried again on every run; when it fails
    the same way, its entry equals the saved one and nothing is written."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    (src / "secret.txt").write_text(report(2), encoding="utf-8")
    real = read_step._read_regular

    def denied(path):
        if Path(path).name == "secret.txt":  # what chmod 000 gives a user that is not root
            raise read_step._NotReadable("unreadable", "could not open the file: Permission denied")
        return real(path)

    monkeypatch.setattr(read_step, "_read_regular", denied)
    steps.build_plain([str(src)], str(out))
    assert [r["reason"] for r in tables(out)["rejects"]] == ["unreadable"]
    before = written(out)
    summary = steps.build_plain([str(src)], str(out))
    assert not summary["updated"]
    assert written(out) == before, "state.parquet was rewritten by a no-op re-run"


def test_a_file_name_that_is_not_utf8_is_read(tmp_path):
    """A name in GBK bytes (a zip from Windows unpacked on Linux) is read, its source_path the name
    decoded as GB18030."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    name = "会议.txt".encode("gbk")
    with open(os.path.join(os.fsencode(src), name), "wb") as f:
        f.write(report(2).encode("utf-8"))
    summary = steps.build_plain([str(src)], str(out))
    assert summary["reports"] == 2
    assert sorted(r["source_path"] for r in tables(out)["reports"]) == ["a.txt", "会议.txt"]
    assert steps.build_plain([str(src)], str(out))["unchanged"] == 2


def test_prune_over_a_folder_drops_a_file_built_under_a_nested_raw_path(tmp_path):
    """src/zz was built on its own, then src. zz/y.txt is deleted and src is built with --prune:
    src's scope holds the file wherever it was built from, so its report goes, as in a clean build."""
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "zz").mkdir(parents=True)
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    (src / "zz" / "y.txt").write_text(report(2), encoding="utf-8")
    steps.build_plain([str(src / "zz")], str(out))
    steps.build_plain([str(src)], str(out), prune=True)
    (src / "zz" / "y.txt").unlink()
    steps.build_plain([str(src)], str(out), prune=True)
    assert tables(out) == clean([src], tmp_path) == clean([src / "zz", src], tmp_path)


def test_an_output_folder_that_is_the_raw_path_is_refused(tmp_path):
    """`build src --output src` would read the datasets as raw files: it is refused with a message
    (an OUT_DIR inside a raw folder is skipped instead, see test_flow)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    for raw, out in ((src, src), (src / "a.txt", src)):
        with pytest.raises(ValueError, match="would be read as input"):
            steps.build_plain([str(raw)], str(out))
    assert list(src.iterdir()) == [src / "a.txt"]


def test_a_build_of_an_empty_folder_leaves_a_state_the_next_build_extends(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    first = steps.build_plain([str(src)], str(out))
    assert first["files"] == 0 and (out / ".readouts" / "state.parquet").exists()
    assert all(list((out / name).glob("*.parquet")) for name in KEYS)
    (src / "a.txt").write_text(report(1), encoding="utf-8")
    assert steps.build_plain([str(src)], str(out))["reports"] == 1


def test_a_state_an_older_readouts_wrote_with_fewer_columns_is_read_again_not_refused(tmp_path, raw_dir):
    """A state without a column this version keeps (lead_key) is upgraded: every file is read again
    and the datasets equal a clean build."""
    import pyarrow.parquet as pq

    from flows.steps import state as state_step

    out = tmp_path / "out"
    steps.build_plain([str(raw_dir)], str(out))
    path = out / state_step.FILE
    old = pq.read_table(path)
    pq.write_table(old.drop_columns(["lead_key"]).replace_schema_metadata(old.schema.metadata), path)
    summary = steps.build_plain([str(raw_dir)], str(out))
    assert summary["reread"] == summary["files"] > 0
    assert pq.read_schema(path).remove_metadata() == state_step.SCHEMA
    clean_out = tmp_path / "clean"
    steps.build_plain([str(raw_dir)], str(clean_out))
    assert tables(out) == tables(clean_out)
