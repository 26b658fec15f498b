"""Payloads as JSON-friendly data for findings (UUIDs, times and decimals as text, bytes as hex)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID | dt.date | dt.time | decimal.Decimal):
        return str(value)
    return value
