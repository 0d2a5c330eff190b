"""Decoded text to a Document by format: body text plus the metadata the file itself carries.

Every string of a Document is valid Unicode without control characters: lone surrogates (from
JSON escapes such as \\ud800), NUL and other control characters, terminal escape sequences and
invisible format characters are dropped, so that nothing downstream (lxml, Parquet) meets them."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from flows.steps import sogou
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
DATE_KEYS = ("date", "pub_date", "pubdate", "pubtime", "publish_time", "publishtime", "published", "publish_date",
             "publishdate", "published_date", "releasetime", "release_time", "posttime", "post_time", "time", "datetime",
             "发布时间", "日期")  # keys are read in lower case: publishTime is publishtime
SOURCE_KEYS = ("source", "source_name", "sourcename", "site", "media", "outlet", "来源")
# [^<>] and not [^>]: a run of "<p<p<p…" must not make the search quadratic
_TAG = re.compile(r"<(?:p|br|div|span|strong|a|img|h\d|script|style)\b[^<>]*>|<!--", re.I)
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[(?:查看原文|原文|阅读原文|原文链接)\]\((https?://[^)\s]+)\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.M)
_TITLE_PREFIX = re.compile(r"^\s*[\[【](?:视频|图文|组图)[\]】]\s*")


MAX_JSON_DEPTH = 100  # a scraped record nests a few levels; a hundred is not a news record
_TOO_DEEP = (f"the JSON is nested too deeply to read (deeper than {MAX_JSON_DEPTH} levels); "
             "a report is one object with a text field such as \"content\"")

# dropped from every string: lone surrogates, C0/C1 controls but tab and newline, DEL, terminal
# escape sequences (ESC [ 1;31m), zero-width and bidi format characters, BOM, and U+FFFD (a
# character already lost)
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b[@-Z\\-_]?|\x9b[0-?]*[ -/]*[@-~]?")
_JUNK = re.compile(r"[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
                   r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffd]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_ODD_BREAK = re.compile("[\x0b\x0c\x85\u2028\u2029]")


def sanitize(text: str) -> str:
    """Text that encodes to UTF-8 and holds no control characters but tab and line breaks; the
    other line separators (vertical tab, form feed, NEL, U+2028/9) become newlines."""
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    if _ODD_BREAK.search(text):  # translate walks every character in Python: only when there is one
        text = text.translate(_LINE_BREAKS)
    return _JUNK.sub("", text)


def _walk(obj: Any, found: dict[str, list[Any]]) -> None:
    """Collect values of known keys at any depth of a JSON object, in document order (a key's
    value and everything under it before the next key). Iterative, so no recursion limit is hit;
    strings are sanitized on the way; nesting deeper than MAX_JSON_DEPTH is refused."""
    stack: list[tuple[str | None, Any, int]] = [(None, obj, 1)]
    while stack:
        key, node, depth = stack.pop()
        if key is not None:
            found.setdefault(key, []).append(_clean_value(node))
        if isinstance(node, dict):
            children = [(sanitize(str(k)).lower(), v) for k, v in node.items()]
        elif isinstance(node, list):
            children = [(None, v) for v in node]
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise ParseError("invalid_json", _TOO_DEEP)
        stack.extend((k, v, depth + 1) for k, v in reversed(children))


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [sanitize(v) for v in value]
    return value


def _as_text(value: Any, join: bool) -> str | None:
    """A string value, or with join a list of strings (paragraphs) as one text, one a line."""
    if join and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = "\n".join(v.strip() for v in value if v.strip())
    return (value.strip() or None) if isinstance(value, str) else None


def _first(found: dict[str, list[Any]], keys: tuple[str, ...], longest: bool = False, join: bool = False) -> str | None:
    values = [t for k in keys for v in found.get(k, []) if (t := _as_text(v, join))]
    if not values:
        return None
    return max(values, key=len) if longest else values[0]


_KIND = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}


def _type_name(value: Any) -> str:
    return "null" if value is None else _KIND.get(type(value), type(value).__name__)


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError("invalid_json", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                                         "check the file was saved whole") from None
    except RecursionError:
        raise ParseError("invalid_json", _TOO_DEEP) from None
    except ValueError as exc:  # a number of over 4,300 digits
        raise ParseError("invalid_json", f"not readable as JSON ({str(exc)[:120]}); check what wrote the file") from None


def _body_text(text: str) -> str:
    """Markup fragments become text; plain text stays as it is."""
    return fragment_text(text) if _TAG.search(text) else text


def parse_json(text: str) -> Document:
    """One JSON record: body from content/text/body (HTML allowed), metadata from the usual keys."""
    obj = _load_json(text)
    if isinstance(obj, list):
        raise ParseError("schema", f"expected one JSON object (a record with a text field), found an array of "
                                   f"{len(obj)} items; save one record a file, or one a line as .jsonl")
    if not isinstance(obj, dict):
        raise ParseError("schema", f"expected a JSON object with a text field such as \"content\", "
                                   f"found {_type_name(obj)}")
    found: dict[str, list[Any]] = {}
    _walk(obj, found)
    body = _first(found, TEXT_KEYS, longest=True, join=True)
    if body is None:
        present = [k for k in TEXT_KEYS if k in found]
        if present:
            value = found[present[0]][0]
            held = "nothing but white space" if isinstance(value, str) else _type_name(value)
            raise ParseError("no_text", f"the text field \"{present[0]}\" holds {held}, not the article's text; "
                                        "check what wrote the record")
        keys = ", ".join(sorted(sanitize(k) for k in obj if isinstance(k, str))[:12]) or "none"
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
    text = _MD_IMAGE.sub("", text)  # images: ![](/Files/pic.jpg)
    return Document(_body_text(text), title, None, url, url_date(url))


def parse_html(text: str) -> Document:
    """A whole page: main text through trafilatura, metadata from the page."""
    body, meta = page_text(text)
    published = iso_date(meta.get("date")) if meta.get("date") else None
    extra = {"site": meta["site"]} if meta.get("site") else {}  # the window title's tail: where a bare 市委 is
    return Document(body, meta.get("title"), meta.get("sitename"), meta.get("url"), published, extra)


def parse_text(text: str) -> Document:
    """Plain text; a Sogou news-corpus record by its fields; a record wrapped in other tags as markup."""
    if sogou.is_record(text):
        content, title, url = sogou.fields(text)
        return Document(content, title, None, url, sogou.published(url))
    stripped = text.lstrip()
    if stripped.startswith("<") and re.search(r"</\w+>", stripped[:2000]):
        return Document(fragment_text(stripped), fragment_title(stripped))
    return parse_markdown(text)


PARSERS = {"json": parse_json, "jsonl": parse_json, "md": parse_markdown, "html": parse_html, "txt": parse_text}


_JSON_START = re.compile(r"\s*[\[{\"]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _prose(text: str) -> bool:
    """Chinese prose, not JSON: a plain-text report saved under a .json name."""
    head = text[:500]
    return not _JSON_START.match(head) and len(_CJK.findall(head)) >= 10


def _clean_field(value: str | None) -> str | None:
    """A metadata string (title, outlet, URL) sanitized; None when nothing is left."""
    return (sanitize(value).strip() or None) if value else None


def parse(text: str, fmt: str) -> Document:
    """Dispatch on format; raises ParseError for a file that is not a report. A file named .json
    that holds Chinese prose, not JSON, is read as plain text."""
    try:
        doc = PARSERS[fmt](text)
    except ParseError as exc:
        if fmt == "json" and exc.reason == "invalid_json" and _prose(text):
            doc = parse_text(text)
        else:
            raise
    doc = replace(doc, body=sanitize(doc.body or ""), title=_clean_field(doc.title),
                  source_name=_clean_field(doc.source_name), source_url=_clean_field(doc.source_url))
    if not doc.body.strip():
        raise ParseError("no_text", "the file has no body text once markup is removed")
    return doc
