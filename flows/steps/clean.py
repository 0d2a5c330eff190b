"""Cleaned body text: one paragraph a line, simplified characters, noise out and metadata kept."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from flows.steps import chrome
from flows.steps import patterns as P
from flows.steps.extract.dates import iso_date, url_date


@dataclass
class Cleaned:
    """The cleaned text and the metadata found in the lines taken out of it."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    published_date: date | None = None
    traditional: bool = False


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: loading its dictionaries takes a moment

    return opencc.OpenCC("t2s")


_CJK = re.compile(r"[\u4e00-\u9fff]")


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert traditional characters to simplified when the text is written in them (over 1% differ)."""
    simplified = _converter().convert(text)
    if simplified == text:  # a mainland text: nothing to count
        return text, False
    changed = sum(a != b for a, b in zip(text, simplified))
    cjk = len(_CJK.findall(text)) or 1
    return (simplified, True) if changed / cjk > 0.01 else (text, False)


def _split_lines(body: str) -> list[str]:
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\ufeff", "")
    lines: list[str] = []
    for line in _unwrap(body.split("\n")):
        lines.extend(part.strip(" \t\u3000") for part in P.PARA_BREAK.split(line))
    return [line for line in lines if line]


@lru_cache(maxsize=1)
def _wide() -> re.Pattern:
    """The characters East Asian Width calls wide or full-width, as one character class."""
    ranges, start = [], None
    for code in range(0x110000):
        wide = unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append((start, code - 1))
            start = None
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def _width(line: str) -> int:
    """Display width: a wide character (中, ，) counts two columns."""
    return len(line) + len(_wide().findall(line))


_OWNER = re.compile(r"(?:主办单位|主办|版权所有)\s*[:：]\s*([^\s|｜，,:：]{4,30})")
_SPACED = re.compile(r"\S(?: {2,}|\t|\u3000+| ?[|｜] ?)\S")


def _spaced(line: str) -> bool:
    """Words set apart by wide gaps or bars, as a menu or toolbar is (most lines: no such gap at all)."""
    return ("  " in line or "\t" in line or "\u3000" in line or "|" in line or "｜" in line) and bool(_SPACED.search(line))


def _unwrap(lines: list[str]) -> list[str]:
    """Join lines hard-wrapped at a fixed width (a yearbook scan: 提出了本市2003 / 年要重点抓好…).

    A text is hard-wrapped when three or more lines that stop mid-sentence share one display width
    (±2, a Chinese character counting two) of 40–160 columns; each such line is joined with the
    line after it.
    """
    # a line under 19 or over 162 characters cannot be within 2 columns of a width of 40–160
    # a line of a page's navigation or toolbar (首页  时政  社会, 字号：大 中 小 | 打印) is no wrapped prose
    lengths = [_width(line) if 19 <= len(line) <= 162 and not _spaced(line.strip()) else -9
               for line in (line.rstrip() for line in lines)]
    near = lambda n, w: abs(n - w) <= 2  # noqa: E731
    ends = tuple(P.SENTENCE_END + "：:”")
    open_ = [n for n, line in zip(lengths, lines) if 40 <= n <= 160 and not line.rstrip().endswith(ends)]
    width = max(open_, key=lambda w: sum(near(n, w) for n in open_), default=0)
    if sum(near(n, width) for n in open_) < 3:  # three lines cut mid-sentence at one width
        return lines
    out: list[str] = []
    carry = ""
    for line, n in zip(lines, lengths):
        line = carry + line.rstrip()
        if near(n, width) and not line.endswith(tuple(P.SENTENCE_END + "：:”")):
            carry = line
            continue
        out.append(line)
        carry = ""
    if carry:
        out.append(carry)
    return out


def _meta_line(line: str, meta: dict[str, str]) -> bool:
    """Harvest a metadata line into meta; True when the line is metadata and leaves the text."""
    if m := P.META_FIELD.match(line):
        key, value = m["key"], m["value"].strip()
        if key not in ("来源", "稿源", "出处") and (src := P.SOURCE_IN_LINE.search(value)):
            meta.setdefault("source_name", src.group(1))
        if key in ("来源", "稿源", "出处") and value:
            meta.setdefault("source_name", re.split(r"\s*[|｜]\s*|\s{2,}|\s+(?:作者|编辑|发布)", value)[0].strip())
        elif key == "标题" and value:
            meta.setdefault("title", value)
        elif key in ("地址", "原文地址", "链接") and (url := P.URL.search(value)):
            meta.setdefault("source_url", url.group())
        if d := iso_date(line):
            meta.setdefault("date", d.isoformat())
        return True
    if m := P.SOURCE_URL_LINE.match(line):
        meta.setdefault("source_url", m.group(1))
        return True
    dated_source = len(line) < 80 and iso_date(line[:20]) is not None and "来源" in line
    if len(P.FIELD_ROW.findall(line)) >= 2 or P.DOTTED_ROW.search(line) or dated_source:
        if src := P.SOURCE_IN_LINE.search(line):
            meta.setdefault("source_name", src.group(1))
        if d := iso_date(line):
            meta.setdefault("date", d.isoformat())
        return True
    return False


# [text](target); brackets excluded inside, so a line of "[a](" repeated stays linear to search
_MD_LINK = re.compile(r"\[[^\[\]]*\]\([^()]*\)")


def _is_noise(line: str) -> bool:
    if P.READING_HEADER.match(line) or P.NOISE.match(line) or P.NOISE_ANYWHERE.search(line):
        return True
    if P.URL.search(line):  # a line of links: "**[Telegraph](https://…)**:" keeps almost no words
        words = P.URL.sub("", _MD_LINK.sub("", line))
        if sum("\u4e00" <= ch <= "\u9fff" for ch in words) < 6:
            return True
    if _date_line(line):
        return True
    # short scraps without a sentence: "人民网", "dlrb", "T中", "|", "BACK", "XFTB009"; not the signature
    # of a commentary (本报评论员), which says what the text is
    return len(line) <= 8 and not any(ch in P.SENTENCE_END for ch in line) \
        and not re.match(r"^[一二三四五六七八九十]+、|^(?:本报|本刊|本台)?(?:特约)?评论员$", line)


_STAMP = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?|星期.|周.|[|｜\s]")


_DIGIT = re.compile(r"\d")


def _date_line(line: str) -> bool:
    """A line that is only a date and time stamp: "2019年05月14日08:30 |", "2022年02月19日 星期六"."""
    if len(line) > 60 or not _DIGIT.search(line):  # most lines: prose, not worth the substitution
        return False
    return len(_STAMP.sub("", line)) <= 4 and bool(iso_date(line))


def _repeated_captions(lines: list[str]) -> set[str]:
    """Short lines standing two or more times: captions repeated between paragraphs."""
    counts = Counter(lines)
    return {line for line, n in counts.items() if n >= 2 and len(line) <= 80
            and not line.endswith(tuple(P.SENTENCE_END))}


def clean(body: str, title: str | None = None) -> Cleaned:
    """Clean a parsed body. Pure: the same body always gives the same text."""
    body = unicodedata.normalize("NFC", body)
    body, traditional = to_simplified(body)
    body = P.PINYIN.sub("", body)
    meta: dict[str, str] = {}
    lines = _split_lines(body)
    published = None
    for line in lines[:12] + lines[-12:]:
        outlet = chrome.masthead_outlet(line)
        if published is None and (_date_line(line) or outlet or _DIGIT.search(line) and chrome.kind(line) == "edition"):
            published = iso_date(line)  # a stamp, or the date of a masthead: 宜宾新闻网 2023-07-04
        if outlet:
            meta.setdefault("source_name", outlet)
    kept = [line for line in lines if not _meta_line(line, meta)]
    if site := next((line for line in kept[:chrome.HEAD_LINES] if len(line) <= 16 and chrome.kind(line) == "site"), None):
        meta.setdefault("site", site)  # 灌阳县人民政府门户网站: where a bare 县委 is
    headline, kept = chrome.head(kept, (meta.get("title") or title or "").strip() or None)
    for line in kept[-12:]:  # 主办单位：成都市郫都区人民政府办公室: whose site it is, before the footer goes
        if owner := _OWNER.search(line):
            meta.setdefault("site", owner.group(1))
            break
    kept = chrome.tail(kept)
    captions = _repeated_captions(kept)
    title_key = (meta.get("title") or title or "").strip()
    out: list[str] = []
    for line in kept:
        if line in captions or _is_noise(line):
            continue
        if title_key and line == title_key and not out:
            continue  # the headline repeated as the first line of the body
        line = P.BYLINE.sub("", line).rstrip()
        if line and not P.BYLINE.fullmatch(line):
            out.append(line)
    if not (title or meta.get("title")) and headline:
        meta["title"] = headline  # a saved page or plain-text file: the headline above its first paragraph
    if meta.get("date"):
        published = published or iso_date(meta["date"])
    if "source_url" in meta:
        published = published or url_date(meta["source_url"])
    return Cleaned("\n".join(out), meta, published, traditional)
