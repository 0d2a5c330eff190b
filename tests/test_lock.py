"""One writer per OUT_DIR: a second build is refused or waits, and a killed build's lock does not linger."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.steps import build as steps
from flows.steps.lock import Busy, locked, probe

ROOT = Path(__file__).resolve().parent.parent


def _holder(out: Path, hold: float) -> subprocess.Popen:
    """A process that takes OUT_DIR's lock, says so, and keeps it for `hold` seconds."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from flows.steps.lock import locked
        with locked(Path({str(out)!r})):
            print("held", flush=True)
            time.sleep({hold})
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    return proc


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_a_second_build_is_refused_with_who_holds_the_lock(raw_dir, tmp_path):
    out = tmp_path / "out"
    holder = _holder(out, 60)
    try:
        assert f"pid {holder.pid}" in probe(out)
        with pytest.raises(Busy, match=f"pid {holder.pid}.*--wait"):
            steps.build_plain([str(raw_dir)], str(out))
        assert not (out / "reports").exists()
    finally:
        _stop(holder)
    assert probe(out) is None


def test_a_build_that_waits_runs_once_the_first_is_done(raw_dir, tmp_path):
    out = tmp_path / "out"
    holder = _holder(out, 1.5)
    try:
        summary = steps.build_plain([str(raw_dir)], str(out), wait=30)
        assert holder.poll() == 0 and summary["reports"] > 0
    finally:
        _stop(holder)


def test_a_killed_builds_lock_is_recognised_as_stale(raw_dir, tmp_path):
    out = tmp_path / "out"
    holder = _holder(out, 60)
    os.kill(holder.pid, signal.SIGKILL)
    _stop(holder)
    summary = steps.build_plain([str(raw_dir)], str(out))
    assert any(f"pid {holder.pid}" in note and "interrupted" in note for note in summary["notes"])
    assert steps.build_plain([str(raw_dir)], str(out))["notes"] == []


def test_two_builds_started_together_never_lose_rows(raw_dir, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(raw_dir, first)
    second.mkdir()
    (second / "other.txt").write_text("县委常委会召开会议。会议强调，要做好秋冬季防火工作。", encoding="utf-8")
    out = tmp_path / "out"
    code = ("import sys; from flows.steps.build import build_plain; "
            "build_plain([sys.argv[1]], sys.argv[2], wait=float(sys.argv[3]))")
    runs = [subprocess.Popen([sys.executable, "-c", code, str(src), str(out), wait], cwd=ROOT,
                             stderr=subprocess.PIPE, text=True)
            for src, wait in ((first, "60"), (second, "60"))]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    paths = {p for r in ds.dataset(str(out / "reports")).to_table().to_pylist() for p in r["source_paths"]}
    assert "other.txt" in paths and "jiading-2020-06-29.txt" in paths
    with locked(out):  # and without waiting, the second of two is refused while the first runs
        refused = subprocess.run([sys.executable, "-c", code, str(second), str(out), "0"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "is writing to" in refused.stderr
