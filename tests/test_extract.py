"""Unit tests per extractor, each with cases written for it, including empty, blank and malformed input."""
from __future__ import annotations

from datetime import date

import pytest

from flows.steps.extract import dates, meeting, organization, people, places, policy
from flows.steps.extract.directives import directives
from flows.steps.extract.numerals import to_int
from flows.steps.extract.report import extract
from flows.steps.extract.themes import themes
from flows.steps.segment import Span, paragraphs, sentences


@pytest.mark.parametrize("text, value", [
    ("十九", 19), ("二〇二〇", 2020), ("一百零四", 104), ("二十二", 22), ("十", 10), ("两", 2),
    ("37", 37), ("１２", 12), ("", None), ("  ", None), ("第五", None), ("abc", None),
])
def test_numerals(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize("lead, anchor, expected", [
    ("于2016年10月24日至27日在北京举行", None, (date(2016, 10, 24), date(2016, 10, 27))),
    ("二〇二〇年六月二十九日，召开全会", None, (date(2020, 6, 29), None)),
    ("全会18日在京开幕", date(2026, 1, 18), (date(2026, 1, 18), None)),
    ("12月6日，市委召开常委会", date(2018, 1, 3), (date(2017, 12, 6), None)),   # published after new year
    ("昨天下午，市委召开全会", date(2022, 2, 19), (date(2022, 2, 18), None)),
    ("9月28日，区委召开全会", None, (None, None)),                            # no year anywhere
    ("", None, (None, None)),
    ("日前召开", None, (None, None)),
])
def test_meeting_dates(lead, anchor, expected):
    assert dates.meeting_dates(lead, anchor) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://tv.cctv.com/2026/01/18/VIDE.shtml", date(2026, 1, 18)),
    ("http://xz.example.gov.cn/xwzx/202105/t20210510_2465883.shtml", date(2021, 5, 10)),
    ("http://sh.people.com.cn/n2/2021/1029/c134768.html", date(2021, 10, 29)),
    ("http://daily.example.cn/html/2022-02/19/content_1.htm", date(2022, 2, 19)),
    ("https://example.org/no/date/here", None), ("", None), (None, None),
])
def test_url_dates(url, expected):
    assert dates.url_date(url) == expected


@pytest.mark.parametrize("phrase, context, want, code", [
    ("中共上海市嘉定区第六届委员会", "", None, "310114"),
    ("朝阳区委", "北京市召开会议", None, "110105"),            # 朝阳区 in 北京 …
    ("朝阳区委", "长春市朝阳区", None, "220104"),             # … is not 朝阳区 in 长春
    ("区委常委会", "推动各项政策在襄州见效", "district", "420607"),  # a district named only in passing
    ("市委常委会", "明光市融媒体中心报道", "city", "341182"),
    ("自治区党委", "新疆维吾尔自治区党委召开全会", "province", "650000"),
])
def test_places_resolve_in_context(phrase, context, want, code):
    assert places.resolve(phrase, context, want).admin_code == code


@pytest.mark.parametrize("phrase", ["", "   ", "区委常委会"])
def test_places_without_names(phrase):
    assert places.resolve(phrase, "", None) is None


def test_place_paths_follow_official_names():
    assert places.resolve("襄州区", "襄阳", None).path == "襄阳市襄州区"
    assert places.resolve("璧山区", "重庆", None).path == "重庆市璧山区"
    assert places.resolve("阜城县", "", None).path == "阜城县"


@pytest.mark.parametrize("sentence, mtype, term, session", [
    ("中国共产党第十六届中央委员会第六次全体会议于2006年10月8日至11日在北京举行。", "plenary_session", 16, 6),
    ("4月2日，中共芜湖市委十一届八次全会在市行政中心召开。", "plenary_session", 11, 8),
    ("中共中央政治局5月29日下午就生物安全进行第十二次集体学习。", "study_session", None, 12),
    ("十四届全国人大常委会第9次会议24日上午在京举行第一次全体会议。", "congress_standing_committee", 14, 9),
    ("政协第十三届全国委员会第二十一次主席会议9日上午在京召开。", "cppcc_session", 13, 21),
    ("区长主持召开六届38次区政府常务会议。", "government_executive", 6, 38),
    ("中共中央政治局常务委员会2月3日召开会议。", "politburo_standing_committee", None, None),
    ("中共中央政治局4月28日召开会议，分析研究一季度经济形势。", "politburo", None, None),
    ("市委全面深化改革领导小组召开第九次会议。", "commission", None, 9),
    ("中央农村工作会议12月25日至26日在北京举行。", "work_conference", None, None),
])
def test_meeting_event(sentence, mtype, term, session):
    event = meeting.find_event(sentence, None)
    assert (event.meeting_type, event.term, event.session) == (mtype, term, session)


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "8月3日，县委书记深入乡镇调研防汛工作。他强调，要压实责任。",
    "5月16日出版的《求是》杂志发表重要文章《在中央政治局集体学习时的讲话》。",
    "县委书记看望慰问出席县政协十一届一次会议的委员。",
    "中共中央决定，明年春季将于北京召开第十九届中央委员会第八次全体会议。",
])
def test_not_a_meeting(text):
    assert meeting.find_event(text, None) is None
    assert extract(text, None, None).is_meeting_report is False


@pytest.mark.parametrize("phrase, mtype, body", [
    ("中国民主同盟第十三届中央委员会第三次全体会议", "plenary_session", "other"),
    ("中国共产党第十八届中央纪律检查委员会第六次全体会议", "plenary_session", "discipline"),
    ("区政府常务会议", "government_executive", "government"),
    ("区人大常委会第五次会议", "congress_standing_committee", "congress"),
    ("县政协十届三次会议", "cppcc_session", "cppcc"),
    ("市委常委会", "standing_committee", "party"),
])
def test_body_of(phrase, mtype, body):
    assert organization.body_of(phrase, mtype) == body


def _spans(text: str) -> list[Span]:
    return [s for p in paragraphs(text) for s in sentences(p)]


@pytest.mark.parametrize("text, members, alternates", [
    ("出席全体会议的有31名地区委员会成员和1名候补地区委员会成员。", 31, 1),
    ("出席会议的有中央委员197人，候补中央委员151人。", 197, 151),
    ("出席全会的市委委员41名,候补委员7名。", 41, 7),
    ("8日上午的会议，出席2948人，缺席32人。", 2948, None),
    ("县委委员、候补委员列席并出席了会议。", None, None),
    ("", None, None),
])
def test_attendance(text, members, alternates):
    assert people.attendance(_spans(text)) == (members, alternates)


def test_presiders_speakers_studied_documents():
    lead = _spans("全会由区委常委会主持，区委书记陈立平讲话。全会传达学习了十一届九中全会精神。"
                  "全会审议通过了《关于召开全县第九次代表大会的决议》。")
    assert people.presiders(lead) == ["区委常委会"]
    assert people.speakers(lead) == ["陈立平"]
    assert people.studied(lead) == ["十一届九中全会精神"]
    assert people.documents(lead) == ["关于召开全县第九次代表大会的决议"]
    assert people.presiders([]) == people.speakers([]) == []


def test_themes_kinds_offsets_and_mentions():
    text = "增强“四个意识”，做好「六保」工作，打好三大攻坚战，落实《政府工作报告》。再谈“四个意识”和四个意识。"
    found = {t.text: t for t in themes(text)}
    assert {k: v.kind for k, v in found.items()} == {
        "四个意识": "slogan", "六保": "slogan", "三大攻坚战": "numbered", "政府工作报告": "document"}
    assert found["四个意识"].mentions == 3
    for t in found.values():
        assert text[t.first_start:t.first_end] == t.text


@pytest.mark.parametrize("text", ["", "   ", "“”", "《》", "他说：“这是一段很长的引语，超过了二十五个字的长度限制，不是口号。”"])
def test_themes_empty_and_malformed(text):
    assert themes(text) == []


def test_straight_quotes_in_chinese_text():
    assert [t.text for t in themes('坚持"两个毫不动摇"方针')] == ["两个毫不动摇"]


def test_directives_framing_speaker_modality():
    text = ("3月1日，市委召开常委会会议。\n"
            "会议指出，今年以来全市经济运行总体平稳。要坚持稳中求进，切实做好各项工作。\n"
            "李明强调，各级干部必须增强责任意识。他表示，要抓好落实。\n"
            "全会决定，中国共产党某市第十次代表大会于2021年9月召开。\n"
            "会议还研究了其他事项。")
    found = directives(text)
    assert [(d.span.text, d.framing, d.speaker, d.modality) for d in found] == [
        ("要坚持稳中求进，切实做好各项工作。", "指出", "会议", "要"),
        ("李明强调，各级干部必须增强责任意识。", "强调", "李明", "必须"),
        ("他表示，要抓好落实。", "表示", "李明", "要"),
        ("全会决定，中国共产党某市第十次代表大会于2021年9月召开。", "决定", "全会", None),
    ]
    for d in found:
        assert text[d.span.start:d.span.end] == d.span.text


def test_assessments_in_a_renwei_paragraph_are_not_directives():
    text = "全会认为，一年来工作取得显著成效，充分体现了坚强领导。全区要深刻理解这一理念。"
    assert [d.span.text for d in directives(text)] == ["全区要深刻理解这一理念。"]


@pytest.mark.parametrize("text", ["", "   ", "会议还研究了其他事项。", "要坚持高质量发展。"])
def test_no_directives_without_framing(text):
    assert directives(text) == []


@pytest.mark.parametrize("area, sentence", [
    ("economy", "要扩大有效投资，促进消费，稳定外贸。"),
    ("innovation", "要强化企业科技创新主体地位，集聚人才。"),
    ("industry", "要做强先进制造业，延伸产业链。"),
    ("urban_rural", "要推进城乡一体化，建设美丽乡村。"),
    ("livelihood", "要完善社会保障体系，办好民生实事。"),
    ("culture", "要繁荣文化事业，加强精神文明建设。"),
    ("ecology", "要打好污染防治攻坚战，推进绿色低碳发展。"),
    ("governance", "要推进基层治理现代化，深化改革。"),
    ("safety", "要抓好安全生产，做好防汛工作。"),
    ("party_building", "要全面从严治党，加强党风廉政建设。"),
    ("pandemic", "要科学精准做好疫情防控工作。"),
    ("foreign_affairs", "要深化国际交流合作，推进一带一路建设。"),
    ("other", "要加快国防和军队现代化，提高练兵备战水平。"),
])
def test_policy_area_per_lexicon_entry(area, sentence):
    assert policy.category(sentence) == area


@pytest.mark.parametrize("text", ["", "   ", "会议还研究了其他事项。"])
def test_policy_area_unknown(text):
    assert policy.category(text) is None


def test_policy_lexicon_names_every_area_of_the_vocabulary():
    from schemas.vocab import POLICY_AREAS

    assert set(policy.lexicon()) == set(POLICY_AREAS)


def test_the_span_wins_over_an_adoption_date_run_into_the_sentence():
    lead = "某党第五届委员会第三次全体会议公报（2021年3月9日通过）某党第五届委员会第三次全体会议，于2021年3月7日至9日在北京举行。"
    assert dates.meeting_dates(lead, None) == (date(2021, 3, 7), date(2021, 3, 9))
