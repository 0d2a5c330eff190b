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
NUM = "一二三四五六七八九十两"
# numbered formulas: 四个意识, 两个维护, 三大攻坚战, 三大核心功能, 四大班子; 六稳, 六保, 三农
FORMULA_HEADS = ("意识|自信|维护|确立|全面|攻坚战|核心功能|班子|大局|百年|统筹|务必|坚持|必须|服务|表率|"
                 "全覆盖|优先|导向|支撑|融合|转变|着力|基本|一以贯之|敢于|拒绝|作风|革命|伟大|"
                 "长期|清单|机制|体系|工程|行动|战略|定位|不动摇|提升|先行|率先|示范|中心|高地|支柱|产业")
NUMBERED = re.compile(rf"(?<![{NUM}第])([{NUM}](?:个|大|项|条|种|张|化)(?:[\u4e00-\u9fff]{{0,3}}?)(?:{FORMULA_HEADS}))"
                      rf"|(?<![{NUM}第])([{NUM}](?:稳|保|农))(?![期年月日次险])")


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
    for m in NUMBERED.finditer(body):
        text = m.group(1) or m.group(2)
        if not any(text in t for t in found if found[t].kind == "slogan"):
            _add(found, text, "numbered", m.start(), body)
    return sorted(found.values(), key=lambda f: f.first_start)
