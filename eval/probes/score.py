"""Score the build on every probe set: `python eval/probes/score.py [SET ...]` (or `make eval-probes`).

Each set is built with the plain steps (no Prefect) into a temporary folder and scored with the
shared scorer, `../shared/tools/score.py`; one line per set, then the totals. See README.md here
for where the sets come from and what they are good for.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCORER = Path(os.environ.get("SCORER", ROOT.parent / "shared" / "tools" / "score.py"))  # make passes the corpus's
MEASURES = ["detection", "fields", "directives_f1", "themes_f1", "merged", "false_merges", "grounding"]


def score(folder: Path, out: Path) -> dict:
    """The scorer's measures for one set, built into `out`."""
    from flows.steps.build import build_plain

    build_plain([str(folder / "raw")], str(out))
    report = out.parent / f"{folder.name}.json"
    subprocess.run([sys.executable, str(SCORER), str(out), str(folder), "--json", str(report)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text(encoding="utf-8"))


def main(names: list[str]) -> int:
    if not SCORER.exists():
        print(f"the scorer is not at {SCORER}: the probe sets are scored with the shared one", file=sys.stderr)
        return 2
    sets = [HERE / n for n in names] if names else sorted(p for p in HERE.iterdir() if (p / "gold").is_dir())
    print(f"{'set':<4} {'items':>5} " + " ".join(f"{m:>13}" for m in MEASURES))
    with tempfile.TemporaryDirectory(prefix="readouts-probes-") as tmp:
        for folder in sets:
            result = score(folder, Path(tmp) / folder.name)
            items = len(list((folder / "gold").glob("*.json")))
            print(f"{folder.name:<4} {items:>5} " + " ".join(f"{_fmt(result.get(m)):>13}" for m in MEASURES))
    return 0


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
