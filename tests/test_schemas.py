"""The records are the one source of truth: Arrow schemas, docs and the SPEC's columns must agree with them."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from schemas import docs
from schemas.arrow import SCHEMAS, schema_for
from schemas.records import DATASETS

# The contract of SPEC.md (shared/SPEC.md), copied here so the suite runs without shared/.
SPEC_COLUMNS = {
    "reports": ["report_id", "source_path", "source_paths", "raw_sha256", "format", "encoding", "title",
                "source_name", "source_url", "published_date", "text", "char_count", "is_meeting_report", "meeting_id"],
    "meetings": ["meeting_id", "report_ids", "title", "meeting_type", "organization", "body", "level", "province",
                 "prefecture", "county", "admin_code", "term", "session", "meeting_date", "end_date", "location",
                 "members_present", "alternates_present", "presided_by", "speakers", "studied", "documents",
                 "source_name", "source_url", "directive_count", "theme_count"],
    "themes": ["theme_id", "report_id", "meeting_id", "text", "kind", "mentions", "first_start", "first_end", "category"],
    "directives": ["directive_id", "report_id", "meeting_id", "seq", "paragraph", "start", "end", "text", "framing",
                   "speaker", "modality", "category", "themes"],
    "rejects": ["source_path", "raw_sha256", "stage", "reason", "message"],
}
LIST_COLUMNS = {"source_paths", "report_ids", "presided_by", "speakers", "studied", "documents", "themes"}
DATE_COLUMNS = {"published_date", "meeting_date", "end_date"}


def test_every_spec_column_is_declared_in_order():
    assert {name: [f.name for f in schema] for name, schema in SCHEMAS.items()} == SPEC_COLUMNS


def test_arrow_types_follow_the_spec():
    for schema in SCHEMAS.values():
        for field in schema:
            if field.name in LIST_COLUMNS:
                assert pa.types.is_list(field.type), field.name
            elif field.name in DATE_COLUMNS:
                assert pa.types.is_date32(field.type), field.name
            elif field.name in ("is_meeting_report",):
                assert pa.types.is_boolean(field.type)


def test_arrow_schema_is_derived_from_the_records():
    for name, model in DATASETS.items():
        assert schema_for(model) == SCHEMAS[name]
        assert [f.name for f in SCHEMAS[name]] == list(model.model_fields)


def test_every_column_has_a_description():
    for name, model in DATASETS.items():
        for column, info in model.model_fields.items():
            assert info.description and len(info.description) > 10, f"{name}.{column} has no description"


def test_docs_datasets_md_is_fresh():
    path = Path(__file__).resolve().parent.parent / "docs" / "datasets.md"
    assert path.read_text(encoding="utf-8") == docs.render(), "docs/datasets.md is stale: run `make docs`"
