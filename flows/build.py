"""The readouts flow: reads like a table of contents — lock, plan, process new files in batches, commit, publish."""
from __future__ import annotations

import pyarrow as pa
from prefect import flow
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import progress, tasks
from flows.steps.build import INLINE_BATCHES, Run, batches, resolve
from flows.steps.lock import locked


@flow(name="readouts-build", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=1))
def build(raw_paths: list[str], output: str = "output", prune: bool = False, wait: float = 0.0) -> dict:
    """Build the five datasets of SPEC.md from every file under raw_paths into output.

    Only files that are new or changed since the last build into output are read; files no longer
    found are kept unless prune is set. One build writes to an output at a time: another waits up
    to `wait` seconds, then stops with a message. Batches run on the flow's task runner: one after
    another by default, on all cores with `build.with_options(task_runner=ProcessPoolTaskRunner())`.
    """
    paths, out = resolve(raw_paths, output)
    with locked(out, wait) as held:
        run = tasks.start(paths, out, prune, held.interrupted)
        entries = process(run)
        summary = tasks.finish(quote(run), quote(entries))
    tasks.publish(summary)
    return summary


def process(run: Run) -> list[pa.Table]:
    """Every batch through the task runner, gathered as they finish; a few batches run right here,
    so a small or incremental build never waits for worker processes to start."""
    todo = list(batches(run.plan.todo))
    progress.start(len(run.plan.todo))
    if len(todo) < INLINE_BATCHES:
        entries: list[pa.Table] = []
        for n, batch in enumerate(todo):
            entries.append(tasks.process_batch(quote(batch), run.staging, run.part(n)))
            progress.advance(len(batch))
        return entries
    futures = {tasks.process_batch.submit(quote(batch), run.staging, run.part(n)): len(batch)
               for n, batch in enumerate(todo)}
    entries = []
    for future in as_completed(list(futures)):
        entries.append(future.result())
        progress.advance(futures.pop(future))
    return entries
