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
from flows.steps import write as write_step
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


def test_more_input_adds_only_what_is_new(raw_dir, tmp_path):
    first = [p for p in raw_dir.iterdir() if p.suffix == ".txt"]
    assert first, "raw/ needs .txt samples"
    out = tmp_path / "out"
    steps.finish(steps.process_batch([(str(raw_dir), str(p)) for p in first]), out)
    before = {r["report_id"] for r in _rows(out, "reports")}
    steps.finish(steps.process_batch(steps.find_files([raw_dir])), out)
    after = {r["report_id"] for r in _rows(out, "reports")}
    assert before < after
    again = {r["report_id"] for r in _rows(out, "reports")}
    steps.finish(steps.process_batch(steps.find_files([raw_dir])), out)
    assert {r["report_id"] for r in _rows(out, "reports")} == again


def test_a_crash_while_writing_leaves_the_previous_datasets(raw_dir, tmp_path, monkeypatch):
    out = tmp_path / "out"
    results = steps.process_batch(steps.find_files([raw_dir]))
    steps.finish(results, out)
    before = {name: _rows(out, name) for name in DATASETS}
    calls = {"n": 0}
    real = write_step.pq.write_table

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(write_step.pq, "write_table", failing)
    with pytest.raises(OSError):
        steps.finish(results[:2], out)
    assert {name: _rows(out, name) for name in DATASETS} == before
    assert not list(out.glob(".staging-*"))


def test_cli_exit_codes_and_summary(prefect_harness, raw_dir, tmp_path, capsys):
    from flows.cli import main

    assert main(["build", str(tmp_path / "missing"), "--output", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["build", str(raw_dir), "--output", str(tmp_path / "o")]) == 0
    summary = capsys.readouterr().out
    for word in ("files", "reports", "meetings", "themes", "directives", "rejects", "invalid_json"):
        assert word in summary


def test_cli_help_explains_every_option(capsys):
    from flows.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["build", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for option in ("RAW_PATH", "--output", "--quiet"):
        assert option in text


def test_a_file_that_cannot_be_read_is_a_reject_not_a_crash(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "list.json").write_text("[1, 2, 3]")
    rows = steps.finish(steps.process_batch(steps.find_files([tmp_path])), tmp_path / "out")
    assert {(r["source_path"], r["reason"]) for r in rows["rejects"]} == {
        ("image.txt", "binary"), ("empty.md", "empty"), ("list.json", "schema")}


def test_an_output_folder_inside_the_raw_path_is_not_input(tmp_path, raw_dir):
    src = tmp_path / "src"
    shutil.copytree(raw_dir, src)
    out = src / "output"
    steps.finish(steps.process_batch(steps.find_files([src], exclude=out)), out)
    again = steps.find_files([src], exclude=out)
    assert not any("/output/" in path for _, path in again)


def test_incompatible_previous_output_fails_clearly(tmp_path, raw_dir):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "reports").mkdir()
    pq.write_table(pa.table({"other": [1]}), tmp_path / "reports" / "part-0.parquet")
    with pytest.raises(write_step.IncompatibleOutput, match="new --output"):
        steps.finish(steps.process_batch(steps.find_files([raw_dir])), tmp_path)


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
    rows = steps.finish(steps.process_batch(steps.find_files([src])), tmp_path / "out")
    assert len(rows["reports"]) == 1
    assert rows["reports"][0]["source_paths"] == ["a.html", "b.json", "c.txt", "d.md"]
