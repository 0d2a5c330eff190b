"""No file content can crash the pipeline or print a traceback: every kind of bad or odd input in
tests/badinputs.py ends as a report or as a reject with a reason and a message a user can act on."""
from __future__ import annotations

import json
import logging
import sys
import time
import warnings
from pathlib import Path
from typing import get_args

import pytest

from flows.steps.parse import ParseError, parse
from flows.steps.pipeline import Failure, Outcome, process
from flows.steps.read import RawItem, read_file
from schemas.vocab import RejectReason
from badinputs import file_names, write_bad_corpus

# "\n" is the only line break in a cleaned text (one paragraph a line); tab is kept
CONTROL = ({chr(c) for c in range(32) if chr(c) not in "\t\n"} | {chr(c) for c in range(0x7f, 0xa0)}
           | {"\u2028", "\u2029", "\ufeff", "\ufffd"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_bad_corpus(folder)


def test_corpus_is_broad():
    names = file_names()
    assert len(names) >= 26 and len(set(names)) == len(names)


def _check_outcome(result: Outcome) -> None:
    for name in ("text", "title", "source_name", "source_url"):
        value = getattr(result, name)
        if value is None:
            continue
        value.encode("utf-8")  # no lone surrogates: Parquet would refuse them
        assert not CONTROL & set(value), f"{name} holds control characters: {value[:80]!r}"
    assert result.text.strip()
    assert "<p>" not in result.text and "<?xml" not in result.text  # markup read, not copied


@pytest.mark.parametrize("name", file_names())
def test_each_kind_ends_as_report_or_reject(corpus, name, caplog, capfd):
    folder, expected = corpus
    caplog.set_level(logging.WARNING)
    size = (folder / name).stat().st_size
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        items = read_file(folder, folder / name)
        results = [(item, process(item)) for item in items]
    elapsed = time.perf_counter() - started
    # generous, but a search that turns quadratic on a pathological line blows it
    assert elapsed < 2 + 5 * size / 1e6, f"{name} took {elapsed:.1f} s"
    assert results
    for item, result in results:
        assert item.source_path in expected, f"unexpected item {item.source_path}"
        want = expected[item.source_path]
        if want is None:
            assert isinstance(result, Outcome), f"{item.source_path}: {getattr(result, 'reason', '')} {getattr(result, 'message', '')}"
            _check_outcome(result)
        else:
            assert isinstance(result, Failure), f"{item.source_path} became a report: {result.text[:80]!r}"
            assert result.reason == want, f"{item.source_path}: {result.reason} ({result.message})"
            assert result.reason in get_args(RejectReason)
            assert len(result.message) >= 20 and "Traceback" not in result.message
            result.message.encode("utf-8")
    assert {item.source_path for item, _ in results} == {k for k in expected if k.split("#")[0] == name}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not caught, [str(w.message) for w in caught]
    out, err = capfd.readouterr()
    assert err == ""


DEEP = {
    "brackets": "[" * 100_000,
    "objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "objects_5000": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "lists_in_objects": '{"content": "区委常委会召开会议。", "x": ' + "[" * 900 + "]" * 900 + "}",
    "unclosed_objects": '{"a":' * 50_000,
    "mixed": '{"a": [' * 20_000 + "]}" * 20_000,
}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_json_is_a_quick_invalid_json_reject(kind, fmt):
    started = time.perf_counter()
    result = process(RawItem(f"deep.{fmt}", fmt, DEEP[kind].encode()))
    assert time.perf_counter() - started < 10
    assert isinstance(result, Failure) and result.reason == "invalid_json"
    assert "nested too deeply" in result.message


def test_deep_json_near_the_recursion_limit_is_still_a_parse_error():
    """Called with most of the stack used up (as inside a worker thread), json.loads itself hits
    the recursion limit at a modest depth: that is the same reject, not a crash."""
    text = '{"content": "区委常委会召开会议。", "x": ' + '{"a":' * 60 + "1" + "}" * 60 + "}"

    def at_depth(n: int):
        if n:
            return at_depth(n - 1)
        with pytest.raises(ParseError) as err:
            parse(text, "json")
        return err.value

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        error = at_depth(150)
    finally:
        sys.setrecursionlimit(limit)
    assert error.reason == "invalid_json" and "nested too deeply" in str(error)


def test_json_depth_up_to_the_limit_is_read():
    record = {"content": "区委常委会召开会议。会议要求，要抓好安全生产工作。"}
    nested = record
    for _ in range(50):
        nested = {"data": nested}
    doc = parse(json.dumps(nested, ensure_ascii=False), "json")
    assert doc.body == record["content"]
