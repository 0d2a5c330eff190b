"""One raw item through decode → parse → clean → extract: a report outcome or a reject, never an exception."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import islice

from flows.steps.clean import clean
from flows.steps.decode import decode
from flows.steps.extract.report import Extraction, extract
from flows.steps.ids import report_id
from flows.steps.parse import ParseError, parse, sanitize
from flows.steps.read import RawItem

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """A readable report: its metadata, cleaned text and what was extracted from it."""

    report_id: str
    source_path: str
    raw_sha256: str
    format: str
    encoding: str
    title: str | None
    source_name: str | None
    source_url: str | None
    published_date: object
    text: str
    extraction: Extraction


@dataclass
class Failure:
    source_path: str
    raw_sha256: str | None
    stage: str
    reason: str
    message: str


def _short(exc: BaseException) -> str:
    """An exception's message for a reject: one line, valid text, not a page long."""
    text = " ".join(sanitize(str(exc)).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _field(value: str | None) -> str | None:
    """A metadata string (title, outlet, URL) sanitized; None when nothing is left."""
    return (sanitize(value).strip() or None) if value else None


def process(item: RawItem) -> Outcome | Failure:
    """Turn one raw item into an Outcome, or a Failure that says what to do."""
    if item.data is None:
        return Failure(item.source_path, None, "read", item.error or "unreadable", item.message or "could not read")
    sha = item.sha256 or ""
    decoded = decode(item.data)
    if decoded.text is None:
        return Failure(item.source_path, sha, "decode", decoded.error or "undecodable", decoded.message or "")
    try:
        doc = parse(decoded.text, item.format)
    except ParseError as exc:
        return Failure(item.source_path, sha, "parse", exc.reason, str(exc))
    except Exception as exc:  # a page that breaks the HTML parser must not sink the run
        # bad input is a reject, not a traceback on the console: the trace is for --verbose only
        log.debug("parsing failed for %s", item.source_path, exc_info=True)
        return Failure(item.source_path, sha, "parse", "unreadable",
                       f"the {item.format} could not be parsed ({type(exc).__name__}: {_short(exc)}); "
                       "check the file is complete")
    cleaned = clean(doc.body, doc.title)
    if len(list(islice(filter(str.isalnum, cleaned.text), 10))) < 10:  # "首页 新闻", "▶▶▶", "\ufffd": no words
        return Failure(item.source_path, sha, "parse", "no_text",
                       "nothing but boilerplate is left once headers, footers and navigation are removed")
    meta = cleaned.meta
    title = _field(doc.title or meta.get("title"))
    published = doc.published_date or cleaned.published_date
    url = _field(doc.source_url or meta.get("source_url"))
    source = _field(doc.source_name or meta.get("source_name"))
    context = " ".join(filter(None, [title, source, url, meta.get("site"), doc.extra.get("site")]))
    try:
        extraction = extract(cleaned.text, title, published, context)
    except Exception as exc:  # a bug in a rule must not sink the run: the file is kept as a reject
        log.debug("extraction failed for %s", item.source_path, exc_info=True)
        return Failure(item.source_path, sha, "parse", "schema",
                       f"extraction failed ({type(exc).__name__}: {_short(exc)}); please report this file")
    return Outcome(report_id(cleaned.text), item.source_path, sha, item.format, decoded.encoding or "utf-8",
                   title, source, url, published, cleaned.text, extraction)
