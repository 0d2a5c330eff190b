"""The readouts flow: reads like a table of contents — find, process in batches, assemble and write."""
from __future__ import annotations

from prefect import flow

from flows import progress, tasks
from flows.steps.build import batches
from flows.steps.summary import summarize


@flow(name="readouts-build", log_prints=False)
def build(raw_paths: list[str], output: str = "output") -> dict:
    """Build the five datasets of SPEC.md from every file under raw_paths into output."""
    files = tasks.find_files(raw_paths, output)
    progress.start(len(files))
    results: list = []
    for batch in batches(files):
        results += tasks.process_batch(batch)
    rows = tasks.finish(results, output)
    return summarize(len(files), rows)
