"""Prefect tasks: one line each over a plain step; batches of files, not one task per file."""
from __future__ import annotations

from pathlib import Path

from prefect import task

from flows import progress
from flows.steps import build as steps


@task(name="find-files")
def find_files(paths: list[str], output: str) -> list[tuple[str, str]]:
    return steps.find_files([Path(p) for p in paths], exclude=Path(output))


@task(name="process-batch")
def process_batch(files: list[tuple[str, str]]) -> list:
    return steps.process_batch(files, on_item=progress.advance)


@task(name="write-datasets")
def finish(results: list, output: str) -> dict[str, list[dict]]:
    return steps.finish(results, Path(output))
