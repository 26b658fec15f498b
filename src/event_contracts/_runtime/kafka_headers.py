"""Kafka record headers as a caller hands them over, checked: (name, value) pairs or a mapping,
names str (or bytes), values bytes, str or None. Anything else is the caller's mistake."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from event_contracts.errors import UsageError

KafkaHeaders = Iterable[tuple[str, bytes | str | None]] | Mapping[str, bytes | str | None]


def header_texts(headers: KafkaHeaders | None) -> Iterable[tuple[str, str]]:
    """(lowercased name, text) of each header that has a value; a caller passing something
    that is not headers gets a UsageError, not whatever iterating it raises."""
    if headers is None:
        return
    pairs: Any = headers.items() if isinstance(headers, Mapping) else headers
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise UsageError(
            f"from_kafka() takes headers as (name, value) pairs or a mapping, "
            f"not {type(headers).__name__}"
        )
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise UsageError(
                f"from_kafka() takes headers as (name, value) pairs; got {_short(pair)}"
            )
        name, raw_value = pair
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if not isinstance(name, str) or not isinstance(raw_value, str | bytes | bytearray | None):
            raise UsageError(
                "a Kafka header is a (str, bytes | str | None) pair; got "
                f"({type(name).__name__}, {type(raw_value).__name__})"
            )
        if raw_value is not None:
            text = raw_value if isinstance(raw_value, str) else raw_value.decode("utf-8", "replace")
            yield name.lower(), text


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
