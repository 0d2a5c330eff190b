"""Who and what of the opening narrative: presiders, speakers, attendance, what was studied, documents, place."""
from __future__ import annotations

import re

from flows.steps.segment import Span

# titles that stand before a name: 区委副书记、区长某某某; 市委书记王某
TITLE_END = re.compile(r"(?:总书记|书记|主席|总理|委员长|主任|部长|院长|县长|区长|市长|省长|组长|局长|校长|会长|社长|秘书长|常委|委员|同志|负责人|董事长|经理|主委)$")
NAME = r"[\u4e00-\u9fff·]{2,4}"
_ORGLIKE = re.compile(r"[委院府部局厅会组党处办省市县区]$")  # 省委书记 names a post, not a person
_TIME = re.compile(r"\d{1,2}日|[上下]午|晚|今天|昨天|日前|近日|\d{4}年|\d{1,2}月")


def _who(chunk: str) -> str | None:
    """The presider or speaker at the end of a chunk: a body (区委常委会) or a name after its titles."""
    # 某某受常委会委托所作的报告, 某某代表省委常委会作报告: the person, not on whose behalf
    chunk = re.sub(r"受[^，。]{0,20}委托所?$|所$|代表[^，。]{2,14}$", "", _TIME.sub("", chunk))
    if re.search(r"负责(?:同志|人)$", chunk):
        return None  # 有关部门负责同志: no one named
    chunk = re.split(r"[，,、；：:]|在[^，。]{2,30}$", chunk)[-1] if chunk else chunk
    chunk = re.sub(r"^(?:由|受[^，]{0,20}委托)", "", chunk).strip()
    chunk = re.sub(r"在(?:.{2,30})?$", "", chunk)
    if not chunk:
        return None
    if re.search(r"(?:常委会|常委|政治局|主席团|委员会|党组|全会)$", chunk) and len(chunk) <= 12:
        return chunk
    if chunk.endswith("同志") and len(chunk) <= 5:  # 鲁同志作了讲话
        return chunk
    if not chunk.endswith("总书记") and (m := re.search(rf"({NAME}?)(?:委员长|总理|主席|书记|同志)$", chunk)):  # 某某委员长 (the title after the name)
        before = chunk[: m.start(1) + len(m.group(1))]
        if not TITLE_END.search(before) and 2 <= len(m.group(1)) <= 4 and not _ORGLIKE.search(m.group(1)):
            return m.group(1)
    parts = re.split(TITLE_END.pattern[:-1], chunk)
    name = parts[-1].strip() if parts else ""
    return name if _plausible_name(name) else None


def _plausible_name(name: str) -> bool:
    """2–4 characters that are not a post (省委), a function word or part of a phrase (的重要, 并作总结)."""
    return (2 <= len(name) <= 4 and not _ORGLIKE.search(name)
            and not re.search(r"的|重要|总结|近期|工作|会议|精神|^[并和及在对向由将]", name))


PRESIDE = re.compile(r"(?P<who>[^。；]{0,40}?)主持(?:召开|会议|并讲话|学习|开幕会|闭幕会|大会)?")
PRESIDE_BY = re.compile(r"由(?P<who>[^。，；]{2,20}?)主持")
SPEAK = re.compile(r"(?P<who>[^。；]{0,40}?)(?:作了?(?:重要)?讲话|发表(?:了)?(?:重要)?讲话|讲话(?!精神)|(?<!工)作(?:了)?[^。，]{0,30}?报告|通报|作说明|作出说明)")
SPEAK_WORD = re.compile(r"讲话|报告|通报|说明")  # every match of SPEAK contains one of these
STUDIED = re.compile(r"(?:传达(?:和|并)?学习(?:了|贯彻)?|学习(?:了|贯彻了)|传达了)(?P<what>[^。；]{2,80}?精神)")
DOCUMENT = re.compile(r"《([^《》]{2,80})》")
REVIEW = re.compile(r"审议|通过|讨论|研究|听取|学习|印发|原则同意")
LOCATION = re.compile(r"在(?P<loc>[^，。、在]{1,16}?)(?:召开|举行|开幕|闭幕)")


def _without_studied(text: str) -> str:
    """The sentence without what was conveyed: 传达学习习近平总书记在主持…时的重要讲话精神 names no presider."""
    return STUDIED.sub("", text)


def presiders(lead: list[Span]) -> list[str]:
    out: list[str] = []
    for sent in lead:
        if "主持" not in sent.text:  # what both patterns need: skip the costly scan without it
            continue
        text = _without_studied(sent.text)
        for m in list(PRESIDE_BY.finditer(text)) + list(PRESIDE.finditer(text)):
            if "由" in m.group("who") and m.re is PRESIDE:
                continue
            who = _who(m.group("who"))
            if who and who not in out:
                out.append(who)
    return out


def speakers(lead: list[Span]) -> list[str]:
    out: list[str] = []
    for sent in lead:
        if not SPEAK_WORD.search(sent.text):  # no word SPEAK ends on: skip the costly scan
            continue
        for m in SPEAK.finditer(_without_studied(sent.text)):
            who = _who(re.sub(r"(?:主持[^，。]*?|出席(?:会议|全会|大会)?)并(?:发表)?(?:重要)?$", "", m.group("who")))
            if who and who not in out and who not in ("会议", "全会"):
                out.append(who)
    return out


def studied(lead: list[Span]) -> list[str]:
    out: list[str] = []
    for sent in lead:
        for m in STUDIED.finditer(sent.text):
            what = m.group("what").strip("，, ")
            if what not in out:
                out.append(what)
    return out


def documents(lead: list[Span]) -> list[str]:
    out: list[str] = []
    for sent in lead:
        if REVIEW.search(sent.text):
            for m in DOCUMENT.finditer(sent.text):
                if m.group(1) not in out and m.group(1) != "求是":
                    out.append(m.group(1))
    return out


def location(event_text: str) -> str | None:
    m = LOCATION.search(event_text)
    if not m:
        return None
    loc = re.sub(r"(?:主持|隆重|胜利|顺利|圆满|正式|如期|相继|分别)+$", "", m.group("loc"))  # 在会议中心隆重开幕
    return ("北京" if loc == "京" else loc) or None


MEMBERS = [
    re.compile(r"实到(\d+)\s*人"),
    re.compile(r"(?<!候补)(?:中央|地区)?(?:委员|成员|组成人员)(?:会委员)?(\d+)\s*[人名]"),
    re.compile(r"(\d+)\s*名(?!候补)[^，。、和]{0,10}?(?<!候补)(?:委员|成员)"),
    re.compile(r"(?<!候补)(?:市委|县委|区委|省委)?委员(\d+)\s*名"),
    re.compile(r"(?:实到|实际到会|到会|出席)(?:会议)?(?:的)?(?:代表|委员|人员|成员)?(\d+)\s*[人名]"),
    # 出席此次预备会议的代表有722人, 全镇114名党代表参加了会议
    re.compile(r"出席[^，。]{0,12}?(?:代表|委员)(?:共|有)?(\d+)\s*[人名]"),
    re.compile(r"(\d+)\s*名(?:党代表|人大代表|代表大会代表)(?:出席|参加)(?:了)?(?:会议|大会)"),
]
ALTERNATES = [
    re.compile(r"候补(?:中央|地区|[省市县区州旗盟]委)?(?:委员|成员)(\d+)\s*[人名]"),
    re.compile(r"(\d+)\s*名候补"),
]


def attendance(sentences: list[Span]) -> tuple[int | None, int | None]:
    """(members, alternates) present, from the sentence that says who attended."""
    for sent in sentences:
        if not re.search(r"出席|实到|到会|参加了?(?:会议|大会)", sent.text):
            continue
        # 应到区委委员39名，实到36名；应到区委候补委员6名，实到5名: each count in its own clause
        parts = re.split(r"[；;]", sent.text)
        substitute = [p for p in parts if "候补" in p and "实到" in p]
        said = re.sub(r"应(?:出席|到)[^，。]{0,12}?\d+\s*[人名]", "", "；".join(p for p in parts if p not in substitute))
        members = next((int(m.group(1)) for p in MEMBERS if (m := p.search(said))), None)
        alternates = next((int(m.group(1)) for p in ALTERNATES if (m := p.search(said))), None)
        for part in substitute:
            alternates = int(m.group(1)) if (m := re.search(r"实到(\d+)", part)) else alternates
        if members is not None:
            return members, alternates
    return None, None
