"""One test per rule added for real reports: each case is written here, in the genre, not copied."""
from __future__ import annotations

from datetime import date

import pytest

from flows.steps.assemble import assemble
from flows.steps.clean import clean
from flows.steps.extract import meeting, places
from flows.steps.extract.directives import directives
from flows.steps.extract.report import extract
from flows.steps.extract.themes import themes
from flows.steps.pipeline import Outcome, report_id


# --- places -------------------------------------------------------------------------------

@pytest.mark.parametrize("context, not_code", [
    ("要进一步做好国土资源工作，确保落实。", "450329"),   # 资源 inside 国土资源 is not 资源县
    ("主持召开县政府党组会议和县政府常务会议。", "341523"),  # 会议和县政府 is not 和县
])
def test_short_place_names_must_stand_as_words(context, not_code):
    place = places.resolve("县委常委会", context, "county")
    assert place is None or place.admin_code != not_code


def test_a_province_from_the_cities_it_names():
    place = places.resolve("我省召开会议", "烟台、日照、临沂3市市委书记现场述职", "province")
    assert (place.province, place.admin_code) == ("山东省", "370000")


def test_a_district_committee_wants_a_district():
    place = places.resolve("区政府第25次常务会议", "区领导方正平出席。来源:大观新闻网", "district")
    assert place.county == "大观区"


# --- meeting ------------------------------------------------------------------------------

def test_the_venue_is_not_the_convening_body():
    event = meeting.find_event("6月18日,中国共产党新疆维吾尔自治区第十届委员会第四次全体会议在乌鲁木齐召开。", None)
    assert meeting.org_phrase(event.phrase).startswith("中国共产党新疆维吾尔自治区")
    found = extract("6月18日,中国共产党新疆维吾尔自治区第十届委员会第四次全体会议在乌鲁木齐召开。全会强调，要团结。", None, None)
    assert (found.meeting.level, found.meeting.organization) == ("provincial", "中国共产党新疆维吾尔自治区委员会")


def test_a_company_party_committee():
    found = extract("8月8日，某某建设监理有限公司召开党委中心组（扩大）学习会议，传达上级精神。", None, None)
    assert found.meeting.organization == "中国共产党某某建设监理有限公司委员会"


@pytest.mark.parametrize("sentence, term, session", [
    ("国务院总理20日主持召开新一届国务院第一次全体会议。", None, 1),           # 新一届 is not a term
    ("8月24日，区委中心组举行学习贯彻党的二十届三中全会精神学习（扩大）会。", None, None),  # what was studied
])
def test_ordinals_of_the_meeting_itself(sentence, term, session):
    event = meeting.find_event(sentence, None)
    assert (event.term, event.session) == (term, session)


@pytest.mark.parametrize("text, title", [
    ("某网站讯 某市委书记涉嫌严重违纪违法，目前正接受审查调查。另据报道，昨天该市领导小组会议召开，他还出席了会议。", None),
    ("文章强调，以主题教育为题举行集体学习，目的是发挥示范作用。", "《求是》杂志发表重要文章《在中央政治局集体学习时的讲话》"),
])
def test_reports_about_something_else(text, title):
    assert meeting.find_event(text, title) is None


def test_a_group_meeting_of_a_county_cppcc_is_cppcc():
    found = extract("本报讯 8月21日,县政协主席某某主持召开党组理论学习中心组学习暨十一届三十一次主席会议。", None, None)
    assert (found.meeting.body, found.meeting.level) == ("cppcc", "county")


def test_the_communique_span_wins_over_the_closing_day():
    text = ("某党第九届委员会第四次全体会议15日在京闭幕。\n"
            "某党第九届委员会第四次全体会议，于2020年1月13日至15日在北京举行。出席这次全会的有委员133人。")
    m = extract(text, None, date(2020, 1, 16)).meeting
    assert (m.meeting_date, m.end_date) == (date(2020, 1, 13), date(2020, 1, 15))


def test_attendance_counts_those_present_not_those_due():
    text = "某党第一次会议10日闭幕。\n会议应出席委员2154人，实到2082人，符合规定人数。"
    assert extract(text, None, date(2025, 3, 10)).meeting.members_present == 2082


def _outcome(text: str, published: date | None, path: str) -> Outcome:
    return Outcome(report_id(text), path, "0" * 64, "txt", "utf-8", None, None, None, published, text,
                   extract(text, None, published))


def test_an_undated_report_joins_the_dated_report_of_the_same_meeting():
    dated = _outcome("国务院总理4日主持召开国务院常务会议，部署审计整改工作。\n会议要求，要严肃财经纪律。",
                     date(2012, 7, 4), "a.json")
    undated = _outcome("据新华社北京7月4日电 国务院总理4日主持召开国务院常务会议，部署整改工作。\n会议强调，要严肃纪律。",
                       None, "b.txt")
    rows = assemble([dated, undated], [])
    assert len(rows["meetings"]) == 1 and len(rows["meetings"][0]["report_ids"]) == 2
    assert rows["meetings"][0]["meeting_date"] == date(2012, 7, 4)


def test_reports_of_different_meetings_never_merge():
    a = _outcome("9月28日,中共重庆市璧山区第十四届委员会第十二次全体会议召开。\n全会强调，要做好工作。", None, "a.txt")
    b = _outcome("9月28日,中共重庆市璧山区第十四届委员会第十三次全体会议召开。\n全会强调，要抓好落实。", None, "b.txt")
    assert len(assemble([a, b], [])["meetings"]) == 2


# --- directives ---------------------------------------------------------------------------

def _texts(text: str) -> list[str]:
    return [d.span.text for d in directives(text)]


def test_said_frames_a_directive_paragraph_but_not_an_explanation():
    text = "王某说，学习贯彻全会精神，深刻领悟其重大意义。\n李某就《决定（讨论稿）》向全会作了说明。"
    assert _texts(text) == ["王某说，学习贯彻全会精神，深刻领悟其重大意义。"]


def test_a_framing_verb_after_narrative_clauses():
    text = "全会高度评价过去一年的工作，研究了改革问题，认为当前是关键时期。面对新形势，必须把改革摆在突出位置。"
    assert _texts(text) == ["面对新形势，必须把改革摆在突出位置。"]


def test_enumerated_points_carry_the_framing_of_their_lead_in():
    text = "李某就做好工作提出三点要求：\n第一，有全局意识。各部门都要从全局想问题。\n第二，一个部门的发展有利于全局，这是共识。"
    assert _texts(text) == ["第一，有全局意识。", "各部门都要从全局想问题。"]


def test_decisions_wherever_they_stand():
    text = "全会按照党章规定，决定递补候补委员某某为委员。\n会议还研究并原则同意了《关于召开全会的建议》。"
    assert _texts(text) == ["全会按照党章规定，决定递补候补委员某某为委员。"]


def test_retrospective_and_short_announcements_are_not_directives():
    text = ("会议指出，党的十八大以来，我们初步确立了政策框架，强调要保持战略定力。\n"
            "会议就做好当前工作进行部署安排。\n会议提出，今年是收官之年，做好工作意义重大。")
    assert _texts(text) == []


def test_clause_initial_action_versus_a_marker_inside_a_judgement():
    text = "会议指出，当前，病毒仍在持续变异。要坚持科学精准防控。\n会议强调，建设新城的关键在党。推进文化创新发展，促进融合。"
    assert _texts(text) == ["要坚持科学精准防控。", "推进文化创新发展，促进融合。"]


def test_goals_put_forward_are_directives():
    assert _texts("全会提出了今后五年经济社会发展的主要目标：经济发展取得新成效。") == [
        "全会提出了今后五年经济社会发展的主要目标：经济发展取得新成效。"]


# --- themes -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, formula", [
    ("充分发挥中央和地方两个积极性。", "两个积极性"),
    ("三大攻坚战扎实推进，成效明显。", "三大攻坚战"),
    ("深入落实中央八项规定精神。", "八项规定"),
    ("需求收缩、供给冲击、预期转弱三重压力仍然较大。", "三重压力"),
])
def test_numbered_formulas(text, formula):
    assert [t.text for t in themes(text) if t.kind == "numbered"] == [formula]


@pytest.mark.parametrize("text", [
    "结合动员部署、深入学习两个阶段的工作。",   # counting, not a formula
    "这是一个伟大的工程。",                     # 一 counts one thing
    "研究二十条措施。",                          # not 十条措施
    "坚持“四个放在",                            # a quote cut off by the excerpt
    "抓住想干事、敢干事这两个关键点，健全机制。",
])
def test_counting_phrases_are_not_formulas(text):
    assert [t.text for t in themes(text) if t.kind == "numbered"] == []


# --- cleaning -----------------------------------------------------------------------------

def test_hard_wrapped_lines_are_joined():
    body = ("报告在回顾总结工作、全面分析面临形势的基础上，提出了本市二〇〇三年要\n"
            "重点抓好五个方面的工作：一是把学习贯彻十六大精神不断引向深入；二是科\n"
            "学规划全面建设小康社会的奋斗目标；三是全面完成本年改革和发展的主要任\n"
            "务。")
    assert clean(body).text.count("\n") == 0


def test_runs_of_spaces_flatten_paragraphs_in_scraped_text():
    text = clean("21日晚，省委常委会召开会议。                会议强调，要加强政治建设。").text
    assert text.split("\n") == ["21日晚，省委常委会召开会议。", "会议强调，要加强政治建设。"]


# --- detection and fields across kinds and levels (cases written for these tests) ----------

@pytest.mark.parametrize("text, title", [
    ("5月10日，省长王华到宁波调研港口建设，并主持召开座谈会，听取企业意见建议。\n王华强调，要持续优化营商环境。", None),
    ("日前召开的省委全会，对全面从严治党作出部署。各级党组织要深刻领会全会精神。", "坚定不移推进全面从严治党"),
    ("中共某某市委决定，中国共产党某某市第八次代表大会将于2026年9月25日在某某召开。\n特此公告。",
     "中共某某市委关于召开中国共产党某某市第八次代表大会的公告"),
    ("11月3日，市委书记张强会见了来访的代表团一行。\n张强表示，希望双方进一步加强交流。", None),
])
def test_not_meeting_reports(text, title):
    assert extract(text, title, None).is_meeting_report is False


@pytest.mark.parametrize("text, expected", [
    ("3月5日，中共城关镇委员会召开第十五届委员会第三次全体会议。\n全会强调，要扎实推进乡村振兴。",
     ("plenary_session", "中国共产党城关镇委员会", "party", "township", 15, 3)),
    ("浙江省第十四届人民代表大会第二次会议1月23日上午在杭州开幕。\n大会应到代表620人，实到598人。",
     ("congress_session", "浙江省人民代表大会", "congress", "provincial", 14, 2)),
    ("习近平4月26日下午主持召开中央财经委员会第十一次会议，研究基础设施建设问题。",
     ("commission", "中央财经委员会", "party", "central", None, 11)),
    ("1月10日，中国共产党临安县纪律检查委员会第十四届第三次全体会议召开。",
     ("plenary_session", "中国共产党临安县纪律检查委员会", "discipline", "county", 14, 3)),
    ("9月26日，中国共产党佛山市顺德区第十四次代表大会隆重开幕。",
     ("party_congress", "中国共产党佛山市顺德区代表大会", "party", "county", None, 14)),
    ("政协广东省第十三届委员会第一次会议今天下午在广州开幕。",
     ("cppcc_session", "中国人民政治协商会议广东省委员会", "cppcc", "provincial", 13, 1)),
    ("5月20日，市长刘洋主持召开市政府第28次常务会议。\n来源：绵阳日报",
     ("government_executive", "绵阳市人民政府", "government", "prefectural", None, 28)),
    ("8月15日下午，县委理论学习中心组举行2023年第六次集体学习，县委书记刘军主持学习并讲话。",
     ("study_session", None, "party", "county", None, 6)),
])
def test_meeting_kinds_and_levels(text, expected):
    m = extract(text, None, None, context=text).meeting
    assert (m.meeting_type, m.organization, m.body, m.level, m.term, m.session) == expected


def test_a_leader_framed_after_his_speech():
    text = "习近平在会上发表重要讲话强调，基础设施是重要支撑，要统筹发展和安全。"
    assert [(d.framing, d.speaker) for d in directives(text)] == [("强调", "习近平")]
