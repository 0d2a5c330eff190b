"""The end-of-run summary: files, reports, meetings, themes, directives, rejects by reason."""
from __future__ import annotations

from collections import Counter


def summarize(files: int, rows: dict[str, list[dict]]) -> dict:
    return {
        "files": files,
        "records": sum(len(r["source_paths"]) for r in rows["reports"]) + len(rows["rejects"]),
        "reports": len(rows["reports"]),
        "meeting_reports": sum(bool(r["is_meeting_report"]) for r in rows["reports"]),
        "meetings": len(rows["meetings"]),
        "themes": len(rows["themes"]),
        "directives": len(rows["directives"]),
        "rejects": len(rows["rejects"]),
        "rejects_by_reason": dict(sorted(Counter(r["reason"] for r in rows["rejects"]).items())),
    }


def render(summary: dict, seconds: float, output: str) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in summary["rejects_by_reason"].items()) or "none"
    return (f"files {summary['files']} ({summary['records']} records) · reports {summary['reports']} "
            f"({summary['meeting_reports']} about a meeting) · meetings {summary['meetings']} · "
            f"themes {summary['themes']} · directives {summary['directives']} · "
            f"rejects {summary['rejects']} ({reasons}) · {seconds:.1f} s → {output}")
