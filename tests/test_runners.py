"""Every task runner makes the same datasets: one process, a process pool, a Dask cluster."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.steps import build as steps
from schemas.arrow import SCHEMAS


def _tables(out: Path) -> dict:
    """Each dataset as read, in file order: row for row, not only the same set of rows."""
    return {name: ds.dataset(str(out / name), format="parquet").to_table() for name in SCHEMAS}


@pytest.fixture
def many_batches(monkeypatch, prefect_harness):
    """One file a batch, so the eight samples go to the runner as eight tasks, not inline; worker
    processes reach the test's Prefect server through the environment."""
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setattr(steps, "BATCH_SIZE", 1)
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())


def _build(raw_dir: Path, out: Path, runner=None) -> dict:
    from flows.build import build

    flow = build.with_options(task_runner=runner) if runner else build
    return flow([str(raw_dir)], str(out))


def test_a_process_pool_and_a_dask_cluster_build_what_one_process_builds(many_batches, raw_dir, tmp_path):
    from prefect.task_runners import ProcessPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    one = _build(raw_dir, tmp_path / "one")
    assert len(list((tmp_path / "one" / "reports").glob("*.parquet"))) > 1, "the batches must be several"
    pool = _build(raw_dir, tmp_path / "pool", ProcessPoolTaskRunner(max_workers=2))
    cluster = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True,
                                             "dashboard_address": None})
    dask = _build(raw_dir, tmp_path / "dask", cluster)
    expected = _tables(tmp_path / "one")
    for name, table in _tables(tmp_path / "pool").items():
        assert table.equals(expected[name]), f"process pool: {name}"
    for name, table in _tables(tmp_path / "dask").items():
        assert table.equals(expected[name]), f"dask: {name}"
    for summary in (pool, dask):
        assert {k: summary[k] for k in ("reports", "meetings", "themes", "directives", "rejects")} == \
               {k: one[k] for k in ("reports", "meetings", "themes", "directives", "rejects")}


def test_the_cli_names_the_runners_and_says_when_to_use_which(capsys):
    from flows.cli import main

    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("--task-runner", "process", "sequential", "dask", "--dask-address", "--workers", "all cores"):
        assert words in text


def test_the_commit_runs_after_a_process_pool_has_let_its_workers_go(many_batches, raw_dir, tmp_path, monkeypatch):
    """The commit needs no worker: their memory is given back before it starts."""
    import multiprocessing

    from prefect.task_runners import ProcessPoolTaskRunner

    from flows import tasks

    seen: list[int] = []
    finish = steps.finish

    def counting(run, indexes):
        seen.append(len([p for p in multiprocessing.active_children() if "resource_tracker" not in p.name]))
        return finish(run, indexes)

    monkeypatch.setattr(tasks.steps, "finish", counting)
    summary = _build(raw_dir, tmp_path / "pool", ProcessPoolTaskRunner(max_workers=2))
    assert summary["reports"] > 0 and seen == [0]
