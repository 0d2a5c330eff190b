"""The build index to what joins reports: one row per distinct report, one meeting per distinct meeting.

Works on index entries (rows.index_entry), never on texts: which record of a duplicated article
stands for it (the first by path), every path that holds it, and which reports are one meeting
— a report whose year is unknown joins a dated report of the same body, type and day
(新华社北京3月8日电 beside the dated broadcast of the same meeting).
"""
from __future__ import annotations

from dataclasses import dataclass

from flows.steps import ids
from flows.steps.rows import meeting_key, meeting_row


@dataclass
class Assembly:
    reps: dict[str, dict]             # report_id → the entry whose rows stand for the report
    paths: dict[str, list[str]]       # report_id → every source_path that holds it, first is the rep's
    meeting_of: dict[str, str]        # report_id → meeting_id
    meetings: list[dict]              # meeting rows, by meeting_id


def rep_order(entry: dict) -> tuple[str, str, str]:
    """The order in which records of one report compete to stand for it: the first path wins."""
    return entry["source_path"], entry["root"], entry["file"]


def assemble(entries: list[dict]) -> Assembly:
    """Representatives, their paths, meeting groups and meeting rows, all from the entries alone."""
    reps: dict[str, dict] = {}
    paths: dict[str, list[str]] = {}
    for e in sorted((e for e in entries if e["report_id"]), key=rep_order):
        reps.setdefault(e["report_id"], e)
        held = paths.setdefault(e["report_id"], [])
        if e["source_path"] not in held:
            held.append(e["source_path"])
    groups = group_meetings(list(reps.values()))
    meeting_of = {m["report_id"]: mid for mid, members in groups.items() for m in members}
    meetings = [meeting_row(mid, members) for mid, members in sorted(groups.items())]
    return Assembly(reps, paths, meeting_of, meetings)


def group_meetings(reps: list[dict]) -> dict[str, list[dict]]:
    """meeting_id → its reports, dated reports first in path order, year-less ones joining them."""
    groups: dict[str, list[dict]] = {}
    undated: list[dict] = []
    for r in reps:
        if r["meeting_type"] is None:
            continue
        key = meeting_key(r)
        if key is None or r["md_month"] is not None:  # no year, or a year guessed from the text
            undated.append(r)
            continue
        groups.setdefault(ids.meeting_id(key, r["report_id"]), []).append(r)
    days: dict[tuple, set[str]] = {}
    for mid, members in groups.items():
        d = members[0]
        days.setdefault((d["organization"], d["meeting_type"], d["meeting_date"].month, d["meeting_date"].day),
                        set()).add(mid)
    for r in undated:
        own = ids.meeting_id(meeting_key(r), r["report_id"])
        hits = days.get((r["organization"], r["meeting_type"], r["md_month"], r["md_day"]), set()) \
            if r["organization"] and r["md_month"] is not None else set()
        groups.setdefault(next(iter(hits)) if len(hits) == 1 else own, []).append(r)
    return groups
