"""Outcomes to dataset rows: one report per distinct text, one meeting per distinct meeting, stable ids."""
from __future__ import annotations

import hashlib
from dataclasses import asdict

from flows.steps.extract.policy import category
from flows.steps.extract.report import MeetingDraft
from flows.steps.pipeline import Failure, Outcome


def _hash(*parts: object, prefix: str) -> str:
    key = "|".join("" if p is None else str(p) for p in parts)
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def meeting_key(draft: MeetingDraft) -> tuple | None:
    """What identifies a meeting across reports; None when the organization or date is unknown."""
    if not draft.organization or not draft.meeting_date:
        return None
    return (draft.organization, draft.meeting_type, draft.term, draft.session, draft.meeting_date.isoformat())


def dedupe(outcomes: list[Outcome]) -> tuple[list[Outcome], dict[str, list[str]]]:
    """One outcome per report_id (the first by path) and every source path of each."""
    first: dict[str, Outcome] = {}
    paths: dict[str, list[str]] = {}
    for o in sorted(outcomes, key=lambda o: o.source_path):
        first.setdefault(o.report_id, o)
        paths.setdefault(o.report_id, []).append(o.source_path)
    return list(first.values()), paths


def group_meetings(reports: list[Outcome]) -> dict[str, list[Outcome]]:
    """meeting_id → its reports; a report whose year is unknown joins a dated meeting of the same
    body, type and day (新华社北京3月8日电 beside the dated broadcast of the same meeting)."""
    groups: dict[str, list[Outcome]] = {}
    undated: list[Outcome] = []
    for r in reports:
        draft = r.extraction.meeting
        if draft is None:
            continue
        key = meeting_key(draft)
        if key is None or draft.month_day:  # no year, or a year guessed from the text
            undated.append(r)
            continue
        groups.setdefault(_hash(*key, prefix="m"), []).append(r)
    for r in undated:
        key = meeting_key(r.extraction.meeting)
        own = _hash(*key, prefix="m") if key else _hash("report", r.report_id, prefix="m")
        groups.setdefault(_join_undated(r, groups) or own, []).append(r)
    return groups


def _join_undated(r: Outcome, groups: dict[str, list[Outcome]]) -> str | None:
    draft = r.extraction.meeting
    if not draft.organization or not draft.month_day:
        return None
    hits = [mid for mid, members in groups.items()
            for m in members[:1]
            if not (d := m.extraction.meeting).month_day and d.organization == draft.organization
            and d.meeting_type == draft.meeting_type and d.meeting_date
            and (d.meeting_date.month, d.meeting_date.day) == draft.month_day]
    return hits[0] if len(set(hits)) == 1 else None


def _merged_draft(members: list[Outcome]) -> MeetingDraft:
    """The first dated report's fields, gaps filled from the others."""
    members = sorted(members, key=lambda m: m.extraction.meeting.month_day is not None)
    base = asdict(members[0].extraction.meeting)
    for other in members[1:]:
        for key, value in asdict(other.extraction.meeting).items():
            if base.get(key) in (None, []) and value not in (None, []):
                base[key] = value
    return MeetingDraft(**base)


def assemble(outcomes: list[Outcome], failures: list[Failure]) -> dict[str, list[dict]]:
    """All five datasets as lists of row dicts, sorted so a re-run writes the same rows."""
    reports, paths = dedupe(outcomes)
    groups = group_meetings(reports)
    meeting_of = {r.report_id: mid for mid, members in groups.items() for r in members}
    rows: dict[str, list[dict]] = {"reports": [], "meetings": [], "themes": [], "directives": [], "rejects": []}
    for r in sorted(reports, key=lambda r: r.source_path):
        mid = meeting_of.get(r.report_id)
        rows["reports"].append(_report_row(r, paths[r.report_id], mid))
        rows["themes"] += _theme_rows(r, mid)
        rows["directives"] += _directive_rows(r, mid)
    for mid, members in sorted(groups.items()):
        rows["meetings"].append(_meeting_row(mid, members))
    rows["rejects"] = [vars(f) for f in sorted(failures, key=lambda f: f.source_path)]
    return rows


def _report_row(r: Outcome, paths: list[str], mid: str | None) -> dict:
    return {
        "report_id": r.report_id, "source_path": paths[0], "source_paths": paths,
        "raw_sha256": r.raw_sha256, "format": r.format, "encoding": r.encoding, "title": r.title,
        "source_name": r.source_name, "source_url": r.source_url, "published_date": r.published_date,
        "text": r.text, "char_count": len(r.text),
        "is_meeting_report": r.extraction.is_meeting_report, "meeting_id": mid,
    }


def _theme_rows(r: Outcome, mid: str | None) -> list[dict]:
    return [{
        "theme_id": _hash(r.report_id, t.text, prefix="t"), "report_id": r.report_id, "meeting_id": mid,
        "text": t.text, "kind": t.kind, "mentions": t.mentions,
        "first_start": t.first_start, "first_end": t.first_end, "category": category(t.text),
    } for t in r.extraction.themes]


def _directive_rows(r: Outcome, mid: str | None) -> list[dict]:
    return [{
        "directive_id": _hash(r.report_id, d.span.start, d.span.end, prefix="d"),
        "report_id": r.report_id, "meeting_id": mid, "seq": seq, "paragraph": d.paragraph,
        "start": d.span.start, "end": d.span.end, "text": d.span.text,
        "framing": d.framing, "speaker": d.speaker, "modality": d.modality,
        "category": category(d.span.text),
        "themes": [t.text for t in r.extraction.themes if t.text in d.span.text],
    } for seq, d in enumerate(r.extraction.directives)]


def _meeting_row(mid: str, members: list[Outcome]) -> dict:
    first = members[0]
    fields = asdict(_merged_draft(members))
    fields.pop("month_day")
    return {
        "meeting_id": mid, "report_ids": [m.report_id for m in members], "title": first.title,
        **fields,
        "source_name": first.source_name, "source_url": first.source_url,
        "directive_count": len(first.extraction.directives), "theme_count": len(first.extraction.themes),
    }
