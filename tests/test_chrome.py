"""The chrome of a saved page: each kind of line recognised, the headline found above the lead."""
from __future__ import annotations

import pytest

from flows.steps import chrome
from flows.steps.clean import clean
from flows.steps.extract.report import extract


@pytest.mark.parametrize("line, kind", [
    ("当前位置：首页 > 新闻中心 > 正文", "breadcrumb"),
    ("你的位置是:首页 > 工作动态", "breadcrumb"),
    ("首页 > 县区动态", "breadcrumb"),
    ("某某网 > 本地新闻 > 区县", "breadcrumb"),
    ("第02版:综合新闻", "edition"),
    ("第一版:要闻总第812期 >2021-05-08编印", "edition"),
    ("【字体：大 中 小】【打印】【关闭】", "toolbar"),
    ("分享到：微信 微博 QQ空间", "toolbar"),
    ("发布时间：2021-05-08 09:12  来源：某某日报  作者：张明", "byline"),
    ("时间:2020-03-11    文章来源:市融媒体中心", "byline"),
    ("上一篇：全市防汛工作推进会召开", "related"),
    ("版权所有：某某市人民政府办公室 备案号：某ICP备12345678号", "footer"),
])
def test_each_kind_of_chrome_line(line, kind):
    assert chrome.kind(line) == kind


@pytest.mark.parametrize("line", [
    "县委召开常委会会议 研究部署秋冬季森林防火工作",
    "3月8日，县委书记主持召开县委常委会会议，传达学习全国两会精神。",
    "会议强调，要把来源于群众的意见建议分门别类抓好落实。",
    "市政府第十二次常务会议召开",
])
def test_lines_of_the_article_are_not_chrome(line):
    assert chrome.kind(line) is None


def test_the_headline_below_a_breadcrumb_and_above_a_byline():
    page = ("某某新闻网\n当前位置：首页 > 时政要闻\n区委召开常委会会议 研究部署防汛工作\n"
            "发布时间：2021-06-02 来源：区融媒体中心\n【字体：大 中 小】【打印】\n"
            "6月1日，区委书记主持召开区委常委会会议，研究部署防汛工作。\n会议强调，要压实防汛责任。")
    cleaned = clean(page)
    assert cleaned.meta["title"] == "区委召开常委会会议 研究部署防汛工作"
    assert cleaned.text.startswith("6月1日，区委书记主持召开")
    for chrome_words in ("当前位置", "字体", "来源：区融媒体中心"):
        assert chrome_words not in cleaned.text


def test_a_headline_saved_twice_is_the_headline_not_a_caption():
    page = ("镇党委召开理论学习中心组学习会\n你的位置是:首页 > 乡镇动态\n镇党委召开理论学习中心组学习会\n"
            "时间:2022-04-12 来源:本站\n4月11日，镇党委召开理论学习中心组学习会，传达学习有关会议精神。")
    cleaned = clean(page)
    assert cleaned.meta["title"] == "镇党委召开理论学习中心组学习会"
    assert "镇党委召开理论学习中心组学习会\n" not in cleaned.text
    assert "你的位置" not in cleaned.text


def test_a_section_name_or_edition_line_is_not_the_headline():
    page = "第03版:要闻\n\n头条新闻\n市政府召开第八次常务会议\n5月6日，市长主持召开市政府第八次常务会议。"
    assert clean(page).meta["title"] == "市政府召开第八次常务会议"


def test_lines_of_equal_width_that_end_sentences_are_not_a_hard_wrap():
    body = ("市人大常委会第十次会议在市行政中心闭会多项地方性法规获表决通过\n"
            "本报讯 9月28日下午，市第十届人大常委会第十次会议在完成各项议程后闭会。\n"
            "会议期间，常委会组成人员对各项议程进行了认真审议，提出了意见。\n"
            "会议表决通过了关于修改城市绿化管理条例的决定，共计五项议程。\n"
            "本次会议应到组成人员三十五人，实到三十一人，符合法定人数要求。")
    cleaned = clean(body)
    assert cleaned.meta["title"] == "市人大常委会第十次会议在市行政中心闭会多项地方性法规获表决通过"
    assert len(cleaned.text.split("\n")) == 4


@pytest.mark.parametrize("title, headline", [
    ("自治区政协召开党组(扩大)会议_政协要闻_某某政协网", "自治区政协召开党组(扩大)会议"),
    ("市委召开常委会会议 - 本地新闻 - 某某网", "市委召开常委会会议"),
    ("国务院常务会议召开|某某政府网", "国务院常务会议召开"),
    ("主持召开中央财经委员会第十次会议--新闻报道-某某网", "主持召开中央财经委员会第十次会议"),
    ("县委召开全会——研究部署明年工作", "县委召开全会——研究部署明年工作"),   # a deck line is the headline's
    ("《粮食产能提升行动方案(2024-2030年)》印发", "《粮食产能提升行动方案(2024-2030年)》印发"),
])
def test_a_window_title_loses_its_channel_and_site(title, headline):
    assert chrome.window_title(title) == headline


@pytest.mark.parametrize("line", ["新闻中心 - 国内要闻", "首页>>要闻>>正文", "国内 / 时政"])
def test_channel_paths_of_two_or_three_names(line):
    assert chrome.kind(line) == "breadcrumb"


def test_a_channel_path_above_a_plenum_headline_does_not_hide_the_plenum():
    page = ("新闻中心 - 国内要闻\n十届省委七次全会在昆明召开\n2019-11-29 08:12:01　来源：云南日报　作者：张三\n"
            "打印本页 关闭窗口\n11月28日，中国共产党云南省第十届委员会第七次全体会议在昆明召开。\n全会强调，要推进改革开放。")
    cleaned = clean(page)
    assert cleaned.meta["title"] == "十届省委七次全会在昆明召开"
    found = extract(cleaned.text, cleaned.meta["title"], cleaned.published_date)
    assert found.is_meeting_report and str(found.meeting.meeting_date) == "2019-11-28"
    assert found.meeting.organization == "中国共产党云南省委员会"


@pytest.mark.parametrize("line, kind", [
    ("2025年02月1日 星期六", "stamp"),
    ("2019-11-29 08:12:01 |", "stamp"),
    ("3 上一篇  下一篇 4 放大 缩小 默认", "toolbar"),
])
def test_stamps_and_paging_bars(line, kind):
    assert chrome.kind(line) == kind


def test_an_epaper_page_header_is_not_the_headline():
    page = ("第A1版:要闻 4下一版\n标题导航\n2025年02月1日 星期六\n3 上一篇  下一篇 4 放大 缩小 默认\n\n"
            "市委召开十三届十三次全体会议\n决定2月5日召开党代会\n"
            "1月31日，中共某某市委召开十三届十三次全体会议，市委常委会主持会议。")
    assert clean(page).meta["title"] == "市委召开十三届十三次全体会议"


def test_a_long_window_title_of_separators_is_quick():
    import time

    title = "县委召开常委会会议" + " - a" * 2000 + "|" + "b" * 20
    started = time.perf_counter()
    chrome.window_title(title)
    chrome.kind("县委" + " \u3000" * 20000 + "工作")
    assert time.perf_counter() - started < 1.0  # was exponential: a 126-character title took 6 s


def test_a_headline_with_a_book_title_is_not_a_breadcrumb():
    assert chrome.kind("学习贯彻《条例》精神") is None
    assert clean("学习贯彻《条例》精神\n县委理论学习中心组近日召开会议，专题学习有关条例。").meta["title"] == "学习贯彻《条例》精神"


def test_a_text_of_one_headline_like_line_keeps_it():
    cleaned = clean("县委召开常委会会议研究部署当前重点工作")
    assert cleaned.text == "县委召开常委会会议研究部署当前重点工作"


@pytest.mark.parametrize("line, outlet", [
    ("江西日报　2026年03月03日　星期二　第01版：要闻", "江西日报"),
    ("2020年7月15日 吉林日报", "吉林日报"),
    ("2023-12-30 08:15:42   来源：曲靖日报", None),  # a byline row: its 来源 is read elsewhere
    ("新华网 要闻 评论 图片", None),
])
def test_a_masthead_names_its_paper(line, outlet):
    assert chrome.masthead_outlet(line) == outlet


def test_a_menu_bar_is_chrome_but_a_headline_with_spaces_is_not():
    assert chrome.kind("首页  时政  社会  县域  专题  视频  曲靖日报") == "menu"
    assert chrome.kind("省委常委会召开会议 研究部署防汛工作") is None


def test_related_links_below_the_article_go_with_their_headlines():
    lines = ["会议强调，要压实防汛责任，确保安全度汛，守护人民群众生命财产安全。", "【纠错】  【责任编辑：肖蓓】",
             ">>>相关新闻", "《某某市湿地保护条例（草案）》公开征求意见", "【下一篇】市政府召开常务会议 审议《某某办法》"]
    assert chrome.tail(lines) == lines[:2]


def test_the_site_name_above_a_page_places_a_bare_county_committee():
    page = ("灌阳县人民政府门户网站\n首页 > 政务动态 > 工作动态\n县委常委会召开会议 研究部署防汛工作\n"
            "发布时间：2023-06-02 浏览次数：123\n"
            "6月1日，县委书记李某主持召开县委常委会会议，研究部署防汛救灾工作。\n会议强调，要压实防汛责任，确保安全度汛。")
    cleaned = clean(page)
    assert cleaned.meta["site"] == "灌阳县人民政府门户网站" and "门户网站" not in cleaned.text
    found = extract(cleaned.text, cleaned.meta["title"], cleaned.published_date, cleaned.meta["site"])
    assert (found.meeting.county, found.meeting.prefecture) == ("灌阳县", "桂林市")


def test_a_portal_reprint_loses_its_channel_line_disclaimer_and_editor():
    page = ("新浪新闻\n新浪首页 > 新闻中心 > 国内新闻\n市委常委会召开会议研究部署三季度工作\n2023年07月05日 08:12 湘潭日报\n"
            "[ 字号 ] 评论 分享\n澎湃新闻·澎湃号·政务\n"
            "本报讯 7月4日，市委书记王某主持召开市委常委会会议，研究部署三季度重点工作。\n"
            "会议要求，要聚焦稳增长，确保完成全年目标任务。\n"
            "新浪声明：此消息系转载自新浪合作媒体，新浪网登载此文出于传递更多信息之目的。\n(责编：王某、李某)")
    cleaned = clean(page)
    assert cleaned.text.startswith("本报讯") and cleaned.text.endswith("确保完成全年目标任务。")
    assert cleaned.meta["source_name"] == "湘潭日报"


def test_a_masthead_with_an_edition_letter():
    assert chrome.kind("义乌商报　2023年12月29日　星期五　A1版") == "edition"
    assert chrome.masthead_outlet("义乌商报　2023年12月29日　星期五　A1版") == "义乌商报"


def test_a_county_government_site_and_its_related_list_in_a_table():
    page = ("宝兴县人民政府\n当前位置：首页 > 政务动态 > 乡镇动态\n灵关镇召开党委（扩大）会议 部署春耕生产工作\n"
            "发布时间：2020-03-03 16:22:10　来源：灵关镇\n"
            "3月2日，灵关镇党委书记主持召开镇党委（扩大）会议，研究部署当前春耕生产等工作。\n会议要求，各村要抓好春耕备耕。\n"
            "| 上一篇：武乡县召开“不忘初心、牢记使命”主题教育动员部署会 |\n相关稿件\n夏县召开“清廉夏县”建设工作推进会")
    cleaned = clean(page)
    assert cleaned.meta["site"] == "宝兴县人民政府"
    assert "不忘初心" not in cleaned.text and "清廉夏县" not in cleaned.text
    m = extract(cleaned.text, cleaned.meta["title"], cleaned.published_date, cleaned.meta["site"]).meeting
    assert (m.level, m.county, m.prefecture) == ("township", "宝兴县", "雅安市")
