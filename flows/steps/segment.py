"""Paragraphs and sentences with their offsets in the cleaned text; a sentence ends at 。！？ or its paragraph."""
from __future__ import annotations

import re
from typing import NamedTuple

# 。！？ and any closing quotes or brackets right after them belong to the sentence
_END = re.compile(r"[。！？!?…]+[”’」』）)]*")


class Span(NamedTuple):
    """text[start:end] of the cleaned text (a tuple: thousands are made per report, and a frozen
    dataclass costs three times as much to make)."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Span]:
    """One span per line of the cleaned text."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append(Span(pos, pos + len(line), line))
        pos += len(line) + 1
    return spans


def sentences(para: Span) -> list[Span]:
    """Sentences of a paragraph, offsets absolute; ；keeps a sentence together."""
    out, pos = [], 0
    for m in _END.finditer(para.text):
        if m.group().startswith("…") and "。" not in m.group():
            continue  # an ellipsis inside a sentence
        piece = para.text[pos:m.end()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(para.start + pos + lead, para.start + m.end(), piece.strip()))
        pos = m.end()
    rest = para.text[pos:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        out.append(Span(para.start + pos + lead, para.start + pos + lead + len(rest.strip()), rest.strip()))
    return out
