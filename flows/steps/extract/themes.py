"""Themes: quoted slogans (“”「」"" ‘’), document titles in 《》, and numbered formulas standing unquoted."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
FORMULA = re.compile(rf"(?<![{NUM}一第])([{NUM}])(个|大|项|条|重|件|种|张|化|支|类|横|纵|字|级)([\u4e00-\u9fff]{{2,4}})")
# and the one-character kind: 六稳, 六保, 三农
SHORT_FORMULA = re.compile(rf"(?<![{NUM}一第])([{NUM}](?:稳|保|农))(?![期年月日次险])")
# counting words, not formulas: 两个阶段, 三个方面, 五项议题, 二十条措施
COUNTING = ("方面", "阶段", "部分", "环节", "问题", "小时", "月", "年", "天", "人", "次", "批", "轮", "层面", "步骤",
            "项目", "单位", "部门", "地区", "省份", "国家", "城市", "领域", "重点", "任务", "措施", "议题", "事项",
            "文件", "报告", "会议", "意见", "百分点", "季度", "代表团", "小组", "条件", "渠道", "名", "家", "所",
            "县", "乡", "镇", "村", "区", "市", "省", "多", "以上", "左右", "方案", "清单", "办法", "规则", "条例",
            "同志", "干部", "常委", "委员", "代表", "亿", "万", "千", "百", "时期", "节点", "关系", "点",
            "议程", "议案", "决定", "决议", "草案", "人选", "名单", "指标", "分编", "章节", "实事", "民生实事")
COUNTING_BIG = ("多", "以上", "左右", "百分点", "亿", "万", "千", "百", "城市", "省份", "国家")
# a count of what a meeting handled, not a formula: 审议通过了三个报告, 听取四项经济指标
COUNTED = re.compile(r"(?:了|听取|审议|通过|完成|共|研究|讨论|议定|作出|表决)$")
# a formula's name may end in one of these, which elsewhere only follow it: 五大发展理念, 四项基本原则
NAME_TAILS = ("理念", "原则", "书记", "方针")
KNOWN_FORMULAS = Path(__file__).resolve().parents[1] / "data" / "formulas.tsv"
# what may follow a formula: a particle, punctuation or a word it heads (八项规定精神, 两个维护的)
FOLLOW = re.compile(r"^(?:[的和与、，,。；;：:”’」）)!？?\s]|以及|精神|要求|重要|建设|工作|部署|任务|目标|战略|布局|作为|"
                    r"相统一|有机|贯通|总体|依然|仍然|依旧|已经|正在|日益|明显|仍|也|都|还|已|将|更|为|是|不|上|中|下|之|等|$)")


def _formula(text: str, start: int) -> str | None:
    """The formula at text[start:] (numeral, classifier, noun), its noun cut where a boundary follows."""
    m = FORMULA.match(text, start)
    if not m:
        return None
    if start > 0 and text[start - 1] in "“「『\"":
        return None  # an opening quote that never closes (a cut-off excerpt)
    if COUNTED.search(text, max(0, start - 2), start):
        return None
    for size in range(2, len(m.group(3)) + 1):
        noun = m.group(3)[:size]
        if m.group(3)[size:size + 2] in NAME_TAILS:
            continue  # the tail is part of the name
        # a noun that is complete by its ending (积极性, 攻坚战) or that a boundary closes
        if FOLLOW.match(text[m.start(3) + size:]) or (size >= 3 and noun.endswith(("性", "战", "观"))):
            # 三大任务, 五大工程: a set the classifier 大 names, not a count of tasks
            counting = noun.startswith(COUNTING_BIG if m.group(2) == "大" else COUNTING) \
                or noun.endswith(("点", "方面", "环节"))
            return None if counting else m.group(1) + m.group(2) + noun
    return None


@lru_cache(maxsize=1)
def _known() -> re.Pattern:
    """The formulas of data/formulas.tsv as one pattern, longest first."""
    lines = KNOWN_FORMULAS.read_text(encoding="utf-8").splitlines()
    names = {line.split("\t")[0].strip() for line in lines if line.strip() and not line.startswith("#")}
    firsts = "".join(sorted({n[0] for n in names}))
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # most positions fail at the first character; not 十三个代表团 or 第四个全面 (a count, an ordinal)
    return re.compile(f"(?<![{NUM}一百千第\\d])(?=[{re.escape(firsts)}])(?:{alternatives})(?![团处室组队员名])")


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
    known = [(m.start(), m.group()) for m in _known().finditer(body)]
    taken = {i for start, text in known for i in range(start, start + len(text))}
    numbered = known + [(m.start(), f) for m in FORMULA.finditer(body)
                        if m.start() not in taken and (f := _formula(body, m.start()))]
    numbered += [(m.start(), m.group(1)) for m in SHORT_FORMULA.finditer(body) if m.start() not in taken]
    for start, text in sorted(numbered):
        if not any(text in t for t in found if found[t].kind == "slogan"):
            _add(found, text, "numbered", start, body)
    return sorted(found.values(), key=lambda f: f.first_start)
