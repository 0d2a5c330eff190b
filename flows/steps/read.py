"""Find raw files under the given paths and read their bytes; JSON-lines files become one item per line."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # a news article is under 1 MB; 20 MB leaves room for saved pages

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".dat": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".jsp": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class RawItem:
    """Raw bytes of one report candidate, or the error met reading it."""

    source_path: str
    format: str
    data: bytes | None
    error: str | None = None  # reject reason when the bytes could not be had
    message: str | None = None

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.data).hexdigest() if self.data is not None else None


def discover(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every regular file under the paths as (root, file), sorted, hidden files and folders skipped."""
    found: list[tuple[Path, Path]] = []
    for root in paths:
        if root.is_file():
            found.append((root.parent, root))
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                found.append((root, path))
    return found


def guess_format(path: Path, head: bytes, tail: bytes = b"") -> str:
    """Format from the content where it is unmistakable (a JSON object saved as .txt, a page saved
    as .json), else from the extension, else txt."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fmt == "jsonl":
        return fmt
    if stripped.startswith(b"{") and (not tail or tail.rstrip().endswith(b"}")):
        return "json"
    if stripped[:1] == b"<" and fmt in (None, "json"):
        return "html"
    return fmt or "txt"


def read_file(root: Path, path: Path) -> list[RawItem]:
    """The raw items of one file: one for most formats, one per non-blank line for JSON lines."""
    rel = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [RawItem(rel, guess_format(path, b""), None, "too_large",
                            f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit; split it or raise READOUTS_MAX_BYTES")]
        data = path.read_bytes()
    except OSError as exc:
        return [RawItem(rel, guess_format(path, b""), None, "unreadable", f"could not read the file: {exc.strerror or exc}")]
    fmt = guess_format(path, data[:64], data[-64:])
    if fmt != "jsonl":
        return [RawItem(rel, fmt, data)]
    items = [RawItem(f"{rel}#{n}", "jsonl", line) for n, line in enumerate(data.splitlines(), start=1)
             if line.strip()]
    return items or [RawItem(rel, "jsonl", data)]
