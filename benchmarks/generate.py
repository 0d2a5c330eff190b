"""N distinct raw reports made from a folder of seed reports, each in its seed's format and encoding.

    python benchmarks/generate.py OUT_DIR [--reports N] [--seeds FOLDER]

Copy i of a seed has its years moved (2019–2025 in turn), its day numbers moved within the
month, and one more directive sentence with its serial number, placed where the format keeps its
body: a paragraph for text and Markdown, a <p> for HTML, the longest string of a JSON record. So
every copy is a report of its own, with its own dates, and the mix of formats, encodings and
lengths is the seeds'. Files go 1,000 to a folder.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = re.compile(r"(?<!\d)(20[12]\d)(?=\s*年)")
PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.S | re.I)
TEXT_KEYS = {"content", "text", "body", "article", "contenttext", "main_text", "正文", "内容", "brief", "desc"}
DAY = re.compile(r"(?<![\d.])([1-9]|1\d|2[0-8])(?=日)")  # days 1–28 move and stay valid in every month


def default_seeds() -> Path:
    corpus = ROOT.parent / "shared" / "corpus" / "raw"
    return corpus if corpus.is_dir() else ROOT / "raw"


def _encoding(data: bytes) -> tuple[str, bytes] | None:
    """(codec, bom) of a seed's bytes, or None when they are not text worth varying."""
    for codec, bom in (("utf-8", b"\xef\xbb\xbf"), ("utf-8", b""), ("gb18030", b""), ("big5", b"")):
        if data.startswith(bom):
            try:
                data[len(bom):].decode(codec)
                return codec, bom
            except UnicodeDecodeError:
                continue
    return None


def _sentence(i: int) -> str:
    return f"会议要求，要扎实做好第{i}项重点工作，确保各项任务落到实处。"


def _vary_text(text: str, i: int) -> str:
    shift = i % 7
    text = YEAR.sub(lambda m: str(2019 + (int(m.group(1)) - 2019 + shift) % 7), text)
    return DAY.sub(lambda m: str((int(m.group(1)) - 1 + i) % 28 + 1), text)


def _strings(node: object, found: list[tuple[object, object, str]], key: str = "") -> None:
    """(container, key, key name) of every string in a JSON value."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        if isinstance(v, str):
            found.append((node, k, str(k).lower() if isinstance(node, dict) else key))
        else:
            _strings(v, found, str(k).lower() if isinstance(node, dict) else key)


def _vary_record(record: object, i: int) -> object:
    """A JSON record with its strings varied and the sentence added to its body: the longest
    string under a text key (content, text, body …), else the longest string."""
    found: list[tuple[object, object, str]] = []
    _strings(record, found)
    for container, k, _ in found:
        container[k] = _vary_text(container[k], i)
    bodies = [f for f in found if f[2] in TEXT_KEYS] or found
    if bodies:
        container, k, _ = max(bodies, key=lambda f: len(f[0][f[1]]))
        tag = "<p>{}</p>" if "<p" in container[k] else "\n{}"
        container[k] += tag.format(_sentence(i))
    return record


def _vary_page(text: str, i: int) -> str:
    """The sentence as a paragraph after the page's longest one, where the main text is."""
    paragraphs = list(PARAGRAPH.finditer(text))
    at = max(paragraphs, key=lambda m: len(m.group(0))).end() if paragraphs else len(text)
    return text[:at] + f"<p>{_sentence(i)}</p>" + text[at:]


def vary(name: str, data: bytes, i: int) -> bytes:
    """Copy i of one seed file."""
    found = _encoding(data)
    if found is None:
        return data
    codec, bom = found
    text = data[len(bom):].decode(codec)
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        try:
            text = json.dumps(_vary_record(json.loads(text), i), ensure_ascii=False)
        except ValueError:
            text = _vary_text(text, i)
    elif suffix == ".jsonl":
        lines = []
        for n, line in enumerate(text.splitlines()):
            try:
                lines.append(json.dumps(_vary_record(json.loads(line), i * 100 + n), ensure_ascii=False))
            except ValueError:
                lines.append(line)
        text = "\n".join(lines) + "\n"
    elif suffix in (".html", ".htm"):
        text = _vary_page(_vary_text(text, i), i)
    else:
        text = _vary_text(text, i).rstrip("\n") + f"\n\n{_sentence(i)}\n"
    return bom + text.encode(codec, errors="replace")


def generate(out: Path, n: int, seeds: Path) -> int:
    """Write n reports under out; returns how many seeds they were made from."""
    files = sorted(p for p in seeds.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise SystemExit(f"no seed reports in {seeds}")
    datas = [(p.name, p.read_bytes()) for p in files]
    for i in range(n):
        name, data = datas[i % len(datas)]
        folder = out / f"{i // 1000:04d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:07d}{Path(name).suffix}").write_bytes(vary(name, data, i))
    return len(datas)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--seeds", type=Path, default=default_seeds())
    args = p.parse_args()
    seeds = generate(args.out, args.reports, args.seeds)
    print(f"{args.reports} reports from {seeds} seeds in {args.seeds} → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
