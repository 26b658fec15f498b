"""Avro decoding plans: a fastavro read of untrusted bytes, the checks around it, the build.

`read_then` is the straight path's one function (read, then build, every failure a
`ContractError`); `guard` is the skip-scan the bytes go through first where fastavro would
trust them about something (`avro_scan`); `avro_path` runs hand-written upcasters on dicts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fastavro import schemaless_reader, schemaless_writer
from fastavro.read import SchemaResolutionError
from pydantic import ValidationError

from event_contracts._runtime.avro_resolve import compile_resolution
from event_contracts._runtime.avro_scan import ScanError
from event_contracts._runtime.encode import ClassInfo
from event_contracts._runtime.schemas import PackageSchemas
from event_contracts._runtime.steps import avro_invalid, first_error, step_stage
from event_contracts._runtime.upcast import Hop
from event_contracts.errors import DecodeError, EventError, PayloadValidationError, UpcastError

Run = Callable[[bytes, int], Any]
Guard = Callable[[bytes, int, int], None]
SCAN_FROM = 4096
"""Payload size from which the enums and bytes decimals a fast builder checks after the read
are checked before it too (by `avro_scan`): a read allocates up to ~200 bytes per payload byte
(a one-boolean record per item), so a refusal after it stays well under a megabyte."""


def read_then(
    info: ClassInfo, wt: str, wv: int, writer: Any, reader: Any, plain: bool, convert: Any
) -> Run:
    """Read (wt, wv) bytes with `writer` (resolving into `reader` when given; `plain`: named
    union branches as (name, value), for a fast builder), then `convert` the dict into the
    instance. Values fastavro accepted but the builder refuses (an enum index outside the
    symbols) or Python cannot hold (a date beyond year 9999) -> DecodeError."""
    dv = info.version_number

    def run(data: bytes, offset: int) -> Any:
        record = _read(data, offset, writer, reader, plain, wt, wv, dv)
        try:
            return convert(record)
        except EventError:
            raise
        except ScanError as exc:  # what the fast builders check (`avro_read`)
            raise DecodeError(
                f"corrupt Avro payload for {wt} v{wv}: {exc}",
                event_type=wt,
                from_version=wv,
                to_version=dv,
                raw=data,
            ) from None
        except Exception as exc:
            raise DecodeError(
                f"{wt} v{wv} payload holds a value {info.cls.__qualname__} cannot represent: "
                f"{type(exc).__name__}: {exc}",
                event_type=wt,
                from_version=wv,
                to_version=dv,
                raw=data,
            ) from exc

    return run


def guard(info: ClassInfo, wt: str, wv: int, fast: bool | None) -> tuple[Guard | None, int]:
    """The skip-scan Avro bytes of (wt, wv) go through before fastavro reads them (or None),
    and the payload size from which it is needed.

    Only a schema with something fastavro trusts the payload about gets one (see
    `avro_scan`): an array of zero-width items (a three-byte block can claim 2**62 of them),
    an enum (a negative index), a bytes decimal (a length beyond its precision). A plan that
    reads with `avro_read` (`fast`, see `_plan`) has its builder check the enums and decimals
    that schema leaves to it: its payloads are scanned for what fastavro still reads (always),
    and for those too only from `SCAN_FROM` bytes on, so that a payload refused after the read
    never cost more than reading that many bytes. The scan allows at most `budget` array
    items and map entries per payload: one per byte plus `max_items`, so such a payload costs
    no more than a legitimate one of its size."""
    if fast is None:
        return None, 0
    scan = info.schemas.avro_scan(wt, wv, fast=fast)
    big = info.schemas.avro_scan(wt, wv) if fast else scan
    if scan is None and big is None:
        return None, 0
    dv = info.version_number

    def guard(data: bytes, offset: int, budget: int) -> None:
        found = big if len(data) - offset >= SCAN_FROM else scan
        assert found is not None  # (decode calls it from SCAN_FROM bytes when `scan` is None)
        try:
            found(data, offset, budget)
        except ScanError as exc:
            raise DecodeError(
                f"corrupt Avro payload for {wt} v{wv}: {exc} (at most {budget} items for "
                f"{len(data) - offset} bytes; raise max_items to allow more)",
                event_type=wt,
                from_version=wv,
                to_version=dv,
                raw=data,
            ) from None

    return guard, (0 if scan is not None else SCAN_FROM)


def validator(info: ClassInfo) -> Callable[[dict[str, Any]], Any]:
    cls = info.cls

    def build(record: dict[str, Any]) -> Any:
        try:
            return cls.model_validate(record)
        except ValidationError as exc:
            raise PayloadValidationError(
                f"the data does not fit {cls.__qualname__} ({info.event_type} "
                f"v{info.version_number}): {first_error(exc)}",
                event_type=info.event_type,
                to_version=info.version_number,
            ) from exc

    return build


def read_with(wt: str, wv: int, dv: int, writer: Any, reader: Any, plain: bool = False) -> Run:
    """A fastavro read; `plain`: for a fast builder (named union branches as (name, value))."""

    def read(data: bytes, offset: int) -> Any:
        return _read(data, offset, writer, reader, plain, wt, wv, dv)

    return read


def _read(
    data: bytes, offset: int, writer: Any, reader: Any, plain: bool, wt: str, wv: int, dv: int
) -> Any:
    """fastavro's read of the whole payload from `offset`, every failure a `ContractError`."""
    buf = io.BytesIO(data)
    buf.seek(offset)
    try:
        record = schemaless_reader(buf, writer, reader, return_named_type=plain)
    except SchemaResolutionError as exc:
        raise UpcastError(
            f"{wt} v{wv} data cannot be read as v{dv}: {exc}",
            event_type=wt,
            from_version=wv,
            to_version=dv,
            raw=data,
        ) from exc
    except Exception as exc:  # fastavro raises EOFError, ValueError, IndexError...
        raise DecodeError(
            f"corrupt or truncated Avro payload for {wt} v{wv}: {type(exc).__name__}: {exc}",
            event_type=wt,
            from_version=wv,
            to_version=dv,
            raw=data,
        ) from exc
    if buf.tell() != len(data):
        raise DecodeError(
            f"{len(data) - buf.tell()} unexpected byte(s) after the {wt} v{wv} payload",
            event_type=wt,
            from_version=wv,
            to_version=dv,
            raw=data,
        )
    return record


def avro_path(info: ClassInfo, wt: str, wv: int, hops: list[Hop]) -> Run:
    read = read_with(wt, wv, info.version_number, info.schemas.avro(wt, wv), None)
    stages = [_avro_hop(info.schemas, hop, (wt, wv)) for hop in hops]
    final = validator(info)

    def run(data: bytes, offset: int) -> Any:
        record = read(data, offset)
        for stage in stages:
            record = stage(record)
        return final(record)

    return run


def _avro_hop(
    schemas: PackageSchemas, hop: Hop, origin: tuple[str, int]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    target = hop.step.target_type if hop.step is not None else hop.event_type
    to_parsed = schemas.avro(target, hop.to_version)
    if hop.kind == "step":
        assert hop.step is not None
        return step_stage(hop, origin, lambda d: avro_invalid(d, to_parsed))
    src, dst = (
        schemas.version(hop.event_type, hop.from_version),
        schemas.version(target, hop.to_version),
    )
    compiled = compile_resolution(src.schema, dst.schema)
    if compiled is not None:
        return compiled
    from_parsed = schemas.avro(hop.event_type, hop.from_version)

    def slow(record: dict[str, Any]) -> dict[str, Any]:
        # Rare shapes: round-trip through bytes so fastavro's resolver does the work.
        buf = io.BytesIO()
        try:
            schemaless_writer(buf, from_parsed, record)
            buf.seek(0)
            out: dict[str, Any] = schemaless_reader(buf, from_parsed, to_parsed)  # type: ignore[assignment]
        except Exception as exc:
            raise UpcastError(
                f"schema resolution of {hop.event_type} v{hop.from_version} -> "
                f"v{hop.to_version} failed: {type(exc).__name__}: {exc}",
                event_type=origin[0],
                from_version=origin[1],
                to_version=hop.to_version,
            ) from exc
        return out

    return slow
