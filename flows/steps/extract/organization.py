"""The convening body: party, government, congress, cppcc, discipline or other; its place, level and full name."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flows.steps.extract.meeting import N, STUDIED_PART, Event
from flows.steps.extract.numerals import to_int
from flows.steps.extract.places import Place, mentions, resolve, town_place

OTHER_PARTIES = {
    "民革": "中国国民党革命委员会", "中国国民党革命委员会": "中国国民党革命委员会",
    "民盟": "中国民主同盟", "中国民主同盟": "中国民主同盟",
    "民建": "中国民主建国会", "中国民主建国会": "中国民主建国会",
    "民进": "中国民主促进会", "中国民主促进会": "中国民主促进会",
    "农工党": "中国农工民主党", "中国农工民主党": "中国农工民主党",
    "致公党": "中国致公党", "中国致公党": "中国致公党",
    "九三学社": "九三学社", "台盟": "台湾民主自治同盟", "台湾民主自治同盟": "台湾民主自治同盟",
}
_PARTY_RE = re.compile("|".join(sorted(map(re.escape, OTHER_PARTIES), key=len, reverse=True)))
CENTRAL = re.compile(r"中共中央|中央委员会|中央政治局|国务院|全国人大|全国人民代表大会|全国政协|全国委员会|中央纪委|中央纪律检查委员会|中央全面深化改革|中央财经|中央经济工作会议|全国.{0,8}工作会议|中央.{0,8}工作会议|首都规划建设委员会"
                     r"|(?<![\u4e00-\u9fff])中央[\u4e00-\u9fff]{2,14}?(?:委员会|领导小组)")  # 中央网络安全和信息化委员会第二次会议


@dataclass(frozen=True)
class Convener:
    """Who met, as the report names it."""

    organization: str | None
    body: str
    level: str
    place: Place | None


def convener(event: Event, context: str, outlet: str = "") -> Convener:
    """The body behind an event; `context` (title, text, outlet, URL) places a bare 区委 or 市委, the
    outlet and site (乐清网) first: the text may name a superior (温州市委党校)."""
    phrase = event.phrase
    central = bool(CENTRAL.search(phrase))
    body = body_of(phrase, event.meeting_type)
    if body == "party" and (not re.search(r"党|中共|委", phrase) or phrase.startswith("党组")):
        body = body_of(event.clause, event.meeting_type)  # 县政协主席…主持召开党组理论学习中心组学习
    want = want_kind(phrase) or want_kind(event.clause)
    inst = institution(event.clause)
    named_town = None if central or inst else township(phrase)
    # a town's own name is no county's (平江街道 is in 苏州, not 平江县)
    where = org_phrase(phrase).replace(named_town, "") if named_town else org_phrase(phrase)
    place = None if central or inst else resolve(where, context, want, other_bodies(context, event.term), outlet)
    level = "unknown" if inst else level_of(phrase, place, central)
    if level == "unknown" and want:
        level = {"county": "county", "district": "county", "province": "provincial", "city": "prefectural",
                 "prefecture": "prefectural"}[want]
    if body == "other" and _PARTY_RE.search(phrase):
        level = "central" if "中央" in phrase else level
    town = None if central or inst else named_town or (
        township(event.clause) if not want and place is None else None)  # 街道党工委书记…主持召开中心组学习
    if town and (place is None or not place.path or town not in place.path):
        level = "township"
        # the county a town belongs to, from the outlet or the text (来源：灌阳县人民政府)
        place = place or town_place(town, context) or resolve(org_phrase(phrase), context, "town",
                                                               other_bodies(context, event.term))
    if place and (dept := _DEPARTMENT.search(phrase)):  # 省自然资源厅党组理论学习中心组: a department's party group
        organ = "党组" if dept.group(2) == "党组" else "委员会"
        return Convener(f"中国共产党{place.path}{dept.group(1)}{organ}", "party", level, place)
    if party_group(phrase):  # 政协党组(扩大)会议: the party group of a body, a party organ
        # 市人大常委会党组书记…主持召开党组会议: the host named before the verb
        host_words = phrase if re.search(r"人大|政协|政府", phrase) else event.clause
        host = organization(host_words, "other_meeting", body, central, place, town)
        return Convener(f"{host}党组" if host else None, "party", level, place)
    name = organization(event.clause if inst or (town and town not in phrase) else phrase,
                        event.meeting_type, body, central, place, town)
    return Convener(name, body, level, place)


_DEPARTMENT = re.compile(r"(?:省|市|县|区|自治区)([\u4e00-\u9fff]{2,10}?[厅局])(党组|党委)")
_PARTY_GROUP = re.compile(r"党组(?:（扩大）|\(扩大\))?(?:会议|会(?!议))(?!暨)"
                          r"|党组(?:召开|举行)(?:了)?(?:（扩大）|\(扩大\)|扩大)?(?:会议|会(?!议))")
_TOWNSHIP = re.compile(r"([\u4e00-\u9fff]{1,14}?(?:镇|乡|街道))(?=党委|党工委|人大|人民代表大会|人民政府|政府|第|党代会|代表大会|召开|机关|$)")
# a county or city before the town's own name (灌阳县文市镇, 宁乡市大成桥镇), not the 市 of 文市镇
_ABOVE_TOWN = re.compile(r"^.*(?:[省县区州盟旗]|[\u4e00-\u9fff]{2}市(?=[\u4e00-\u9fff]{2}))")


def party_group(phrase: str) -> bool:
    """Whether the meeting is a 党组's: the party group of a congress, CPPCC or government body (not
    a 党组 study joined to the body's own meeting: 党组中心组学习暨主席会议)."""
    return bool(_PARTY_GROUP.search(phrase))


_NOT_A_NAME = re.compile(r"^(?:我们|我|各|全|本|该|这|那|每|所有|有关|部分|相关|其他|其余|下辖|辖区)+")


def township(phrase: str) -> str | None:
    """A township, town or subdistrict named as the body's place: 夏集镇召开…, 某某街道党工委;
    not 各乡镇 or 我们 before a name."""
    m = _TOWNSHIP.search(org_phrase(phrase))
    if not m:
        return None
    name = m.group(1)
    above = [start + len(word) for start, word, divs in mentions(name)
             if word == divs[0].name and start + len(word) < len(name) - 1]
    name = name[above[-1]:] if above else name
    name = _NOT_A_NAME.sub("", _ABOVE_TOWN.sub("", name)[-7:])
    return name if len(name) >= 2 and name not in ("乡镇", "街道") and not name.startswith("乡镇") else None


_NAMED_BODY = re.compile(rf"([\u4e00-\u9fff]{{2,8}}?(?:市|县|区|旗|州))(?:委|人大|政府|政协)(?:第)?({N})届")


def other_bodies(context: str, term: int | None) -> frozenset[str]:
    """Places whose bodies the text names with another term than the meeting's: a superior
    (安庆市委十一届十次全会, read out at a 市委十四届 plenum), not the body that met. The place is the
    division name that ends right before the organ (落实安庆市委… → 安庆市, and its short form 安庆)."""
    if term is None:
        return frozenset()
    found: set[str] = set()
    for m in _NAMED_BODY.finditer(context):
        if to_int(m.group(2)) == term:
            continue
        words = m.group(1)
        ending = [name for start, name, _ in mentions(words) if start + len(name) == len(words)]
        for name in ending[-1:]:
            found |= {name, name.rstrip("市县区旗州")}
    return frozenset(found)


def body_of(phrase: str, mtype: str) -> str:
    """party, government, congress, cppcc, discipline or other, from the convening body's words."""
    if _PARTY_RE.search(phrase) and "中国共产党" not in phrase and "中共" not in phrase:
        return "other"
    if re.search(r"纪委|纪律检查|监委", phrase):
        return "discipline"
    if mtype in ("congress_session", "congress_standing_committee"):
        return "congress"
    if mtype == "cppcc_session" or re.search(r"政协", phrase):
        return "cppcc"
    if re.search(r"人大(?!代表)|人民代表大会", phrase):
        return "congress"
    if mtype in ("government_executive", "government_plenary") or re.search(r"国务院|人民政府|政府", phrase):
        return "government"
    if re.search(r"公司|集团|大学|学院|研究院|医院", phrase) and not re.search(r"党委|党组", phrase):
        return "other"
    return "party"


def want_kind(phrase: str) -> str | None:
    """Which kind of division a bare 省委/区委/县委/市委 stands for: province, district, county or city
    (not what it studied: 市委常委会…传达学习全省经济工作会议精神 is a city's)."""
    phrase = STUDIED_PART.sub("", phrase)
    # 省委, 省六届人大, 省自然资源厅党组: a body or a department of that level
    organs = rf"(?:(?:第?{N}届)?(?:委|政府|人民政府|人大|政协|纪委|纪律检查委员会|监委)|第|[\u4e00-\u9fff]{{2,8}}?[厅局](?:党组|党委))"
    if re.search(rf"自治区(?:党委|{organs})|省{organs}|我省|全省", phrase):  # 自治区十三届人民政府
        return "province"
    if re.search(rf"(?<!自治)区{organs}|全区", phrase) or phrase.startswith("区"):
        return "district"
    if re.search(rf"县{organs}|旗委|全县", phrase) or phrase.startswith("县"):
        return "county"
    if re.search(rf"市{organs}|全市", phrase) or phrase.startswith("市"):
        return "city"
    if re.search(rf"(?:州|盟|地){organs}|全州|全盟", phrase):  # 州委 of an autonomous prefecture, 盟委, 地委
        return "prefecture"
    return None


def level_of(phrase: str, place: Place | None, central: bool) -> str:
    if central:
        return "central"
    if place and place.level:
        return place.level
    kind = want_kind(phrase)
    if re.search(r"乡委|镇委|街道|乡党委|镇党委", phrase):
        return "township"
    return {"county": "county", "district": "county", "province": "provincial", "city": "prefectural",
            "prefecture": "prefectural"}.get(kind or "", "unknown")


CENTRAL_NAMES = [
    ("politburo_standing_committee", None, "中国共产党中央委员会政治局常务委员会"),
    ("politburo", None, "中国共产党中央委员会政治局"),
    ("study_session", r"政治局", "中国共产党中央委员会政治局"),
    ("congress_standing_committee", None, "全国人民代表大会常务委员会"),
    ("congress_session", None, "全国人民代表大会"),
    ("cppcc_session", r"常委会|常务委员会", "中国人民政治协商会议全国委员会常务委员会"),
    ("cppcc_session", r"主席会议", "中国人民政治协商会议全国委员会主席会议"),
    ("cppcc_session", None, "中国人民政治协商会议全国委员会"),
    ("government_executive", r"国务院", "国务院"),
    ("government_plenary", r"国务院", "国务院"),
    ("standing_committee", r"纪委|纪律检查", "中国共产党中央纪律检查委员会常务委员会"),
    ("plenary_session", r"纪委|纪律检查", "中国共产党中央纪律检查委员会"),
    ("plenary_session", None, "中国共产党中央委员会"),
    ("work_conference", r"国务院", "国务院"),  # 国务院召开全国春季农业生产工作会议
    ("work_conference", None, "中国共产党中央委员会"),
]
# a commission or leading group of the State Council, as printed or abbreviated
_SHORT_BODIES = {"安委会": "安全生产委员会", "减灾委": "减灾委员会", "食安委": "食品安全委员会", "学位委": "学位委员会",
                 "妇儿工委": "妇女儿童工作委员会"}
_STATE_COUNCIL_BODY = re.compile(r"国务院(安委会|减灾委|食安委|学位委|妇儿工委|[\u4e00-\u9fff]{2,12}?(?:委员会|领导小组))")
COMMISSION_NAME = re.compile(r"((?:中央|首都)?[\u4e00-\u9fff]{2,14}?(?:委员会|领导小组))(?:第|会议|全体|\d)")


def organization(phrase: str, mtype: str, body: str, central: bool, place: Place | None,
                 town: str | None = None) -> str | None:
    """Canonical full name of the convening body, without its term; None when the report does not say."""
    if body == "other" and (party := _PARTY_RE.search(phrase)):
        local = place.path if place and place.path and "中央" not in phrase else None
        suffix = "常务委员会" if mtype == "standing_committee" else ""
        return OTHER_PARTIES[party.group()] + (f"{local}委员会" if local else "中央委员会") + suffix
    if inst := institution(phrase):
        return f"中国共产党{inst}委员会"
    if central:
        if (council := _STATE_COUNCIL_BODY.search(phrase)) and mtype in ("work_conference", "commission", "other_meeting"):
            return "国务院" + _SHORT_BODIES.get(council.group(1), council.group(1))  # 国务院安委会 → 国务院安全生产委员会
        if mtype == "commission" and (m := COMMISSION_NAME.search(re.sub(rf"^.*?{N}届", "", phrase))):
            return m.group(1)
        for typ, cue, name in CENTRAL_NAMES:
            if typ == mtype and (cue is None or re.search(cue, phrase)):
                return name
        return None
    path = town or (place.path if place and place.path else _written_place(phrase))
    if not path:
        return None
    if town and body == "party" and mtype != "party_congress" and f"{town}党工委" in phrase:
        return f"中国共产党{path}工作委员会"  # a subdistrict's 党工委
    standing = mtype in ("standing_committee", "congress_standing_committee") or (
        mtype == "cppcc_session" and re.search(r"常委会|常务委员会", phrase)) or (  # 政协十一届十二次常委会议
        mtype == "other_meeting" and body in ("congress", "cppcc")
        and re.search(r"(?:人大|政协|人民代表大会)(?:常委会|常务委员会)", phrase))  # the host of 人大常委会党组
    suffix = "常务委员会" if standing else ""
    if body == "discipline":
        return f"中国共产党{path}纪律检查委员会{suffix}"
    if body == "government":
        return f"{path}人民政府"
    if body == "congress":
        return f"{path}人民代表大会{'主席团' if '主席团' in phrase and not suffix else suffix}"  # 镇人大主席团
    if body == "cppcc":
        return f"中国人民政治协商会议{path}委员会{suffix}"
    if body == "party":
        if mtype == "party_congress":
            return f"中国共产党{path}代表大会"
        if mtype == "commission" and (m := re.search(r"[\u4e00-\u9fff]{2,12}?(?:领导小组|委员会)", re.sub(r"^.*?(?:市委|县委|区委|省委|党委)", "", phrase))):
            return f"中国共产党{path}委员会{m.group()}"
        return f"中国共产党{path}委员会{suffix}"
    return None


_WRITTEN_PLACE = re.compile(r"(?:中国共产党|中共)([\u4e00-\u9fff]{2,12}?(?:自治区|省|自治州|市|盟|地区|自治县|县|区|旗|镇|乡|街道))"
                            r"(?:第|委员会|纪律检查|代表大会|党委|委)")


def _written_place(phrase: str) -> str | None:
    """A place named in the body's own title but missing from the division table
    (a township: 中共城关镇委员会; a county since merged: 中国共产党临安县纪律检查委员会)."""
    m = _WRITTEN_PLACE.search(phrase)
    return m.group(1) if m else None


_LEAD_TIME = re.compile(r"^(?:[^，,。]{0,12}?\d{1,2}\s*日|今天|昨天|日前|近日)(?:[上下]午|晚)?\s*[，,]?")
_ORG_END = re.compile(r"\d{1,2}日|[上下]午|在[^，。]{0,30}?(?:召开|举行|开幕|闭幕|完成|结束)|召开|举行|开幕|闭幕|[，,]")


def org_phrase(phrase: str) -> str:
    """The convening body's words: the phrase cut before its date, venue and verb
    (中国共产党某省第九届委员会第六次全体会议在省会召开 → …全体会议)."""
    phrase = _LEAD_TIME.sub("", STUDIED_PART.sub("", phrase))
    head = _ORG_END.split(phrase, maxsplit=1)[0]
    return head if len(head) >= 2 else phrase


INSTITUTION = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:有限公司|有限责任公司|股份公司|公司|集团|大学|学院|研究院|研究所|质检院|医院|银行))")


def institution(clause: str) -> str | None:
    """A company or institute whose party committee met: 某某工程咨询有限公司召开党委理论学习中心组会议."""
    m = INSTITUTION.search(clause)
    if m and re.search(r"党委|党组|党支部|党总支", clause[m.end():m.end() + 20]):
        return re.sub(r"^.*?(?:日|午|，|,)", "", m.group(1))
    return None
