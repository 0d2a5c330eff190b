"""Pydantic records, one per dataset row: column names, types and descriptions live here only."""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from schemas.vocab import Body, Format, Level, MeetingType, PolicyArea, RejectReason, Stage, ThemeKind


class Record(BaseModel):
    """Base of every dataset row: strict fields, no extras."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Report(Record):
    """One distinct raw report (an article), after decoding and cleaning."""

    report_id: str = Field(description="Stable id derived from the cleaned text: the same article in two files is one report.")
    source_path: str = Field(description="Raw file path relative to the RAW_PATH it was found under; `file.jsonl#12` for line 12 of a JSON-lines file.")
    source_paths: list[str] = Field(description="Every raw file that held this report (the same article saved twice); source_path is the first.")
    raw_sha256: str = Field(description="sha256 of the raw bytes (of the line, for a JSON-lines record).")
    format: Format = Field(description="Input format: txt, md, html, json, jsonl.")
    encoding: str = Field(description="Detected encoding of the raw bytes, e.g. utf-8, utf-8-sig, gb18030, big5.")
    title: str | None = Field(description="Headline, from the file's own metadata or its first heading.")
    source_name: str | None = Field(description="Outlet, e.g. 上海热线新闻网, from a 来源 line or the record's source field.")
    source_url: str | None = Field(description="Address of the article, from a 地址 line, a URL field or a link to the original.")
    published_date: date | None = Field(description="Publication date, from a date field, a 发布时间 line, a dateline or a dated URL path.")
    text: str = Field(description="The cleaned body: boilerplate, captions, headers and footers removed, simplified characters, one paragraph a line. Offsets index into it.")
    char_count: int = Field(description="Length of text in characters.")
    is_meeting_report: bool = Field(description="Whether the report's main subject is one meeting that took place.")
    meeting_id: str | None = Field(description="The meeting it reports (meetings.meeting_id); null when it is not a meeting report.")


class Meeting(Record):
    """One distinct meeting; several reports of it give one row."""

    meeting_id: str = Field(description="Stable id from organization, meeting_type, term, session and meeting_date; from the report alone where the organization or date is unknown.")
    report_ids: list[str] = Field(description="The reports that cover this meeting.")
    title: str | None = Field(description="Headline of the first report.")
    meeting_type: MeetingType = Field(description="Kind of meeting: plenary_session, standing_committee, politburo, … (see the vocabulary in SPEC.md).")
    organization: str | None = Field(description="Canonical full name of the convening body without its term (中国共产党上海市嘉定区委员会); 中共 written out; null when the report does not name it.")
    body: Body = Field(description="party, government, congress, cppcc, discipline, other.")
    level: Level = Field(description="Level of the body that met: central, provincial, prefectural, county, township, unknown.")
    province: str | None = Field(description="Official full name of the province-level unit (上海市, 广西壮族自治区); null for central bodies.")
    prefecture: str | None = Field(description="Prefecture-level unit (苏州市); null for the districts of the four municipalities and for provincial or central bodies.")
    county: str | None = Field(description="County-level unit (嘉定区, 昆山市).")
    admin_code: str | None = Field(description="Six-digit GB/T 2260 code of the most specific unit (310114), from the bundled division table.")
    term: int | None = Field(description="届 of the body that met: 6 for 第六届.")
    session: int | None = Field(description="次 or 中全会 ordinal: 9 for 第九次全体会议 or 九中全会.")
    meeting_date: date | None = Field(description="First day of the meeting; null when the year cannot be established.")
    end_date: date | None = Field(description="Last day, where a span is reported (10月26日至29日).")
    location: str | None = Field(description="Where it was held, where stated (北京, 区文化艺术中心).")
    members_present: int | None = Field(description="Members attending (31 in 出席全体会议的有31名…委员).")
    alternates_present: int | None = Field(description="Alternate members attending.")
    presided_by: list[str] = Field(description="Who presided, as written: 区委常委会, 习近平.")
    speakers: list[str] = Field(description="Who spoke or gave the report, as written.")
    studied: list[str] = Field(description="What was conveyed or studied: 十一届九中全会精神.")
    documents: list[str] = Field(description="Titles in 《》 reviewed or adopted, without the marks.")
    source_name: str | None = Field(description="Outlet of the first report.")
    source_url: str | None = Field(description="Address of the first report.")
    directive_count: int = Field(description="Directive rows of the meeting's first report.")
    theme_count: int = Field(description="Theme rows of the meeting's first report.")


class Theme(Record):
    """One distinct theme (slogan, document title, numbered formula) per report."""

    theme_id: str = Field(description="Stable id from report_id and the theme text.")
    report_id: str = Field(description="The report it occurs in.")
    meeting_id: str | None = Field(description="The meeting of that report; null for a report that is not a meeting report.")
    text: str = Field(description="The theme without its quotation or book-title marks.")
    kind: ThemeKind = Field(description="slogan (in quotation marks), document (in 《》), numbered (an unquoted numbered formula: 四个意识).")
    mentions: int = Field(description="How often it occurs in the report text.")
    first_start: int = Field(description="Offset of its first occurrence in reports.text (inclusive).")
    first_end: int = Field(description="Offset just past its first occurrence in reports.text.")
    category: PolicyArea | None = Field(description="Policy area from the lexicon, where one matches.")


class Directive(Record):
    """One directive sentence: the meeting or its leader prescribes action."""

    directive_id: str = Field(description="Stable id from report_id and the sentence's offsets.")
    report_id: str = Field(description="The report it comes from.")
    meeting_id: str | None = Field(description="The meeting of that report.")
    seq: int = Field(description="Order within the report, from 0.")
    paragraph: int = Field(description="Index of its paragraph in reports.text (0-based, one paragraph a line).")
    start: int = Field(description="Offset of its first character in reports.text.")
    end: int = Field(description="Offset just past its last character: reports.text[start:end] == text.")
    text: str = Field(description="The sentence, exactly as it stands in reports.text.")
    framing: str | None = Field(description="Framing verb of its paragraph: 指出, 强调, 要求 …")
    speaker: str | None = Field(description="Who frames it: 全会, 会议, or the person named.")
    modality: str | None = Field(description="First prescriptive marker in the sentence: 要, 必须 …")
    category: PolicyArea | None = Field(description="Policy area from the lexicon, where one matches.")
    themes: list[str] = Field(description="Texts of the report's themes that the sentence mentions.")


class Reject(Record):
    """One input that could not be read as a report, with what to do about it."""

    source_path: str = Field(description="As in reports.source_path.")
    raw_sha256: str | None = Field(description="sha256 of the raw bytes, where they could be read.")
    stage: Stage = Field(description="Where it failed: read, decode, parse, validate.")
    reason: RejectReason = Field(description="Short code: empty, binary, undecodable, too_large, invalid_json, no_text, schema, unreadable (could not be opened or listed), broken_link, link_loop, not_a_file (a pipe or device).")
    message: str = Field(description="What is wrong, in words a user can act on.")


DATASETS: dict[str, type[Record]] = {
    "reports": Report,
    "meetings": Meeting,
    "themes": Theme,
    "directives": Directive,
    "rejects": Reject,
}
