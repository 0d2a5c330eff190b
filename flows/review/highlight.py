"""A report's text cut into runs, each inside at most one directive and one theme mention, so a
page can mark both without nesting tags across each other."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    index: int  # which directive or theme, in the caller's list


@dataclass(frozen=True)
class Run:
    """text[start:end], with the directive and theme it falls in (None when none)."""

    start: int
    end: int
    text: str
    directive: int | None
    theme: int | None
    opens: bool  # the first run of its directive: the anchor a list entry scrolls to


def mentions(text: str, themes: list[str]) -> list[Span]:
    """Every occurrence of each theme, longest themes first where two would overlap."""
    taken = bytearray(len(text))
    found: list[Span] = []
    for index in sorted(range(len(themes)), key=lambda i: -len(themes[i])):
        needle = themes[index]
        at = text.find(needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            if not any(taken[at:end]):
                taken[at:end] = b"\x01" * (end - at)
                found.append(Span(at, end, index))
            at = text.find(needle, end)
    return sorted(found, key=lambda s: s.start)


def _disjoint(spans: list[Span]) -> list[Span]:
    """Spans in order, a span overlapping an earlier one dropped."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end > span.start and (not out or span.start >= out[-1].end):
            out.append(span)
    return out


def runs(text: str, directives: list[Span], themes: list[Span]) -> list[Run]:
    """The text as runs covering it whole, in order."""
    directives, themes = _disjoint(directives), _disjoint(themes)
    cuts = sorted({0, len(text)} | {p for s in directives + themes for p in (s.start, s.end) if 0 <= p <= len(text)})
    d_starts, t_starts = [s.start for s in directives], [s.start for s in themes]
    out: list[Run] = []
    opened: set[int] = set()
    for a, b in zip(cuts, cuts[1:]):
        d = _within(directives, d_starts, a)
        t = _within(themes, t_starts, a)
        opens = d is not None and d not in opened
        if d is not None:
            opened.add(d)
        out.append(Run(a, b, text[a:b], d, t, opens))
    return out


def _within(spans: list[Span], starts: list[int], at: int) -> int | None:
    i = bisect_right(starts, at) - 1
    return spans[i].index if i >= 0 and spans[i].start <= at < spans[i].end else None
