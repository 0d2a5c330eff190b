"""Prefect tasks: one line each over a plain step; batches of files, not one task per file.

Tasks retry I/O errors that may pass (a busy disk, a network share that hiccups); a bad file
never reaches them as an error, it is a reject.
"""
from __future__ import annotations

import errno
from pathlib import Path

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.steps import build as steps
from flows.steps import summary as report

TRANSIENT = {errno.EIO, errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ESTALE, errno.EINTR,
             errno.ECONNRESET, errno.ENETDOWN, errno.ENETUNREACH, errno.EHOSTUNREACH}


def transient(task, task_run, state) -> bool:
    """Retry only when the task failed on an I/O error that may not happen again."""
    try:
        state.result()
    except OSError as exc:
        return exc.errno in TRANSIENT
    except Exception:
        return False
    return False


RETRY = dict(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2, retry_condition_fn=transient)


@task(name="plan", **RETRY)
def start(paths: list[Path], output: Path, prune: bool, interrupted: str | None) -> steps.Run:
    return steps.start(paths, output, prune, interrupted)


@task(name="process-batch", **RETRY)
def process_batch(batch: steps.Batch, staging: Path) -> str:
    return steps.run_batch(batch, staging)


@task(name="commit", **RETRY)
def finish(run: steps.Run, indexes: list[str]) -> dict:
    return steps.finish(run, indexes)


@task(name="publish-summary", cache_policy=NO_CACHE)
def publish(summary: dict) -> None:
    """The summary in the run's log (INFO) and as two artifacts: a table of counts and a markdown report."""
    get_run_logger().info("readouts summary: %s", report.render(summary, seconds=0).rsplit(" · ", 1)[0])
    for note in summary["notes"]:
        get_run_logger().warning("readouts: %s", note)
    create_table_artifact(key="readouts-counts", table=report.counts_table(summary),
                          description=f"readouts build into {summary['output']}")
    create_markdown_artifact(key="readouts-summary", markdown=report.markdown(summary, report.top_themes(Path(summary["output"]))),
                             description=f"readouts build into {summary['output']}")


@task(name="review-site", cache_policy=NO_CACHE)
def review(output: str) -> str:
    """The review site of the build, linked from the run as an artifact; returns its index."""
    from flows.review.site import build_site

    done = build_site(Path(output))
    index = Path(done["index"]).resolve()
    create_link_artifact(key="readouts-review", link=index.as_uri(), link_text="review site",
                         description=f"{done['reports']} reports, {done['meetings']} meetings: open in a browser")
    get_run_logger().info("readouts review site: %s", index)
    return str(index)
