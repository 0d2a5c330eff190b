"""Prefect servers readouts starts itself: a temporary one per CLI run, a lasting one for `make server`.

Plain functions; this module never imports prefect, so the CLI can start the temporary server
first and import prefect (1–2 s) while the server migrates its database and boots.

- `temporary_server(home)` runs the same uvicorn command as Prefect's own ephemeral server, but
  with a generous, configurable timeout, a one-line error that says what to do, its output in
  `home/temporary-server.log`, a lock so two first runs do not migrate one SQLite file at once,
  and PR_SET_PDEATHSIG so a killed CLI does not leave it behind.
- `run_server(home)` runs `prefect server start` in the foreground and records its address in
  `home/readouts-server.json`, which `configured_api_url(home)` reads.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

LOG_NAME = "temporary-server.log"
LOCK_NAME = ".readouts-server.lock"
STATE_NAME = "readouts-server.json"
READY_PREFIX = ".readouts-db-ready-"
READY_TIMEOUT, PREPARING_TIMEOUT = 90.0, 300.0
LOG_ROTATE_BYTES = 1_000_000
PORT_IN_USE = ("address already in use", "errno 98", "errno 48")  # Linux, macOS
HELP = ("run again, raise READOUTS_SERVER_TIMEOUT, or start a server once with `make server` "
        "and export PREFECT_API_URL")
PR_SET_PDEATHSIG = 1
QUIET_ENV = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


class ServerStartError(RuntimeError):
    """The temporary Prefect server did not come up; the message is one line that says what to do."""


# ---------------------------------------------------------------- small helpers

def _prefect_version() -> str:
    try:
        return importlib.metadata.version("prefect")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _prefect_app_dir() -> str:
    """The folder that holds the prefect package (what Prefect passes to uvicorn's --app-dir)."""
    spec = importlib.util.find_spec("prefect")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise ServerStartError("prefect is not installed in this Python; run `make` to set up .venv")
    return str(Path(spec.origin).resolve().parent.parent)


def ready_marker(home: Path) -> Path:
    """Written after the first healthy start: the database of this prefect version is migrated."""
    return Path(home) / f"{READY_PREFIX}{_prefect_version()}"


def _database_exists(home: Path) -> bool:
    """False when Prefect's default SQLite file under home is missing (true for another database)."""
    if any(os.environ.get(f"PREFECT_{s}_DATABASE_CONNECTION_URL") for s in ("API", "SERVER")):
        return True
    return (Path(home) / "prefect.db").exists()


def _free_port(host: str = "127.0.0.1") -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _port_free(host: str, port: int) -> bool:
    """Can a server bind host:port? (SO_REUSEADDR like uvicorn, so TIME_WAIT does not count.)"""
    try:
        family, socktype, proto, _, addr = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
        with socket.socket(family, socktype, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(addr)
        return True
    except OSError:
        return False


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never via a proxy


def healthy(api_url: str, timeout: float = 1.0) -> bool:
    """Does GET <api_url>/health answer 200 within timeout?"""
    try:
        with _NO_PROXY.open(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that makes the child receive SIGTERM when its parent dies (Linux only).

    The signal follows the *thread* that started the child: call from the main thread.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody will stop us
            os._exit(1)

    return preexec


def _stop(process: subprocess.Popen, grace: float = 5.0) -> None:
    """terminate, wait `grace` seconds, kill; always reap (no zombie)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    process.wait()


def _timeout(explicit: float | None, preparing: bool) -> float:
    if explicit is not None:
        return float(explicit)
    for name in ("READOUTS_SERVER_TIMEOUT", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return float(value)
            except ValueError:
                raise ServerStartError(f"{name}={value!r} is not a number of seconds; "
                                       f"set it to e.g. 120 or unset it") from None
    return PREPARING_TIMEOUT if preparing else READY_TIMEOUT


def _last_line(log: Path, since: int) -> str:
    try:
        with open(log, "rb") as f:
            f.seek(since)
            text = f.read()[-8192:].decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("--- readouts")]
    line = lines[-1] if lines else ""
    return line if len(line) <= 300 else line[:297] + "..."


def _log_tail(log: Path, since: int) -> str:
    try:
        with open(log, "rb") as f:
            f.seek(since)
            return f.read()[-8192:].decode("utf-8", "replace").lower()
    except OSError:
        return ""


@contextlib.contextmanager
def _first_start_lock(home: Path, deadline: float) -> Iterator[None]:
    """An exclusive fcntl lock on home/.readouts-server.lock, waited for until deadline."""
    import fcntl

    from flows.steps.lock import acquire

    with open(home / LOCK_NAME, "a+") as handle:
        if not acquire(handle.fileno(), deadline):
            raise ServerStartError(f"another readouts run is still preparing Prefect's database in {home}; "
                                   f"wait for it to finish, then {HELP}")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------- the temporary server

def _server_env(home: Path) -> dict[str, str]:
    return {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1", "PREFECT_HOME": str(home), **QUIET_ENV}


def _start_uvicorn(port: int, env: dict[str, str], log) -> subprocess.Popen:
    args = [sys.executable, "-m", "uvicorn", "--app-dir", _prefect_app_dir(), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]
    # A session of its own: Ctrl-C reaches the CLI, which stops the server after the run.
    return subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            preexec_fn=_die_with_parent(), start_new_session=True)


def _boot(home: Path, deadline: float, wait: float) -> tuple[subprocess.Popen, str]:
    """Start uvicorn on a free port (another one if it was taken) and wait until /api/health answers."""
    log_path = home / LOG_NAME
    with contextlib.suppress(OSError):
        if log_path.stat().st_size > LOG_ROTATE_BYTES:
            log_path.unlink()
    env = _server_env(home)
    with open(log_path, "ab") as log:
        for _attempt in range(5):
            port = _free_port()
            log.write(f"--- readouts {time.strftime('%Y-%m-%d %H:%M:%S')} pid {os.getpid()} "
                      f"port {port}\n".encode())
            log.flush()
            since = log.tell()
            process = _start_uvicorn(port, env, log)
            url = f"http://127.0.0.1:{port}/api"
            try:
                while True:
                    code = process.poll()
                    if code is not None:
                        break
                    if healthy(url, timeout=2.0):
                        return process, url
                    if time.monotonic() >= deadline:
                        raise ServerStartError(
                            f"Prefect's temporary server did not answer within {wait:g} s (the machine "
                            f"may be busy); {HELP}")
                    time.sleep(0.15)
            except BaseException:
                _stop(process)
                raise
            process.wait()
            taken = not _port_free("127.0.0.1", port) or any(s in _log_tail(log_path, since) for s in PORT_IN_USE)
            if code == 3 and taken:
                continue  # someone took the port between our probe and uvicorn's bind: another one
            last = _last_line(log_path, since)
            raise ServerStartError(
                f"Prefect's temporary server exited with code {code} before answering"
                f"{f' ({last})' if last else ''}; see {log_path}; {HELP}")
    raise ServerStartError(f"Prefect's temporary server found no free port on 127.0.0.1 in 5 tries; {HELP}")


@contextlib.contextmanager
def temporary_server(home: Path, say: Callable[[str], None] = lambda s: None,
                     timeout: float | None = None) -> Iterator[str]:
    """A Prefect API server for the length of the block; yields its URL, http://127.0.0.1:PORT/api.

    The first start on a home migrates a fresh SQLite database (a minute on a busy machine):
    `say` is told so, and a lock under home keeps a second first run from migrating it too.
    Raises ServerStartError (one line, what to do) if the server does not answer in time.
    """
    home = Path(home).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    marker = ready_marker(home)
    preparing = not marker.exists() or not _database_exists(home)
    wait = _timeout(timeout, preparing)
    deadline = time.monotonic() + wait
    if preparing:
        say(f"preparing Prefect's local database in {home} (first run only; up to a minute on a busy machine)…")
        with _first_start_lock(home, deadline):
            process, url = _boot(home, deadline, wait)
            with contextlib.suppress(OSError):
                marker.write_text(f"{url}\n")
    else:
        process, url = _boot(home, deadline, wait)
    try:
        yield url
    finally:
        _stop(process)


# ---------------------------------------------------------------- a lasting server (`make server`)

def _client_host(host: str) -> str:
    """The address clients use for a server bound to host."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _prefect_command() -> list[str]:
    exe = Path(sys.executable).parent / "prefect"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "prefect"]


def run_server(home: Path, host: str = "127.0.0.1", port: int = 4200) -> int:
    """Run `prefect server start` in the foreground until Ctrl-C; returns its exit code.

    Prints the PREFECT_API_URL to export; while it is healthy, home/readouts-server.json
    tells `readouts build` (through configured_api_url) to use it instead of a temporary server.
    """
    home = Path(home).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    url = f"http://{_client_host(host)}:{port}/api"
    if not _port_free(host, port):
        print(f"readouts: port {port} on {host} is already in use (a server may be running there: "
              f"try `export PREFECT_API_URL={url}`), or choose another port", file=sys.stderr, flush=True)
        return 1
    print(f"Starting a Prefect server on {host}:{port} with its state in {home} (Ctrl-C stops it).\n"
          f"To use it from another shell:\n\n"
          f"    export PREFECT_API_URL={url}\n\n"
          f"`readouts build` in this project uses it automatically while it runs.", flush=True)
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_CLI_PROMPT": "false", **QUIET_ENV}
    process = subprocess.Popen([*_prefect_command(), "server", "start", "--host", host, "--port", str(port)],
                               env=env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent(),
                               start_new_session=True)  # terminal signals reach us; we forward them once
    state = home / STATE_NAME

    def forward(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while process.poll() is None:
            if healthy(url, timeout=1.0):
                tmp = state.with_suffix(".tmp")
                tmp.write_text(json.dumps({"url": url, "pid": process.pid}))
                tmp.replace(state)
                break
            time.sleep(0.25)
        code = process.wait()
    finally:
        if process.poll() is None:
            _stop(process, grace=10.0)
        with contextlib.suppress(OSError, ValueError):
            if json.loads(state.read_text()).get("pid") == process.pid:
                state.unlink()
        for s, handler in previous.items():
            signal.signal(s, handler)
    return code if code >= 0 else 128 - code


def configured_api_url(home: Path) -> str | None:
    """The Prefect API to use: $PREFECT_API_URL, else a live `run_server` of this home, else None."""
    env = os.environ.get("PREFECT_API_URL", "").strip()
    if env:
        return env
    try:
        state = json.loads((Path(home) / STATE_NAME).read_text())
        url, pid = str(state["url"]), int(state["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _pid_alive(pid) and healthy(url, timeout=1.0):
        return url
    return None
