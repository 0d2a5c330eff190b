"""The readouts flow: reads like a table of contents — lock, plan, process new files in batches, commit, publish."""
from __future__ import annotations

from prefect import flow
from prefect.utilities.annotations import quote

from flows import progress, tasks
from flows.steps.build import batches, resolve
from flows.steps.lock import locked


@flow(name="readouts-build", log_prints=False)
def build(raw_paths: list[str], output: str = "output", prune: bool = False, wait: float = 0.0) -> dict:
    """Build the five datasets of SPEC.md from every file under raw_paths into output.

    Only files that are new or changed since the last build into output are read; files no longer
    found are kept unless prune is set. One build writes to an output at a time: another waits up
    to `wait` seconds, then stops with a message.
    """
    paths, out = resolve(raw_paths, output)
    with locked(out, wait) as held:
        run = tasks.start(paths, out, prune, held.interrupted)
        progress.start(len(run.plan.todo))
        entries: list[dict] = []
        for n, batch in enumerate(batches(run.plan.todo)):
            entries += tasks.process_batch(quote(batch), run.staging, run.part(n))
        summary = tasks.finish(quote(run), quote(entries))
    tasks.publish(summary)
    return summary
