"""Dates: publication dates from fields, lines and URLs; the meeting's date and span from its lead."""
from __future__ import annotations

import re
from datetime import date, timedelta

from flows.steps.extract.numerals import NUMERAL, to_int

N = rf"(?:\d{{1,4}}|[{NUMERAL}]{{1,4}})"
# 2020年6月29日, 二〇二〇年六月二十九日, 6月29日, 29日; spans 10月26日至29日, 1日-4日
DATE = re.compile(
    rf"(?:(?P<y>\d{{4}}|[〇零○一二三四五六七八九]{{4}})\s*年\s*)?(?:(?P<m>{N})\s*月\s*)?(?P<d>{N})\s*[日号]"
    rf"(?:\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<m2>{N})\s*月\s*)?(?P<d2>{N})\s*[日号])?"
)
ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)")
URL_DATE = [
    re.compile(r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>\d{2})[/-]?(?P<d>\d{2})/"),   # /2022/09/27/, /20220927/
    re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})/"),   # /2019-1-15/
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),             # /2021/1029/
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),            # /2022-02/19/
    re.compile(r"[/_t](?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:[_./]|\d{2,})"),  # t20210510_
]
RELATIVE = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
RELATIVE_RE = re.compile("|".join(RELATIVE))


def make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    """A valid date or None."""
    try:
        return date(y, m, d) if y and m and d else None
    except ValueError:
        return None


def iso_date(text: str | None) -> date | None:
    """First yyyy-mm-dd (or yyyy年m月d日, yyyy/m/d) in a string."""
    if not text:
        return None
    for m in ISO.finditer(str(text)):
        if found := make_date(int(m["y"]), int(m["m"]), int(m["d"])):
            return found
    return None


def url_date(url: str | None) -> date | None:
    """Date written in a URL path."""
    if not url:
        return None
    for pattern in URL_DATE:
        for m in pattern.finditer(url):
            if found := make_date(int(m["y"]), int(m["m"]), int(m["d"])):
                return found
    return None


def _complete(y: int | None, m: int | None, d: int, anchor: date | None) -> date | None:
    """Fill a missing year (and month) from the anchor, the publication date, never past it by much."""
    if y and m:
        return make_date(y, m, d)
    if anchor is None:
        return None
    if m is None:
        found = make_date(anchor.year, anchor.month, d)
        if found and found > anchor + timedelta(days=1):
            prev = anchor.replace(day=1) - timedelta(days=1)
            found = make_date(prev.year, prev.month, d)
        return found
    found = make_date(y or anchor.year, m, d)
    if found and not y and found > anchor + timedelta(days=31):
        found = make_date(anchor.year - 1, m, d)
    return found


_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")


def weekday_before(text: str, anchor: date | None) -> date | None:
    """The day a weekday names (习近平周二主持…) in the week up to the anchor (the dateline's day)."""
    m = _WEEKDAY.search(text)
    if not m or anchor is None:
        return None
    wanted = "一二三四五六日".index(m.group(1).replace("天", "日"))
    return anchor - timedelta(days=(anchor.weekday() - wanted) % 7)


_OPENED = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日(?:上午|下午)?开幕的[^。]*?(?:(\d{1,2})月)?(\d{1,2})日[^，。]{0,20}?闭幕")


def opened_closed(lead: str, anchor: date | None) -> tuple[date, date] | None:
    """(opening, closing) of 1月21日开幕的…会议，…26日上午在某地闭幕."""
    m = _OPENED.search(lead)
    if not m:
        return None
    start = _complete(None, to_int(m.group(1)), to_int(m.group(2)), anchor)
    end = make_date(start.year, to_int(m.group(3)) or start.month, to_int(m.group(4))) if start else None
    return (start, end) if start and end and end > start else None


def meeting_dates(lead: str, anchor: date | None) -> tuple[date | None, date | None]:
    """(first day, last day or None) of the first span written in the lead (于10月26日至29日举行),
    else of its first date, else of a relative day word (昨天) against the anchor."""
    matches = list(DATE.finditer(lead))
    spans = [m for m in matches if m["d2"]]
    # a communiqué's heading (…年7月18日…通过) can run into its first sentence: the span wins
    for m in spans + [m for m in matches if not m["d2"]]:
        y, mo, d = to_int(m["y"]), to_int(m["m"]), to_int(m["d"])
        if d is None or not 1 <= d <= 31 or (mo is not None and not 1 <= mo <= 12):
            continue
        start = _complete(y, mo, d, anchor)
        end = None
        if m["d2"] and start:
            d2, m2 = to_int(m["d2"]), to_int(m["m2"]) or start.month
            end = make_date(start.year, m2, d2) if d2 else None
            if end and end <= start:
                end = None
        return start, end
    rel = RELATIVE_RE.search(lead)
    if rel and anchor:
        return anchor + timedelta(days=RELATIVE[rel.group()]), None
    return None, None
