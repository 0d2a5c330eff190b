"""A saved page's chrome: the lines around an article that belong to the site, not to the report.

A page saved as text opens with some of: a site or channel name, a breadcrumb (`首页 > 新闻中心 >
正文`), a newspaper edition line (`第01版:要闻`), the headline (often twice: the window title and
the page heading), a deck line, a byline row (`时间:… 来源:… 作者:…`) and a toolbar (`【字体:大 中
小】 打印 关闭`); it closes with related links and a copyright footer. `head` finds the headline
among the lines before the first paragraph of prose and takes the chrome out of them; the words
each kind of line is made of are data, in data/chrome.json.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "chrome.json"
HEAD_LINES = 14  # the chrome above an article is a dozen lines at most
MAX_CHROME = 160  # characters: no chrome line is longer


@dataclass(frozen=True)
class Rules:
    breadcrumb: re.Pattern
    separators: re.Pattern
    edition: re.Pattern
    toolbar: re.Pattern
    byline: re.Pattern
    related: re.Pattern
    footer: re.Pattern
    site: re.Pattern


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The patterns built from data/chrome.json, once per process."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    home = _alternatives(data["home_words"])
    seps = _alternatives(data["breadcrumb_separators"])
    return Rules(
        breadcrumb=re.compile(rf"^\s*(?:(?:{_alternatives(data['breadcrumb_openers'])})\s*是?\s*[:：]|(?:{home})\s*(?:{seps}))"),
        separators=re.compile(rf"\s*(?:{seps})\s*"),
        edition=re.compile(data["edition_pattern"]),
        toolbar=re.compile(_alternatives(data["toolbar_words"] + data["related_openers"])),
        byline=re.compile(rf"(?:{_alternatives(data['byline_keys'])})\s*[:：]"),
        related=re.compile(rf"^[\s【\[>»·•＞|｜]*(?:{_alternatives(data['related_openers'])})"),
        footer=re.compile(_alternatives(data["footer_words"])),
        site=re.compile(rf"^[^，。,\s]{{2,14}}(?:{_alternatives(data['site_endings'])})$"),
    )


_CJK = re.compile(r"[\u4e00-\u9fff]")
_EVENT = re.compile(r"召开|举行|开幕|闭幕|会议|全会")
_DIGIT = re.compile(r"\d")
# what a date and time stamp is made of: 2025年02月1日 星期六, 2019-11-29 08:12:01 |
_STAMP = re.compile(r"[\d\s年月日时分秒:：\-/.|｜()（）]|星期[一二三四五六日天]|周[一二三四五六日天]|[上下]午")
_PROSE = re.compile(r"[。！？；]|[，,].{6}")


def kind(line: str) -> str | None:
    """What kind of chrome a line is (breadcrumb, menu, edition, stamp, site, toolbar, byline,
    related, footer), or None for a line of the article."""
    r = rules()
    if len(line) > MAX_CHROME:
        return None  # a page's chrome is short; a long line is the article's (and not worth the patterns)
    if len(line) <= 16 and r.site.search(line) and not _EVENT.search(line):
        return "site"
    if r.breadcrumb.search(line) or _trail(line, r):
        return "breadcrumb"
    if r.edition.search(line) and (line.lstrip().startswith("第") or len(line) <= 60 and not re.search(r"[。，,]", line)):
        return "edition"  # 第01版:要闻, or a masthead: 江西日报　2026年03月03日　星期二　第01版：要闻
    if len(line) <= 40 and _DIGIT.search(line) and len(_STAMP.sub("", line)) <= 2:
        return "stamp"
    if _related(line, r):
        return "related"  # 相关新闻, or 【下一篇】 with the other article's headline
    if r.footer.search(line) and len(line) <= 120:
        return "footer"
    if len(line) <= 120 and not re.search(r"[。！？]", line) and len(r.byline.findall(line)) >= 1 \
            and len(_CJK.findall(r.byline.sub("", line))) <= 24:
        return "byline"
    if len(line) <= 60 and len(_CJK.findall(r.toolbar.sub("", line))) <= 2 and r.toolbar.search(line):
        return "toolbar"
    if _menu(line):
        return "menu"
    return None


def _related(line: str, r: Rules) -> bool:
    m = r.related.search(line)
    return bool(m) and (len(line) <= 40 or len(line) - m.end() <= 80 and "篇" in m.group())


def masthead_outlet(line: str) -> str | None:
    """The paper or site a dateline row names beside its date and edition: 江西日报　2026年03月03日
    第01版：要闻, 2020年7月15日 吉林日报."""
    if len(line) > 60 or not _DIGIT.search(line):
        return None
    parts = line.split()
    if len(parts) < 2:
        return None
    edition = bool(rules().edition.search(line))
    names = [p for p in parts if (rules().site.search(p) or edition and re.fullmatch(r"[\u4e00-\u9fff]{2,8}报", p))
             and not re.search(r"[:：]", p)]  # 朝阳报　2024年1月9日　第1版: a paper's masthead
    rest = [p for p in parts if p not in names]
    dated = [p for p in rest if _DIGIT.search(p) and len(_STAMP.sub("", p)) <= 2 or rules().edition.search(p)
             or re.fullmatch(r"星期[一二三四五六日天]|[：:][\u4e00-\u9fff]{1,6}", p)]
    return names[0] if len(names) == 1 and len(dated) == len(rest) and any(_DIGIT.search(p) for p in rest) else None


def _menu(line: str) -> bool:
    """A site's menu bar: four or more short names side by side (首页  时政  社会  县域  专题  视频)."""
    names = [n for n in re.split(r"[\s|｜·]+", line.strip()) if n]
    return len(names) >= 4 and all(len(n) <= 6 for n in names) and not _EVENT.search(line) \
        and not re.search(r"[。，,！？]", line)


def _trail(line: str, r: Rules) -> bool:
    """A path of short names between separators: 中国西藏网 > 即时新闻 > 地方, 新闻中心 - 国内要闻."""
    parts = [p for p in r.separators.split(line.strip()) if p]
    if len(parts) < 2 or re.search(r"[。，]", line) or _EVENT.search(line):
        return False
    return all(len(p) <= 14 for p in parts) if len(parts) >= 3 else all(len(p) <= 8 for p in parts)


def _headline(line: str) -> bool:
    """A line that can be a headline: words, not a sentence of prose, not too long."""
    return 6 <= len(line) <= 80 and len(_CJK.findall(line)) >= 4 and not _PROSE.search(line)


def _prose(line: str) -> bool:
    return len(line) >= 25 and bool(_PROSE.search(line))


def head(lines: list[str], title: str | None) -> tuple[str | None, list[str]]:
    """(headline, lines): the headline found above the first paragraph of prose (the given title
    when there is one) and the lines without the chrome above that paragraph and without the
    headline's repeats. A repeated headline-like line is the headline (window title and page
    heading); else the first headline-like line of eight characters or more."""
    end = next((i for i, line in enumerate(lines[:HEAD_LINES]) if _prose(line)), min(len(lines), HEAD_LINES))
    top = [line for line in lines[:end] if kind(line) is None]
    found = title
    if not found:
        candidates = [line for line in top if _headline(line)]
        repeated = [line for line in candidates if candidates.count(line) > 1]
        long_enough = [line for line in candidates if len(line) >= 8]
        found = (repeated or long_enough or [None])[0]
    out = [line for line in top if line != found] + lines[end:]
    if not out and found and not title:
        return None, lines  # the headline-like line is all there is: it stays the text
    return found, out


def tail(lines: list[str]) -> list[str]:
    """The lines without what follows the article: the chrome lines that close the page, and from
    the first related-links line after its prose (相关新闻, 【上一篇】…, 网友评论) the other articles'
    headlines and the footer; prose stays."""
    first = next((i for i, line in enumerate(lines) if _prose(line)), None)
    if first is None:
        return lines
    end = len(lines)
    while end > first + 1 and len(lines[end - 1]) <= MAX_CHROME and kind(lines[end - 1]) is not None:
        end -= 1  # the page's last lines: footer, share bar, 点个“在看”
    lines = lines[:end]
    r = rules()
    for i in range(first + 1, len(lines)):
        if len(lines[i]) <= 120 and _related(lines[i], r) and kind(lines[i]) == "related":
            return lines[:i] + [line for line in lines[i + 1:] if _prose(line) and kind(line) is None]
    return lines


_TITLE_SEP = re.compile(r"_|\||｜| - | — |--")


def window_title(title: str | None) -> str | None:
    """A page's window title without the channel and site names it ends with
    (县委召开常委会会议_政协要闻_某某网 → 县委召开常委会会议): trailing parts of 15 characters or
    fewer after a separator are cut, one by one from the end."""
    if not title:
        return title
    cut = len(title)
    for sep in reversed(list(_TITLE_SEP.finditer(title))):
        if sep.end() > cut:
            continue
        if len(title[sep.end():cut].strip()) > 15:
            break
        cut = sep.start()
    head = title[:cut].strip()
    return head if len(head) >= 6 else title
