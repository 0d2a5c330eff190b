"""One report's rows (reports, themes, directives) and its entry in the build index, checked against the records.

These are the rows of a report on its own. What depends on other reports — which file of a
duplicated article comes first, which meeting a year-less copy joins — is settled later by
`assemble.py`, which patches `meeting_id`, `source_path` and `source_paths` where needed.
"""
from __future__ import annotations


from pydantic import ValidationError

from flows.steps import ids
from flows.steps.extract.policy import category
from flows.steps.extract.report import MeetingDraft
from flows.steps.pipeline import Failure, Outcome
from schemas.records import DATASETS

DRAFT_FIELDS = tuple(f for f in MeetingDraft.__dataclass_fields__ if f not in ("month_day", "lead_key", "text_keys"))


def meeting_key(entry: dict) -> tuple | None:
    """What identifies a meeting across reports; None when the organization or date is unknown."""
    if not entry.get("organization") or not entry.get("meeting_date"):
        return None
    return (entry["organization"], entry["meeting_type"], entry["term"], entry["session"],
            entry["meeting_date"].isoformat())


def index_entry(o: Outcome) -> dict:
    """What the build needs to know of a report without its text: ids, headline, meeting fields."""
    draft = o.extraction.meeting
    fields = {f: None for f in DRAFT_FIELDS} | {"md_month": None, "md_day": None, "lead_key": None, "text_keys": None}
    if draft is not None:
        fields |= {f: getattr(draft, f) for f in DRAFT_FIELDS} | {"lead_key": draft.lead_key,
                                                                  "text_keys": draft.text_keys}
        if draft.month_day:
            fields["md_month"], fields["md_day"] = draft.month_day
    entry = {
        "source_path": o.source_path, "raw_sha256": o.raw_sha256, "report_id": o.report_id,
        "stage": None, "reason": None, "message": None,
        "title": o.title, "source_name": o.source_name, "source_url": o.source_url,
        "is_meeting_report": o.extraction.is_meeting_report,
        "n_themes": len(o.extraction.themes), "n_directives": len(o.extraction.directives),
        **fields,
    }
    entry["meeting_id"] = ids.meeting_id(meeting_key(entry), o.report_id) if draft is not None else None
    entry["own_meeting_id"] = entry["meeting_id"]  # what the report says alone; assemble may join it to another
    entry["source_paths"] = [o.source_path]
    return entry


def reject_entry(f: Failure) -> dict:
    return {"source_path": f.source_path, "raw_sha256": f.raw_sha256, "report_id": None,
            "stage": f.stage, "reason": f.reason, "message": f.message}


def report_rows(o: Outcome, entry: dict) -> dict[str, list[dict]]:
    """The report's rows in reports, themes and directives, with the meeting id of `entry`."""
    mid, rid = entry["meeting_id"], o.report_id
    report = {
        "report_id": rid, "source_path": o.source_path, "source_paths": [o.source_path],
        "raw_sha256": o.raw_sha256, "format": o.format, "encoding": o.encoding, "title": o.title,
        "source_name": o.source_name, "source_url": o.source_url, "published_date": o.published_date,
        "text": o.text, "char_count": len(o.text),
        "is_meeting_report": o.extraction.is_meeting_report, "meeting_id": mid,
    }
    themes = [{
        "theme_id": ids.theme_id(rid, t.text), "report_id": rid, "meeting_id": mid,
        "text": t.text, "kind": t.kind, "mentions": t.mentions,
        "first_start": t.first_start, "first_end": t.first_end, "category": category(t.text),
    } for t in o.extraction.themes]
    directives = [{
        "directive_id": ids.directive_id(rid, d.span.start, d.span.end),
        "report_id": rid, "meeting_id": mid, "seq": seq, "paragraph": d.paragraph,
        "start": d.span.start, "end": d.span.end, "text": d.span.text,
        "framing": d.framing, "speaker": d.speaker, "modality": d.modality,
        "category": category(d.span.text),
        "themes": [t.text for t in o.extraction.themes if t.text in d.span.text],
    } for seq, d in enumerate(o.extraction.directives)]
    return {"reports": [report], "themes": themes, "directives": directives}


def meeting_row(mid: str, members: list[dict]) -> dict:
    """A meeting's row from the index entries of its reports: the first dated report's fields,
    gaps filled from the others, its days from the first to the last any report gives; headline,
    outlet and counts of the first report."""
    first = members[0]
    ordered = sorted(members, key=lambda m: m["md_month"] is not None)
    fields = {f: ordered[0][f] for f in DRAFT_FIELDS}
    for other in ordered[1:]:
        for f in DRAFT_FIELDS:
            if fields[f] in (None, []) and other[f] not in (None, []):
                fields[f] = other[f]
    dated = [m for m in members if m["meeting_date"] is not None and m["md_month"] is None]
    if len(dated) > 1:  # one report dates the opening, another the closing: the meeting spans both
        fields["meeting_date"] = min(m["meeting_date"] for m in dated)
        last = max(m["end_date"] or m["meeting_date"] for m in dated)
        fields["end_date"] = last if last > fields["meeting_date"] else fields["end_date"]
    return {
        "meeting_id": mid, "report_ids": [m["report_id"] for m in members], "title": first["title"],
        **fields,
        "source_name": first["source_name"], "source_url": first["source_url"],
        "directive_count": first["n_directives"], "theme_count": first["n_themes"],
    }


def schema_problem(rows: dict[str, list[dict]], meeting: dict | None) -> str | None:
    """The first way the report's rows (and its meeting on its own) break the records, or None."""
    checks = [(name, row) for name in ("reports", "themes", "directives") for row in rows[name]]
    if meeting is not None:
        checks.append(("meetings", meeting))
    for name, row in checks:
        try:
            DATASETS[name].model_validate(row)
        except ValidationError as exc:
            err = exc.errors()[0]
            return f"{name} row failed the schema: {err['loc']} {err['msg']}"
    return None
