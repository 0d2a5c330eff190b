"""Sogou news-corpus records (SogouCA, SogouCS): `<doc>` elements, several to a file, in GB18030.

Each record is `<doc><url>…</url><docno>…</docno><contenttitle>…</contenttitle><content>…</content></doc>`.
The file is split into records on the bytes (the tags are ASCII in any of its encodings), so every
record is read, decoded and hashed on its own and addressed `file#N` like a JSON-lines record.
The url becomes source_url, contenttitle the title, content the text; the docno is an id of the
corpus, not words of the report, and is kept out of the text.
"""
from __future__ import annotations

import html
import re

from flows.steps.extract.dates import url_date

_HEAD = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<doc>\s*<(?:url|docno|contenttitle|content)>")
_RECORD = re.compile(rb"<doc>.*?(?:</doc>|(?=<doc>)|\Z)", re.S)
_FIELD = {name: re.compile(rf"<{name}>(.*?)(?:</{name}>|(?=<(?:url|docno|contenttitle|content)>|</doc>)|\Z)", re.S)
          for name in ("url", "contenttitle", "content")}
# the corpora mark paragraph breaks with U+E40C (a private-use character) or a run of ideographic
# spaces after a sentence; every match starts at one of them, so long runs of spaces cost nothing
_BREAK = re.compile(r"\ue40c|(?<=[。！？：”」）])[ \t]*\u3000{2,}")


def is_records(head: bytes) -> bool:
    """Whether a file's first bytes open a Sogou `<doc>` record."""
    return bool(_HEAD.match(head))


def records(data: bytes) -> list[bytes]:
    """The bytes of each `<doc>` record, in file order; a record cut off at the end of the file is kept
    (and becomes a reject if it was cut inside a character)."""
    return [m.group(0) for m in _RECORD.finditer(data)]


def is_record(text: str) -> bool:
    """Whether decoded text is one Sogou record."""
    return bool(_HEAD.match(text[:200].encode("utf-8", "ignore")))


def fields(text: str) -> tuple[str, str | None, str | None]:
    """(content, contenttitle, url) of one decoded record, entities unescaped, paragraphs on lines."""
    found = {name: (m.group(1).strip() if (m := pattern.search(text)) else None) for name, pattern in _FIELD.items()}
    content = _BREAK.sub("\n", html.unescape(found["content"] or ""))
    content = "\n".join(line.strip(" \t\u3000") for line in content.split("\n") if line.strip(" \t\u3000"))
    title = html.unescape(found["contenttitle"]) if found["contenttitle"] else None
    return content, title or None, found["url"] or None


def published(url: str | None):
    """The date a record's URL carries (…/20120608/…, …/2012-06-29/…), if any."""
    return url_date(url) if url else None
