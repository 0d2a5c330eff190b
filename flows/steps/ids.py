"""Stable ids: the same words give the same id in every run, on every machine."""
from __future__ import annotations

import hashlib
import re
import unicodedata


def stable_hash(*parts: object, prefix: str) -> str:
    """prefix + 16 hex digits of sha256 over the parts ("|"-joined, None as empty)."""
    key = "|".join("" if p is None else str(p) for p in parts)
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def report_id(text: str) -> str:
    """Id of a cleaned text: the same article in two files gets one id, whatever its format,
    encoding, line breaks or full-width punctuation (，and , are one)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return "r" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def meeting_id(key: tuple | None, report: str) -> str:
    """From (organization, meeting_type, term, session, date) when both organization and date are
    known; else from the report alone, so that unrelated reports never merge."""
    return stable_hash(*key, prefix="m") if key else stable_hash("report", report, prefix="m")


def theme_id(report: str, text: str) -> str:
    return stable_hash(report, text, prefix="t")


def directive_id(report: str, start: int, end: int) -> str:
    return stable_hash(report, start, end, prefix="d")
