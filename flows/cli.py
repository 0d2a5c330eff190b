"""`readouts build RAW_PATH... --output OUT_DIR`: arguments, progress bar, summary and exit codes."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from flows.settings import prefect_env

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="readouts", description="Turn news reports of official Chinese meetings "
                                "into Parquet datasets of reports, meetings, themes, directives and rejects.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the datasets from raw reports",
                       description="Run the readouts Prefect flow over every file under the given paths "
                                   "(.txt .md .html .json .jsonl; UTF-8, GB18030 or Big5) and write the five "
                                   "datasets of SPEC.md as Parquet. Exit 0 when the run completed, rejected "
                                   "files included; 1 when the run itself failed; 2 for bad arguments.")
    b.add_argument("raw_paths", nargs="+", metavar="RAW_PATH", type=Path,
                   help="files or folders of raw reports; folders are searched recursively, hidden files skipped")
    b.add_argument("--output", "-o", type=Path, default=Path("output"), metavar="OUT_DIR",
                   help="folder for the datasets (created if missing; default: ./output). A re-run replaces "
                        "rows of the reports it sees and keeps the others")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary line")
    return p


def run_build(raw_paths: list[Path], output: Path, quiet: bool) -> int:
    missing = [str(p) for p in raw_paths if not p.exists()]
    if missing:
        print(f"readouts: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    prefect_env()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from flows import progress
    from flows.build import build
    from flows.steps.summary import render

    started = time.perf_counter()
    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), transient=True, disable=quiet, console=Console(stderr=True))
    with bar:
        task_id = bar.add_task("starting Prefect…", total=None)
        progress.set_reporter(lambda n: bar.advance(task_id, n),
                              lambda total: bar.update(task_id, total=total, description="reading reports"))
        try:
            summary = build([str(p) for p in raw_paths], str(output))
        except Exception as exc:  # the run itself failed: say so, keep the previous datasets
            print(f"readouts: the build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return EXIT_FAILED
        finally:
            progress.set_reporter(None)
    if not quiet:
        print(render(summary, time.perf_counter() - started, str(output)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "build":
        return run_build(args.raw_paths, args.output, args.quiet)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
