"""Time `readouts review` over a build and the index page's load in headless Chromium.

    python benchmarks/review.py OUT_DIR     # e.g. the 10,000-report build of `make bench ARGS="--reports 10000 --keep DIR"`

Prints `reports=… meetings=… review_s=… index_ready_ms=… browser_wall_s=…`: review_s is the whole
command; index_ready_ms is the page's own time from navigation to the first rows shown (the script
marks it), browser_wall_s the headless browser's run, start-up included.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READOUTS = Path(sys.executable).parent / "readouts"


def main() -> int:
    out = Path(sys.argv[1])
    started = time.perf_counter()
    done = subprocess.run([str(READOUTS), "review", str(out)], capture_output=True, text=True)
    review_s = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        dom = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                              "--virtual-time-budget=10000", "--dump-dom", (out / "review" / "index.html").as_uri()],
                             capture_output=True, text=True, timeout=300).stdout
        wall = time.perf_counter() - started
    ready = re.search(r'data-ready-ms="(\d+)"', dom)
    counts = re.search(r"review site: (\d+) reports, (\d+) meetings", done.stdout)
    print(done.stdout.strip())
    print(f"reports={counts.group(1)} meetings={counts.group(2)} review_s={review_s:.1f} "
          f"index_ready_ms={ready.group(1) if ready else 'none'} browser_wall_s={wall:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
