"""Test helpers for services that consume event contracts (needs `hypothesis`).

    from event_contracts.testing import events, payloads, verify_upcasters

    @given(events(OrderPlaced))
    def test_handler_accepts_any_order(event): ...

    def test_upcasters():
        verify_upcasters("integration_events")

`events(cls)` builds valid instances of a generated class; `payloads(event_type, version)` builds
raw payloads of any version, exactly as the runtime hands them to upcasters (Avro: the values
fastavro reads, such as `uuid.UUID`, aware `datetime`, `Decimal`; JSON Schema: JSON values).
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from event_contracts._proof.examples import INFINITE, cyclic_records, height, record_heights
from event_contracts._runtime.avro_resolve import expand
from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.schemas import for_class, for_package
from event_contracts._runtime.steps import avro_checker, json_checker
from event_contracts._runtime.upcast import DEFAULT_REGISTRY, Step, UpcasterRegistry
from event_contracts.errors import UpcastError

__all__ = ["avro_values", "events", "json_values", "metadata", "payloads", "verify_upcasters"]

E = TypeVar("E", bound=IntegrationEvent)
_UTC_RANGE = (dt.datetime(1900, 1, 1), dt.datetime(2200, 1, 1))


def events(cls: type[E], *, with_metadata: bool = False) -> st.SearchStrategy[E]:
    """Valid instances of a generated event class (optionally with random trace metadata)."""
    schemas = for_class(cls)
    raw = payloads(cls.EVENT_TYPE, cls.EVENT_VERSION, package=schemas.package)
    meta = metadata() if with_metadata else st.none()

    def build(payload: dict[str, Any], md: EventMetadata | None) -> E:
        event = cls.model_validate(payload)
        return event.model_copy(update={"metadata": md}) if md is not None else event

    return st.builds(build, raw, meta)


def metadata() -> st.SearchStrategy[EventMetadata]:
    """Trace metadata: W3C traceparent/tracestate shapes, ids, tenant."""
    hexes = st.text(alphabet="0123456789abcdef", min_size=1, max_size=1)

    def traceparent(trace: str, span: str) -> str:
        return f"00-{trace}-{span}-01"

    ids = st.uuids().map(str)
    return st.builds(
        EventMetadata,
        traceparent=st.none()
        | st.builds(
            traceparent,
            st.lists(hexes, min_size=32, max_size=32).map("".join),
            st.lists(hexes, min_size=16, max_size=16).map("".join),
        ),
        tracestate=st.none() | st.just("vendor=value"),
        correlation_id=st.none() | ids,
        causation_id=st.none() | ids,
        tenant_id=st.none() | st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12),
    )


def payloads(
    event_type: str, version: int, *, package: str = "integration_events"
) -> st.SearchStrategy[dict[str, Any]]:
    """Raw payloads (dicts with the schema's names) valid for one version of an event type."""
    schemas = for_package(package)
    v = schemas.version(event_type, version)
    if v.format == "avro":
        return avro_values(expand(v.schema, recursive=True))
    return json_values(v.schema)


# --- Avro ------------------------------------------------------------------------------------


def avro_values(schema: Any) -> st.SearchStrategy[Any]:
    """Values of an expanded Avro schema, as fastavro reads them.

    A recursive schema (`expand(schema, recursive=True)`: a reference to a record is that very
    dict) is drawn to a bounded depth: past `NESTING` records of a cycle inside one another, a
    union takes its branches of least height ("null" in `["null", "Tree"]`) and lists and maps
    are empty. A branch or item no finite value fits (a record that must contain itself) is
    never drawn; a schema with no finite value at all gives `st.nothing()`."""
    values = _AvroValues(schema)
    if values.height(schema) == INFINITE:
        return st.nothing()
    return values.of(schema, 0)


NESTING = 4
"""Records of a cycle nested in one another before `avro_values` stops recursing."""


class _AvroValues:
    def __init__(self, root: Any) -> None:
        self.heights = record_heights(root)
        self.cyclic = cyclic_records(root)
        self.built: dict[tuple[int, int], st.SearchStrategy[Any]] = {}

    def height(self, schema: Any) -> float:
        return height(schema, self.heights)

    def of(self, schema: Any, level: int) -> st.SearchStrategy[Any]:
        deep = level >= NESTING
        if isinstance(schema, list):
            finite = [(self.height(b), b) for b in schema]
            finite = [(h, b) for h, b in finite if h != INFINITE]
            if deep and self.cyclic:
                least = min((h for h, _ in finite), default=0)
                finite = [(h, b) for h, b in finite if h == least]
            return st.one_of([self.of(b, level) for _, b in finite])
        if isinstance(schema, str):
            return _AVRO_PRIMITIVES[schema]
        kind = schema["type"]
        logical = schema.get("logicalType")
        if logical is not None and (kind, logical) in _AVRO_LOGICAL:
            return _AVRO_LOGICAL[(kind, logical)](schema)
        if kind == "record":
            return self.record(schema, level)
        if kind == "enum":
            return st.sampled_from(schema["symbols"])
        if kind == "fixed":
            return st.binary(min_size=schema["size"], max_size=schema["size"])
        if kind in ("array", "map"):
            inner = schema["items"] if kind == "array" else schema["values"]
            if self.height(inner) == INFINITE or (deep and self.cyclic):
                return st.just([] if kind == "array" else {})
            if kind == "array":
                return st.lists(self.of(inner, level), max_size=4)
            return st.dictionaries(st.text(max_size=8), self.of(inner, level), max_size=3)
        return _AVRO_PRIMITIVES[kind]

    def record(self, schema: Any, level: int) -> st.SearchStrategy[Any]:
        # Each level is a strategy of its own and every level is built in full: past NESTING
        # only fields of lesser height are reached (a union's least branch, no list item), so
        # the strategies form no cycle.
        inner = min(level + 1, NESTING) if id(schema) in self.cyclic else level
        key = (id(schema), inner)
        if key not in self.built:
            self.built[key] = st.fixed_dictionaries(
                {f["name"]: self.of(f["type"], inner) for f in schema["fields"]}
            )
        return self.built[key]


_AVRO_PRIMITIVES: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "int": st.integers(-(2**31), 2**31 - 1),
    "long": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(width=32, allow_nan=False),
    "double": st.floats(allow_nan=False),
    "bytes": st.binary(max_size=16),
    "string": st.text(max_size=16),
}


def _utc(resolution_us: int) -> Callable[[Any], st.SearchStrategy[Any]]:
    def strategy(_: Any) -> st.SearchStrategy[Any]:
        return st.datetimes(*_UTC_RANGE).map(
            lambda d: d.replace(
                microsecond=d.microsecond - d.microsecond % resolution_us, tzinfo=dt.UTC
            )
        )

    return strategy


def _decimal(schema: Any) -> st.SearchStrategy[Any]:
    scale = int(schema.get("scale", 0))
    bound = decimal.Decimal(10) ** (int(schema["precision"]) - scale)
    step = decimal.Decimal(1).scaleb(-scale)
    return st.decimals(
        min_value=-bound + step, max_value=bound - step, places=scale, allow_nan=False
    ).map(lambda d: d.quantize(step))


def _time(resolution_us: int) -> Callable[[Any], st.SearchStrategy[Any]]:
    return lambda _: st.times().map(
        lambda t: t.replace(microsecond=t.microsecond - t.microsecond % resolution_us)
    )


_AVRO_LOGICAL: dict[tuple[str, str], Callable[[Any], st.SearchStrategy[Any]]] = {
    ("string", "uuid"): lambda _: st.uuids(),
    ("long", "timestamp-millis"): _utc(1000),
    ("long", "timestamp-micros"): _utc(1),
    ("int", "date"): lambda _: st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)),
    ("int", "time-millis"): _time(1000),
    ("long", "time-micros"): _time(1),
    ("bytes", "decimal"): _decimal,
    ("fixed", "decimal"): _decimal,
}


# --- JSON Schema -----------------------------------------------------------------------------


def json_values(schema: Any, root: Any = None, depth: int = 0) -> st.SearchStrategy[Any]:
    """JSON values valid under a (subset of) JSON Schema: the keywords contracts use."""
    root = schema if root is None else root
    if schema is True or schema == {}:
        return st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
    if not isinstance(schema, dict) or depth > 16:
        return st.nothing()
    if "$ref" in schema:
        return json_values(_deref(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return st.one_of([json_values(b, root, depth + 1) for b in schema[key]])
    types = schema.get("type")
    if isinstance(types, list):
        return st.one_of([json_values({**schema, "type": t}, root, depth) for t in types])
    if types is None:
        types = "object" if "properties" in schema else "string"
    return _JSON_TYPES[types](schema, root, depth)


def _deref(ref: str, root: Any) -> Any:
    node = root
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _json_string(schema: Any, root: Any, depth: int) -> st.SearchStrategy[Any]:
    fmt = schema.get("format")
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "date-time":
        return _utc(1000)(None).map(lambda d: d.isoformat().replace("+00:00", "Z"))
    if fmt == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)).map(dt.date.isoformat)
    if fmt == "email":
        return st.emails()
    if "pattern" in schema:
        return st.from_regex(schema["pattern"])
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", low + 16))
    return st.text(min_size=low, max_size=min(high, low + 16))


def _json_number(schema: Any, root: Any, depth: int, integer: bool) -> st.SearchStrategy[Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = schema["exclusiveMinimum"] + (1 if integer else 1e-9)
    if "exclusiveMaximum" in schema:
        high = schema["exclusiveMaximum"] - (1 if integer else 1e-9)
    if integer:
        return st.integers(min_value=low, max_value=high)
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


def _json_array(schema: Any, root: Any, depth: int) -> st.SearchStrategy[Any]:
    items = json_values(schema.get("items", True), root, depth + 1)
    low = int(schema.get("minItems", 0))
    high = min(int(schema.get("maxItems", low + 3)), low + 3)
    if schema.get("uniqueItems"):
        return st.lists(
            items, min_size=low, max_size=high, unique_by=lambda x: json.dumps(x, sort_keys=True)
        )
    return st.lists(items, min_size=low, max_size=high)


def _json_object(schema: Any, root: Any, depth: int) -> st.SearchStrategy[Any]:
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    return st.fixed_dictionaries(
        {k: json_values(props[k], root, depth + 1) for k in props if k in required},
        optional={k: json_values(props[k], root, depth + 1) for k in props if k not in required},
    )


_JSON_TYPES: dict[str, Callable[[Any, Any, int], st.SearchStrategy[Any]]] = {
    "string": _json_string,
    "integer": lambda s, r, d: _json_number(s, r, d, True),
    "number": lambda s, r, d: _json_number(s, r, d, False),
    "boolean": lambda s, r, d: st.booleans(),
    "null": lambda s, r, d: st.none(),
    "array": _json_array,
    "object": _json_object,
}


# --- upcasters -------------------------------------------------------------------------------


def verify_upcasters(
    package: str = "integration_events",
    *,
    registry: UpcasterRegistry | None = None,
    max_examples: int = 50,
    allow: tuple[type[BaseException], ...] = (UpcastError,),
) -> list[Step]:
    """Run every registered upcaster of `package` on generated payloads of its source version;
    each result must validate against its target version. Raises AssertionError naming the
    step, the input and the problem; returns the steps checked.

    `allow`: exceptions a step may raise to refuse an input its target cannot represent (such
    examples are skipped; decode reports them as UpcastError). By convention a step refuses by
    raising `UpcastError`; any other exception is a bug.
    """
    schemas = for_package(package)
    chain = (registry or DEFAULT_REGISTRY).chain(schemas)
    chain.verify()
    checked: list[Step] = []
    for step in sorted(chain.by_hop.values(), key=lambda s: (s.event_type, s.from_version)):
        target = schemas.version(step.target_type, step.to_version)
        if target.format == "avro":
            invalid = avro_checker(schemas.avro(step.target_type, step.to_version))
        else:
            invalid = json_checker(schemas.validator(step.target_type, step.to_version))
        source = payloads(step.event_type, step.from_version, package=package)
        _check_step(step, source, invalid, max_examples, allow)
        checked.append(step)
    return checked


def _check_step(
    step: Step,
    strategy: st.SearchStrategy[dict[str, Any]],
    invalid: Callable[[dict[str, Any]], str | None],
    max_examples: int,
    allow: tuple[type[BaseException], ...],
) -> None:
    @settings(max_examples=max_examples, deadline=None, database=None)
    @given(strategy)
    def check(payload: dict[str, Any]) -> None:
        try:
            out = step.fn(copy.deepcopy(payload))
        except allow:
            reject()
        if not isinstance(out, dict):
            raise AssertionError(f"upcaster {step} returned {type(out).__name__}, not a dict")
        problem = invalid(out)
        if problem is not None:
            raise AssertionError(
                f"upcaster {step} returned data invalid for {step.target_type} "
                f"v{step.to_version}: {problem}\n  input: {payload!r}\n  output: {out!r}"
            )

    check()
