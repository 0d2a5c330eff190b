"""Golden pairs: every tests/cases/<name>.<ext> beside <name>.expected.json, found by glob."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.steps.pipeline import Outcome, process
from flows.steps.read import read_file

CASES = Path(__file__).parent / "cases"
PAIRS = sorted(p for p in CASES.iterdir() if not p.name.endswith(".expected.json") and p.suffix != ".py")


def _run(path: Path) -> Outcome:
    (item,) = read_file(path.parent, path)
    outcome = process(item)
    assert isinstance(outcome, Outcome), f"{path.name} was rejected: {outcome}"
    return outcome


def _expected(path: Path) -> dict:
    return json.loads((CASES / (path.stem + ".expected.json")).read_text(encoding="utf-8"))


def test_every_case_has_an_answer():
    assert PAIRS, "no golden cases found"
    for path in PAIRS:
        assert (CASES / (path.stem + ".expected.json")).exists(), f"{path.name} has no .expected.json"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_detection(path):
    assert _run(path).extraction.is_meeting_report == _expected(path)["is_meeting_report"]


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_meeting_fields(path, subtests):
    want = _expected(path).get("meeting") or {}
    meeting = _run(path).extraction.meeting
    for field, value in want.items():
        with subtests.test(field=field):
            got = getattr(meeting, field)
            got = got.isoformat() if hasattr(got, "isoformat") else got
            assert got == value, f"{path.name}: {field}"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_report_fields(path, subtests):
    outcome = _run(path)
    for field, value in (_expected(path).get("report") or {}).items():
        with subtests.test(field=field):
            got = getattr(outcome, field)
            assert (got.isoformat() if hasattr(got, "isoformat") else got) == value, f"{path.name}: {field}"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_directives(path):
    want = _expected(path)["directives"]
    assert [d.span.text for d in _run(path).extraction.directives] == want


@pytest.mark.parametrize("path", [p for p in PAIRS if "themes" in _expected(p)], ids=lambda p: p.name)
def test_themes(path):
    want = {(t["text"], t["kind"]) for t in _expected(path)["themes"]}
    assert {(t.text, t.kind) for t in _run(path).extraction.themes} == want


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_offsets_point_at_their_words(path):
    outcome = _run(path)
    for d in outcome.extraction.directives:
        assert outcome.text[d.span.start:d.span.end] == d.span.text
    for t in outcome.extraction.themes:
        assert outcome.text[t.first_start:t.first_end] == t.text


@pytest.mark.parametrize("path", [p for p in PAIRS if "text_excludes" in _expected(p)], ids=lambda p: p.name)
def test_cleaned_text_excludes_noise(path):
    text = _run(path).text
    for noise in _expected(path)["text_excludes"]:
        assert noise not in text
