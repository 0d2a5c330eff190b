"""A corpus of bad or odd file contents, written on demand: every kind must end as a report or as a
reject with a reason a user can act on, never as an exception, a hang or a traceback.

`write_bad_corpus(folder)` writes the files and returns what each must become: for each item, its
source path (the file name, or `name.jsonl#N` for line N of a JSON-lines file) mapped to the
expected reject reason, or to None when the item must become a report. The texts are short
meeting reports written for these tests.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import zipfile
from pathlib import Path

REPORT = ("区委常委会召开会议。会议要求，要抓好安全生产工作，切实压实各方责任。"
          "会议强调，要坚持稳中求进，推动经济社会高质量发展。")
REPORT_PARAS = ["12月3日，区委常委会召开会议，传达学习上级会议精神。",
                "会议要求，要抓好安全生产工作，切实压实各方责任。",
                "会议强调，要坚持稳中求进，推动经济社会高质量发展。"]
PARAS = "\n".join(REPORT_PARAS)


def _record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _deep_object(depth: int, leaf: str = "1") -> str:
    return '{"a":' * depth + leaf + "}" * depth


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("report.txt", PARAS)
    return buf.getvalue()


def _kinds() -> list[tuple[str, bytes, dict[str, str | None]]]:
    """(file name, bytes, {item source path: expected reason or None})."""
    utf8 = PARAS.encode("utf-8")
    kinds: list[tuple[str, bytes, str | dict[str, str | None] | None]] = [
        # --- nothing in it ---
        ("empty.txt", b"", "empty"),
        ("whitespace.txt", b"  \n\t \r\n" + "\u3000\u3000\n".encode("utf-8"), "empty"),
        ("bom_only.txt", codecs.BOM_UTF8, "empty"),
        ("bom_and_blanks.md", codecs.BOM_UTF8 + b"\r\n \r\n", "empty"),
        ("zero_width_only.txt", ("\u200b\u200c\u200d\ufeff\u2060" * 300).encode("utf-8"), "empty"),
        ("nul_only.txt", b"\x00" * 4096, "binary"),
        # --- not text at all ---
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        ("archive.txt", gzip.compress(utf8, mtime=0), "binary"),
        ("archive.json", _zip_bytes(), "binary"),
        ("paper.txt", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                      b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
         "binary"),
        ("program.html", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 4,
         "binary"),
        ("control_bytes.txt", bytes(range(1, 9)) * 200, "binary"),
        # --- text with damage: kept as a report, the damage dropped ---
        ("scattered_nuls.txt", utf8[:30] + b"\x00" + utf8[30:90] + b"\x00\x00" + utf8[90:], None),
        ("truncated_utf8.txt", utf8 + "会议号召".encode("utf-8") + "全".encode("utf-8")[:2], None),
        ("stray_byte_utf8.txt", utf8[:60] + b"\xff" + utf8[60:], None),
        ("utf16le_bom.txt", codecs.BOM_UTF16_LE + PARAS.encode("utf-16-le"), None),
        ("utf16be_bom.txt", codecs.BOM_UTF16_BE + PARAS.encode("utf-16-be"), None),
        ("utf16le_bom_truncated.txt", codecs.BOM_UTF16_LE + PARAS.encode("utf-16-le") + b"\x1a", None),
        ("ansi_controls.txt", ("\x1b[1;31m" + REPORT_PARAS[0] + "\x1b[0m\n\x07" + REPORT_PARAS[1]
                               + "\x08\x0b\n" + REPORT_PARAS[2] + "\x7f\x85\x9b").encode("utf-8"), None),
        ("utf16le_no_bom.txt", PARAS.encode("utf-16-le"), None),
        ("line_separators.txt", "\u2028".join(REPORT_PARAS).encode("utf-8") + b"\x1c\x1d\x1e", None),
        ("replacement_chars.txt", ("\ufffd" * 200).encode("utf-8"), "no_text"),
        ("gb18030_named.json", PARAS.encode("gb18030"), None),
        ("gbk_page_declaring_utf16.html",
         ('<html><head><meta charset="utf-16"><title>区委常委会召开会议</title></head><body>'
          + "".join(f"<p>{p}</p>" for p in REPORT_PARAS) + "</body></html>").encode("gb18030"), None),
        # --- text, just not Chinese: a report that is not about a meeting ---
        ("latin1.txt", ("Le conseil municipal s'est réuni à Besançon. Le maire a présenté le budget "
                        "de l'année; les élus ont approuvé à l'unanimité. Café, crème brûlée, façade, "
                        "naïveté — « déjà vu ».").encode("cp1252"), None),
        # --- JSON that is not one record ---
        ("invalid.json", b'{"title": "\xe4\xbc\x9a\xe8\xae\xae", content: }', "invalid_json"),
        ("truncated.json", _record(title="区委常委会召开会议", content=PARAS).encode("utf-8")[:-40], "invalid_json"),
        ("array.json", json.dumps([{"content": PARAS}, {"content": PARAS}], ensure_ascii=False).encode(), "schema"),
        ("string.json", json.dumps(PARAS, ensure_ascii=False).encode(), "schema"),
        ("null.json", b"null", "schema"),
        ("number.json", b"12345", "schema"),
        ("no_text_field.json", _record(title="区委常委会召开会议", id=7, tags=["会议"]).encode(), "no_text"),
        ("content_number.json", _record(title="区委常委会召开会议", content=123456).encode(), "no_text"),
        ("content_nested_empty.json", _record(title="区委常委会召开会议", content={"a": 1, "b": [None]}).encode(),
         "no_text"),
        ("content_list.json", _record(title="区委常委会召开会议", content=REPORT_PARAS).encode(), None),
        ("content_nested.json", _record(data={"article": {"title": "区委常委会召开会议", "text": PARAS}}).encode(), None),
        ("huge_integer.json", ('{"title": "区委常委会召开会议", "date": ' + "9" * 5000 + ', "content": "'
                               + REPORT + '"}').encode(), "invalid_json"),
        ("lone_surrogates.json", ('{"title": "区委\\ud800常委会召开会议", "source": "某某\\udfff日报", '
                                  '"url": "https://example.org/\\udc80a.html", '
                                  '"content": "' + REPORT_PARAS[0] + '\\ud800\\n' + REPORT_PARAS[1]
                                  + '\\udc00\\n' + REPORT_PARAS[2] + '"}').encode("utf-8"), None),
        ("nul_escapes.json", ('{"title": "区委常委会\\u0000召开会议", "content": "' + REPORT_PARAS[0]
                              + '\\u0000\\u0007\\n' + REPORT_PARAS[1] + '\\u001b[0m\\n' + REPORT_PARAS[2] + '"}').encode(), None),
        # --- nested too deeply: the parser's depth and the walk's depth ---
        ("deep_brackets.json", b"[" * 100_000, "invalid_json"),
        ("deep_parse.json", _deep_object(100_000).encode(), "invalid_json"),
        ("deep_walk.json", _deep_object(5_000).encode(), "invalid_json"),
        ("deep_under_parser_limit.json", ('{"content": "' + REPORT + '", "x": ' + _deep_object(900) + "}").encode(),
         "invalid_json"),
        # --- JSON lines: one item a non-blank line ---
        ("mixed.jsonl", (_record(title="区委常委会召开会议", content=PARAS) + "\n{not json\n\n").encode(),
         {"mixed.jsonl#1": None, "mixed.jsonl#2": "invalid_json"}),
        ("blank_lines.jsonl", b"\n\n   \n\r\n", "empty"),
        # --- markup ---
        ("navigation_only.html", ('<html><head><title>首页</title><style>body{color:red}</style>'
                                  '<script>var a = "区委常委会召开会议。会议要求，要抓好安全生产工作。";</script></head>'
                                  '<body><nav><a href="/">首页</a> <a href="/news">新闻</a> <a href="/about">关于我们</a></nav>'
                                  "<noscript>请启用脚本</noscript></body></html>").encode(), "no_text"),
        ("truncated.html", ("<html><head><title>区委常委会召开会议</title></head><body><div class='article'><p>"
                            + REPORT_PARAS[0] + "</p><p>" + REPORT_PARAS[1] + "</p><div><p>" + REPORT_PARAS[2][:12]
                            + "<a href='x").encode(), None),
        ("malformed.html", ("<html><body></div></p><p>" + REPORT_PARAS[0] + "<td><tr></table><p>"
                            + REPORT_PARAS[1] + "<!-- unclosed comment <p>" + REPORT_PARAS[2]).encode(), None),
        ("control_entities.html", ("<html><body><p>" + "&#0;&#x1b;&#xD800;</p><p>".join(REPORT_PARAS)
                                   + "&#x7f;&#x85;</p></body></html>").encode(), None),
        ("xml_declared_fragment.json", _record(content='<?xml version="1.0" encoding="utf-8"?><p>'
                                               + "</p><p>".join(REPORT_PARAS) + "</p>").encode(), None),
        ("script_only_content.json", _record(title="区委常委会召开会议",
                                             content="<!-- 正文 --><script>var t = '区委常委会召开会议';</script>").encode(),
         "no_text"),
        ("unclosed_tags.md", ("<p" * 100_000 + "\n" + PARAS).encode(), None),
        ("deep_divs.html", ("<html><body>" + "<div>" * 50_000 + REPORT + "</div>" * 50_000 + "</body></html>").encode(),
         None),
        ("front_matter_only.md", "---\ntitle: 区委常委会召开会议\ndate: 2023-07-28\nsource: 某某日报\n---\n".encode(),
         "no_text"),
        ("boilerplate_only.txt", ("来源：某某日报\n来源: 某某客户端\n编辑：张三\n责任编辑：李四\n"
                                  "标题：区委常委会召开会议\n地址：https://example.org/a.html\n").encode(), "no_text"),
        ("brackets.md", ("![" * 50_000 + "[原文](" * 20_000 + "\n" + REPORT).encode(), None),
        ("link_brackets.md", ("见 https://example.org/a.html " + "[a](" * 60_000 + "\n" + PARAS).encode(), None),
        ("one_long_line.txt", ("区委常委会召开会议会议要求要抓好安全生产工作" * 33_000).encode(), None),
    ]
    out = []
    for name, data, expected in kinds:
        out.append((name, data, expected if isinstance(expected, dict) else {name: expected}))
    return out


def file_names() -> list[str]:
    """The names of the files write_bad_corpus writes, in order."""
    return [name for name, _, _ in _kinds()]


def write_bad_corpus(folder: Path) -> dict[str, str | None]:
    """Write every kind into folder; item source path → expected reject reason (None: a report)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str | None] = {}
    for name, data, items in _kinds():
        (folder / name).write_bytes(data)
        expected.update(items)
    return expected
