"""Golden pairs: every tests/cases/<name>.<ext> beside <name>.expected.json, found by glob. A file
of several records (a Sogou corpus file) has an answer per record under "records", in file order."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.steps.pipeline import Outcome, process
from flows.steps.read import read_file

CASES = Path(__file__).parent / "cases"
PAIRS = sorted(p for p in CASES.iterdir() if not p.name.endswith(".expected.json") and p.suffix != ".py")


def _pairs(path: Path) -> list[tuple[Outcome, dict]]:
    """Each record of the file, processed, beside its answer."""
    answer = json.loads((CASES / (path.stem + ".expected.json")).read_text(encoding="utf-8"))
    wanted = answer.get("records", [answer])
    outcomes = [process(item) for item in read_file(path.parent, path)]
    assert len(outcomes) == len(wanted), f"{path.name}: {len(outcomes)} records, {len(wanted)} answers"
    for outcome in outcomes:
        assert isinstance(outcome, Outcome), f"{path.name} was rejected: {outcome}"
    return list(zip(outcomes, wanted))


def _has(path: Path, key: str) -> bool:
    answer = json.loads((CASES / (path.stem + ".expected.json")).read_text(encoding="utf-8"))
    return any(key in want for want in answer.get("records", [answer]))


def test_every_case_has_an_answer():
    assert PAIRS, "no golden cases found"
    for path in PAIRS:
        assert (CASES / (path.stem + ".expected.json")).exists(), f"{path.name} has no .expected.json"


def _value(got):
    return got.isoformat() if hasattr(got, "isoformat") else got


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_detection(path):
    for outcome, want in _pairs(path):
        assert outcome.extraction.is_meeting_report == want["is_meeting_report"], outcome.source_path


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_meeting_fields(path, subtests):
    for outcome, want in _pairs(path):
        for field, value in (want.get("meeting") or {}).items():
            with subtests.test(record=outcome.source_path, field=field):
                assert _value(getattr(outcome.extraction.meeting, field)) == value, f"{outcome.source_path}: {field}"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_report_fields(path, subtests):
    for outcome, want in _pairs(path):
        for field, value in (want.get("report") or {}).items():
            with subtests.test(record=outcome.source_path, field=field):
                assert _value(getattr(outcome, field)) == value, f"{outcome.source_path}: {field}"


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_directives(path):
    for outcome, want in _pairs(path):
        assert [d.span.text for d in outcome.extraction.directives] == want["directives"], outcome.source_path


@pytest.mark.parametrize("path", [p for p in PAIRS if _has(p, "themes")], ids=lambda p: p.name)
def test_themes(path):
    for outcome, want in _pairs(path):
        if "themes" in want:
            assert {(t.text, t.kind) for t in outcome.extraction.themes} == \
                   {(t["text"], t["kind"]) for t in want["themes"]}, outcome.source_path


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.name)
def test_offsets_point_at_their_words(path):
    for outcome, _ in _pairs(path):
        for d in outcome.extraction.directives:
            assert outcome.text[d.span.start:d.span.end] == d.span.text
        for t in outcome.extraction.themes:
            assert outcome.text[t.first_start:t.first_end] == t.text


@pytest.mark.parametrize("path", [p for p in PAIRS if _has(p, "text_excludes")], ids=lambda p: p.name)
def test_cleaned_text_excludes_noise(path):
    for outcome, want in _pairs(path):
        for noise in want.get("text_excludes", []):
            assert noise not in outcome.text, outcome.source_path
