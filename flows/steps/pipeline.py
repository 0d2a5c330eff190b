"""One raw item through decode → parse → clean → extract: a report outcome or a reject, never an exception."""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

from flows.steps.clean import clean
from flows.steps.decode import decode
from flows.steps.extract.report import Extraction, extract
from flows.steps.parse import ParseError, parse
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


def report_id(text: str) -> str:
    """Stable id of a cleaned text: the same article in two files gets one id, whatever its
    format, encoding, line breaks or full-width punctuation (，and , are one)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return "r" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


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
        log.exception("parsing failed for %s", item.source_path)
        return Failure(item.source_path, sha, "parse", "unreadable",
                       f"the {item.format} could not be parsed ({type(exc).__name__}: {exc}); check the file is complete")
    cleaned = clean(doc.body, doc.title)
    if len(cleaned.text.strip()) < 10:
        return Failure(item.source_path, sha, "parse", "no_text",
                       "nothing but boilerplate is left once headers, footers and navigation are removed")
    meta = cleaned.meta
    title = doc.title or meta.get("title")
    published = doc.published_date or cleaned.published_date
    url = doc.source_url or meta.get("source_url")
    source = doc.source_name or meta.get("source_name")
    context = " ".join(filter(None, [title, source, url]))
    try:
        extraction = extract(cleaned.text, title, published, context)
    except Exception as exc:  # a bug in a rule must not sink the run: the file is kept as a reject
        log.exception("extraction failed for %s", item.source_path)
        return Failure(item.source_path, sha, "parse", "schema", f"extraction failed ({type(exc).__name__}: {exc}); please report this file")
    return Outcome(report_id(cleaned.text), item.source_path, sha, item.format, decoded.encoding or "utf-8",
                   title, source, url, published, cleaned.text, extraction)
