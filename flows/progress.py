"""A process-wide progress hook: the CLI sets a reporter, the tasks call advance() as files are done."""
from __future__ import annotations

from collections.abc import Callable

_reporter: Callable[[int], None] | None = None
_starter: Callable[[int], None] | None = None


def set_reporter(reporter: Callable[[int], None] | None, starter: Callable[[int], None] | None = None) -> None:
    """Install the callbacks: starter(total) once the files are found, reporter(n) as they are done."""
    global _reporter, _starter
    _reporter, _starter = reporter, starter


def start(total: int) -> None:
    if _starter is not None:
        _starter(total)


def advance(n: int = 1) -> None:
    if _reporter is not None:
        _reporter(n)
