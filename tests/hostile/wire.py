"""Hostile Avro payloads for a real schema: the same schema with enums read as `int` and bytes
decimals as plain `bytes`, so fastavro writes any index and any byte string where they sit."""

from __future__ import annotations

import io
from typing import Any

from fastavro import parse_schema, schemaless_writer


def loosened(schema: Any) -> Any:
    """`schema` with each enum an `int` and each logical type stripped (same wire layout)."""
    if isinstance(schema, list):
        return [loosened(s) for s in schema]
    if isinstance(schema, dict):
        if schema.get("type") == "enum":
            return "int"
        return {k: loosened(v) for k, v in schema.items() if k != "logicalType"}
    return schema


def write(schema: Any, record: Any) -> bytes:
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(loosened(schema)), record)
    return buf.getvalue()
