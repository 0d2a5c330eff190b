"""Directive sentences: where the meeting or its leader prescribes action, with framing, speaker and modality."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flows.steps.segment import Span, paragraphs, sentences

FRAMING_VERBS = "指出|强调|要求|提出|号召|部署|决定|确定|明确|认为|表示|希望|倡议|作出部署"
SPEAKER = (r"全会|会议|本次会议|常务会议|全体会议|大会|常委会|中央政治局|政治局|委员会|他|她|"
           r"[\u4e00-\u9fff]{2,4}(?:同志)?|[\u4e00-\u9fff]{2,20}?(?:书记|主任|主席|总理|委员长|县长|区长|市长|省长|组长)[\u4e00-\u9fff]{2,4}")
# 全会指出，… / 会议强调… / 李强指出，… / 他表示，… / 习近平在主持学习时强调，… / 会议还要求…
OPENER = re.compile(
    rf"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、])?(?P<speaker>{SPEAKER})"
    rf"(?:在[^，。]{{0,30}}?(?:时|中|上|后))?(?:[，,])?(?:还|并|也|再次|进一步|同时|最后|特别|就此|郑重|一致|充分)?"
    rf"(?P<verb>{FRAMING_VERBS})(?:[，,：:]|(?=[^，。]))"
)
# 会议研究审议了《…》…，强调要…: a framing verb after a clause of narrative
INNER = re.compile(rf"^(?P<speaker>会议|全会)[^。]{{2,60}}?[，,](?:并|会议)?(?P<verb>强调|要求|指出)")
# the prescriptive markers of SPEC.md; 要 not in 重要/主要/需要 (its own marker)/要求 (a framing verb)
STRICT = re.compile(r"(?<![重主首纲摘只提])要(?![求素点闻件害])|必须|务必|应当|应该|(?<![适反相供对顺响答回效感])应(?![对用急当该有])|需要|须|决不|绝不|不得|不能|严禁|切忌")
SOFT = re.compile(r"确保|努力|着力|切实|坚持|加快|推进|推动|加强|抓好|做好|强化|深化|扎实|全力|持续|不断|进一步|力争|积极|大力|统筹|坚决|坚定不移|全面|提高|提升|完善|健全|落实|聚焦|围绕")
# a sentence that judges or recounts instead of prescribing
ASSESSMENT = re.compile(r"以来|取得|成效|成绩|充分体现|充分肯定|具有[^。]{0,20}意义|实践证明|表明|标志着|根本原因|关键在|已经|显著|明显|稳中向好|总体平稳|一件大事|重要会议|是[^。，]{0,30}的|体现了|得益于|离不开")
DECISION = re.compile(r"决定[^。]{0,60}?(?:召开|举行|提请|任命|免去|给予|开除|成立)|同意[^。]{0,40}?召开")
NARRATIVE_START = re.compile(r"^(?:会议|全会)(?:还)?(?:听取|审议|研究|传达|通过|讨论|学习|宣读|书面|选举|表决|认真|一致|充分|对)")
MODALITY = re.compile(rf"{STRICT.pattern}|{SOFT.pattern}|要求")


@dataclass(frozen=True)
class DirectiveSentence:
    span: Span
    paragraph: int
    framing: str | None
    speaker: str | None
    modality: str | None


def _opener(text: str) -> tuple[str, str] | None:
    m = OPENER.match(text) or INNER.match(text)
    if not m:
        return None
    speaker = m.group("speaker")
    if m.re is OPENER and not _speaker_ok(speaker):
        return None
    return m.group("verb"), speaker


def _speaker_ok(speaker: str) -> bool:
    if speaker in ("全会", "会议", "本次会议", "常务会议", "全体会议", "大会", "常委会", "中央政治局", "政治局", "委员会", "他", "她"):
        return True
    # a person: 李强, 习近平, 区委书记申文霞; not a clause like 全区各级党组织
    return not re.search(r"各级|全区|全市|全县|全省|全党|全国|我们|党员|干部|部门|工作|人民|群众|社会|国家", speaker)


def _modality(text: str) -> str | None:
    m = STRICT.search(text) or SOFT.search(text)
    return m.group() if m else None


def _person(speaker: str) -> str:
    """区委书记申文霞 → 申文霞; 全会 stays."""
    m = re.search(r"(?:书记|主任|主席|总理|委员长|县长|区长|市长|省长|组长)([\u4e00-\u9fff]{2,4})$", speaker)
    return m.group(1) if m else speaker


def directives(text: str, skip_until: int = 0) -> list[DirectiveSentence]:
    """Directive sentences of the cleaned text in order; sentences ending before skip_until
    (the opening narrative: the event sentence) are never directives."""
    out: list[DirectiveSentence] = []
    state: tuple[str, str] | None = None
    last_person: str | None = None
    for index, para in enumerate(paragraphs(text)):
        sents = sentences(para)
        if not sents or (len(para.text) < 40 and not any(c in para.text for c in "。！？")):
            state = None  # a headline or deck line
            continue
        first = re.sub(r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、])", "", sents[0].text)
        if state and not (STRICT.match(first) or SOFT.match(first) or re.match(r"^(?:各级|各地|各部门|全省|全市|全区|全县|全党|全国)", first)):
            state = None
        in_para = False
        for sent in sents:
            opened = _opener(sent.text)
            if opened:
                verb, speaker = opened
                if speaker not in ("他", "她"):
                    if speaker not in ("全会", "会议", "本次会议", "常务会议", "全体会议", "大会"):
                        last_person = _person(speaker)
                    speaker = _person(speaker)
                else:
                    speaker = last_person or speaker
                state, in_para = (verb, speaker), False
            if state is None or sent.end <= skip_until:
                continue
            verb, speaker = state
            if _is_directive(sent.text, verb, bool(opened), in_para):
                out.append(DirectiveSentence(sent, index, verb, speaker, _modality(sent.text)))
                in_para = True
        if state is None:
            for sent in sents:  # 全会决定…召开…代表大会 outside any framed paragraph
                if DECISION.search(sent.text) and sent.end > skip_until:
                    out.append(DirectiveSentence(sent, index, "决定", "全会" if "全会" in sent.text else "会议", _modality(sent.text)))
    return out


def _is_directive(text: str, verb: str, opens: bool, after_directive: bool) -> bool:
    body = OPENER.sub("", text, count=1) if opens else text
    if NARRATIVE_START.match(text) and not INNER.match(text) and not DECISION.search(text):
        return False
    if verb in ("决定", "确定") and opens:
        return True
    if DECISION.search(text):
        return True
    strict = STRICT.search(body)
    if verb in ("认为", "表示", "希望"):
        return bool(strict) or (verb == "希望" and opens)
    if strict:
        return True
    if ASSESSMENT.search(body):
        return False
    if opens and verb in ("要求", "号召", "部署", "提出", "明确"):
        return True
    return bool(SOFT.search(body)) or after_directive
