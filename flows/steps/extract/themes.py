"""Themes: quoted slogans (“”「」"" ‘’), document titles in 《》, and numbered formulas standing unquoted."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SLOGAN = 25  # a longer quoted passage is someone's words, not a slogan (corpus/ANNOTATION.md)
QUOTED = [
    re.compile(r"“([^“”]{1,60})”"),
    re.compile(r"「([^「」]{1,60})」"),
    re.compile(r"『([^『』]{1,60})』"),
    re.compile(r"(?<=[\u4e00-\u9fff，。、；：,])\"([^\"\n]{1,60})\"(?=[\u4e00-\u9fff，。、；：,])"),
    re.compile(r"‘([^‘’]{1,40})’"),
]
DOCUMENT = re.compile(r"《((?:[^《》]|《[^《》]*》){1,120})》")
NUM = "二三四五六七八九十两"  # 一个…/一项… count one thing; formulas start at two (两个维护, 三大攻坚战)
# numbered formulas: a numeral, a classifier and a short noun: 两个积极性, 三大核心功能, 八项规定, 三重压力
FORMULA = re.compile(rf"(?<![{NUM}一第])([{NUM}])(个|大|项|条|重|件|种|张|化|支|类|横|纵)([\u4e00-\u9fff]{{2,4}})")
# and the one-character kind: 六稳, 六保, 三农
SHORT_FORMULA = re.compile(rf"(?<![{NUM}一第])([{NUM}](?:稳|保|农))(?![期年月日次险])")
# counting words, not formulas: 两个阶段, 三个方面, 五项议题, 二十条措施
COUNTING = ("方面", "阶段", "部分", "环节", "问题", "小时", "月", "年", "天", "人", "次", "批", "轮", "层面", "步骤",
            "项目", "单位", "部门", "地区", "省份", "国家", "城市", "领域", "重点", "任务", "措施", "议题", "事项",
            "文件", "报告", "会议", "意见", "百分点", "季度", "代表团", "小组", "条件", "渠道", "名", "家", "所",
            "县", "乡", "镇", "村", "区", "市", "省", "多", "以上", "左右", "方案", "清单", "办法", "规则", "条例",
            "同志", "干部", "常委", "委员", "代表", "亿", "万", "千", "百", "时期", "节点", "关系", "点")
# what may follow a formula: a particle, punctuation or a word it heads (八项规定精神, 两个维护的)
FOLLOW = re.compile(r"^(?:[的和与及、，,。；;：:”’」）)!？?\s]|精神|要求|建设|工作|部署|任务|目标|理念|战略|布局|作为|"
                    r"相统一|有机|贯通|总体|依然|仍然|依旧|已经|正在|日益|明显|仍|也|都|还|已|将|更|为|是|不|上|中|下|之|等|$)")


def _formula(text: str, start: int) -> str | None:
    """The formula at text[start:] (numeral, classifier, noun), its noun cut where a boundary follows."""
    m = FORMULA.match(text, start)
    if not m:
        return None
    if start > 0 and text[start - 1] in "“「『\"":
        return None  # an opening quote that never closes (a cut-off excerpt)
    for size in range(2, len(m.group(3)) + 1):
        noun = m.group(3)[:size]
        # a noun that is complete by its ending (积极性, 攻坚战) or that a boundary closes
        if FOLLOW.match(text[m.start(3) + size:]) or (size >= 3 and noun.endswith(("性", "战", "观"))):
            counting = noun.startswith(COUNTING) or noun.endswith(("点", "方面", "环节"))
            return None if counting else m.group(1) + m.group(2) + noun
    return None


@dataclass(frozen=True)
class Found:
    text: str
    kind: str
    first_start: int
    first_end: int
    mentions: int


def _add(found: dict[str, Found], text: str, kind: str, start: int, body: str) -> None:
    text = text.strip()
    if not text or text in found:
        return
    found[text] = Found(text, kind, start, start + len(text), body.count(text))


def themes(body: str) -> list[Found]:
    """Every distinct theme of the text with its first offsets; quoted wins over unquoted."""
    found: dict[str, Found] = {}
    spans = []
    for pattern in QUOTED:
        for m in pattern.finditer(body):
            inner = m.group(1)
            if len(inner.strip()) <= MAX_SLOGAN and not re.search(r"[。！？]", inner) and re.search(r"[\u4e00-\u9fff\w]", inner):
                spans.append((m.start(1), inner, "slogan"))
    for m in DOCUMENT.finditer(body):
        spans.append((m.start(1), m.group(1), "document"))
    for start, text, kind in sorted(spans):
        _add(found, text, kind, start, body)
    numbered = [(m.start(), f) for m in FORMULA.finditer(body) if (f := _formula(body, m.start()))]
    numbered += [(m.start(), m.group(1)) for m in SHORT_FORMULA.finditer(body)]
    for start, text in sorted(numbered):
        if not any(text in t for t in found if found[t].kind == "slogan"):
            _add(found, text, "numbered", start, body)
    return sorted(found.values(), key=lambda f: f.first_start)
