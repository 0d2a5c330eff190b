"""The deployment of prefect.yaml, for real: server, work pool, `prefect deploy`, a process worker, a run.

One module-scoped stack does what the README tells a user to do — each step the real command in
a subprocess — and the tests check what came out of it: a Completed flow run started from a
folder other than the project, the five datasets, the artifacts and the summary log line, and
that every process stops. About a minute on an idle 2-core machine; the timeouts allow for a
busy one.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATASETS = ("reports", "meetings", "themes", "directives", "rejects")
DEPLOYMENT = "readouts-build/nightly-build"
RUN_TIMEOUT = 240  # trigger → Completed; generous: the machine is shared and slow
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process checks use /proc")


def _prefect() -> list[str]:
    exe = BIN / "prefect"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "prefect"]


def _api(url: str, path: str, body: dict | None = None, timeout: float = 10):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}{path}", data=data, method="GET" if body is None else "POST",
                                     headers={"content-type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def _healthy(url: str) -> bool:
    try:
        return _api(url, "/health", timeout=2) is True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    """Running, not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.2)
    return {p for p in pids if _alive(p)}


def _tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    url: str = ""
    server: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    pids: set[int] = field(default_factory=set)  # every process the stack started, to check they end
    run: dict = field(default_factory=dict)  # the flow run, as the API last returned it
    deployment: dict = field(default_factory=dict)
    output: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def cli(self, *args: str, timeout: float = 180, cwd: Path = ROOT) -> str:
        started = time.monotonic()
        done = subprocess.run([*_prefect(), *args], cwd=cwd, env=self.env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        self.timings[" ".join(args[:2])] = time.monotonic() - started
        output = done.stdout + done.stderr
        assert done.returncode == 0, f"`prefect {' '.join(args)}` exited {done.returncode}:\n{output}"
        return output

    def stop_worker(self) -> None:
        """SIGINT, a second SIGINT (the worker may wait on its event queue), then SIGKILL, to its group."""
        if self.worker is None or self.worker.returncode is not None:
            return
        self.pids |= _descendants(self.worker.pid) | {self.worker.pid}
        started, signals = time.monotonic(), 0
        for sig, grace in ((signal.SIGINT, 8), (signal.SIGINT, 5), (signal.SIGKILL, 5)):
            if self.worker.poll() is not None:
                break
            signals += 1
            try:
                os.killpg(self.worker.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.worker.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.worker.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signal.SIGKILL)  # the flow-run process, if anything is left
        self.timings[f"worker stop ({signals} signals)"] = time.monotonic() - started

    def stop_server(self) -> None:
        """SIGINT to run_server (it forwards it once to `prefect server start`), then SIGTERM, SIGKILL."""
        if self.server is None or self.server.returncode is not None:
            return
        self.pids |= _descendants(self.server.pid) | {self.server.pid}
        started, signals = time.monotonic(), 0
        for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            if self.server.poll() is not None:
                break
            signals += 1
            self.server.send_signal(sig)
            try:
                self.server.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.server.wait(timeout=10)
        for pid in _wait_gone(self.pids, 10):  # the prefect server runs in a session of its own
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.timings[f"server stop ({signals} signals)"] = time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deployment")
    home, raw, output, elsewhere = tmp / "prefect-home", tmp / "raw", tmp / "output", tmp / "elsewhere"
    shutil.copytree(ROOT / "raw", raw)
    elsewhere.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}  # nothing from the session
    env.update({
        "PREFECT_HOME": str(home), "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_CLI_PROMPT": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",  # the summary is an INFO line sent to the API
        "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        # no nightly runs piling up in the test server; the schedule itself is checked below
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    })
    s = Stack(tmp=tmp, env=env, url=env["PREFECT_API_URL"], output=output)
    try:
        # 1. a server, as `make server` starts it (`readouts server`; its home from PREFECT_HOME)
        started = time.monotonic()
        server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
        with open(tmp / "server.log", "wb") as log:
            s.server = subprocess.Popen([sys.executable, "-m", "flows.cli", "server", "--port", str(port)], cwd=ROOT,
                                        env=server_env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        while not _healthy(s.url):
            if s.server.poll() is not None or time.monotonic() - started > 180:
                pytest.fail(f"the Prefect server did not come up:\n{_tail(tmp / 'server.log')}")
            time.sleep(0.25)
        s.timings["server"] = time.monotonic() - started
        s.pids |= _descendants(s.server.pid) | {s.server.pid}

        # 2. the work pool and the deployment of prefect.yaml, from the project folder
        s.cli("work-pool", "create", "readouts-pool", "--type", "process")
        params = json.dumps({"raw_paths": [str(raw)], "output": str(output), "review": True})
        s.cli("deploy", "--name", "nightly-build", "--params", params)
        s.deployment = _api(s.url, f"/deployments/name/{DEPLOYMENT}")

        # 3. a worker started somewhere else: the deployment must not need the project folder
        with open(tmp / "worker.log", "wb") as log:
            s.worker = subprocess.Popen([*_prefect(), "worker", "start", "--pool", "readouts-pool"],
                                        cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)

        # 4. a run, as the README says, and its end
        out = s.cli("deployment", "run", DEPLOYMENT, cwd=elsewhere)
        match = re.search(r"UUID: ([0-9a-f-]{36})", out)
        assert match, f"no flow run id in:\n{out}"
        triggered = time.monotonic()
        while True:
            s.run = _api(s.url, f"/flow_runs/{match.group(1)}")
            state = s.run.get("state_type")
            if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                break
            if time.monotonic() - triggered > RUN_TIMEOUT:
                break
            if s.worker.poll() is not None:
                pytest.fail(f"the worker exited with {s.worker.returncode}:\n{_tail(tmp / 'worker.log')}")
            s.pids |= _descendants(s.worker.pid)
            time.sleep(1)
        s.timings["run"] = time.monotonic() - triggered
        yield s
    finally:
        s.stop_worker()
        s.stop_server()
        print("\ndeployment stack timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in s.timings.items()))


def _completed(stack: Stack) -> None:
    state = stack.run.get("state_type")
    if state != "COMPLETED":
        name = (stack.run.get("state") or {}).get("message") or ""
        pytest.fail(f"the flow run ended {state or 'nowhere'} after {stack.timings.get('run', 0):.0f} s "
                    f"{name}\nworker log:\n{_tail(stack.tmp / 'worker.log')}")


def test_the_deployment_does_not_depend_on_the_folder_it_was_deployed_from(stack):
    d = stack.deployment
    module = d["entrypoint"].split(":")[0]
    assert module.startswith("flows.build") and not module.endswith(".py"), "not a module path"
    assert not d["pull_steps"] and not d["path"], "pinned to a folder"
    assert d["work_pool_name"] == "readouts-pool"
    assert d["parameters"] == {"raw_paths": [str(stack.tmp / "raw")], "output": str(stack.tmp / "output"), "review": True}
    [schedule] = [s["schedule"] for s in d["schedules"]]
    assert (schedule["cron"], schedule["timezone"]) == ("0 2 * * *", "Asia/Shanghai")


def test_a_worker_elsewhere_completes_a_run(stack):
    _completed(stack)


def test_the_run_writes_the_five_datasets(stack):
    _completed(stack)
    import pyarrow.dataset as ds

    for name in DATASETS:
        folder = stack.output / name
        assert folder.is_dir() and list(folder.rglob("*.parquet")), f"no {name} dataset in {stack.output}"
        assert ds.dataset(str(folder), format="parquet").count_rows() > 0, f"{name} has no rows"


def test_the_run_records_its_counts_and_summary_as_artifacts(stack):
    _completed(stack)
    artifacts = _api(stack.url, "/artifacts/filter",
                     {"artifacts": {"flow_run_id": {"any_": [stack.run["id"]]}}})
    kinds = {a["key"]: a["type"] for a in artifacts}
    assert kinds.get("readouts-counts") == "table", f"no table artifact 'readouts-counts' in {kinds}"
    assert kinds.get("readouts-summary") == "markdown", f"no markdown artifact 'readouts-summary' in {kinds}"
    assert "readouts-review" in kinds, f"no artifact 'readouts-review' linking the review site in {kinds}"
    link = next(a for a in artifacts if a["key"] == "readouts-review")["data"]
    assert "review/index.html" in link and (stack.output / "review" / "index.html").is_file()


def test_the_run_logs_its_summary(stack):
    _completed(stack)
    deadline = time.monotonic() + 60  # the run's process sends its last logs after it is Completed
    while True:
        logs = _api(stack.url, "/logs/filter",
                    {"logs": {"flow_run_id": {"any_": [stack.run["id"]]}, "level": {"ge_": 20}}, "limit": 200})
        if any(log["level"] == 20 and "readouts summary" in log["message"] for log in logs):
            break
        assert time.monotonic() < deadline, \
            "no INFO log line containing 'readouts summary':\n" + "\n".join(log["message"][:120] for log in logs)
        time.sleep(1)


def test_worker_flow_runs_and_server_all_stop(stack):
    stack.stop_worker()
    stack.stop_server()
    left = _wait_gone(stack.pids, 10)
    assert not left, f"still running: {left}"
    assert not _healthy(stack.url)
    assert not (stack.tmp / "prefect-home" / "readouts-server.json").exists()
