"""The build index to what joins reports: one row per distinct report, one meeting per distinct meeting.

Works on the index entries as one Arrow table (state.SCHEMA), never on texts, and column by
column, so that 100,000 reports cost megabytes, not gigabytes: which record of a duplicated
article stands for it (the first by path), every path that holds it, and which reports are one
meeting — a report whose year is unknown joins a dated report of the same body, type and day
(新华社北京3月8日电 beside the dated broadcast of the same meeting). Python loops only over the
few reports that need them: duplicates, year-less copies, meetings with several reports.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flows.steps.rows import DRAFT_FIELDS, meeting_row
from schemas.arrow import SCHEMAS

# what a meeting row is made of: the report's meeting fields, headline, outlet and counts
MEETING_COLUMNS = ["report_id", "source_path", "root", "file", "own_meeting_id", "title", *DRAFT_FIELDS,
                   "md_month", "md_day", "source_name", "source_url", "n_directives", "n_themes"]
REP_ORDER = [("report_id", "ascending"), ("source_path", "ascending"), ("root", "ascending"), ("file", "ascending")]


@dataclass
class Meetings:
    """Which entries tell of each meeting; the rows themselves are made chunk by chunk, in
    meeting_id order, so the table of 100,000 meetings never has to be in memory whole."""

    entries: pa.Table
    members: np.ndarray      # entry rows of the meetings' reports: by meeting, first report first
    mids: pa.Array           # the meeting of each member
    starts: np.ndarray       # where each meeting's members begin

    def __len__(self) -> int:
        return len(self.starts)

    def tables(self, chunk: int = 5_000) -> Iterator[pa.Table]:
        """The meetings table in pieces of about `chunk` meetings, in meeting_id order."""
        ends = np.append(self.starts[1:], len(self.members))
        for at in range(0, len(self.starts), chunk):
            yield self._rows(self.starts[at:at + chunk], ends[at:at + chunk])

    def _rows(self, starts: np.ndarray, ends: np.ndarray) -> pa.Table:
        single = (ends - starts) == 1
        wide = self.entries.select(MEETING_COLUMNS)
        tables = [single_meetings(wide.take(self.members[starts[single]]), self.mids.take(starts[single]))]
        several = [(int(a), int(b)) for a, b in zip(starts[~single], ends[~single])]
        if several:
            taken = iter(wide.take(np.concatenate([self.members[a:b] for a, b in several])).to_pylist())
            merged = [meeting_row(self.mids[a].as_py(), [next(taken) for _ in range(b - a)]) for a, b in several]
            tables.append(pa.Table.from_pylist(merged, schema=SCHEMAS["meetings"]))
        return pa.concat_tables(tables).sort_by([("meeting_id", "ascending")])

    def table(self) -> pa.Table:
        """All of it at once: for tests and small builds."""
        return pa.concat_tables([SCHEMAS["meetings"].empty_table(), *self.tables()])

    def layout(self) -> tuple[np.ndarray, pa.Array, dict[str, np.ndarray]]:
        """(entry rows of meetings told by one report, their meeting ids, and for each meeting told by
        several reports its entry rows, first report first)."""
        ends = np.append(self.starts[1:], len(self.members))
        single = (ends - self.starts) == 1
        several = {self.mids[int(a)].as_py(): self.members[a:b] for a, b in zip(self.starts[~single], ends[~single])}
        return self.members[self.starts[single]], self.mids.take(pa.array(self.starts[single])), several


@dataclass
class Assembly:
    """What the entries say once read together; arrays are aligned with the entries' rows."""

    rep: np.ndarray          # bool: the record stands for its report (the first by path)
    meeting_id: pa.Array     # the meeting of the record's report; null for rejects and non-meetings
    source_paths: pa.Array   # every path of the report, on the record that stands for it; else null
    meetings: Meetings       # the meeting rows, made on demand a few thousand at a time

    @property
    def reports(self) -> int:
        return int(self.rep.sum())


def rep_order(entry: dict) -> tuple[str, str, str]:
    """The order in which records of one report compete to stand for it: the first path wins."""
    return entry["source_path"], entry["root"], entry["file"]


def _starts(sorted_values: pa.Array) -> np.ndarray:
    """Positions where a run of equal values begins in a sorted array."""
    n = len(sorted_values)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = pc.not_equal(sorted_values.slice(1), sorted_values.slice(0, n - 1))
    return np.concatenate([[0], np.flatnonzero(change.to_numpy(zero_copy_only=False)) + 1])


def _spread(values: pa.Array, groups: np.ndarray, valid: np.ndarray) -> pa.Array:
    """values[group] for each row, null where the row has no group."""
    return values.take(pa.array(groups, mask=~valid, type=pa.int64()))


def assemble(entries: pa.Table) -> Assembly:
    """Representatives, their paths, meeting groups and meeting rows, from the entries alone."""
    n = entries.num_rows
    order = pc.sort_indices(entries, sort_keys=REP_ORDER).to_numpy().astype(np.int64)  # nulls (rejects) last
    reports = n - entries["report_id"].null_count
    order = order[:reports]  # records with a report, by report then path
    rids = entries["report_id"].take(order).combine_chunks()
    starts = _starts(rids)
    first = np.zeros(reports, dtype=np.int64)
    first[starts] = 1
    group = np.full(n, -1, dtype=np.int64)  # each record's report, numbered in report order
    group[order] = np.cumsum(first) - 1
    rep = np.zeros(n, dtype=bool)
    rep[order[starts]] = True
    paths = _paths(entries, order, rids)
    reps_at = order[starts]  # entry row of each report's representative
    meeting_of_report, meetings = _meetings(entries, reps_at)
    has = group >= 0
    meeting_id = _spread(meeting_of_report, group, has)
    source_paths = _spread(paths, group, rep)
    return Assembly(rep, meeting_id, source_paths, meetings)


def _paths(entries: pa.Table, order: np.ndarray, rids: pa.Array) -> pa.ListArray:
    """Each report's source paths in path order, one of each (the same path under two roots once)."""
    paths = entries["source_path"].take(order).combine_chunks()
    if len(paths) == 0:
        return pa.array([], type=pa.list_(pa.string()))
    same = pc.and_(pc.equal(rids.slice(1), rids.slice(0, len(rids) - 1)),
                   pc.equal(paths.slice(1), paths.slice(0, len(paths) - 1))).to_numpy(zero_copy_only=False)
    keep = np.concatenate([[True], ~same])
    rids, paths = rids.filter(pa.array(keep)), paths.filter(pa.array(keep))
    offsets = np.append(_starts(rids), len(rids)).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), paths)


GROUPING = ["own_meeting_id", "meeting_type", "organization", "meeting_date", "end_date", "term", "session", "md_month",
            "md_day", "lead_key", "text_keys",
            "source_path", "root", "file"]


def _meetings(entries: pa.Table, reps_at: np.ndarray) -> tuple[pa.Array, Meetings]:
    """The meeting of each report (aligned with reps_at) and the meetings' members."""
    reps = entries.select(GROUPING).take(reps_at)
    has = reps["meeting_type"].is_valid().to_numpy(zero_copy_only=False)
    key = pc.and_(reps["organization"].is_valid(), reps["meeting_date"].is_valid())
    undated = (~key.to_numpy(zero_copy_only=False) | reps["md_day"].is_valid().to_numpy(zero_copy_only=False)) & has
    final_ids = pc.if_else(pa.array(has), reps["own_meeting_id"], pa.scalar(None, pa.string())).combine_chunks()
    # three passes, each on the meeting ids the one before left: fuller ordinals, numbered sessions, copies
    first = final_ids.to_pylist()
    current = list(first)
    for i, joined in _refinements(reps, has & ~undated).items():
        current[i] = joined
    if merged := _numbered(reps, has, undated, current):
        current = [merged.get(mid, mid) for mid in current]
    for i, joined in _joins(reps, has, undated, current).items():
        current[i] = joined
    if current != first:
        final_ids = pa.array(current, pa.string())
    members = np.flatnonzero(has)
    # members of a meeting together: dated reports in path order, then year-less ones
    member_table = pa.table({"mid": final_ids.take(members), "late": pa.array(undated[members]),
                             "path": reps["source_path"].take(members), "root": reps["root"].take(members),
                             "file": reps["file"].take(members)})
    members = members[pc.sort_indices(member_table, [("mid", "ascending"), ("late", "ascending"), ("path", "ascending"),
                                                     ("root", "ascending"), ("file", "ascending")]).to_numpy()]
    mids = final_ids.take(members)
    return final_ids, Meetings(entries, reps_at[members], mids, _starts(mids))


def _refinements(reps: pa.Table, dated: np.ndarray) -> dict[int, str]:
    """Dated reports that leave out the term or session another report of the same body, type and
    day gives (市委全会 beside 十四届市委八次全会) join that report's meeting, when only one fits."""
    key = pa.table({"org": reps["organization"], "type": reps["meeting_type"], "date": reps["meeting_date"]})
    key = key.filter(pa.array(dated)).append_column("at", pa.array(np.flatnonzero(dated)))
    groups = key.group_by(["org", "type", "date"]).aggregate([("at", "list")])
    several = groups.filter(pc.greater(pc.list_value_length(groups["at_list"]), 1))["at_list"].to_pylist()
    if not several:
        return {}
    at = [i for group in several for i in group]
    rows = reps.take(pa.array(at)).select(["own_meeting_id", "term", "session"]).to_pylist()
    row_of = dict(zip(at, rows))
    joins = {}
    for group in several:
        told = {(row_of[i]["term"], row_of[i]["session"]): row_of[i]["own_meeting_id"] for i in group}
        fullest = [t for t in told if not any(u != t and _within(t, u) for u in told)]
        for i in group:
            mine = (row_of[i]["term"], row_of[i]["session"])
            fits = [t for t in fullest if t != mine and _within(mine, t)]
            if mine not in fullest and len(fits) == 1:
                joins[int(i)] = told[fits[0]]
    return joins


def _within(less: tuple, more: tuple) -> bool:
    """Whether (term, session) `less` says nothing that `more` contradicts."""
    return all(a is None or a == b for a, b in zip(less, more))


SESSION_WINDOW = 31  # days: the reports of one numbered session (opening, closing, a later write-up) fall within it


def _numbered(reps: pa.Table, has: np.ndarray, undated: np.ndarray, current: list) -> dict[str, str]:
    """Meetings that are one because the body numbers them (十四届全国人大常委会第二十二次会议, 市委八届九次
    全会): reports of the same body, type, term and session whose dates lie within SESSION_WINDOW
    days (one dates the opening, another the closing) or that give no year; meeting id → the id of
    the earliest dated report's meeting."""
    numbered = pc.and_(pc.and_(reps["organization"].is_valid(), reps["term"].is_valid()), reps["session"].is_valid())
    at = np.flatnonzero(has & numbered.to_numpy(zero_copy_only=False))
    if len(at) < 2:
        return {}
    rows = reps.take(pa.array(at)).select(["organization", "meeting_type", "term", "session", "meeting_date",
                                           "end_date", "md_month", "md_day"]).to_pylist()
    groups: dict[tuple, list[tuple]] = {}
    for i, row in zip(at, rows):
        key = (row["organization"], row["meeting_type"], row["term"], row["session"])
        groups.setdefault(key, []).append((int(i), row))
    merged: dict[str, str] = {}
    for members in groups.values():
        if len({current[i] for i, _ in members}) < 2:
            continue
        dated = sorted((row["meeting_date"], row["end_date"] or row["meeting_date"], current[i])
                       for i, row in members if not undated[i])
        clusters: list[list[tuple]] = []  # (first day, last day, meeting id) of the reports of one session
        for first, last, mid in dated:
            if clusters and (first - clusters[-1][0][0]).days <= SESSION_WINDOW:
                clusters[-1].append((first, last, mid))
            else:
                clusters.append([(first, last, mid)])
        for cluster in clusters:
            for _, _, mid in cluster[1:]:
                merged[mid] = cluster[0][2]
        spans = [_days(c[0][0], max(last for _, last, _ in c)) for c in clusters]
        for i, row in members:
            if not undated[i]:
                continue
            if not clusters:  # no report dates it: the undated ones are still one meeting
                merged[current[i]] = min(current[j] for j, _ in members)
                continue
            fits = [c for c, days in zip(clusters, spans)
                    if row["md_day"] is None or (row["md_month"], row["md_day"]) in days]
            if len(fits) == 1:
                merged[current[i]] = fits[0][0][2]
    return {old: new for old, new in merged.items() if old != new}


def _days(first: date, last: date) -> set[tuple]:
    """The (month, day) and (None, day) a year-less report may name for a day from first to last."""
    found: set[tuple] = set()
    for n in range(min((last - first).days, 3 * SESSION_WINDOW) + 1):
        d = first + timedelta(days=n)
        found |= {(d.month, d.day), (None, d.day)}
    return found


def _joins(reps: pa.Table, has: np.ndarray, undated: np.ndarray, current: list) -> dict[int, str]:
    """Reports whose year or body is unknown that join the one dated meeting of the same body, type,
    month and day, or else the one dated meeting of the same type whose report tells it in the same
    words after the verb and on the same day (a bare 7日 is enough there, nothing less) (another
    outlet's copy, a place name added or a body left unresolved: of the same body when it is
    resolved), on the same day when the report names one; or else the one dated meeting of the same
    type whose report repeats two of its longest directives word for word (a copy with another lead)."""
    valid = lambda name: reps[name].is_valid().to_numpy(zero_copy_only=False)  # noqa: E731
    seeking = np.flatnonzero(undated & (valid("md_day") | valid("lead_key") | valid("text_keys")))
    if len(seeking) == 0:
        return {}
    wanted = reps.take(seeking).select(["organization", "meeting_type", "meeting_date", "md_month", "md_day",
                                        "lead_key", "text_keys"]).to_pylist()
    orgs = pa.array(sorted({w["organization"] for w in wanted if w["organization"]}), pa.string())
    keys = pa.array(sorted({w["lead_key"] for w in wanted if w["lead_key"]}), pa.string())
    near = pc.or_(pc.is_in(reps["organization"], value_set=orgs), pc.is_in(reps["lead_key"], value_set=keys))
    dated = np.flatnonzero(has & ~undated & pc.fill_null(near, False).to_numpy(zero_copy_only=False))
    days: dict[tuple, set[str]] = {}
    leads: dict[str, set[tuple]] = {}
    for at, d in zip(dated, reps.take(dated).select(["organization", "meeting_type", "meeting_date", "own_meeting_id",
                                                   "lead_key"]).to_pylist()):
        d["own_meeting_id"] = current[int(at)]
        days.setdefault((d["organization"], d["meeting_type"], d["meeting_date"].month, d["meeting_date"].day),
                        set()).add(d["own_meeting_id"])
        if d["lead_key"]:
            leads.setdefault(d["lead_key"], set()).add((d["own_meeting_id"], d["meeting_date"], d["meeting_type"],
                                                        d["organization"]))
    joins = {}
    texts = None  # made when a report first needs it
    for i, w in zip(seeking, wanted):
        hits = days.get((w["organization"], w["meeting_type"], w["md_month"], w["md_day"]), set()) \
            if w["organization"] and w["md_month"] and w["md_day"] else set()
        if not hits and w["lead_key"] and (w["md_day"] or w["meeting_date"]):  # never on the words alone
            hits = {mid for mid, day, mtype, org in leads.get(w["lead_key"], set())
                    if mtype == w["meeting_type"] and w["organization"] in (None, org) and _same_day(w, day)}
        if not hits and w["text_keys"]:
            hits = _same_words(w, texts if texts is not None else (texts := _texts(reps, has & ~undated, current)))
        if len(hits) == 1:
            joins[int(i)] = next(iter(hits))
    return joins


COMMON_TEXT = 8  # meetings: a directive that many meetings repeat word for word is boilerplate, no evidence


def _texts(reps: pa.Table, dated: np.ndarray, current: list) -> dict[str, set[tuple]]:
    """Each directive key of the dated reports → (meeting id, date, type, organization) of theirs;
    keys that more than COMMON_TEXT meetings share are left out."""
    at = np.flatnonzero(dated & reps["text_keys"].is_valid().to_numpy(zero_copy_only=False))
    found: dict[str, set[tuple]] = {}
    rows = reps.take(pa.array(at, pa.int64())).select(["text_keys", "meeting_date", "meeting_type", "organization"])
    for i, d in zip(at, rows.to_pylist()):
        for key in d["text_keys"].split(","):
            found.setdefault(key, set()).add((current[int(i)], d["meeting_date"], d["meeting_type"], d["organization"]))
    return {key: meetings for key, meetings in found.items() if len({m[0] for m in meetings}) <= COMMON_TEXT}


def _same_words(report: dict, texts: dict[str, set[tuple]]) -> set[str]:
    """Meetings whose dated report shares two or more of this report's longest directives, of its
    type and body (when it has one) and on its day (three shared when it names no day at all)."""
    shared: dict[tuple, int] = {}
    for key in report["text_keys"].split(","):
        for meeting in texts.get(key, ()):
            shared[meeting] = shared.get(meeting, 0) + 1
    told_day = report["md_day"] is not None or report["meeting_date"] is not None
    return {mid for (mid, day, mtype, org), n in shared.items()
            if n >= 2 and mtype == report["meeting_type"] and report["organization"] in (None, org)
            and (_same_day(report, day) if told_day else n >= 3)}


def _same_day(report: dict, day) -> bool:
    """Whether a day fits what a report says of its own: its date, or the month and day it names."""
    if report["meeting_date"] is not None and not report["md_day"]:
        return report["meeting_date"] == day  # a dated report of an unresolved body: that very day
    return report["md_day"] in (None, day.day) and report["md_month"] in (None, day.month)


def single_meetings(reps: pa.Table, mids: pa.Array) -> pa.Table:
    """Meeting rows of meetings one report tells of: its own fields, column for column."""
    schema = SCHEMAS["meetings"]
    columns = {"meeting_id": mids, "report_ids": pa.ListArray.from_arrays(
        pa.array(np.arange(reps.num_rows + 1), pa.int32()), reps["report_id"].combine_chunks())}
    columns |= {f: reps[f] for f in ("title", *DRAFT_FIELDS, "source_name", "source_url")}
    columns |= {"directive_count": reps["n_directives"], "theme_count": reps["n_themes"]}
    return pa.table({f.name: columns[f.name] for f in schema}, schema=schema)


