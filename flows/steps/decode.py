"""Bytes to text with the encoding detected, not assumed: BOMs, strict UTF-8, then GB18030/Big5 by evidence.

Damage that leaves the text readable is repaired, not rejected: a multi-byte character cut off at
the end, a stray byte in a UTF-8 text, a few NUL bytes. Files in a binary format (image, archive,
PDF, executable) are named as such."""
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
# magic numbers of binary formats that turn up among saved pages: the name goes into the message
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"), (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"BZh91AY&SY", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"), (b"\x7fELF", "an executable (ELF)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\x00asm", "a WebAssembly module"),
    (b"OggS\x00", "an Ogg media file"), (b"ID3\x03\x00", "an MP3 file"), (b"ID3\x04\x00", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x1cftyp", "an MP4 video"), (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
]
_BLANK = re.compile(r"[\s\ufeff\u200b-\u200f\u2060-\u2064\u3000]*")


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


def _lenient(data: bytes, encoding: str) -> str | None:
    """Text in an encoding already known (by its BOM) with light damage repaired: a character cut
    off at the end is dropped, and so are stray undecodable bytes, one plus 1 in 100 at most."""
    text = data.decode(encoding, "replace")
    bad = text.count("\ufffd")
    if bad > 1 + (len(text) - bad) // 100:
        return None
    return text.replace("\ufffd", "")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a character cut off at the end, a stray byte): at least 20
    characters beyond ASCII decode, so the text is clearly UTF-8, and the bytes that fail are one
    plus 1 in 100 of those at most. They are dropped."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - bad
    if multibyte < 20 or bad > 1 + multibyte // 100:
        return None
    return text.replace("\ufffd", "")


_IMPLAUSIBLE = re.compile(r"[^ -~\t\n\r\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f]")
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plausible(text: str) -> bool:
    """Reads as Chinese or Western text: ASCII, CJK ideographs and punctuation, full-width forms
    (95 in 100 characters), and no control characters."""
    return not _CONTROL_CHAR.search(text) and len(_IMPLAUSIBLE.findall(text)) <= len(text) * 0.05


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM. Only with the evidence of NUL bytes (the high byte of line breaks,
    digits and ASCII letters), all on one side of the byte pairs, and text that reads as text:
    without NULs any even run of bytes "decodes" as UTF-16."""
    data = data[: len(data) // 2 * 2]
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        if high.count(0) <= low.count(0):  # 一 (U+4E00) puts a NUL on the other side
            continue
        text = _try(data, encoding)
        if text is not None and _plausible(text):
            return text, encoding
    return None


def _magic(data: bytes) -> str | None:
    head = data[:16]
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)


_EMPTY = "the file is empty or holds only white space"


def decode(data: bytes) -> Decoded:
    """Decode raw bytes; an error value (binary, undecodable, empty) when they are not text."""
    result = _decode(data)
    if result.text is not None and _BLANK.fullmatch(result.text):
        return Decoded(None, result.encoding, "empty", _EMPTY)
    return result


def _decode(data: bytes) -> Decoded:
    if not data.strip():
        return Decoded(None, None, "empty", _EMPTY)
    if kind := _magic(data):
        return Decoded(None, None, "binary", f"the file is {kind}, not text; save the article's text as .txt, .html or .json")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding) or _lenient(data, encoding)
            if text is not None:
                return Decoded(text, encoding)
    if b"\x00" in data and (found := _utf16_without_bom(data)):
        return Decoded(*found)
    if not data.strip(b"\x00 \t\r\n"):
        return Decoded(None, None, "binary", "the file holds only NUL (zero) bytes: it was never written in full; "
                                             "save or download it again")
    nuls = data.count(b"\x00")
    if nuls and nuls <= 4 + len(data) // 100:  # a few NUL bytes in a UTF-8 text (a damaged save) are dropped
        rest = data.replace(b"\x00", b"")
        if not _looks_binary(rest) and (text := _try(rest, "utf-8") or _mostly_utf8(rest)) is not None:
            return Decoded(text, "utf-8")
    if _looks_binary(data):
        return Decoded(None, None, "binary", "the file holds binary data, not text; is it an image, archive or PDF?")
    text = _try(data, "utf-8") or _mostly_utf8(data)
    if text is not None:
        return Decoded(text, "utf-8")
    declared = _META_CHARSET.search(data[:4096])
    candidates = [_canonical(declared.group(1).decode("ascii", "ignore"))] if declared else []
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is not None:
        candidates.append(_canonical(best.encoding))
    # a page that declares UTF-16/32 in ASCII is not in UTF-16/32, and without a BOM any even run
    # of bytes "decodes" as UTF-16: those names are left to the BOM and the check above
    candidates = [enc for enc in candidates if not enc.startswith(("utf-16", "utf16", "utf-32", "utf32"))]
    candidates += ["gb18030", "big5"]
    decoded = [(enc, t) for enc in dict.fromkeys(candidates) if (t := _try(data, enc)) is not None]
    chinese = [(enc, t) for enc, t in decoded if _cjk_share(t) > 0.05]
    if chinese:
        return Decoded(chinese[0][1], chinese[0][0])
    if decoded:
        return Decoded(decoded[0][1], decoded[0][0])
    return Decoded(None, None, "undecodable",
                   "the bytes are neither UTF-8 nor GB18030 nor Big5; re-save the file as UTF-8")
