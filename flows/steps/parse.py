"""Decoded text to a Document by format: body text plus the metadata the file itself carries."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from flows.steps.extract.dates import iso_date, url_date
from flows.steps.markup import fragment_text, fragment_title, page_text


class ParseError(ValueError):
    """The file is of a known format but cannot be read as a report; carries a reject reason."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Document:
    """Body text (not yet cleaned) and metadata of one report."""

    body: str
    title: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    published_date: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


TEXT_KEYS = ("content", "text", "body", "article", "contenttext", "main_text", "正文", "内容")
TITLE_KEYS = ("title", "headline", "video_title", "标题", "contenttitle")
URL_KEYS = ("url", "source_url", "sourceurl", "link", "href", "video_url", "原文链接")
DATE_KEYS = ("date", "pub_date", "pubdate", "pubtime", "publish_time", "published", "publish_date",
             "published_date", "time", "datetime", "发布时间", "日期")
SOURCE_KEYS = ("source", "source_name", "sourcename", "site", "media", "outlet", "来源")
_TAG = re.compile(r"<(?:p|br|div|span|strong|a|img|h\d)\b[^>]*>", re.I)
_MD_LINK = re.compile(r"\[(?:查看原文|原文|阅读原文|原文链接)\]\((https?://[^)\s]+)\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.M)
_TITLE_PREFIX = re.compile(r"^\s*[\[【](?:视频|图文|组图)[\]】]\s*")


def _walk(obj: Any, found: dict[str, list[Any]]) -> None:
    """Collect values of known keys at any depth of a JSON object."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            found.setdefault(str(key).lower(), []).append(value)
            _walk(value, found)
    elif isinstance(obj, list):
        for value in obj:
            _walk(value, found)


def _first(found: dict[str, list[Any]], keys: tuple[str, ...], longest: bool = False) -> str | None:
    values = [v.strip() for k in keys for v in found.get(k, []) if isinstance(v, str) and v.strip()]
    if not values:
        return None
    return max(values, key=len) if longest else values[0]


def _body_text(text: str) -> str:
    """Markup fragments become text; plain text stays as it is."""
    return fragment_text(text) if _TAG.search(text) else text


def parse_json(text: str) -> Document:
    """One JSON record: body from content/text/body (HTML allowed), metadata from the usual keys."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError("invalid_json", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                                         "check the file was saved whole") from None
    if not isinstance(obj, dict):
        raise ParseError("schema", f"expected a JSON object with a text field, found a {type(obj).__name__}")
    found: dict[str, list[Any]] = {}
    _walk(obj, found)
    body = _first(found, TEXT_KEYS, longest=True)
    if body is None:
        keys = ", ".join(sorted(k for k in obj if isinstance(k, str))[:12])
        raise ParseError("no_text", f"no text field (one of {', '.join(TEXT_KEYS[:4])}) in the record; its keys: {keys}")
    title = _first(found, TITLE_KEYS)
    url = _first(found, URL_KEYS)
    published = _date_of(found_values(found, DATE_KEYS))
    return Document(_body_text(body), _TITLE_PREFIX.sub("", title) if title else None,
                    _first(found, SOURCE_KEYS), url, published or url_date(url))


def _date_of(values: list[str]) -> date | None:
    """The first value that reads as a date: 2023-07-28, 2023年7月28日, or epoch seconds/milliseconds."""
    for value in values:
        if found := iso_date(value):
            return found
        if re.fullmatch(r"\d{10}|\d{13}", value.strip()):
            seconds = int(value.strip()[:10])
            return datetime.fromtimestamp(seconds, tz=timezone(timedelta(hours=8))).date()  # Beijing time
    return None


def found_values(found: dict[str, list[Any]], keys: tuple[str, ...]) -> list[str]:
    return [str(v) for k in keys for v in found.get(k, []) if isinstance(v, (str, int))]


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """`key: value` lines between --- fences at the top of a Markdown file, and the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip():
            fields[key.strip().lower()] = value.strip().strip("'\"")
    return fields, text[m.end():]


def parse_markdown(text: str) -> Document:
    """Markdown (or plain text) that may carry front matter, a heading title, a link to the original
    and HTML blocks."""
    fields, text = _front_matter(text)
    if fields:
        found = {k: [v] for k, v in fields.items()}
        inner = parse_markdown(text)
        url = inner.source_url or _first(found, URL_KEYS)
        return Document(inner.body, _first(found, TITLE_KEYS) or inner.title, _first(found, SOURCE_KEYS) or inner.source_name,
                        url, _date_of(found_values(found, DATE_KEYS)) or inner.published_date or url_date(url))
    title = None
    heading = _MD_HEADING.search(text)
    if heading and heading.start() < 300:
        title = heading.group(1).strip()
        text = text[heading.end():]
    url = None
    if link := _MD_LINK.search(text):
        url = link.group(1)
        text = text[:link.start()] + text[link.end():]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images: ![](/Files/pic.jpg)
    return Document(_body_text(text), title, None, url, url_date(url))


def parse_html(text: str) -> Document:
    """A whole page: main text through trafilatura, metadata from the page."""
    body, meta = page_text(text)
    published = iso_date(meta.get("date")) if meta.get("date") else None
    return Document(body, meta.get("title"), meta.get("sitename"), meta.get("url"), published)


def parse_text(text: str) -> Document:
    """Plain text; a record wrapped in tags (<doc><content>…) is read as markup."""
    stripped = text.lstrip()
    if stripped.startswith("<") and re.search(r"</\w+>", stripped[:2000]):
        return Document(fragment_text(stripped), fragment_title(stripped))
    return parse_markdown(text)


PARSERS = {"json": parse_json, "jsonl": parse_json, "md": parse_markdown, "html": parse_html, "txt": parse_text}


def parse(text: str, fmt: str) -> Document:
    """Dispatch on format; raises ParseError for a file that is not a report."""
    doc = PARSERS[fmt](text)
    if not doc.body or not doc.body.strip():
        raise ParseError("no_text", "the file has no body text once markup is removed")
    return doc
