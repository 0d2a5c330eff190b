"""Bytes to text with the encoding detected, not assumed: BOMs, strict UTF-8, then GB18030/Big5 by evidence."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
# charset_normalizer names several supersets of GB2312; one decoder covers all of them
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "cp936": "gb18030",
            "big5hkscs": "big5", "cp950": "big5", "utf_8": "utf-8", "ascii": "utf-8"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str | None
    error: str | None = None
    message: str | None = None


def _canonical(name: str) -> str:
    name = name.lower().replace("_", "-")
    return _ALIASES.get(name.replace("-", ""), _ALIASES.get(name, name))


_CONTROL = bytes(b for b in range(32) if b < 9 or 13 < b < 27 or 27 < b)  # ESC (27) appears in some text


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    controls = len(head) - len(head.translate(None, _CONTROL))
    return b"\x00" in head or controls > len(head) // 20


def _cjk_share(text: str) -> float:
    return len(_CJK.findall(text)) / max(1, len(text))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes) -> Decoded:
    """Decode raw bytes; an error value (binary, undecodable, empty) when they are not text."""
    if not data.strip():
        return Decoded(None, None, "empty", "the file is empty or holds only white space")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    if _looks_binary(data):
        return Decoded(None, None, "binary", "the file holds binary data, not text; is it an image, archive or PDF?")
    text = _try(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    declared = _META_CHARSET.search(data[:4096])
    candidates = [_canonical(declared.group(1).decode("ascii", "ignore"))] if declared else []
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is not None:
        candidates.append(_canonical(best.encoding))
    candidates += ["gb18030", "big5"]
    decoded = [(enc, t) for enc in dict.fromkeys(candidates) if (t := _try(data, enc)) is not None]
    chinese = [(enc, t) for enc, t in decoded if _cjk_share(t) > 0.05]
    if chinese:
        return Decoded(chinese[0][1], chinese[0][0])
    if decoded:
        return Decoded(decoded[0][1], decoded[0][0])
    return Decoded(None, None, "undecodable",
                   "the bytes are neither UTF-8 nor GB18030 nor Big5; re-save the file as UTF-8")
