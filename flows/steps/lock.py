"""One writer per OUT_DIR: an exclusive lock on OUT_DIR/.readouts/lock, released by the OS if the holder dies.

The lock file also says who holds it (pid, host, start time), so a second run can tell the user
what it is waiting for, and a run that finds the words of a holder that is gone knows the
previous run was interrupted.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

LOCK = Path(".readouts") / "lock"


class Busy(RuntimeError):
    """Another build is writing to the same OUT_DIR."""


@dataclass(frozen=True)
class Held:
    """The lock, held: `interrupted` describes a previous holder that died without letting go."""

    path: Path
    interrupted: str | None


def _holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _describe(holder: dict) -> str:
    if not holder:
        return "another readouts build"
    return (f"another readouts build (pid {holder.get('pid')} on {holder.get('host')}, "
            f"started {holder.get('started')})")


def acquire(fd: int, deadline: float) -> bool:
    """Take an exclusive flock on fd, trying until the monotonic deadline; False if still held then."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)


@contextmanager
def locked(out_dir: Path, wait: float = 0.0) -> Iterator[Held]:
    """Hold the OUT_DIR lock for the block; wait up to `wait` seconds for it, then raise Busy."""
    path = out_dir / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not acquire(fd, time.monotonic() + max(wait, 0.0)):
            raise Busy(f"{_describe(_holder(path))} is writing to {out_dir}; wait for it to finish, "
                       "or give --wait SECONDS to queue behind it")
        previous = _holder(path)
        interrupted = _describe(previous).replace("another ", "a ", 1) if previous else None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                  "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}).encode(), 0)
        try:
            yield Held(path, interrupted)
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def probe(out_dir: Path) -> str | None:
    """Who holds OUT_DIR's lock right now, or None; takes nothing, changes nothing."""
    path = out_dir / LOCK
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    except BlockingIOError:
        return _describe(_holder(path))
    finally:
        os.close(fd)
