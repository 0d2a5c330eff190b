"""Reading files and detecting encodings: every input ends as text or as a reason a user can act on."""
from __future__ import annotations

import codecs

import pytest

from flows.steps import read
from flows.steps.decode import decode

SAMPLE = "会议强调，要坚持高质量发展，切实加强党的领导。全会号召全区上下团结奋斗。"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_decodes_simplified_encodings(encoding, expected):
    result = decode(SAMPLE.encode(encoding))
    assert (result.text, result.encoding) == (SAMPLE, expected)


def test_decodes_big5_traditional():
    text = "會議強調，要堅持高質量發展，切實加強黨的領導。全會號召全區上下團結奮鬥。"
    result = decode(text.encode("big5"))
    assert (result.text, result.encoding) == (text, "big5")


def test_utf8_bom_is_detected_and_dropped():
    result = decode(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"))
    assert result.encoding == "utf-8-sig" and not result.text.startswith("\ufeff")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t  \r\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
])
def test_unreadable_bytes_give_a_reason(data, reason):
    result = decode(data)
    assert result.text is None and result.error == reason and result.message


def test_jsonl_gives_one_item_per_nonblank_line_numbered_from_one(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text('{"a": 1}\n\n{"b": 2}\n', encoding="utf-8")
    items = read.read_file(tmp_path, path)
    assert [i.source_path for i in items] == ["items.jsonl#1", "items.jsonl#3"]


def test_too_large_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    (item,) = read.read_file(tmp_path, path)
    assert item.data is None and item.error == "too_large" and "limit" in item.message


@pytest.mark.parametrize("name, head, fmt", [
    ("a.htm", b"", "html"), ("b.JSON", b"", "json"), ("c.ndjson", b"", "jsonl"),
    ("d.data", b'  {"title": 1}', "json"), ("e", b"<html>", "html"), ("f.log", "会议".encode(), "txt"),
    ("g.txt", b'{"content": "x"}', "json"), ("h.json", b"<html><body>", "html"), ("i.md", "### 标题".encode(), "md"),
])
def test_format_from_extension_or_content(tmp_path, name, head, fmt):
    assert read.guess_format(tmp_path / name, head) == fmt


def test_discover_skips_hidden_files_and_sorts(tmp_path):
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    assert [p.name for _, p in read.discover([tmp_path])] == ["a.txt", "b.txt"]
