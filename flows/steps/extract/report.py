"""One report's extraction: detection, the meeting's fields, themes and directives, all grounded in its text."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from flows.steps.extract import dates, meeting, organization, people
from flows.steps.extract.detect import decide
from flows.steps.extract.directives import DirectiveSentence, directives
from flows.steps.extract.themes import Found, themes
from flows.steps.segment import Span, paragraphs, sentences


@dataclass
class MeetingDraft:
    """Meeting fields read from one report, before reports of the same meeting are merged."""

    meeting_type: str
    organization: str | None
    body: str
    level: str
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    admin_code: str | None = None
    term: int | None = None
    session: int | None = None
    meeting_date: date | None = None
    end_date: date | None = None
    location: str | None = None
    members_present: int | None = None
    alternates_present: int | None = None
    presided_by: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    studied: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    month_day: tuple[int | None, int] | None = None  # the day when the year is unknown, to join a dated report
    lead_key: str | None = None  # what the event sentence says after its verb, to join another outlet's copy
    text_keys: str | None = None  # its longest directives, hashed: another outlet's copy repeats them


@dataclass
class Extraction:
    is_meeting_report: bool
    meeting: MeetingDraft | None
    themes: list[Found]
    directives: list[DirectiveSentence]
    reasons: tuple[str, ...] = ()  # why it is, or is not, a meeting report (detect.decide)


# full-width digits (２０１２年６月２８日, 第１５次) read as ASCII digits; one character
# for one, so every offset into the normalised text is an offset into the report's text
HALF_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_WIDE_DIGIT = re.compile("[０-９]")


def extract(text: str, title: str | None, published: date | None, context: str = "") -> Extraction:
    """Everything the report says; `context` (title, outlet, URL) helps place a bare 区委 or 市委.
    Themes and directives are cut from the text as written; the meeting's fields are read from the
    text with its digits made half-width (the same length, so offsets hold)."""
    found_themes = themes(text)
    original = text
    if _WIDE_DIGIT.search(text):  # translate walks every character in Python: only when needed
        text = text.translate(HALF_WIDTH)
    if title and _WIDE_DIGIT.search(title):
        title = title.translate(HALF_WIDTH)
    decision = decide(text, title)
    event = decision.event
    if event is None:
        return Extraction(False, None, found_themes, [], decision.reasons)
    lead = meeting.lead_sentences(text, None, limit=3)
    who = organization.convener(event, f"{title or ''}\n{text}\n{context}", outlet=context)
    place = who.place
    start, end, weak = _meeting_span(event, lead, text, published)
    all_sents = [s for p in paragraphs(text)[:8] for s in sentences(p)]
    members, alternates = people.attendance(all_sents)
    draft = MeetingDraft(
        meeting_type=event.meeting_type,
        organization=who.organization, body=who.body, level=who.level,
        province=place.province if place else None, prefecture=place.prefecture if place else None,
        county=place.county if place else None, admin_code=place.admin_code if place else None,
        term=event.term, session=event.session, meeting_date=start, end_date=end,
        location=people.location(event.sentence.text),
        members_present=members, alternates_present=alternates,
        presided_by=people.presiders(lead), speakers=people.speakers(lead),
        studied=people.studied(lead), documents=people.documents(lead),
    )
    if start is None or weak:
        draft.month_day = _month_day(event.sentence.text)
    draft.lead_key = lead_key(event.clause)
    skip = event.sentence.end if event.sentence.start >= 0 else 0
    leader = next(iter(draft.speakers + draft.presided_by), None)
    found_directives = directives(original, skip_until=skip, leader=leader)
    draft.text_keys = text_keys([d.span.text for d in found_directives])
    return Extraction(True, draft, found_themes, found_directives, decision.reasons)


def _meeting_span(event: meeting.Event, lead: list[Span], text: str,
                  published: date | None) -> tuple[date | None, date | None, bool]:
    """(first day, last day, weak): the date of the event sentence, the year from the publication
    date; weak when the year could only be guessed from the text."""
    # the clause first: 湖南日报7月30日讯 7月29日，… is the 29th; the dateline's day only when the clause has none
    own_day = event.sentence.start >= 0 and re.search(r"\d{1,2}日", event.clause)  # not 今天: the dateline's day
    start, end = dates.meeting_dates(event.clause, published) if own_day else (None, None)
    if own_day and (span := dates.opened_closed(event.clause, published)):
        start, end = span  # 1月21日开幕的…会议，…26日上午闭幕
    if start is None:
        start, end = dates.meeting_dates(event.sentence.text if event.sentence.start >= 0 else text[:300], published)
        if start and not own_day and (day := dates.weekday_before(event.clause, start)):
            start, end = day, None  # 9月30日电 …周二…: the Tuesday of that week
    if start is None:
        told = [s.text for s in lead if not meeting.FUTURE.search(s.text) and "决定" not in s.text]
        start, end = dates.meeting_dates(" ".join(told), published)
    weak = False
    if start is None and (held := _HELD_ON.search(text)):  # 近日，…召开。…会议于11月22日下午召开
        start, end = dates.meeting_dates(held.group(), published)
    if start is None and published is None and (own := re.search(r"((?:19|20)\d{2})年第", event.phrase)):
        start, end = dates.meeting_dates(event.sentence.text, date(int(own.group(1)), 12, 31))  # 县政府2018年第八次常务会议
    if start is None and published is None and (year := _latest_year(text)) and _MONTH_DAY.search(event.sentence.text):
        # no publication date: the latest year the text names (奋力实现2019年各项目标) stands in,
        # marked weak so that a dated report of the same meeting wins when the two are merged
        start, end = dates.meeting_dates(event.sentence.text, date(year, 12, 31))
        if start and start.month >= 10 and "明年" in text and str(year - 1) in text:
            # a year-end meeting that plans 明年: the latest year it names is the one ahead
            start, end = dates.meeting_dates(event.sentence.text, date(year - 1, 12, 31))
        weak = start is not None
    if end is None and start is not None and (span := _span_in_lead(event, lead, start, published)):
        return (*span, weak)
    return start, end, weak


def _span_in_lead(event: meeting.Event, lead: list[Span], day: date, published: date | None) -> tuple[date, date] | None:
    """The whole span of a meeting whose event sentence gives one day of it: a lead sentence's span
    around that day (9日闭幕; the communiqué: 7日至9日), or the opening day a closing report names
    (10日…胜利闭幕。此次大会于1月7日开幕)."""
    for sent in lead:
        first, last = dates.meeting_dates(sent.text, published)
        if first and last and first <= day <= last and meeting.MEETING_NOUN.search(sent.text):
            return first, last
    if "闭幕" in event.clause:
        for sent in lead:
            if (opened := _OPENED_ON.search(sent.text)) and (first := dates.meeting_dates(opened.group(), day)[0]) \
                    and 0 < (day - first).days <= 20:
                return first, day
    return None


_OPENED_ON = re.compile(r"(?:\d{1,2}月)?\d{1,2}日(?:[上下]午)?(?:在[^，。]{1,20})?开幕")
_HELD_ON = re.compile(r"(?:会议|全会|大会)于\d{1,2}月\d{1,2}日(?:[上下]午)?(?:在[^，。]{1,20})?(?:召开|举行)")
_NOT_WORDS = re.compile(r"[^\u4e00-\u9fff]+|[年月日]")
LEAD_KEY = 16  # characters: long enough that two meetings do not share one


def lead_key(clause: str) -> str | None:
    """The first words the event sentence says after its verb, without digits, dates or
    punctuation (召开党组扩大会议传达上午召开的自治区党委…): two outlets' copies of one wire story
    share them even when one adds a place name before the verb."""
    held = meeting.HELD.search(clause)
    words = _NOT_WORDS.sub("", clause[held.end():]) if held else ""
    return words[:LEAD_KEY] if len(words) >= LEAD_KEY else None


TEXT_KEYS = 4  # the longest directives a report is known by
TEXT_KEY_MIN = 24  # characters of words: shorter ones (要抓好落实) are everyone's


def text_keys(sentences: list[str]) -> str | None:
    """Hashes of the report's longest directives, words only, sorted and comma-joined: two outlets'
    copies of one story share them whatever their leads, datelines and punctuation."""
    words = sorted({w for s in sentences if len(w := _NOT_WORDS.sub("", s)) >= TEXT_KEY_MIN}, key=lambda w: (-len(w), w))
    keys = sorted(hashlib.sha1(w.encode("utf-8")).hexdigest()[:10] for w in words[:TEXT_KEYS])
    return ",".join(keys) if len(keys) >= 2 else None


def _latest_year(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text)]
    return max(years) if years else None


_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")


def _month_day(text: str) -> tuple[int | None, int] | None:
    """(month, day) the event sentence names; (None, day) for a bare 7日 whose month it leaves out."""
    if m := _MONTH_DAY.search(text):
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"(?<![\d月])(\d{1,2})日", text)
    return (None, int(m.group(1))) if m and 1 <= int(m.group(1)) <= 31 else None
