"""Formats to documents and documents to cleaned text: noise out, metadata kept, characters simplified."""
from __future__ import annotations

from datetime import date

import pytest

from flows.steps.clean import clean, to_simplified
from flows.steps.parse import ParseError, parse


def test_seed_header_captions_and_footer_become_metadata():
    body = ("本篇文章1897字,读完约5分钟\n\n2020年6月29日,区委召开全会。\n\n标题行\n\n全会指出,要坚持发展。\n\n标题行\n\n"
            "全会强调,要加强党建。\n\n来源:上海热线新闻网\n\n标题:标题行\n\n地址:http://www.example.org/88287.html")
    cleaned = clean(body)
    assert cleaned.text.split("\n") == ["2020年6月29日,区委召开全会。", "全会指出,要坚持发展。", "全会强调,要加强党建。"]
    assert cleaned.meta == {"source_name": "上海热线新闻网", "title": "标题行", "source_url": "http://www.example.org/88287.html"}


def test_traditional_with_pinyin_is_simplified_and_unglossed():
    cleaned = clean("全會(huì)強調(diào),要堅持黨的領導。")
    assert cleaned.text == "全会强调,要坚持党的领导。" and cleaned.traditional


def test_simplified_text_is_left_alone():
    text = "会议指出，要坚持稳中求进工作总基调。"
    assert to_simplified(text) == (text, False)


def test_flattened_paragraphs_split_at_ideographic_spaces():
    cleaned = clean("来源：某某客户端\u3000\u30003日晚，省委常委会召开会议。\u3000\u3000会议强调，要压实防汛责任。")
    assert cleaned.text.split("\n") == ["3日晚，省委常委会召开会议。", "会议强调，要压实防汛责任。"]
    assert cleaned.meta["source_name"] == "某某客户端"


def test_page_header_row_gives_date_and_outlet():
    cleaned = clean("县委召开常委会\n来源:某县融媒 | 作者:admin | 发布时间: 2020-03-11 | 203 次浏览:\n3月10日,县委召开常委会。")
    assert cleaned.published_date == date(2020, 3, 11) and cleaned.meta["source_name"] == "某县融媒"


def test_closing_byline_is_removed():
    assert clean("会议还研究了其他事项。\n(首席记者 熊浩)").text == "会议还研究了其他事项。"


@pytest.mark.parametrize("text, reason", [
    ("", "invalid_json"), ("   ", "invalid_json"), ("{not json", "invalid_json"), ("[1, 2]", "schema"),
    ('{"title": "只有标题"}', "no_text"),
])
def test_bad_json_records_raise_with_a_reason(text, reason):
    with pytest.raises(ParseError) as err:
        parse(text, "json")
    assert err.value.reason == reason and str(err.value)


def test_json_record_fields_at_any_depth():
    doc = parse('{"video_title": "[视频]会议召开", "pub_date": "2019-03-27 19:20", '
                '"video_detail": {"content": "<p>会议强调，要落实。</p><p>第二段。</p>", "url": "https://x.org/a"}}', "json")
    assert doc.title == "会议召开" and doc.published_date == date(2019, 3, 27) and doc.source_url == "https://x.org/a"
    assert [line for line in doc.body.split("\n") if line.strip()] == ["会议强调，要落实。", "第二段。"]


def test_markdown_heading_link_and_html_body():
    doc = parse("### 标题\n\n<p>第一段。</p><p>第二段。</p>\n\n[查看原文](https://tv.cctv.com/2026/01/18/V.shtml)", "md")
    assert doc.title == "标题" and doc.published_date == date(2026, 1, 18)
    assert "查看原文" not in doc.body


def test_html_page_main_text_without_navigation():
    html = ("<html><head><title>区委召开全会</title></head><body><div class='nav'><a href='/'>首页</a></div>"
            "<div class='article'><p>12月20日，区委召开全体会议，研究部署明年工作，区委书记主持会议并讲话。</p>"
            "<p>全会强调，要把稳就业摆在更加突出的位置，办好十件民生实事，兜牢兜实民生底线。</p></div></body></html>")
    doc = parse(html, "html")
    assert doc.title == "区委召开全会" and "全会强调" in doc.body


def test_markdown_front_matter_gives_title_outlet_url_and_date():
    doc = parse("---\ntitle: 市委常委会召开会议\ndate: 2023-07-28\nsource: 某某日报\nurl: https://example.org/a.html\n---\n\n"
                "7月27日，市委常委会召开会议。\n", "md")
    assert (doc.title, doc.source_name, doc.source_url, doc.published_date) == (
        "市委常委会召开会议", "某某日报", "https://example.org/a.html", date(2023, 7, 28))
    assert "title:" not in doc.body


@pytest.mark.parametrize("value, expected", [
    (1688169600, date(2023, 7, 1)),        # epoch seconds, read in Beijing time
    ("1688169600000", date(2023, 7, 1)),   # milliseconds
    ("2023/6/30 10:00", date(2023, 6, 30)),
    ("yesterday", None),
])
def test_json_dates_in_several_shapes(value, expected):
    import json

    doc = parse(json.dumps({"title": "t", "body": "县政府召开常务会议。", "publish_time": value}), "json")
    assert doc.published_date == expected
