"""The whole build as plain functions the flow calls in order: find, process in batches, assemble, write."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from flows.steps.assemble import assemble
from flows.steps.pipeline import Failure, Outcome, process
from flows.steps.read import discover, read_file
from flows.steps.validate import validate
from flows.steps.write import merge_previous, write

BATCH_SIZE = 200  # Prefect spends 7–12 ms a task run; 200 files keep the task count small


def find_files(paths: list[Path], exclude: Path | None = None) -> list[tuple[str, str]]:
    """(root, file) pairs as strings, so a batch can cross a process boundary; files under
    `exclude` (the output folder, when it sits inside a raw path) are not input."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    skip = exclude.resolve() if exclude else None
    return [(str(root), str(path)) for root, path in discover(paths)
            if skip is None or not path.resolve().is_relative_to(skip)]


def batches(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def process_batch(files: Iterable[tuple[str, str]], on_item: Callable[[], None] | None = None) -> list[Outcome | Failure]:
    """Read and process each file of a batch; one result per raw item (a JSON-lines file gives several)."""
    results: list[Outcome | Failure] = []
    for root, path in files:
        for item in read_file(Path(root), Path(path)):
            results.append(process(item))
        if on_item:
            on_item()
    return results


def finish(results: list[Outcome | Failure], out_dir: Path) -> dict[str, list[dict]]:
    """Assemble, validate, merge with the previous run and write; returns the rows written."""
    outcomes = [r for r in results if isinstance(r, Outcome)]
    failures = [r for r in results if isinstance(r, Failure)]
    rows = validate(assemble(outcomes, failures))
    rows = merge_previous(out_dir, rows)
    write(out_dir, rows)
    return rows
