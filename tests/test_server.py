"""The Prefect servers readouts starts itself: up, healthy, gone afterwards, even when the CLI is killed."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flows import server
from flows.server import ServerStartError, configured_api_url, healthy, run_server, temporary_server

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks processes through /proc")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prefect-home")


def test_the_module_does_not_import_prefect():
    code = "import sys, flows.server; assert 'prefect' not in sys.modules, 'flows.server imports prefect'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=30)


def test_a_first_start_prepares_the_database_and_stops_cleanly(home, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    said: list[str] = []
    others = set(_children(os.getpid()))  # e.g. the session's Prefect test harness
    with temporary_server(home, say=said.append, timeout=180) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
        assert healthy(url)
        pids = set(_children(os.getpid())) - others
        assert pids, "no server process"
        # a server recorded by run_server is found while it answers
        (home / server.STATE_NAME).write_text(json.dumps({"url": url, "pid": os.getpid()}))
        assert configured_api_url(home) == url
        (home / server.STATE_NAME).unlink()
    assert len(said) == 1 and said[0].startswith("preparing Prefect's local database in")
    assert server.ready_marker(home).exists()
    assert all(_wait_gone(pid, 1) for pid in pids), "the server outlived the block"
    assert not healthy(url)

    said.clear()
    with temporary_server(home, say=said.append, timeout=120) as url:  # prepared: nothing to say
        assert healthy(url)
    assert said == []


def test_a_killed_cli_leaves_no_server(home):
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from flows.server import temporary_server
        with temporary_server(Path({str(home)!r}), timeout=120) as url:
            print(url, flush=True)
            time.sleep(600)
    """)
    cli = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = cli.stdout.readline().strip()
        assert url.endswith("/api"), "the server did not come up"
        servers = _children(cli.pid)
        assert servers and healthy(url)
    finally:
        cli.kill()
        cli.wait()
    assert all(_wait_gone(pid, 10) for pid in servers), f"server {servers} outlived its killed CLI"


def test_an_impossible_timeout_says_what_to_do_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("READOUTS_SERVER_TIMEOUT", raising=False)
    before = set(_children(os.getpid()))
    with pytest.raises(ServerStartError) as info:
        with temporary_server(tmp_path, timeout=0.001):
            pass
    message = str(info.value)
    assert "\n" not in message
    assert "did not answer within 0.001 s" in message and "READOUTS_SERVER_TIMEOUT" in message
    assert set(_children(os.getpid())) <= before, "the server that timed out is still running"


def test_the_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("READOUTS_SERVER_TIMEOUT", raising=False)
    monkeypatch.delenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", raising=False)
    assert server._timeout(None, preparing=False) == 90 and server._timeout(None, preparing=True) == 300
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "45")
    assert server._timeout(None, preparing=True) == 45
    monkeypatch.setenv("READOUTS_SERVER_TIMEOUT", "12")
    assert server._timeout(None, preparing=True) == 12
    assert server._timeout(3, preparing=True) == 3


def test_the_environment_wins_and_a_stale_server_file_is_ignored(tmp_path, monkeypatch):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / server.STATE_NAME).write_text(json.dumps({"url": "http://127.0.0.1:9/api", "pid": dead.pid}))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert configured_api_url(tmp_path) is None
    assert configured_api_url(tmp_path / "nowhere") is None
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    assert configured_api_url(tmp_path) == "http://prefect.example:4200/api"


def test_run_server_on_a_taken_port_says_so_and_returns_1(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run_server(tmp_path, port=port) == 1
    err = capsys.readouterr().err
    assert f"port {port}" in err and "already in use" in err and err.count("\n") == 1
    assert not (tmp_path / server.STATE_NAME).exists()


def test_a_taken_port_is_retried_on_another(home, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1]])
        free = server._free_port
        monkeypatch.setattr(server, "_free_port", lambda: next(ports, None) or free())
        with temporary_server(home, timeout=120) as url:
            assert healthy(url) and not url.endswith(f":{taken.getsockname()[1]}/api")
