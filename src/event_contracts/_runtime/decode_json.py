"""Decoding plans for JSON payloads: pydantic straight for the reader's own version; for other
versions, json.loads, projection onto each version, hand-written steps, then validation."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from event_contracts._runtime.encode import ClassInfo
from event_contracts._runtime.jsonproj import compile_projection
from event_contracts._runtime.steps import first_error, json_checker, step_stage
from event_contracts._runtime.upcast import Hop
from event_contracts.errors import DecodeError, EventError, PayloadValidationError

Run = Callable[[bytes, int], Any]


def json_same_version(info: ClassInfo) -> Run:
    """pydantic's own JSON parse; then, only where a field's type admits one (an Avro double,
    an untyped value), a check for NaN, infinities and overflowing numbers (pydantic reads
    `NaN`, `Infinity` and `1e999` as floats). JSON Schema `number` fields refuse them."""
    cls = info.cls
    finite = info.finite_check()
    if not cls.__pydantic_complete__:
        cls.model_rebuild()

    def run(data: bytes, offset: int) -> Any:
        try:
            # model_validate_json with its defaults, without its Python wrapper
            event = cls.__pydantic_validator__.validate_json(data[offset:] if offset else data)
        except ValidationError as exc:
            raise json_error(exc, info, info.event_type, info.version_number, data) from exc
        if finite is not None and finite(event):
            raise _not_finite(info.event_type, info.version_number, info, data)
        return event

    return run


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]}{'...' if len(text) > 20 else ''} overflows a double")
    return value


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _not_finite(wt: str, wv: int, info: ClassInfo, data: bytes) -> DecodeError:
    return DecodeError(
        f"{wt} v{wv} JSON payload holds NaN, an infinity or a number beyond a double's range, "
        "which JSON cannot carry",
        event_type=wt,
        from_version=wv,
        to_version=info.version_number,
        raw=data,
    )


def json_path(info: ClassInfo, hops: list[Hop]) -> Run:
    schemas = info.schemas
    origin = (hops[0].event_type, hops[0].from_version)
    stages: list[Callable[[dict[str, Any]], dict[str, Any]]] = []
    for hop in hops:
        target = hop.step.target_type if hop.step is not None else hop.event_type
        if hop.kind == "step":
            validator = schemas.validator(target, hop.to_version)
            stages.append(step_stage(hop, origin, json_checker(validator)))
        else:
            stages.append(compile_projection(schemas.version(target, hop.to_version).schema))
    cls = info.cls

    def run(data: bytes, offset: int) -> Any:
        try:
            record = json.loads(
                data[offset:] if offset else data,
                parse_float=_finite_float,
                parse_constant=_no_constant,
            )
        except (ValueError, RecursionError) as exc:
            raise DecodeError(
                f"not valid JSON for {origin[0]} v{origin[1]}: {type(exc).__name__}: {exc}",
                event_type=origin[0],
                from_version=origin[1],
                to_version=info.version_number,
                raw=data,
            ) from None
        if not isinstance(record, dict):
            raise DecodeError(
                f"{origin[0]} v{origin[1]} payload is JSON {type(record).__name__}, not an object",
                event_type=origin[0],
                from_version=origin[1],
                raw=data,
            )
        for stage in stages:
            record = stage(record)
        try:
            return cls.model_validate(record)
        except ValidationError as exc:
            raise json_error(exc, info, origin[0], origin[1], data) from exc

    return run


def json_error(exc: ValidationError, info: ClassInfo, wt: str, wv: int, data: bytes) -> EventError:
    errors = exc.errors()
    if any(e["type"] == "finite_number" for e in errors):  # a JSON Schema number: NaN, 1e999
        return _not_finite(wt, wv, info, data)
    kind = DecodeError if errors[0]["type"] == "json_invalid" else PayloadValidationError
    return kind(
        f"{wt} v{wv} payload does not fit {info.cls.__qualname__}: {first_error(exc)}",
        event_type=wt,
        from_version=wv,
        to_version=info.version_number,
        raw=data,
    )
