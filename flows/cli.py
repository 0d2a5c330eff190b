"""`readouts build RAW_PATH... --output OUT_DIR` and `readouts server`: arguments, Prefect start-up,
progress, summary and exit codes."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import threading
import time
import traceback
from contextlib import ExitStack, suppress
from pathlib import Path

from flows.settings import prefect_env

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="readouts", description="Turn news reports of official Chinese meetings "
                                "into Parquet datasets of reports, meetings, themes, directives and rejects.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the datasets from raw reports",
                       description="Run the readouts Prefect flow over every file under the given paths "
                                   "(.txt .md .html .json .jsonl; UTF-8, GB18030 or Big5) and write the five "
                                   "datasets of SPEC.md as Parquet. Only files that are new or changed since the "
                                   "last build into OUT_DIR are read. Uses the Prefect server in PREFECT_API_URL, "
                                   "or one started with `readouts server`, else a temporary one for the run. "
                                   "Exit 0 when the run completed, rejected files included; 1 when the run "
                                   "itself failed; 2 for bad arguments; 3 when another build holds OUT_DIR.")
    b.add_argument("raw_paths", nargs="+", metavar="RAW_PATH", type=Path,
                   help="files or folders of raw reports; folders are searched recursively (links followed), "
                        "hidden files skipped")
    b.add_argument("--output", "-o", type=Path, default=Path("output"), metavar="OUT_DIR",
                   help="folder for the datasets (created if missing; default: ./output). A re-run reads only "
                        "new or changed files and keeps the rows of the others")
    b.add_argument("--review", action="store_true",
                   help="also write the review site into OUT_DIR/review (as `readouts review OUT_DIR` does)")
    b.add_argument("--prune", action="store_true",
                   help="drop the rows of files that were built before but are no longer under RAW_PATH "
                        "(default: keep them)")
    b.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when another build is writing to OUT_DIR, wait up to this long for it (default: stop at once)")
    b.add_argument("--task-runner", choices=("process", "sequential", "dask"), default="process",
                   help="where batches of 200 files run. process (default): on all cores of this machine; a "
                        "build of under 1,000 new files runs in one process anyway. sequential: one batch after "
                        "another in this process, for the least memory or to debug. dask: on a Dask cluster, "
                        "the one at --dask-address or a local one started for the run (needs readouts[dask])")
    b.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes for --task-runner process or a local Dask cluster (default: one per core)")
    b.add_argument("--dask-address", metavar="ADDRESS",
                   help="scheduler of a running Dask cluster, e.g. tcp://10.0.0.5:8786; its workers need readouts "
                        "installed and must reach PREFECT_API_URL and OUT_DIR")
    b.add_argument("--json", action="store_true",
                   help="print the summary as one JSON object (counts, notes and timings) instead of a line")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    b.add_argument("--verbose", "-v", action="store_true",
                   help="show Prefect's log and the details (tracebacks) of files that failed")
    s = sub.add_parser("server", help="run a Prefect server for builds and deployments",
                       description="Start `prefect server start` on this machine with its data in the project's "
                                   ".prefect folder and telemetry off, and print the PREFECT_API_URL to export. "
                                   "While it runs, `readouts build` uses it and skips the temporary server's "
                                   "start-up. Stop it with Ctrl-C.")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=4200, help="port (default: 4200)")
    r = sub.add_parser("review", help="write a static review site of a build: every value in its words, and charts",
                       description="Write a static site of the datasets in OUT_DIR that opens from disk in any "
                                   "browser (no server, no network): an index of meetings with filters, a page per "
                                   "report with its directives and themes marked in the text, the themes by year, "
                                   "the rejects, and charts (SVG in the site, PNG under SITE_DIR/charts).")
    r.add_argument("out_dir", metavar="OUT_DIR", help="the --output folder of a build")
    r.add_argument("--to", metavar="SITE_DIR", help="where to write the site (default: OUT_DIR/review)")
    return p


def run_review(args: argparse.Namespace) -> int:
    from flows.review.data import NotABuild
    from flows.review.site import build_site

    started = time.perf_counter()
    try:
        done = build_site(Path(args.out_dir), Path(args.to) if args.to else None)
    except NotABuild as exc:
        print(f"readouts: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"review site: {done['reports']} reports, {done['meetings']} meetings · "
          f"{time.perf_counter() - started:.1f} s → {done['index']}")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.raw_paths if not os.path.lexists(p)]
    if missing:
        print(f"readouts: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    from flows.steps.lock import probe

    if args.wait <= 0 and (holder := probe(args.output)):
        print(f"readouts: {holder} is writing to {args.output}; wait for it to finish, or give --wait SECONDS",
              file=sys.stderr)
        return EXIT_BUSY
    prefect_env(args.verbose)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from flows import progress

    started = time.perf_counter()
    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), transient=True, disable=args.quiet, console=Console(stderr=True))
    with bar, ExitStack() as stack:
        task_id = bar.add_task("starting Prefect…", total=None)

        def say(message: str) -> None:
            if not args.quiet:
                bar.console.print(f"readouts: {message}", soft_wrap=True, highlight=False)

        try:
            _preload()
            api, temporary = _api(stack, say)
            from prefect.context import refresh_global_settings_context
            from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

            from flows.build import build

            progress.set_reporter(lambda n: bar.advance(task_id, n),
                                  lambda total: bar.update(task_id, total=total, description="reading reports"))
            stack.callback(_drain_prefect)  # before the temporary server stops
            # heartbeats tell a lasting server that a run died; a temporary one dies with the run
            updates = {PREFECT_API_URL: api} | ({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None} if temporary else {})
            os.environ["PREFECT_API_URL"] = api  # for threads and worker processes that start without our context
            refresh_global_settings_context()
            stack.enter_context(temporary_settings(updates))
            flow = build.with_options(task_runner=runner) if (runner := _runner(args)) else build
            startup = time.perf_counter() - started
            summary = flow([str(p) for p in args.raw_paths], str(args.output), prune=args.prune, wait=args.wait,
                           review=args.review)
            summary["timings"] = {"startup_s": round(startup, 2),
                                  "run_s": round(time.perf_counter() - started - startup, 2)}
        except KeyboardInterrupt:
            print("readouts: interrupted; the datasets are as they were before this run", file=sys.stderr)
            return 130
        except Exception as exc:  # the run itself failed: say so in one line, keep the previous datasets
            return _failed(exc, args.verbose)
        finally:
            progress.set_reporter(None)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    elif not args.quiet:
        from flows.steps.summary import render

        for note in summary["notes"]:
            print(f"readouts: {note}", file=sys.stderr)
        print(render(summary, time.perf_counter() - started))
        if summary.get("review"):
            print(f"review site → {summary['review']}")
    return EXIT_OK


def _runner(args: argparse.Namespace):
    """The task runner the batches go to; None for the flow's own (one batch after another)."""
    workers = args.workers or os.cpu_count() or 1
    if args.task_runner == "process" and workers > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers)
    if args.task_runner == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise ImportError("--task-runner dask needs prefect-dask: pip install 'readouts[dask]'") from None
        if args.dask_address:
            return DaskTaskRunner(address=args.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    return None


def _preload() -> None:
    """Import Prefect and the flow (1–2 s) in the background while the server starts; the import
    below waits for it, and raises any error it met."""
    def load() -> None:
        with suppress(Exception):
            importlib.import_module("flows.build")

    threading.Thread(target=load, name="readouts-preload", daemon=True).start()


def _api(stack: ExitStack, say) -> tuple[str, bool]:
    """The Prefect API to run against: a configured server, or a temporary one for this run (True)."""
    from flows.server import ServerStartError, configured_api_url, healthy, temporary_server

    home = Path(os.environ["PREFECT_HOME"])
    api = configured_api_url(home)
    if api and not healthy(api, timeout=5):
        raise ServerStartError(f"the Prefect server at PREFECT_API_URL={api} does not answer; start it "
                               "(make server) or unset PREFECT_API_URL to use a temporary one")
    if api:
        return api, False
    return stack.enter_context(temporary_server(home, say=say)), True


def _drain_prefect() -> None:
    """Send the run's last logs and events while the server is still up."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5)


def _failed(exc: BaseException, verbose: bool) -> int:
    from flows.server import ServerStartError
    from flows.steps.lock import Busy

    if verbose:
        traceback.print_exception(exc)
    if isinstance(exc, Busy):
        print(f"readouts: {exc}", file=sys.stderr)
        return EXIT_BUSY
    known = isinstance(exc, (ServerStartError, OSError)) or type(exc).__name__ in ("IncompatibleOutput", "CommitInterrupted")
    hint = "" if known or verbose else "; run again with --verbose to see where"
    print(f"readouts: the build failed: {exc if known else f'{type(exc).__name__}: {exc}'}{hint}", file=sys.stderr)
    return EXIT_FAILED


def run_server(args: argparse.Namespace) -> int:
    prefect_env()
    from flows.server import run_server as serve

    return serve(Path(os.environ["PREFECT_HOME"]), host=args.host, port=args.port)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "build":
        return run_build(args)
    if args.command == "server":
        return run_server(args)
    if args.command == "review":
        return run_review(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
