"""The readouts flow: reads like a table of contents — lock, plan, process new files in batches, commit, publish."""
from __future__ import annotations

from prefect import flow
from prefect.context import FlowRunContext
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import progress, tasks
from flows.steps.build import INLINE_BATCHES, Run, plan_batches, resolve
from flows.steps.lock import locked


@flow(name="readouts-build", log_prints=False, task_runner=ThreadPoolTaskRunner(max_workers=1))
def build(raw_paths: list[str], output: str = "output", prune: bool = False, wait: float = 0.0,
          review: bool = False) -> dict:
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
    if review:  # after the lock: the site reads committed datasets and writes only under OUT_DIR/review
        summary["review"] = tasks.review(str(out))
    return summary


def process(run: Run) -> list[str]:
    """Every batch through the task runner, gathered as they finish; a few batches run right here,
    so a small or incremental build never waits for worker processes to start. Returns the files
    of the batches' index entries."""
    todo = plan_batches(run)
    progress.start(sum(b.files for b in todo))
    if len(todo) < INLINE_BATCHES:
        done: list[str] = []
        for batch in todo:
            done.append(tasks.process_batch(batch, run.staging))
            progress.advance(batch.files)
        return done
    futures = {tasks.process_batch.submit(batch, run.staging): batch.files for batch in todo}
    done = []
    for future in as_completed(list(futures)):
        done.append(future.result())
        progress.advance(futures.pop(future))
    _release_workers()
    return done


def _release_workers() -> None:
    """Stop a process pool's workers once every batch is in: the commit runs in this process, and
    the workers' memory (a few hundred MB each) is not needed for it."""
    context = FlowRunContext.get()
    if context is not None and isinstance(context.task_runner, ProcessPoolTaskRunner):
        runner = context.task_runner
        runner.cancel_all()  # nothing is left to cancel; this shuts the pool's processes down
