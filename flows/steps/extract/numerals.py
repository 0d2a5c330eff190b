"""Chinese numerals to ints: 十九 → 19, 二〇二〇 → 2020, 一百零四 → 104, 第二十二 → 22."""
from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "〇零○一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{NUMERAL}]+)"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_int(text: str | None) -> int | None:
    """Parse Arabic, full-width or Chinese numerals; None when it is not a number."""
    if not text:
        return None
    text = text.translate(_FULLWIDTH).strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):  # digit by digit: 二〇二〇
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


def numbers_in(text: str) -> list[int]:
    """Every number written in the text, in order."""
    return [n for m in re.finditer(NUMBER, text) if (n := to_int(m.group())) is not None]
