"""Directive sentences: where the meeting or its leader prescribes action, with framing, speaker and modality."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flows.steps.segment import Span, paragraphs, sentences

# 说 only before its comma: 某某说，… (not 作了说明)
FRAMING_VERBS = "指出|强调|要求|提出|号召|部署|决定|确定|明确|认为|表示|希望|倡议|作出部署|说(?=[，,：:])"
SPEAKER = (r"全会|会议|本次会议|常务会议|全体会议|大会|常委会|中央政治局|政治局|委员会|他|她|与会同志|与会人员|大家|"
           r"[\u4e00-\u9fff]{2,8}(?:组成人员|与会同志)|"
           r"[\u4e00-\u9fff]{2,4}(?:同志)?|[\u4e00-\u9fff]{2,20}?(?:书记|主任|主席|总理|委员长|县长|区长|市长|省长|组长)[\u4e00-\u9fff]{2,4}")
# 全会指出，… / 会议强调… / 李强指出，… / 他表示，… / 总书记在主持学习时强调，… / 会议还要求…
# a lead-in before the speaker: 针对议题，某某指出
LEAD_IN = r"(?:(?:针对|关于|就|对于|围绕|对此)[^，。]{0,20}[，,]|(?:最后|随后|会上|会议最后|同时|此外)[，,]?)?"
ENUM = r"(?:第[一二三四五六七八九十]+[，,、]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])"
OPENER = re.compile(
    rf"^{ENUM}?{LEAD_IN}(?P<speaker>{SPEAKER})"
    rf"(?:在[^，。]{{0,30}}?(?:时|中|上|后)|[就对][^，。]{{1,20}}?)?(?:(?:发表|作)(?:了)?(?:重要)?讲话(?:并|时)?)?(?:[，,])?(?:还|并|也|再次|进一步|同时|最后|特别|就此|郑重|一致|充分)?"
    rf"(?<!《)(?P<verb>{FRAMING_VERBS})(?!了[^，。]{{0,8}}(?:问题|情况|意见|要求)[。，])(?:[，,：:]|(?=[^，。]))"
)
# 会议研究审议了《…》…，强调要…: a framing verb after a clause of narrative
INNER = re.compile(r"^(?P<speaker>会议|全会)[^。]{2,120}?[，,](?:并|会议|一致)?(?P<verb>强调|要求|指出|认为)(?!了)"
                   r"|^(?P<speaker2>[^，。]{2,30}?)(?:作|发表)(?:了)?(?:重要)?讲话[，,](?:他|她)(?P<verb2>强调|指出|要求)")
# a framing verb with its speaker left out, right before what is prescribed: 强调要…, 要求各地…
BARE = re.compile(r"^(?:并|还|同时|会议还)?(?P<verb>强调|要求|指出)(?=[，,：:]?(?:要|必须|务必|各级|各地|各部门|全[省市县区旗]))")
# the prescriptive markers of SPEC.md; 要 not in 重要/主要/需要 (its own marker)/要求 (a framing verb)
STRICT = re.compile(r"(?<![重主首纲摘只提])要(?![求素点闻件害])|必须|务必|应当|应该|(?<![适反相供对顺响答回效感])应(?![对用急当该有邀届聘运变答酬付征战试收出到])|需要|须|决不|绝不|不得|不能|严禁|切忌|让我们")
SOFT = re.compile(r"确保|努力|着力|切实|坚持|加快|推进|推动|加强|抓好|做好|强化|深化|扎实|全力|持续|不断|进一步|力争|积极|大力|统筹|坚决|坚定不移|全面|提高|提升|完善|健全|落实|聚焦|围绕")
# a sentence that judges or recounts instead of prescribing
ASSESSMENT = re.compile(r"出席|列席|主持会议|主持开幕|参加会议|宣布|通报[^。]{0,20}情况|"  # who attended, who presided
                        r"以来|年来|就是|关键是|根本是|前提是|意义重大|意义十分重大|至关重要|事关|"
                        r"是[^。，]{0,20}(?:大事|头等大事|底线任务|重要基础|重要保障|重要举措|根本所在|关键所在)|有利于|(?:进行|作|做|开展|取得|完成|举办)了|取得|成效|成绩|充分体现|充分肯定|具有[^。]{0,20}(?:意义|作用)|实践证明|表明|标志着|根本原因|关键在|已经|显著|明显|稳中向好|总体平稳|一件大事|重要会议|是[^。，]{0,30}的|体现了|得益于|离不开")
# decisions the meeting takes: 全会决定…召开…代表大会, 决定递补…为中央委员会委员, 同意把…提交…审议
DECISION = re.compile(r"决定(?!了)[^。]{0,80}?(?:召开|举行|提请|提交|任命|免去|给予|开除|成立|递补|增补|补选|撤销)"
                      r"|同意(?!了)[^。]{0,60}?(?:召开|提交|提请|印发|实施|上报)")
# an action verb opening a clause: 推进文化创新发展, 建设新城…, 第一，坚持…
VERB_START = re.compile(r"^(?:(?:同时|此外|另外|还要|并|要|必须|进一步|更加|切实|坚决|着力|努力|全力|持续|不断|积极|大力|认真|扎实|深入|全面|加快|统筹|重点)+)?"
                        r"(?:坚持|加快|推进|推动|加强|抓好|做好|强化|深化|确保|努力|着力|切实|力争|积极|大力|统筹|坚决|坚定|全面|"
                        r"提高|提升|完善|健全|落实|聚焦|建设|构建|打造|培育|增强|明确|兜牢|兜住|守牢|优化|实施|开展|树立|保持|维护|形成|严格|规范|"
                        r"扩大|促进|巩固|引导|鼓励|支持|保障|防范|化解|守住|筑牢|营造|弘扬|创新|探索|用好|办好|管好|抓紧|补齐|压实|"
                        r"夯实|激发|释放|贯彻|学习|深入|认真|严肃|严厉|集中|突出|注重|狠抓|紧盯|围绕|以|把|将|让|使|对|在|从|按照|依法|"
                        r"建立|推行|深化|持之以恒|清理|取消|降低|减少|出台|制定|修订|设立|开工|缓缴|实行|锐意|充分|有效|及时|尽快|主动|牢牢|牢固|始终|全力以赴|千方百计)")
TASKS_ARE = re.compile(r"(?:总体要求|总要求|主要任务|重点任务|目标任务|工作要求|总体思路)是[:：，,]")
NARRATIVE_START = re.compile(r"^(?:会议|全会)(?:还)?(?:听取|审议|研究|传达|通过|讨论|学习|宣读|书面|选举|表决|认真|一致|充分|对)")


@dataclass(frozen=True)
class DirectiveSentence:
    span: Span
    paragraph: int
    framing: str | None
    speaker: str | None
    modality: str | None


def _opener(text: str) -> tuple[str, str, int] | None:
    """(framing verb, speaker, where the framed words start) when the sentence opens a framing."""
    m = OPENER.match(text)
    if m and _speaker_ok(m.group("speaker")):
        return m.group("verb"), m.group("speaker"), m.end()
    m = BARE.match(text)
    if m:  # 会议传达学习了…精神。强调要…: the meeting goes on speaking, unnamed
        return m.group("verb"), "会议", m.end()
    m = INNER.match(text)
    if m:
        return (m.group("verb") or m.group("verb2")), _person(m.group("speaker") or m.group("speaker2")), m.end()
    return None


COLLECTIVE = ("全会", "会议", "本次会议", "常务会议", "全体会议", "大会", "常委会", "中央政治局", "政治局", "委员会", "他", "她")


def _speaker_ok(speaker: str) -> bool:
    """A body or a person (李强, 区委书记某某, 常委会组成人员); not a clause that happens to precede
    a framing verb (全区各级党组织…, 要把大会确定的…, 总体要求是…)."""
    if speaker in COLLECTIVE:
        return True
    return not re.search(r"各级|全区|全市|全县|全省|全党|全国|我们|党员|干部|部门|工作|人民|群众|社会|国家|"
                         r"^[要把将对在为从以和与这该其使让]|的|了|是|总体|大会|会议|文件|意见|方案", speaker)


def _modality(text: str) -> str | None:
    m = STRICT.search(text) or SOFT.search(text)
    return m.group() if m else None


def _person(speaker: str) -> str:
    """区委书记某某 → 某某; 全会 stays."""
    m = re.search(r"(?:书记|主任|主席|总理|委员长|县长|区长|市长|省长|组长)([\u4e00-\u9fff]{2,4})$", speaker)
    return m.group(1) if m else speaker


def directives(text: str, skip_until: int = 0, leader: str | None = None) -> list[DirectiveSentence]:
    """Directive sentences of the cleaned text in order; sentences ending before skip_until
    (the opening narrative: the event sentence) are never directives. `leader` (who presided or
    spoke) stands for 他 until the text names someone else."""
    out: list[DirectiveSentence] = []
    state: tuple[str, str] | None = None
    last_person: str | None = leader
    for index, para in enumerate(paragraphs(text)):
        sents = sentences(para)
        lead_in = para.text.endswith(("：", ":"))  # 省长就做好下半年工作提出四点要求：
        if not sents or (len(para.text) < 40 and not lead_in and not any(c in para.text for c in "。！？")):
            state = None  # a headline or deck line
            continue
        if state and not _continues(sents[0].text):
            state = None
        for sent in sents:
            opened = _opener(sent.text)
            if opened:
                verb, speaker, _ = opened
                if speaker not in ("他", "她"):
                    if speaker not in COLLECTIVE:
                        last_person = _person(speaker)
                    speaker = _person(speaker)
                else:
                    speaker = last_person or speaker
                state = (verb, speaker)
            if state is None or sent.end <= skip_until:
                continue
            verb, speaker = state
            body = sent.text[opened[2]:].lstrip("，,：: ") if opened else sent.text
            if _is_directive(sent.text, body, verb, bool(opened)):
                out.append(DirectiveSentence(sent, index, verb, speaker, _modality(sent.text)))
        taken = {d.span for d in out}
        for sent in sents:  # 全会决定…召开…代表大会, 全会按照党章规定，决定递补…: decisions wherever they stand
            if sent not in taken and sent.end > skip_until and DECISION.search(sent.text) and not state:
                out.append(DirectiveSentence(sent, index, "决定", "全会" if "全会" in sent.text else "会议", _modality(sent.text)))
        out.sort(key=lambda d: d.span.start)
    return out


def _continues(first: str) -> bool:
    """Whether a paragraph without its own framing carries on the previous one's: it opens with
    an enumerator (第一，一是), a prescriptive marker, an action verb or a collective subject."""
    if re.match(ENUM, first):
        return True
    head = re.split(r"[，,；;：:]", first, maxsplit=1)[0]
    if STRICT.search(first[:24]) or VERB_START.match(first):
        return True
    return bool(re.match(r"^(?:各级|各地|各部门|全省|全市|全区|全县|全党|全国|我们|[^，。]{1,8}方面[，,])", head))


def _clauses(body: str) -> list[str]:
    return [c.strip() for c in re.split(r"[，,；;：:]", body) if c.strip()]


def _is_directive(text: str, body: str, verb: str, opens: bool) -> bool:
    """Whether a sentence of a framed paragraph prescribes: a strict marker, a decision, or a clause
    that opens with an action verb, unless it judges or recounts (取得了, 以来, 充分体现)."""
    enumerated = bool(re.match(ENUM, body))
    body = re.sub(rf"^{ENUM}", "", body)
    if opens and text.endswith(("：", ":")) and len(body) < 16:
        return False  # 提出四点要求： announces the points that follow
    if opens and re.fullmatch(r"(?:了)?(?:[一二三四五六七八九十两\d]+[点条项])?(?:具体)?(?:要求|意见|希望)[。！]?", body):
        return False  # 某某就做好…工作提出要求。 announces them too
    if NARRATIVE_START.match(text) and not INNER.match(text) and not DECISION.search(text):
        return False
    if verb in ("决定", "确定") and (opens or not ASSESSMENT.search(body)):
        return True  # 会议确定，一是…。二是…: every measure of a decision paragraph
    if DECISION.search(text):
        return True
    if opens and verb == "提出" and re.search(r"目标|任务|要求|原则|举措", body) \
            and not re.search(r"是[^，。：]{0,30}(?:目标|任务|要求|原则)", body):
        return True  # 全会提出了…主要目标：… (not 全会提出，X是…的首要任务)
    clauses = _clauses(body)
    # 党的十八大以来，…取得了…: a look back, even where it quotes a 要
    retrospective = bool(clauses) and (bool(re.search(r"(?:以来|年来|之后|开放后|成立后)$", clauses[0]))
                                       or bool(re.fullmatch(r"(?:19|20)\d{2}年", clauses[0])) and "取得" in body)
    strict = STRICT.search(body) and not (retrospective and ("了" in body or "取得" in body))
    if verb in ("认为", "表示", "希望"):
        return bool(strict) or (verb == "希望" and opens)
    if strict:
        return True
    if TASKS_ARE.search(body):
        return True  # 明年工作的总体要求是：…: what is to be done, stated
    if retrospective or ASSESSMENT.search(body):
        return False
    if enumerated and verb in ("提出", "要求"):
        return True  # 提出要求。一是准确把握…: each point of the requirements
    if enumerated and clauses and (_soft_head(clauses[0]) or len(clauses[0]) <= 8):
        return True  # 第一，讲政治 / 一是稳住农业基本盘: the head of an enumerated point
    if opens and verb in ("要求", "号召", "部署", "明确") and len(body) >= 10:
        return True  # 全会号召，全市广大党员… (not 会议就…进行部署安排。)
    return any(_soft_head(c) for c in clauses)


def _soft_head(clause: str) -> bool:
    """The clause opens with an action (not with a function word alone: 以…, 把…, 在…)."""
    m = VERB_START.match(clause)
    return bool(m) and m.group() not in ("以", "把", "将", "让", "使", "对", "在", "从")
