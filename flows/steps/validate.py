"""Rows checked against the pydantic records in one pass: valid rows go on, a bad report becomes a reject."""
from __future__ import annotations

from pydantic import ValidationError

from schemas.records import DATASETS


def validate(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Validated rows per dataset; a report whose rows fail the schema is moved to rejects whole."""
    bad: dict[str, str] = {}
    for name in ("reports", "meetings", "themes", "directives"):
        model = DATASETS[name]
        for row in rows[name]:
            try:
                model.model_validate(row)
            except ValidationError as exc:
                ids = [row["report_id"]] if "report_id" in row else list(row.get("report_ids", []))
                for rid in ids:
                    bad.setdefault(rid, f"{name} row failed the schema: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}")
    if not bad:
        return rows
    out = {name: [r for r in rows[name] if not _touches(r, bad)] for name in rows}
    for report in rows["reports"]:
        if report["report_id"] in bad:
            for path in report["source_paths"]:
                out["rejects"].append({"source_path": path, "raw_sha256": report["raw_sha256"], "stage": "validate",
                                       "reason": "schema", "message": bad[report["report_id"]] + "; please report this file"})
    for row in out["reports"]:
        if row["meeting_id"] and not any(m["meeting_id"] == row["meeting_id"] for m in out["meetings"]):
            row["meeting_id"] = None
    return out


def _touches(row: dict, bad: dict[str, str]) -> bool:
    if row.get("report_id") in bad:
        return True
    return any(rid in bad for rid in row.get("report_ids", []))
