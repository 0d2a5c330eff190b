"""Speed and memory of a big build: the real CLI over N distinct reports, against the same plain steps.

    python benchmarks/scale.py [--reports 100000] [--seeds FOLDER] [--task-runner process] [--keep DIR]

In one run, on the same N generated reports (benchmarks/generate.py):

1. plain:  the flow's own steps without Prefect (`build_plain`), on as many processes as the CLI
2. build:  `readouts build RAW --output OUT --json` — Prefect's start-up reported apart (startup_s)
3. noop:   the same command again, nothing changed
4. query:  two DuckDB queries over the build: directives per year and level, top themes by year

Peak memory is the largest sum of resident memory over a run's whole process tree (the CLI, its
task-runner workers, the temporary Prefect server), sampled every 0.2 s. It prints a table and

    reports=… files_per_s=… plain_files_per_s=… overhead=… peak_rss_mb=… noop_rerun_s=… startup_s=… query_s=…

files_per_s counts files from the first read to the last dataset committed (startup apart);
overhead = plain_files_per_s / files_per_s.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import default_seeds, generate  # noqa: E402

READOUTS = Path(sys.executable).parent / "readouts"
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
            rss[int(stat.parent.name)] = int(fields[21]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {pid}, {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return sum(rss.get(p, 0) for p in tree)


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak tree RSS in bytes, stdout) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    peak = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.2)
    reader.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd[:3])} … failed with exit {proc.returncode}")
    return time.perf_counter() - started, peak, "".join(out)


PLAIN = """
import json, os, sys, time
from flows.settings import defaults
for name, value in defaults().items():
    os.environ.setdefault(name, value)  # the allocator the CLI uses
from flows.steps.build import build_plain
started = time.perf_counter()
summary = build_plain([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - started, "reports": summary["reports"]}))
"""

QUERIES = {
    "directives per year and level": """
        select year(m.meeting_date) as year, m.level, count(*) as directives
        from read_parquet('{out}/directives/*.parquet') d
        join read_parquet('{out}/meetings/*.parquet') m using (meeting_id)
        group by all order by year, m.level""",
    "top themes by year": """
        with counts as (
            select year(m.meeting_date) as year, t.text, count(*) as n
            from read_parquet('{out}/themes/*.parquet') t
            join read_parquet('{out}/meetings/*.parquet') m using (meeting_id)
            group by year, t.text)
        select year, text, n from (
            select *, row_number() over (partition by year order by n desc, text) as r from counts)
        where r <= 10 order by year, n desc""",
}


def query(out: Path) -> float:
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    for sql in QUERIES.values():
        con.sql(sql.format(out=out)).to_arrow_table()
    return time.perf_counter() - started


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--seeds", type=Path, default=default_seeds())
    p.add_argument("--task-runner", default="process", choices=("process", "sequential", "dask"))
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="readouts-bench-")) if args.keep is None else args.keep
    try:
        raw, out, plain_out = tmp / "raw", tmp / "out", tmp / "plain"
        if not raw.is_dir():
            generate(raw, args.reports, args.seeds)
        workers = args.workers if args.task_runner != "sequential" else 1
        shutil.rmtree(plain_out, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        plain_s, plain_rss, plain_json = measured([sys.executable, "-c", PLAIN, str(raw), str(plain_out), str(workers)])
        shutil.rmtree(plain_out, ignore_errors=True)
        cli = [str(READOUTS), "build", str(raw), "--output", str(out), "--json", "--task-runner", args.task_runner,
               "--workers", str(workers)]
        wall, rss, build_json = measured(cli)
        build = json.loads(build_json)
        noop_wall, _, noop_json = measured(cli)
        noop = json.loads(noop_json)
        query_s = query(out)
        plain = json.loads(plain_json)["seconds"]
        run_s, startup = build["timings"]["run_s"], build["timings"]["startup_s"]
        files_per_s, plain_per_s = args.reports / run_s, args.reports / plain
        rows = [("reports generated", f"{args.reports:,}"), ("reports built", f"{build['reports']:,}"),
                ("task runner", f"{args.task_runner} ({workers} workers)"),
                ("plain steps", f"{plain:.1f} s, {plain_per_s:,.0f} files/s, peak {plain_rss / 2**20:,.0f} MB"),
                ("readouts build", f"{wall:.1f} s wall; startup {startup:.1f} s; run {run_s:.1f} s, "
                                   f"{files_per_s:,.0f} files/s; peak {rss / 2**20:,.0f} MB"),
                ("no-op re-run", f"{noop_wall:.1f} s wall; {noop['timings']['run_s']:.1f} s beyond start-up; "
                                 f"updated={noop['updated']}"),
                ("DuckDB queries", f"{query_s:.2f} s ({', '.join(QUERIES)})")]
        for name, value in rows:
            print(f"{name:<20} {value}")
        print(f"reports={args.reports} files_per_s={files_per_s:.0f} plain_files_per_s={plain_per_s:.0f} "
              f"overhead={plain_per_s / files_per_s:.2f} peak_rss_mb={rss / 2**20:.0f} "
              f"noop_rerun_s={noop['timings']['run_s']:.1f} startup_s={startup:.1f} query_s={query_s:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
