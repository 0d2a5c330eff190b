"""End to end: the Prefect flow over raw/, read back through pandas and DuckDB; re-runs and crashes."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest

from flows.steps import build as steps
from flows.steps import commit as commit_step
from flows.steps import parts as parts_step
from flows.steps import state as state_step
from flows.steps.read import discover
from schemas.arrow import SCHEMAS

DATASETS = list(SCHEMAS)


def _rows(out: Path, name: str) -> list[dict]:
    return ds.dataset(str(out / name), format="parquet").to_table().to_pylist()


def test_every_dataset_has_rows_and_its_declared_schema(built):
    for name in DATASETS:
        table = ds.dataset(str(built / name), format="parquet").to_table()
        assert table.num_rows > 0, f"{name} is empty"
        assert table.schema.remove_metadata() == SCHEMAS[name].remove_metadata(), name


def test_pandas_reads_lists_as_lists_and_dates_as_dates(built):
    meetings = pd.read_parquet(built / "meetings")
    assert all(isinstance(v, (list, tuple)) or hasattr(v, "tolist") for v in meetings["report_ids"])
    assert any(isinstance(v, dt.date) for v in meetings["meeting_date"].dropna())
    directives = pd.read_parquet(built / "directives")
    assert str(directives["start"].dtype) == "int32"


def test_duckdb_reads_the_hive_glob_of_spec(built):
    con = duckdb.connect()
    rel = con.sql(f"select meeting_type, report_ids, meeting_date from read_parquet('{built}/meetings/**/*.parquet', hive_partitioning = true)")
    table = rel.to_arrow_table()
    assert table.num_rows == len(_rows(built, "meetings"))
    types = dict(zip(rel.columns, [str(t) for t in rel.types]))
    assert types["report_ids"] == "VARCHAR[]" and types["meeting_date"] == "DATE"


def test_every_raw_file_is_a_report_or_a_reject(built, raw_dir):
    seen = {p.split("#")[0] for r in _rows(built, "reports") for p in r["source_paths"]}
    seen |= {r["source_path"].split("#")[0] for r in _rows(built, "rejects")}
    assert seen == {p.name for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")}


def test_rejects_say_what_to_do(built):
    for reject in _rows(built, "rejects"):
        assert reject["reason"] and len(reject["message"]) > 20


def test_offsets_point_at_their_words(built):
    text = {r["report_id"]: r["text"] for r in _rows(built, "reports")}
    directives = _rows(built, "directives")
    assert directives
    for d in directives:
        assert text[d["report_id"]][d["start"]:d["end"]] == d["text"]
    for t in _rows(built, "themes"):
        assert text[t["report_id"]][t["first_start"]:t["first_end"]] == t["text"]


def test_a_rerun_gives_the_same_rows(built, raw_dir, tmp_path, prefect_harness):
    from flows.build import build

    build([str(raw_dir)], str(tmp_path))
    for name in DATASETS:
        assert _rows(tmp_path, name) == _rows(built, name), name


def _snapshot(out: Path) -> dict:
    return {name: sorted(map(str, _rows(out, name))) for name in DATASETS}


def test_a_crash_while_staging_leaves_the_previous_datasets(raw_dir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(raw_dir, src)
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    before = _snapshot(out)
    (src / "jiading-2020-06-29.txt").write_text("区委常委会召开会议。会议要求，要抓好安全生产工作。", encoding="utf-8")
    (src / "new.txt").write_text("县委常委会召开会议。会议强调，要做好防汛工作。", encoding="utf-8")
    calls = {"n": 0}
    real = parts_step._writer

    def failing(*args, **kwargs):  # the disk fills up while the second Parquet file is being written
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(parts_step, "_writer", failing)
    with pytest.raises(OSError):
        steps.build_plain([str(src)], str(out))
    assert _snapshot(out) == before
    monkeypatch.undo()
    steps.build_plain([str(src)], str(out))
    assert not list((out / ".readouts").glob("run-*"))
    clean = tmp_path / "clean"
    steps.build_plain([str(src)], str(clean))
    assert _snapshot(out) == _snapshot(clean)


def test_a_crash_half_way_through_the_commit_is_completed_by_the_next_run(raw_dir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(raw_dir, src)
    out = tmp_path / "out"
    steps.build_plain([str(src)], str(out))
    (src / "new.txt").write_text("县委常委会召开会议。会议强调，要做好防汛工作。", encoding="utf-8")
    real, calls = commit_step.os.replace, {"n": 0}

    def failing(a, b):
        calls["n"] += 1
        if calls["n"] == 3:  # the journal is in place (1), one file moved (2)
            raise OSError(5, "Input/output error")
        return real(a, b)

    monkeypatch.setattr(commit_step.os, "replace", failing)
    with pytest.raises(commit_step.CommitInterrupted, match="run the build again"):
        steps.build_plain([str(src)], str(out))
    monkeypatch.undo()
    assert (out / ".readouts" / "journal.json").exists()
    again = steps.build_plain([str(src)], str(out))
    assert not (out / ".readouts" / "journal.json").exists() and not again["updated"]
    clean = tmp_path / "clean"
    steps.build_plain([str(src)], str(clean))
    assert _snapshot(out) == _snapshot(clean)


def test_cli_exit_codes_and_summary(prefect_harness, raw_dir, tmp_path, capsys, monkeypatch):
    from prefect.settings import PREFECT_API_URL

    from flows.cli import main
    from flows.steps.lock import locked

    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    assert main(["build", str(tmp_path / "missing"), "--output", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["build", str(raw_dir), "--output", str(tmp_path / "o")]) == 0
    summary = capsys.readouterr().out
    for word in ("files", "8 new", "reports", "meetings", "themes", "directives", "rejects", "invalid_json"):
        assert word in summary
    assert main(["build", str(raw_dir), "--output", str(tmp_path / "o")]) == 0
    assert capsys.readouterr().out.startswith("nothing new · files 8 (8 unchanged)")
    with locked(tmp_path / "o"):
        assert main(["build", str(raw_dir), "--output", str(tmp_path / "o")]) == 3
        assert "is writing to" in capsys.readouterr().err
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # nothing listens there
    assert main(["build", str(raw_dir), "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "does not answer" in err and "make server" in err and len(err.strip().splitlines()) == 1


def test_cli_help_explains_every_option(capsys):
    from flows.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("RAW_PATH", "--output", "--prune", "--wait", "--quiet", "--verbose"):
        assert option in text


def test_a_file_that_cannot_be_read_is_a_reject_not_a_crash(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (src / "empty.md").write_bytes(b"")
    (src / "list.json").write_text("[1, 2, 3]")
    steps.build_plain([str(src)], str(tmp_path / "out"))
    assert {(r["source_path"], r["reason"]) for r in _rows(tmp_path / "out", "rejects")} == {
        ("image.txt", "binary"), ("empty.md", "empty"), ("list.json", "schema")}
    assert _rows(tmp_path / "out", "reports") == []


def test_an_output_folder_inside_the_raw_path_is_not_input(tmp_path, raw_dir):
    src = tmp_path / "src"
    shutil.copytree(raw_dir, src)
    out = src / "output"
    steps.build_plain([str(src)], str(out))
    again = discover([src], exclude=out)
    assert again.found and not any("output" in f.rel for f in again.found)
    assert steps.build_plain([str(src)], str(out))["unchanged"] == len(again.found)


def test_incompatible_previous_output_fails_clearly(tmp_path, raw_dir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "reports").mkdir()
    pq.write_table(pa.table({"other": [1]}), tmp_path / "reports" / "part-0.parquet")
    with pytest.raises(state_step.IncompatibleOutput, match="another --output"):
        steps.build_plain([str(raw_dir)], str(tmp_path))


def test_one_article_in_four_formats_is_one_report(tmp_path, raw_dir):
    import html
    import json

    from flows.steps.pipeline import process
    from flows.steps.read import read_file

    page = raw_dir / "district-plenum-2021-12-20.html"
    (src := tmp_path / "src").mkdir()
    shutil.copy(page, src / "a.html")
    first = process(read_file(raw_dir, page)[0])
    paras = first.text.split("\n")
    (src / "b.json").write_text(json.dumps({"title": first.title, "date": "2021-12-21",
                                            "content": "".join(f"<p>{html.escape(p)}</p>" for p in paras)}))
    (src / "c.txt").write_bytes((first.title + "\n" + "\n\n".join(p.replace("，", ",") for p in paras)).encode("gb18030"))
    (src / "d.md").write_text("### " + first.title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    steps.build_plain([str(src)], str(tmp_path / "out"))
    reports = _rows(tmp_path / "out", "reports")
    assert len(reports) == 1
    assert reports[0]["source_paths"] == ["a.html", "b.json", "c.txt", "d.md"]


def test_tasks_retry_io_errors_that_may_pass_and_nothing_else(prefect_harness):
    import errno

    from prefect import flow, task

    from flows.tasks import RETRY

    calls: list[str] = []

    @task(**(RETRY | {"retry_delay_seconds": 0}))
    def flaky(kind: str) -> str:
        calls.append(kind)
        if len(calls) == 1:
            raise {"io": OSError(errno.EIO, "Input/output error"), "missing": FileNotFoundError(2, "gone"),
                   "bug": ValueError("a bug")}[kind]
        return "done"

    @flow
    def run(kind: str) -> str:
        return flaky(kind)

    assert run("io") == "done" and calls == ["io", "io"]
    for kind in ("missing", "bug"):
        calls.clear()
        with pytest.raises((FileNotFoundError, ValueError)):
            run(kind)
        assert calls == [kind]
