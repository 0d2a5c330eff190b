"""The installed `readouts` command as a user runs it: a first run with nothing prepared, and a folder of bad input."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from flows.steps.read import discover
from schemas.arrow import SCHEMAS
from badinputs import write_bad_corpus

ROOT = Path(__file__).resolve().parent.parent
READOUTS = Path(sys.executable).parent / "readouts"


@pytest.fixture(scope="module")
def fresh_home(tmp_path_factory) -> Path:
    """A PREFECT_HOME nobody has used: what a fresh clone has."""
    return tmp_path_factory.mktemp("prefect-home")


def _run(args: list[str], home: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    return subprocess.run([str(READOUTS), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _processes_using(home: Path) -> list[int]:
    """Pids of live processes whose environment names this PREFECT_HOME (a server left behind)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if f"PREFECT_HOME={home}".encode() + b"\0" in environ + b"\0":
                pids.append(int(entry.name))
    return pids


def _rows(out: Path, name: str) -> list[dict]:
    return ds.dataset(str(out / name), format="parquet").to_table().to_pylist()


def test_the_first_run_with_an_empty_prefect_home_succeeds(fresh_home, tmp_path, raw_dir):
    out = tmp_path / "out"
    result = _run(["build", str(raw_dir), "--output", str(out)], fresh_home)
    assert result.returncode == 0, result.stderr
    assert "preparing Prefect's local database" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "Error" not in result.stderr
    assert "files 8 (8 new)" in result.stdout
    assert all(_rows(out, name) for name in SCHEMAS)
    assert _processes_using(fresh_home) == []
    again = _run(["build", str(raw_dir), "--output", str(out)], fresh_home)
    assert again.returncode == 0 and again.stdout.startswith("nothing new")
    assert "preparing" not in again.stderr


def _add_file_system_kinds(src: Path) -> dict[str, str]:
    """Entries that are not regular files, each with the reject reason it must get."""
    (src / "dangling.txt").symlink_to(src / "nowhere.txt")
    (src / "self.txt").symlink_to(src / "self.txt")
    (src / "loop").mkdir()
    (src / "loop" / "up").symlink_to(src)
    os.mkfifo(src / "pipe.txt")
    (src / "device.txt").symlink_to("/dev/null")
    (src / "linked.txt").symlink_to(ROOT / "raw" / "jiading-2020-06-29.txt")
    return {"dangling.txt": "broken_link", "self.txt": "link_loop", "loop/up": "link_loop",
            "pipe.txt": "not_a_file", "device.txt": "not_a_file", "sock.txt": "not_a_file"}


def test_a_folder_of_bad_input_builds_with_every_entry_accounted_for(fresh_home, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    expected = write_bad_corpus(src)
    expected |= _add_file_system_kinds(src)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock.txt"))
    try:
        assert len(expected) >= 30
        out = tmp_path / "out"
        result = _run(["build", str(src), "--output", str(out)], fresh_home)
    finally:
        sock.close()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    reports = {p for r in _rows(out, "reports") for p in r["source_paths"]}
    rejects: dict[str, set[str]] = {}
    for r in _rows(out, "rejects"):
        rejects.setdefault(r["source_path"], set()).add(r["reason"])
        assert len(r["message"]) >= 20 and "Traceback" not in r["message"]
    entries = {f.rel for f in discover([src]).found}
    assert entries == {p.split("#")[0] for p in reports | set(rejects)}, "every entry is a report or a reject"
    for name, reason in expected.items():
        if reason is None:
            assert name in reports, name
        else:
            assert reason in rejects.get(name, set()), (name, rejects.get(name))
