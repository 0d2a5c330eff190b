"""What the datasets were made by: a fingerprint of the extractor's code and data, and of the columns.

A change to any rule, lexicon or table makes the next run reprocess its inputs; a change to the
columns makes an old OUT_DIR incompatible. Both are read from the installed files, so nobody has
to remember to bump a number.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from importlib import metadata
from functools import lru_cache
from pathlib import Path

_STEPS = Path(__file__).resolve().parent
_SCHEMAS = _STEPS.parent.parent / "schemas"


def _digest(files: list[Path], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for path in files:
        h.update(path.relative_to(_STEPS.parent.parent).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# Modules that move rows around without shaping them: a change to them reads nothing again.
# (assemble.py joins reports on every run anyway.)
ORCHESTRATION = {"build.py", "state.py", "parts.py", "commit.py", "lock.py", "summary.py", "assemble.py", "version.py"}


# Libraries whose upgrade can change what a file reads as: encodings, HTML, traditional characters.
LIBRARIES = ("charset-normalizer", "lxml", "lxml_html_clean", "opencc", "trafilatura", "htmldate", "justext")


def _libraries() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return ";".join(found) + f";unicode={unicodedata.unidata_version}"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Fingerprint of every module and data file that shapes a report's rows, and of the
    libraries they read with."""
    files = sorted(p for p in [*_STEPS.rglob("*.py"), *(_STEPS / "data").glob("*"), *_SCHEMAS.glob("*.py")]
                   if p.is_file() and "__pycache__" not in p.parts
                   and not (p.parent == _STEPS and p.name in ORCHESTRATION))
    return _digest(files, _libraries())


@lru_cache(maxsize=1)
def schema_version() -> str:
    """Fingerprint of the datasets' columns and types (not their descriptions)."""
    from schemas.arrow import SCHEMAS

    shape = {name: [(f.name, str(f.type), f.nullable) for f in schema] for name, schema in SCHEMAS.items()}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]
