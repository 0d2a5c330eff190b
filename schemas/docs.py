"""Render docs/datasets.md from the records, so the column reference can never drift from the code."""
from __future__ import annotations

from pathlib import Path

from schemas.arrow import SCHEMAS
from schemas.records import DATASETS

HEADER = """# Datasets

Generated from `schemas/records.py` by `python -m schemas.docs`; do not edit by hand
(a test fails when this file is stale). Each dataset is a directory of Parquet files
under the output folder. Offsets (`start`, `end`, `first_start`, `first_end`) index into
`reports.text`.
"""


def _type_name(field) -> str:
    text = str(field.type).replace("list<item: ", "list<").replace("large_", "")
    return text + (", null" if field.nullable else "")


def render() -> str:
    """The whole of docs/datasets.md as a string."""
    parts = [HEADER]
    for name, model in DATASETS.items():
        parts.append(f"\n## {name}\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| column | type | meaning |\n|---|---|---|")
        for field in SCHEMAS[name]:
            desc = model.model_fields[field.name].description or ""
            parts.append(f"| {field.name} | {_type_name(field)} | {desc.replace('|', '/')} |")
    return "\n".join(parts) + "\n"


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "docs" / "datasets.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
