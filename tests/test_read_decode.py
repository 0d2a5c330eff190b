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
    found = read.discover([tmp_path])
    assert [f.path.name for f in found.found] == ["a.txt", "b.txt"] and found.hidden == 2


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\r\n  \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    "\u3000\u3000\n\u200b\u200b\ufeff".encode("utf-8"),
], ids=["bom", "bom-blanks", "utf16-blanks", "invisible"])
def test_nothing_but_a_bom_or_invisible_characters_is_empty(data):
    result = decode(data)
    assert result.text is None and result.error == "empty"


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
])
def test_binary_formats_are_named(data, kind):
    result = decode(data + SAMPLE.encode("utf-8"))
    assert result.text is None and result.error == "binary" and kind in result.message


def test_only_nul_bytes_is_binary_with_its_own_message():
    result = decode(b"\x00" * 1000)
    assert result.error == "binary" and "NUL" in result.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_even_when_cut_off(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + SAMPLE.encode(encoding)
    assert decode(data).text == SAMPLE
    assert decode(data + b"\x4e").text == SAMPLE  # an odd byte left at the end


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_on_the_evidence_of_nuls(encoding):
    text = "2023年12月3日\n" + SAMPLE
    result = decode(text.encode(encoding))
    assert (result.text, result.encoding) == (text, encoding)


def test_ascii_text_is_never_taken_for_utf16():
    text = "The council met on Monday and approved the budget for next year. " * 3
    assert decode(text.encode("ascii")).encoding == "utf-8"


def test_utf8_cut_off_in_the_last_character_keeps_the_text():
    data = SAMPLE.encode("utf-8") + "全".encode("utf-8")[:2]
    assert decode(data) == decode(SAMPLE.encode("utf-8"))


def test_a_stray_byte_in_utf8_is_dropped_not_taken_for_gb18030():
    raw = SAMPLE.encode("utf-8")
    result = decode(raw[:30] + b"\xff" + raw[30:])
    assert result.encoding == "utf-8" and result.text == SAMPLE


def test_a_few_nul_bytes_in_utf8_are_dropped():
    raw = SAMPLE.encode("utf-8")
    result = decode(raw[:12] + b"\x00" + raw[12:30] + b"\x00\x00" + raw[30:])
    assert (result.text, result.encoding) == (SAMPLE, "utf-8")


def test_gb18030_page_declaring_utf16_is_read_as_gb18030():
    page = f'<html><head><meta charset="utf-16"></head><body><p>{SAMPLE}</p></body></html>'
    result = decode(page.encode("gb18030"))
    assert result.encoding == "gb18030" and SAMPLE in result.text


def test_cp1252_western_text_is_decoded():
    text = "Le conseil s'est réuni à Besançon; les élus ont approuvé le budget — « déjà vu »."
    result = decode(text.encode("cp1252"))
    assert result.text == text


# --- Sogou news-corpus records ------------------------------------------------------------

def _sogou(*records: tuple[str, str, str], encoding: str = "gb18030") -> bytes:
    docs = [f"<doc>\n<url>{url}</url>\n<docno>{n:016x}-abcdef0123456789</docno>\n<contenttitle>{title}</contenttitle>\n"
            f"<content>{content}</content>\n</doc>\n" for n, (url, title, content) in enumerate(records)]
    return "".join(docs).encode(encoding)


def test_a_sogou_file_is_one_item_per_record_whatever_its_name(tmp_path):
    from flows.steps.read import read_file

    data = _sogou(("http://a.example.cn/2012/0601/1.html", "甲", "县委召开会议。"),
                  ("http://a.example.cn/2012/0602/2.html", "乙", "市政府召开常务会议。"))
    for name in ("news_tensite_xml.dat", "sample.txt", "records"):
        (tmp_path / name).write_bytes(data)
        items = read_file(tmp_path, tmp_path / name)
        assert [i.source_path for i in items] == [f"{name}#1", f"{name}#2"]
        assert len({i.sha256 for i in items}) == 2 and all(i.format == "txt" for i in items)
        assert b"".join(i.data for i in items) == data.replace(b"</doc>\n", b"</doc>")


def test_a_sogou_record_gives_title_url_date_and_text_without_its_docno():
    from flows.steps.decode import decode
    from flows.steps.parse import parse

    raw = _sogou(("http://news.example.cn/a/2012-06-29/123.html", "某县召开县委常委会议 &quot;三农&quot;",
                  "\u3000\u3000６月２８日，县委召开常委会议。\ue40c\u3000\u3000会议强调，要抓好防汛。"))
    doc = parse(decode(raw).text, "txt")
    assert (doc.title, doc.source_url, str(doc.published_date)) == \
           ('某县召开县委常委会议 "三农"', "http://news.example.cn/a/2012-06-29/123.html", "2012-06-29")
    assert doc.body == "６月２８日，县委召开常委会议。\n会议强调，要抓好防汛。"
    assert "abcdef0123456789" not in doc.body


def test_a_sogou_file_cut_off_mid_record_keeps_what_it_has(tmp_path):
    from flows.steps.read import read_file

    data = _sogou(("http://a.example.cn/1.html", "甲", "县委召开会议。"))
    data += "<doc>\n<url>http://a.example.cn/2.html</url>\n<contenttitle>乙</contenttitle>\n<content>市委召开".encode("gb18030")
    (tmp_path / "cut.dat").write_bytes(data)
    items = read_file(tmp_path, tmp_path / "cut.dat")
    assert [i.source_path for i in items] == ["cut.dat#1", "cut.dat#2"]
    assert items[1].data.endswith("市委召开".encode("gb18030"))


def test_full_width_digits_give_the_meeting_date_with_offsets_intact():
    from flows.steps.extract.report import extract

    text = "２０１２年６月２８日，县委召开常委会议。会议强调，要在７月１５日前完成２０个项目。"
    found = extract(text, None, None)
    assert str(found.meeting.meeting_date) == "2012-06-28"
    (directive,) = found.directives
    assert text[directive.span.start:directive.span.end] == directive.span.text
    assert "７月１５日" in directive.span.text
