"""Find raw files under the given paths and read their bytes; JSON-lines files become one item per line.

Every entry found under a RAW_PATH is either read or reported: a link that dangles or loops, a
named pipe or device, a folder that cannot be listed all come back as a `Found` with a problem,
which becomes a reject instead of being skipped in silence. Hidden files and folders (.git,
.DS_Store) are skipped on purpose and counted.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from flows.steps import sogou

MAX_BYTES = int(os.environ.get("READOUTS_MAX_BYTES", 20 * 1024 * 1024))  # an article is under 1 MB; saved pages more

EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".dat": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".jsp": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


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


@dataclass(frozen=True, slots=True)
class Found:
    """One entry under a RAW_PATH: a regular file with its size and mtime, or what keeps it from being read.

    Paths are kept as strings (an archive of 100,000 files makes 100,000 of these).
    """

    root: str
    where: str  # the entry's path: root, "/", then its path under root
    size: int | None = None
    mtime_ns: int | None = None
    problem: str | None = None  # reject reason: broken_link, link_loop, not_a_file, unreadable
    message: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", str(self.root))
        object.__setattr__(self, "where", str(self.where))

    @property
    def path(self) -> Path:
        return Path(self.where)

    @property
    def rel(self) -> str:
        prefix = self.root.rstrip("/") + "/"
        rel = self.where[len(prefix):] if self.where.startswith(prefix) else os.path.relpath(self.where, self.root)
        return display(rel)


def display(name: str) -> str:
    """A file name as text Parquet can store. A name that is not UTF-8 (a zip made on Chinese
    Windows, unpacked here) is read as GB18030 where it can be, else its odd bytes are escaped."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


@dataclass
class Discovery:
    """What a walk over the RAW_PATHs found, in a stable order, and how many hidden entries it skipped."""

    found: list[Found] = field(default_factory=list)
    hidden: int = 0


def inspect(root: Path, path: Path) -> Found:
    """Stat one path (following links) and say whether it can be read as a file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return Found(root, path, problem="broken_link",
                         message=f"the link points to {os.readlink(path)!r}, which does not exist; fix or remove the link")
        return Found(root, path, problem="unreadable", message="the file disappeared while the folder was read; run again")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Found(root, path, problem="link_loop", message="the link loops back on itself and leads to no file; remove it")
        return Found(root, path, problem="unreadable", message=f"could not read it: {exc.strerror or exc}")
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return Found(root, path, st.st_size, st.st_mtime_ns)
    kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
    return Found(root, path, problem="not_a_file", message=f"it is {kind}, not a file, and was not read; move it out of the input folder")


def discover(paths: list[Path], exclude: Path | None = None) -> Discovery:
    """Every entry under the paths as a Found, sorted, hidden ones skipped; folders reached through
    links are walked once per path, a link back to a folder above it is a link_loop."""
    result = Discovery()
    skip = exclude.resolve() if exclude else None
    for given in paths:
        given = Path(os.path.abspath(given))
        top = inspect(given.parent, given)
        if top.problem or given.is_file():
            result.found.append(top)
        else:
            _walk(given, given, (), skip, result)
    return result


def _walk(root: Path, folder: Path, above: tuple[tuple[int, int], ...], skip: Path | None, result: Discovery) -> None:
    """Depth-first over one folder; `above` holds the (device, inode) of every folder on the way down."""
    try:
        st = folder.stat()
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        result.found.append(Found(root, folder, problem="unreadable",
                                  message=f"could not list the folder: {exc.strerror or exc}; check its permissions"))
        return
    here = above + ((st.st_dev, st.st_ino),)
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            result.hidden += 1
            continue
        found = inspect(root, path)
        if found.problem or not path.is_dir():
            result.found.append(found)
            continue
        if skip is not None and path.resolve() == skip:  # the output folder inside a raw folder
            continue
        target = path.stat()
        if (target.st_dev, target.st_ino) in here:
            result.found.append(Found(root, path, problem="link_loop",
                                      message="the link points back to a folder that contains it; it was not followed"))
            continue
        _walk(root, path, here, skip, result)


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


@dataclass(frozen=True)
class FileRead:
    """The items of one file, with the hash, size and mtime of the bytes they came from."""

    items: list[RawItem]
    sha256: str | None = None
    size: int | None = None
    mtime_ns: int | None = None


def read_file(root: Path, path: Path) -> list[RawItem]:
    """The raw items of one file: one for most formats, one per non-blank line for JSON lines, one
    per `<doc>` record for a Sogou news-corpus file."""
    return load(inspect(root, path)).items


def load(found: Found) -> FileRead:
    """Read one found entry; a problem or an error while reading becomes an item with a reason."""
    rel, path = found.rel, found.path
    if found.problem:
        return FileRead([RawItem(rel, guess_format(path, b""), None, found.problem, found.message)])
    try:
        data, st = _read_regular(path)
    except _NotReadable as exc:
        st = exc.st
        return FileRead([RawItem(rel, guess_format(path, b""), None, exc.reason, str(exc))],
                        size=st.st_size if st else None, mtime_ns=st.st_mtime_ns if st else None)
    digest = hashlib.sha256(data).hexdigest()
    fmt = guess_format(path, data[:64], data[-64:])
    items = [RawItem(rel, fmt, data)]
    if sogou.is_records(data[:64]):  # a news-corpus file: one item per <doc>, whatever its name
        items = [RawItem(f"{rel}#{n}", "txt", record) for n, record in enumerate(sogou.records(data), start=1)]
    elif fmt == "jsonl":
        items = [RawItem(f"{rel}#{n}", "jsonl", line) for n, line in enumerate(data.splitlines(), start=1)
                 if line.strip()] or items
    return FileRead(items, digest, st.st_size, st.st_mtime_ns)


def file_sha256(path: Path) -> str | None:
    """sha256 of a regular file's bytes, or None when it cannot be read now."""
    try:
        return hashlib.sha256(_read_regular(path)[0]).hexdigest()
    except _NotReadable:
        return None


class _NotReadable(Exception):
    def __init__(self, reason: str, message: str, st: os.stat_result | None = None):
        super().__init__(message)
        self.reason, self.st = reason, st


def _read_regular(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file; opened without blocking, so a pipe swapped in after the walk
    cannot hang the run."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _NotReadable("unreadable", f"could not open the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotReadable("not_a_file", "it is not a regular file and was not read")
        if st.st_size > MAX_BYTES:
            raise _NotReadable("too_large", f"file is {st.st_size:,} bytes, over the {MAX_BYTES:,}-byte limit; "
                                            "split it or raise READOUTS_MAX_BYTES", st)
        try:
            return handle.read(MAX_BYTES + 1), st
        except OSError as exc:
            raise _NotReadable("unreadable", f"could not read the file: {exc.strerror or exc}") from None
