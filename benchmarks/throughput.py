"""Throughput of the plain pipeline (no Prefect): reports per second and peak memory, as ratios in one run.

    python benchmarks/throughput.py [N]

Builds N synthetic reports (default 2000) by varying the samples in raw/, runs the steps
that `readouts build` runs, and prints reports/s for processing and for writing, and the
peak resident memory. Targets are ratios, not seconds, since these machines are noisy:
the full per-report processing must stay within 1000× the cost of a bare sentence split
of the same texts measured in the same run (about 1/400 when this was written).
"""
from __future__ import annotations

import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from flows.steps.build import batches, finish, process_batch, resolve, start
from flows.steps.read import discover

ROOT = Path(__file__).resolve().parent.parent


def main(n: int = 2000) -> int:
    samples = [f.path for f in discover([ROOT / "raw"]).found if f.path.suffix in (".txt", ".md", ".html", ".json")]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "raw"
        src.mkdir()
        for i in range(n):
            sample = samples[i % len(samples)]
            data = sample.read_bytes()
            if sample.suffix in (".txt", ".md"):  # a distinct report each time
                data += f"\n会议要求，要做好第{i}项工作。\n".encode(
                    "gb18030" if "gb18030" in sample.name else "utf-8")
            (src / f"{i:05d}{sample.suffix}").write_bytes(data)
        texts = [f.path.read_bytes().decode("utf-8", "ignore") for f in discover([src]).found]

        t0 = time.perf_counter()
        for text in texts:
            re.split(r"(?<=[。！？])", text)
        baseline = n / (time.perf_counter() - t0)

        paths, out = resolve([str(src)], str(Path(tmp) / "out"))
        run = start(paths, out)
        t0 = time.perf_counter()
        entries = [e for n_, b in enumerate(batches(run.plan.todo)) for e in process_batch(b, run.staging, run.part(n_))]
        processing = n / (time.perf_counter() - t0)

        t0 = time.perf_counter()
        summary = finish(run, entries)
        writing = n / (time.perf_counter() - t0)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = processing / baseline
    rows = sum(summary[k] for k in ("reports", "meetings", "themes", "directives", "rejects"))
    print(f"reports {n} · rows {rows} · baseline regex {baseline:,.0f}/s · "
          f"processing {processing:,.0f}/s (ratio {ratio:.3f}) · assemble+write {writing:,.0f}/s · peak {peak_mb:,.0f} MB")
    return 0 if ratio >= 1 / 1000 else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
