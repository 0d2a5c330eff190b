"""Swap a build's new files into OUT_DIR all or nothing: stage, write a journal, move, then delete.

A run writes every new Parquet part and the new state into a staging folder. Only when all of
them are on disk does it write the journal (the list of moves and deletions, fsynced), and then
carries it out. A crash before the journal leaves the previous datasets untouched; a crash
after it is completed by the next run (`recover`), since every step of the journal can be
repeated.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HOME = ".readouts"
JOURNAL = "journal.json"


class CommitInterrupted(RuntimeError):
    """The journal was written but could not be carried out; the next run completes it."""


@dataclass
class Changes:
    """What a run changes in OUT_DIR, as paths relative to it: files to move in, files to delete."""

    moves: list[tuple[str, str]] = field(default_factory=list)  # (staged file, its place in OUT_DIR)
    deletes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moves or self.deletes)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(out_dir: Path, changes: Changes, staging: Path) -> None:
    """Make the staged files current: journal first, then the moves and deletions, then clean up."""
    for staged, _ in changes.moves:
        _fsync(out_dir / staged)
    journal = out_dir / HOME / JOURNAL
    tmp = journal.with_suffix(".tmp")
    tmp.write_text(json.dumps({"moves": changes.moves, "deletes": changes.deletes}), encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, journal)
    _fsync(journal.parent)
    try:
        _apply(out_dir, journal)
    except OSError as exc:  # not retried: from here on only `recover` may touch OUT_DIR
        raise CommitInterrupted(f"the commit into {out_dir} stopped half way ({exc}); run the build again "
                                "to complete it") from exc
    shutil.rmtree(staging, ignore_errors=True)


def _apply(out_dir: Path, journal: Path) -> None:
    plan = json.loads(journal.read_text(encoding="utf-8"))
    folders = set()
    for staged, target in plan["moves"]:
        source, dest = out_dir / staged, out_dir / target
        if source.exists():  # gone when a previous attempt already moved it
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, dest)
        folders.add(dest.parent)
    for target in plan["deletes"]:
        (out_dir / target).unlink(missing_ok=True)
        folders.add((out_dir / target).parent)
    for folder in sorted(folders):  # the renames reach the disk before the journal goes
        if folder.is_dir():
            _fsync(folder)
    journal.unlink()
    _fsync(journal.parent)


def recover(out_dir: Path) -> bool:
    """Finish a commit a crashed run left half done, and drop staging folders of runs that died;
    True when there was a journal to finish."""
    home = out_dir / HOME
    journal = home / JOURNAL
    finished = journal.exists()
    if finished:
        _apply(out_dir, journal)
    journal.with_suffix(".tmp").unlink(missing_ok=True)
    for stale in home.glob("run-*") if home.is_dir() else []:
        shutil.rmtree(stale, ignore_errors=True)
    return finished
