"""Detection as a decision: one test per rule for and against, each case written for it."""
from __future__ import annotations

import pytest

from flows.steps.extract.detect import decide


def test_a_meeting_held_in_the_lead_is_a_meeting_report_and_says_why():
    d = decide("6月3日，县委召开常委会会议，研究部署安全生产工作。\n会议强调，要压实责任。", None)
    assert d.is_meeting and d.event.meeting_type == "standing_committee"
    assert any("meeting held" in r for r in d.reasons)


def test_a_meeting_named_as_the_subject_of_its_closing():
    d = decide("本报讯 6月30日下午，在完成各项议程后，市第九届人大常委会第十二次会议在市行政中心闭会。", None)
    assert d.is_meeting and d.event.phrase.startswith("市第九届人大常委会第十二次会议")


@pytest.mark.parametrize("text, title, words", [
    ("文章强调，要在学习上下功夫。", "《求是》杂志发表重要文章", "publication"),
    ("本报评论员 各地要把会议精神落到实处，召开会议要讲实效。", None, "commentary"),
    ("国务院常务会议召开，部署稳就业举措。\n另讯，某地举行招聘会。", "今日快讯", "digest"),
])
def test_headlines_that_rule_out_a_meeting_report(text, title, words):
    d = decide(text, title)
    assert not d.is_meeting and words in d.reasons[0]


def test_a_press_conference_about_a_plenum_is_not_the_plenum():
    text = ("8月12日，市委宣传部举办市委全会精神解读新闻发布会。\n"
            "据了解，市委八届六次全会于8月5日举行。全会审议通过了有关决定。")
    d = decide(text, None)
    assert not d.is_meeting and "press conference" in d.reasons[0]


def test_cadres_watching_the_opening_of_a_congress_is_not_the_congress():
    text = "3月5日上午，区委组织机关党员干部集中收看十四届全国人大三次会议开幕会直播。\n大家纷纷表示，要把会议精神落到实处。"
    d = decide(text, None)
    assert not d.is_meeting and "broadcast" in d.reasons[-1]


def test_rules_promulgated_after_an_executive_meeting_are_not_its_report():
    text = "《某市城市道路管理办法》已经2024年4月2日市政府第35次常务会议通过，现予公布，自2024年6月1日起施行。"
    d = decide(text, "某市人民政府令")
    assert not d.is_meeting and "promulgates" in d.reasons[-1]


def test_a_meeting_mentioned_as_background_does_not_count():
    text = "近日，记者走访了多个社区。\n据了解，市委常委会日前召开会议专题研究社区治理。\n居民们对此反响热烈。"
    d = decide(text, None)
    assert not d.is_meeting and any("background" in r for r in d.reasons)


def test_a_meeting_still_to_come_does_not_count():
    d = decide("中国共产党某某省第十二次代表大会将于5月27日至30日在省会隆重开幕。\n大会的主要议程有五项。", None)
    assert not d.is_meeting and any("still to come" in r for r in d.reasons)


def test_a_tour_before_a_meeting_noun_is_a_tour():
    d = decide("5月10日，市长到港区调研，并主持召开座谈会。\n市长强调，要优化营商环境。", None)
    assert not d.is_meeting


def test_a_report_with_no_meeting_says_so():
    d = decide("一季度全市规模以上工业增加值同比增长6.2%。\n分行业看，装备制造业增长较快。", None)
    assert not d.is_meeting and d.reasons == ("no sentence of the headline or lead tells of a meeting held",)


def test_a_source_tag_in_brackets_opens_the_lead_not_a_deck_line():
    d = decide("（某某日报报道）国家主席昨天主持召开中央财经委员会第十一次会议，研究基础设施建设问题。", None)
    assert d.is_meeting and (d.event.meeting_type, d.event.session) == ("commission", 11)


def test_a_notice_that_hands_down_rules_adopted_at_a_meeting_is_the_notice():
    text = ("各区人民政府，市政府各委、办、局：\n《某市城市更新管理办法》已经市政府第12次常务会议研究通过，"
            "现印发给你们，请认真贯彻执行。")
    assert not decide(text, "某市人民政府关于印发某市城市更新管理办法的通知").is_meeting
    assert not decide(text, None).is_meeting


def test_a_party_committees_press_conference_on_its_achievements():
    text = "9月20日，市委举行“奋进新征程”主题系列新闻发布会，介绍全市十年来经济社会发展成就。"
    d = decide(text, "市委召开新闻发布会介绍十年发展成就")
    assert not d.is_meeting and "press conference" in d.reasons[0]


@pytest.mark.parametrize("text, mtype", [
    ("5月9日，城关镇党委召开2023年第八次党委会，研究部署近期工作。", "other_meeting"),  # a town's 党委会
    ("3月14日，省委书记主持召开省委常委扩大会议，传达学习全国两会精神。", "standing_committee"),  # 扩大 unbracketed
])
def test_short_and_unbracketed_meeting_nouns(text, mtype):
    d = decide(text, None)
    assert d.is_meeting and d.event.meeting_type == mtype


def test_a_headline_about_watching_the_opening_rules_out_the_congress_in_the_lead():
    text = ("10月16日上午，中国共产党第二十次全国代表大会在北京隆重开幕。某县各级党组织组织党员干部集中收看开幕会盛况。\n"
            "大家一致认为，要把思想和行动统一到大会精神上来。")
    d = decide(text, "某县党员干部群众收看党的二十大开幕会盛况")
    assert not d.is_meeting and "broadcast" in d.reasons[0]


@pytest.mark.parametrize("text, mtype", [
    ("4月2日，柳州市政协党组召开（扩大）会议，传达学习全国两会精神。", "other_meeting"),  # the 党组 as subject
    ("10月25日，贵州省人大常委会党组召开会议，研究年度立法计划。", "other_meeting"),
    ("9月12日，炎陵县委理论学习中心组举行2017年第七次集中学习。", "study_session"),
])
def test_party_groups_and_study_sessions_as_the_subject(text, mtype):
    d = decide(text, None)
    assert d.is_meeting and d.event.meeting_type == mtype


def test_a_lecture_on_a_plenums_spirit_is_not_a_meeting_but_a_study_session_with_a_lecturer_is():
    lecture = "10月16日上午，县委宣讲团党的二十届三中全会精神宣讲报告会在丁河镇举行。镇村干部150余人聆听报告。"
    assert not decide(lecture, None).is_meeting
    study = "8月24日上午，区委中心组举行学习(扩大)会，邀请市委宣讲团成员作专题辅导报告。"
    assert decide(study, None).is_meeting


def test_a_roundup_of_units_taking_up_a_plenum_is_not_a_meeting_report():
    text = ("县委十五届六次全会召开后，全县各地各部门迅速传达学习全会精神。\n"
            "8月28日，县人大常委会党组召开会议，传达学习全会精神。会议要求，要推动全会精神落地见效。")
    d = decide(text, "我县各地各部门迅速传达学习县委十五届六次全会精神")
    assert not d.is_meeting and "rounds up" in d.reasons[0]


def test_a_speech_published_whole_is_not_a_report_of_its_meeting():
    text = "这次省委经济工作会议的主要任务是，总结今年经济工作，部署明年经济工作。下面，我讲三点意见。"
    d = decide(text, "在省委经济工作会议上的讲话")
    assert not d.is_meeting and "speech" in d.reasons[0]


def test_a_study_session_told_through_its_chair():
    text = "中国日报网9月30日电 习近平周二在主持中共中央政治局第二十六次集体学习时，就保障国家粮食安全发表讲话。"
    d = decide(text, "习近平呼吁努力确保国家粮食安全")
    assert d.is_meeting and d.event.meeting_type == "study_session" and d.event.session == 26


def test_a_roundup_of_townships_studying_a_plenum():
    text = "旗委十五届二次全会召开后，全旗各苏木镇迅速行动。\n索伦镇于12月28日召开党委（扩大）会议，传达学习全会精神。"
    assert not decide(text, "各苏木镇掀起学习贯彻旗委十五届二次全会精神热潮").is_meeting


def test_a_commentary_signed_on_its_own_line_or_numbered_as_a_series():
    text = ("——一论学习贯彻市委十二届四次全会精神\n本报评论员\n市委十二届四次全会日前召开，对下半年重点工作作出部署。\n"
            "学习贯彻全会精神，要在狠抓落实上见真章。")
    d = decide(text, "以实干担当推动全会精神落地见效")
    assert not d.is_meeting and "commentary" in d.reasons[0]


@pytest.mark.parametrize("title, text, why", [
    ("专访郧阳区委书记周某：以党代会精神为引领", "近日，中国共产党十堰市郧阳区第五次代表大会胜利闭幕。\n记者：这次党代会提出了哪些新目标？", "interview"),
    ("滨州新闻早知道丨6月11日", "1.6月10日，市委常委会召开会议，研究部署安全生产工作。\n2.全市三夏生产进度过半。", "digest"),
    ("以新担当新作为推动全会精神落地生根", "——论学习贯彻自治区党委十二届五次全会精神\n自治区党委十二届五次全会召开。\n推进生态立区，关键在落实。", "commentary"),
])
def test_interviews_digests_and_series_commentaries(title, text, why):
    d = decide(text, title)
    assert not d.is_meeting and why in d.reasons[0]
