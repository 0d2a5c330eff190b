"""The end-of-run summary: what the datasets hold now and what this run changed, as a line, a table and markdown."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from flows.steps.assemble import Assembly
from flows.steps.state import Plan

FILE_COUNTS = ("new", "changed", "reread", "unchanged", "removed", "pruned")


def summarize(plan: Plan, notes: list[str], entries: pa.Table, asm: Assembly, changed: bool, out_dir: Path) -> dict:
    """Totals of the datasets as they now stand, and what this run changed."""
    reps = entries.select(["is_meeting_report", "n_themes", "n_directives"]).filter(pa.array(asm.rep))
    reasons = pc.value_counts(entries["reason"].drop_null()).to_pylist()
    if plan.counts["removed"]:
        notes = [*notes, f"{plan.counts['removed']} file(s) built before are no longer under the given paths; "
                         "their rows are kept (--prune drops them)"]
    return {
        "files": plan.files, **plan.counts, "hidden": plan.hidden,
        "records": entries.num_rows,
        "reports": reps.num_rows,
        "meeting_reports": pc.sum(reps["is_meeting_report"]).as_py() or 0,
        "meetings": len(asm.meetings),
        "themes": pc.sum(reps["n_themes"]).as_py() or 0,
        "directives": pc.sum(reps["n_directives"]).as_py() or 0,
        "rejects": entries["report_id"].null_count,
        "rejects_by_reason": dict(sorted((r["values"], r["counts"]) for r in reasons)),
        "updated": changed,
        "notes": list(notes),
        "output": str(out_dir),
    }


def _files(summary: dict) -> str:
    parts = [f"{summary[k]} {k}" for k in FILE_COUNTS if summary.get(k)]
    return f"files {summary['files']} ({', '.join(parts) or 'none'})"


def render(summary: dict, seconds: float) -> str:
    """The one line the CLI prints at the end of a run."""
    reasons = ", ".join(f"{k} {v}" for k, v in summary["rejects_by_reason"].items()) or "none"
    head = "nothing new · " if not summary["updated"] else ""
    return (f"{head}{_files(summary)} · reports {summary['reports']} ({summary['meeting_reports']} about a meeting) · "
            f"meetings {summary['meetings']} · themes {summary['themes']} · directives {summary['directives']} · "
            f"rejects {summary['rejects']} ({reasons}) · {seconds:.1f} s → {summary['output']}")


def top_themes(out_dir: Path, n: int = 10) -> list[tuple[str, int]]:
    """The themes found in the most reports, read from the themes dataset."""
    import pyarrow.dataset as ds  # pandas comes with it: not on the start-up path

    folder = out_dir / "themes"
    if not folder.is_dir():
        return []
    texts = ds.dataset(str(folder), format="parquet").to_table(columns=["text"])["text"].to_pylist()
    return Counter(texts).most_common(n)


def counts_table(summary: dict) -> list[dict]:
    """Rows of the run's table artifact: one per count."""
    rows = [{"what": "files", "count": summary["files"]}]
    rows += [{"what": f"files {k}", "count": summary[k]} for k in FILE_COUNTS]
    rows += [{"what": k, "count": summary[k]} for k in ("records", "reports", "meeting_reports", "meetings",
                                                        "themes", "directives", "rejects")]
    rows += [{"what": f"rejects {k}", "count": v} for k, v in summary["rejects_by_reason"].items()]
    return rows


def markdown(summary: dict, themes: list[tuple[str, int]]) -> str:
    """The run's markdown artifact: what the datasets hold, what changed, rejects and top themes."""
    lines = [f"# readouts build → `{summary['output']}`", "",
             ("Nothing new: the datasets are as before." if not summary["updated"] else "The datasets were updated."), "",
             "| dataset | rows |", "|---|---:|"]
    lines += [f"| {k} | {summary[k]:,} |" for k in ("reports", "meetings", "themes", "directives", "rejects")]
    lines += ["", f"**Files**: {summary['files']:,} found; " +
              ", ".join(f"{summary[k]:,} {k}" for k in FILE_COUNTS) + f"; {summary['hidden']} hidden skipped.", ""]
    if summary["rejects_by_reason"]:
        lines += ["**Rejects by reason**: " + ", ".join(f"{k} {v}" for k, v in summary["rejects_by_reason"].items()), ""]
    if themes:
        lines += ["**Top themes** (reports):", ""] + [f"{i}. {t} ({c})" for i, (t, c) in enumerate(themes, 1)] + [""]
    lines += [f"> {note}" for note in summary["notes"]]
    return "\n".join(lines)
