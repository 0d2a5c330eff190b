"""What a re-run costs: the real CLI over N unchanged files against a build of one file, in one run.

    python benchmarks/incremental.py [--files 3000] [--repeat 3]

Makes N distinct reports from the samples in raw/, builds them once, then times (median of
--repeat runs, wall clock of the whole `readouts build` process):

- one:   a build of a single new file into a fresh OUT_DIR
- noop:  a re-run over the N files, none of them changed
- touch: the same after every file's mtime moved (each is hashed, none is processed)

and prints `noop_minus_one_s`, the figure the operations issue bounds (≤ 3 s at 3,000 files).
Prefect's start-up is in every figure alike; both use the same PREFECT_HOME.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READOUTS = Path(sys.executable).parent / "readouts"


def make_reports(folder: Path, n: int) -> None:
    """n distinct files, cycling through the samples; each text gets its own closing sentence."""
    samples = sorted(p for p in (ROOT / "raw").iterdir() if p.suffix in (".txt", ".md"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sample = samples[i % len(samples)]
        encoding = "gb18030" if "gb18030" in sample.name else "utf-8"
        text = sample.read_bytes() + f"\n会议要求，要做好第{i}项重点工作。\n".encode(encoding)
        (folder / f"{i // 1000:03d}" / f"{i:06d}{sample.suffix}").parent.mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"{i:06d}{sample.suffix}").write_bytes(text)


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(READOUTS), "build", *args, "--quiet"], check=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=3000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_reports(tmp / "raw", args.files)
        make_reports(tmp / "one", 1)
        first = timed([str(tmp / "raw"), "-o", str(tmp / "out")])
        one = [timed([str(tmp / "one"), "-o", str(tmp / f"one-{i}")]) for i in range(args.repeat)]
        noop = [timed([str(tmp / "raw"), "-o", str(tmp / "out")]) for _ in range(args.repeat)]
        touch = []
        for _ in range(args.repeat):
            for path in (tmp / "raw").rglob("*.*"):
                os.utime(path)
            touch.append(timed([str(tmp / "raw"), "-o", str(tmp / "out")]))
    med = statistics.median
    print(f"files={args.files} first_build_s={first:.1f} one_s={med(one):.2f} noop_s={med(noop):.2f} "
          f"touch_s={med(touch):.2f} noop_minus_one_s={med(noop) - med(one):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
