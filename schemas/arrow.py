"""Parquet (Arrow) schemas derived from the pydantic records: int32 counts, date32 days, lists of strings."""
from __future__ import annotations

import types
from datetime import date
from typing import Any, Literal, Union, get_args, get_origin

import pyarrow as pa

from schemas.records import DATASETS, Record

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int32(),
    bool: pa.bool_(),
    date: pa.date32(),
}


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """Return (inner type, nullable) for `X | None`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return args[0], True
    return annotation, False


def arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Map one field annotation to (Arrow type, nullable)."""
    inner, nullable = _unwrap_optional(annotation)
    if get_origin(inner) is Literal:
        return pa.string(), nullable
    if get_origin(inner) is list:
        (item,) = get_args(inner)
        item_type, _ = arrow_type(item)
        return pa.list_(item_type), nullable
    if inner in _SCALARS:
        return _SCALARS[inner], nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def schema_for(model: type[Record]) -> pa.Schema:
    """The Arrow schema of one record type, with each column's description as field metadata."""
    fields = []
    for name, info in model.model_fields.items():
        typ, nullable = arrow_type(info.annotation)
        meta = {"description": info.description or ""}
        fields.append(pa.field(name, typ, nullable=nullable, metadata=meta))
    return pa.schema(fields, metadata={"record": model.__name__})


SCHEMAS: dict[str, pa.Schema] = {name: schema_for(model) for name, model in DATASETS.items()}
