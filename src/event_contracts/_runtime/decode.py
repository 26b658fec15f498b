"""Bytes -> an instance of the asked class, whatever version wrote them.

For each (reader class, writer type, writer version, wire format) a plan is compiled once:
the path of hops (schema resolution and hand-written upcasters, across `supersedes`), then a
closure that runs them. The common cases are straight lines: a plain fastavro read (plus a
compiled resolution function when versions differ) and a builder that skips re-validation;
pydantic's `model_validate_json` for JSON of the reader's own version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from event_contracts._runtime import framing as fr
from event_contracts._runtime.avro_resolve import IDENTITY, compile_resolution
from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.decode_avro import (
    Guard,
    Run,
    avro_path,
    guard,
    read_then,
    validator,
)
from event_contracts._runtime.decode_json import json_path, json_same_version
from event_contracts._runtime.encode import (
    _INFO,
    ClassInfo,
    WireFormat,
    avro_payload,
    class_info,
    confluent_json_of_avro,
)
from event_contracts._runtime.ids import Ids, resolver_for
from event_contracts._runtime.schemas import PackageSchemas, on_clear
from event_contracts._runtime.shape import make_builder
from event_contracts._runtime.upcast import DEFAULT_REGISTRY, Hop, UpcasterRegistry
from event_contracts.errors import (
    ContractError,
    DecodeError,
    EventError,
    UnknownVersionError,
    UpcastError,
    UsageError,
)

E = TypeVar("E", bound=IntegrationEvent)
DEFAULT_MAX_SIZE = 16 * 1024 * 1024
"""Payloads larger than this are refused before any parsing (pass max_size to change it)."""
DEFAULT_MAX_ITEMS = 100_000
"""Array items and map entries an Avro payload may hold beyond one per byte it has (pass
max_items to change it): items that take no bytes (empty records, nulls) cost work but no
input, so a 12-byte payload could otherwise claim 16 million of them."""

_PLANS: dict[tuple[Any, ...], tuple[int, Run, Guard | None, int]] = {}
_BUILDERS: dict[type[Any], Callable[[dict[str, Any]], Any] | None] = {}
on_clear(_PLANS.clear)
on_clear(_BUILDERS.clear)


def decode(
    data: bytes | bytearray | memoryview | str,
    *,
    into: type[E],
    format: WireFormat | None = None,
    framing: fr.Framing | None = None,
    event_type: str | None = None,
    version: int | None = None,
    ids: Ids = None,
    upcasters: UpcasterRegistry | None = None,
    metadata: EventMetadata | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> E:
    """Decode `data` into an instance of `into`, from whichever version wrote it.

    The writer's type and version come from the framing (single-object fingerprint, Confluent
    schema id) or, for bare payloads, from `event_type`/`version` (default: `into`'s own).
    The work a payload can cause is bounded by its size: at most `max_size` bytes, and at
    most one array item or map entry per byte plus `max_items`.
    """
    if data.__class__ is not bytes:
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")  # a lone surrogate: invalid bytes
        elif isinstance(data, bytes | bytearray | memoryview):
            data = bytes(data)
        else:
            raise UsageError(f"decode() takes bytes, not {type(data).__name__}")
    info = _INFO.get(into) or class_info(into)
    if len(data) > max_size:
        raise DecodeError(
            f"payload of {len(data)} bytes exceeds max_size={max_size}; refused unread",
            event_type=info.event_type,
            raw=data,
        )
    fmt = format or info.default_format
    registry = upcasters if upcasters is not None else DEFAULT_REGISTRY
    try:
        if (
            event_type is None
            and version is None
            and (
                (
                    fmt == "avro"
                    and data[: fr.SO_HEADER] == info.own_header
                    and (framing is None or framing == "single-object")
                )
                or (fmt == "json" and framing is None and data[:1] != fr.CONFLUENT_MAGIC)
            )
        ):  # the common cases: this very class's single-object header, bare JSON
            offset = fr.SO_HEADER if fmt == "avro" else 0
            own = info.own_plans.get(fmt)
            if own is None or own[0] is not registry or own[1][0] != registry._generation:
                plan = _cached_plan(info, registry, info.event_type, info.version_number, fmt)
                own = (registry, plan)
                info.own_plans[fmt] = own
            cached = own[1]
        else:
            writer_type, writer_v, offset = _writer(
                info, data, fmt, framing, event_type, version, ids
            )
            cached = _cached_plan(info, registry, writer_type, writer_v, fmt)
        run = cached[1]
        scan = cached[2]  # zero-width array items, enums, bytes decimals (see `guard`)
        if scan is not None and len(data) - offset >= cached[3]:
            scan(data, offset, len(data) - offset + max_items)
        event: E = run(data, offset)
    except EventError as exc:
        if exc.raw is None:
            exc.raw = data
        raise
    if metadata is not None:
        event = event.model_copy(update={"metadata": metadata})
    return event


def _cached_plan(
    info: ClassInfo, registry: UpcasterRegistry, wt: str, wv: int, fmt: WireFormat
) -> tuple[int, Run, Guard | None, int]:
    """(registry generation, run, guard, size from which to guard) for one writer version,
    compiled once."""
    key = (info.cls, wt, wv, fmt, id(registry))
    cached = _PLANS.get(key)
    if cached is None or cached[0] != registry._generation:
        run, fast = _plan(info, registry, wt, wv, fmt)
        cached = (registry._generation, run, *guard(info, wt, wv, fast))
        _PLANS[key] = cached
    return cached


def _writer(
    info: ClassInfo,
    data: bytes,
    fmt: WireFormat,
    framing: fr.Framing | None,
    event_type: str | None,
    version: int | None,
    ids: Ids,
) -> tuple[str, int, int]:
    """(writer type, writer version, payload offset)."""
    told = framing is not None
    if framing is None and fmt == "json" and data[:1] != fr.CONFLUENT_MAGIC:
        return event_type or info.event_type, version or info.version_number, 0  # bare JSON
    if framing is None:
        if fmt == "json":
            framing = "confluent" if data[:1] == fr.CONFLUENT_MAGIC else "none"
        elif event_type is not None or version is not None:
            framing = "none"
    if fmt == "json" and framing == "single-object":
        raise UsageError("single-object encoding is Avro's; JSON uses 'confluent' or 'none'")
    header = fr.read_header(data, framing)
    schemas = info.schemas
    if header.fingerprint is not None:
        found = schemas.find_fingerprint(header.fingerprint)
        if found is None:
            raise UnknownVersionError(
                f"no Avro schema in {schemas.package!r} has fingerprint "
                f"{header.fingerprint[::-1].hex()} (single-object header); the producer uses "
                "a schema this package does not ship: upgrade the contracts package",
                event_type=event_type,
                raw=data,
            )
        wt, wv = found
    elif header.schema_id is not None:
        what = f"reads schema id {header.schema_id}"
        try:
            resolver = resolver_for(ids, schemas, what)
        except UsageError as exc:
            if told:  # the caller asked for Confluent framing without ids: their mistake
                raise
            # The bytes chose Confluent framing (magic byte 00): an event error, with the fix.
            raise DecodeError(f"the payload starts with Confluent's magic byte: {exc}") from None
        try:
            wt, wv = resolver.version_for(header.schema_id)
        except ContractError:
            raise  # our errors, and a registry that could not be reached, pass unchanged
        except Exception as exc:  # a resolver that does not know the id
            raise UnknownVersionError(
                f"schema id {header.schema_id} is unknown to {type(resolver).__name__}: "
                f"{type(exc).__name__}: {exc}",
                raw=data,
            ) from exc
        known = wt in schemas.catalog.event_types
        if fmt == "json" and known and schemas.catalog[wt].format == "avro":
            raise DecodeError(confluent_json_of_avro(wt), event_type=wt, raw=data)
    else:
        return event_type or info.event_type, version or info.version_number, 0
    if (event_type is not None and event_type != wt) or (version is not None and version != wv):
        raise DecodeError(
            f"the {header.framing} header says {wt} v{wv}, the caller said "
            f"{event_type or wt} v{version or wv}",
            event_type=wt,
            from_version=wv,
            raw=data,
        )
    return wt, wv, header.offset


def _plan(
    info: ClassInfo, registry: UpcasterRegistry, wt: str, wv: int, fmt: WireFormat
) -> tuple[Run, bool | None]:
    """The run, and how it reads Avro bytes: with `avro_read` (True), with `avro` (False),
    not at all (None: JSON)."""
    schemas = info.schemas
    schemas.version(wt, wv)
    chain = registry.chain(schemas)
    hops = chain.path((wt, wv), (info.event_type, info.version_number), None)
    _check_downcast(schemas, hops, info)
    writer_format = schemas.event_type(wt).format
    if fmt == "json" and not hops:
        return json_same_version(info), None
    if fmt == "json" and writer_format == "jsonschema":
        return json_path(info, hops), None
    if fmt == "json":
        return _avro_from_json(info, registry, wt, wv), None
    if writer_format != "avro":
        raise UsageError(f"{wt} is a JSON Schema event; decode it with format='json'")
    if all(h.kind == "resolve" for h in hops):
        return _avro_straight(info, wt, wv)
    return avro_path(info, wt, wv, hops), False


def _check_downcast(schemas: PackageSchemas, hops: list[Hop], info: ClassInfo) -> None:
    for hop in hops:
        if hop.kind == "resolve" and hop.from_version > hop.to_version:
            t = schemas.event_type(hop.event_type)
            if t.mode_explicit and "forward" not in t.mode.directions:
                raise UpcastError(
                    f"{t.id} is {t.mode.value}: older readers are not promised to read newer "
                    f"payloads, so v{hop.from_version} cannot be read as v{hop.to_version}; "
                    "upgrade the consumer to the newer class",
                    event_type=t.id,
                    from_version=hop.from_version,
                    to_version=hop.to_version,
                )


# --- Avro -------------------------------------------------------------------------------------


def _fast_builder(info: ClassInfo) -> Callable[[dict[str, Any]], Any] | None:
    """dict read with the plain (logical-free) schema -> instance, without re-validation;
    None when the class does not have the shapes the generated builder handles."""
    if info.cls not in _BUILDERS:
        _BUILDERS[info.cls] = make_builder(info.cls, info.expanded)
    return _BUILDERS[info.cls]


def _avro_straight(info: ClassInfo, wt: str, wv: int) -> tuple[Run, bool]:
    """No hand-written step: one read (resolving where versions differ), then build; and
    whether the read is with `avro_read`.

    With a fast builder, bytes are read with the plain schemas (fastavro's per-value logical
    dispatch and enum lookups skipped) and the builder converts; otherwise fastavro converts
    and pydantic validates."""
    schemas = info.schemas
    dv = info.version_number
    fast = _fast_builder(info)
    plain = fast is not None
    writer = schemas.avro_read(wt, wv) if plain else schemas.avro(wt, wv)
    build = fast if fast is not None else validator(info)
    if wv == dv and wt == info.event_type:
        return read_then(info, wt, wv, writer, None, plain, build), plain
    resolve = compile_resolution(schemas.version(wt, wv).schema, info.version.schema, plain=plain)
    if resolve is None:  # rare shapes: fastavro's resolver, converting logical types
        # itself (it converts per the writer's schema, which may not have the reader's
        # unions), into a builder that takes converted values
        converted = make_builder(info.cls, info.expanded, converted=True) if plain else None
        build = converted if converted is not None else validator(info)
        full = schemas.avro(wt, wv)
        return read_then(info, wt, wv, full, info.parsed, converted is not None, build), False
    if resolve is IDENTITY:
        return read_then(info, wt, wv, writer, None, plain, build), plain
    return read_then(info, wt, wv, writer, None, plain, lambda d: build(resolve(d))), plain


def _avro_from_json(info: ClassInfo, registry: UpcasterRegistry, wt: str, wv: int) -> Run:
    """JSON text of another version of an Avro event: read it with that version's class, then
    take the Avro path (the class re-encodes it; rare, so simplicity wins over speed)."""
    writer_cls = info.schemas.class_for(wt, wv)
    if writer_cls is None:
        raise UpcastError(
            f"cannot read JSON of {wt} v{wv}: package {info.schemas.package!r} has no class for "
            "that version imported",
            event_type=wt,
            from_version=wv,
            to_version=info.version_number,
        )
    writer_info = class_info(writer_cls)
    read_json = json_same_version(writer_info)
    avro_run = _plan(info, registry, wt, wv, "avro")[0]

    def run(data: bytes, offset: int) -> Any:
        return avro_run(avro_payload(writer_info, read_json(data, offset)), 0)

    return run
