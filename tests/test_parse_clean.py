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


def test_sanitize_drops_surrogates_controls_and_escapes():
    from flows.steps.parse import sanitize

    text = sanitize("\x1b[1;31m会议\x1b[0m要求\ud800，\x00要\x07抓好\u200b安全。\x0c第二段\u2028第三段\x85第四段\ufffd")
    assert text == "会议要求，要抓好安全。\n第二段\n第三段\n第四段"
    text.encode("utf-8")


def test_json_lone_surrogates_and_nul_escapes_are_dropped_from_every_field():
    doc = parse('{"title": "区委\\ud800会议", "source": "某某\\u0000日报", "url": "https://x.org/\\udc80a", '
                '"content": "会议强调\\udfff，要落实。\\u0007"}', "json")
    assert (doc.title, doc.source_name, doc.source_url, doc.body) == ("区委会议", "某某日报", "https://x.org/a", "会议强调，要落实。")


@pytest.mark.parametrize("text", [
    "[" * 100_000,
    '{"a":' * 5_000 + "1" + "}" * 5_000,
    '{"content": "会议强调，要落实。", "x": ' + "[" * 200 + "]" * 200 + "}",
])
def test_json_nested_too_deeply_is_invalid_json(text):
    with pytest.raises(ParseError) as err:
        parse(text, "json")
    assert err.value.reason == "invalid_json" and "nested too deeply" in str(err.value)


def test_json_walk_keeps_document_order():
    doc = parse('{"a": {"title": "内层标题"}, "title": "外层标题", "content": "会议强调，要落实。"}', "json")
    assert doc.title == "内层标题"  # the first title met reading the file, as before the walk became iterative


def test_json_number_too_long_is_invalid_json():
    with pytest.raises(ParseError) as err:
        parse('{"content": "会议强调，要落实。", "id": ' + "9" * 5000 + "}", "json")
    assert err.value.reason == "invalid_json"


@pytest.mark.parametrize("text, reason, words", [
    ('"会议强调，要落实。"', "schema", "a string"),
    ("null", "schema", "null"),
    ('[{"content": "x"}]', "schema", ".jsonl"),
    ('{"content": 12345}', "no_text", "a number"),
    ('{"content": {"a": 1}}', "no_text", "an object"),
    ('{"content": "   "}', "no_text", "white space"),
])
def test_json_reject_messages_say_what_was_found(text, reason, words):
    with pytest.raises(ParseError) as err:
        parse(text, "json")
    assert err.value.reason == reason and words in str(err.value)


def test_json_content_as_a_list_of_paragraphs():
    doc = parse('{"content": ["会议强调，要落实。", "", "第二段。"]}', "json")
    assert doc.body == "会议强调，要落实。\n第二段。"


def test_chinese_prose_saved_as_json_is_read_as_text():
    doc = parse("12月3日，区委常委会召开会议。会议要求，要抓好安全生产工作。", "json")
    assert doc.body.startswith("12月3日")
    with pytest.raises(ParseError):  # JSON lines stay strict: a line that is not JSON is a bad line
        parse("12月3日，区委常委会召开会议。会议要求，要抓好安全生产工作。", "jsonl")


def test_fragment_with_control_entities_and_xml_declaration():
    from flows.steps.markup import fragment_text

    text = fragment_text('<?xml version="1.0" encoding="utf-8"?><p>会议&#x1b;强调</p><p>第二段&#0;</p>')
    assert "<" not in text and [line for line in text.split("\n") if line] == ["会议\x1b强调", "第二段\ufffd"]
    assert parse('{"content": "<p>会议&#x1b;强调</p>"}', "json").body.strip() == "会议强调"


def test_html_nested_deeper_than_the_parser_reads_keeps_its_text():
    page = "<html><head><title>区委常委会召开会议</title></head><body><p>首页</p>" + "<div>" * 5000
    page += "会议强调，要落实。<script>var x = 1;</script><!-- c -->第二句。" + "</div>" * 5000 + "</body></html>"
    doc = parse(page, "html")
    assert doc.title == "区委常委会召开会议" and "会议强调，要落实。" in doc.body and "var x" not in doc.body


def test_fragment_text_drops_scripts_and_keeps_tails():
    from flows.steps.markup import fragment_text

    text = fragment_text("<div><p>甲<script>x</script>乙<!-- c -->丙</p>丁<br>戊</div>")
    assert [line for line in text.split("\n") if line] == ["甲乙丙", "丁", "戊"]


@pytest.mark.parametrize("text", ["<p" * 100_000 + "\n会议强调，要落实。", "![" * 50_000 + "[原文](" * 20_000 + "\n会议强调。"])
def test_markdown_searches_stay_linear(text):
    import time

    started = time.perf_counter()
    parse(text, "md")
    assert time.perf_counter() - started < 2


def test_markdown_image_and_link_lines_still_removed():
    doc = parse("会议强调，要落实。![图](/Files/pic.jpg)\n\n第二段。", "md")
    assert "pic.jpg" not in doc.body
    assert clean("**[Telegraph](https://t.me/x)**: https://t.me/y").text == ""


def test_a_window_titles_site_tail_is_kept_as_the_site():
    from flows.steps.parse import parse_html

    page = ("<html><head><title>主席主持召开自治区人民政府常务会议_广西壮族自治区人民政府门户网站</title></head>"
            "<body><article><h1>主席主持召开自治区人民政府常务会议</h1><p>3月14日，自治区主席主持召开自治区人民政府常务会议，"
            "研究部署一季度经济运行、春季农业生产和森林防火等工作。</p><p>会议指出，要坚定信心，真抓实干，推动经济持续回升向好。</p>"
            "</article></body></html>")
    doc = parse_html(page)
    assert doc.title == "主席主持召开自治区人民政府常务会议" and doc.extra["site"] == "广西壮族自治区人民政府门户网站"


def test_a_page_without_date_metadata_is_dated_by_its_byline_row_not_the_top_bar():
    from flows.steps.parse import parse_html

    page = ("<html><head><title>习近平主持召开中央网络安全和信息化委员会第二次会议_中国网信网</title></head><body>"
            "<div class='top'>2021年11月17日 星期三</div><h1>习近平主持召开中央网络安全和信息化委员会第二次会议</h1>"
            "<div class='info'>2021年11月16日 21:05　来源：新华社　【字号 大 中 小】</div>"
            "<div class='content'><p>新华社北京11月16日电 习近平主持召开中央网络安全和信息化委员会第二次会议并发表重要讲话。</p>"
            "<p>会议强调，要加强网络意识形态阵地建设，营造风清气正的网络空间。</p></div></body></html>")
    doc = parse_html(page)
    assert str(doc.published_date) == "2021-11-16"


def test_a_closing_byline_with_its_source_paper_leaves_the_text():
    from flows.steps.clean import clean

    body = ("7日下午，自治区政协召开党组（扩大）会议。\n会议要求，要抓好落实，推动各项工作取得实效。\n"
            "(文:米日古力·吾 来源:9月11日《新疆日报》一版)")
    assert "新疆日报" not in clean(body).text


def test_a_news_apps_record_is_dated_by_its_publish_time():
    from flows.steps.parse import parse_json

    doc = parse_json('{"data": {"title": "市人大常委会会议召开", "source": "益阳日报", "publishTime": "2019-10-30 07:58:12",'
                     ' "content": "<p>10月29日，市七届人大常委会第二十一次会议召开。</p>"}}')
    assert str(doc.published_date) == "2019-10-30" and doc.source_name == "益阳日报"


def test_a_window_titled_with_the_site_alone_leaves_the_headline_to_the_page():
    from flows.steps.parse import parse_html

    page = ("<html><head><title>兴宁市人民政府</title></head><body><div class='t'>市人大常委会党组召开（扩大）会议</div>"
            "<div class='c'><p>10月24日上午，市人大常委会党组书记主持召开党组（扩大）会议，传达学习党的二十大精神，研究部署贯彻落实工作。</p>"
            "<p>会议要求，要认真学习宣传贯彻党的二十大精神，推动人大工作高质量发展。</p></div></body></html>")
    doc = parse_html(page)
    assert doc.extra["site"] == "兴宁市人民政府" and doc.title != "兴宁市人民政府"
