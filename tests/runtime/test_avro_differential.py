"""Differential test of the typed Avro runtime against fastavro, on random schemas and data.

For each random event schema: `generate` the classes in a throwaway project, write random data
with fastavro, `decode` it into the generated class, `encode` the instance again, and read both
payloads with fastavro: the values must be the same, type for type (7 is not 7.0, bytes are not
str, a record of union branch B is not branch A). Evolution: data of a writer schema decoded into
the class of a reader schema must equal fastavro's own resolving read.
"""

from __future__ import annotations

import io
import math
import struct
from pathlib import Path
from typing import Any

import fastavro
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from tests.codegen.helpers import import_generated, make_project, run_cli

import event_contracts as ec
from event_contracts._runtime.avro_resolve import compile_resolution, expand

from .avro_strategies import event_schemas, evolutions, raw_datum, strip, with_defaults

READ = {"return_named_type": True}
NODE = {
    "type": "record",
    "name": "Node",
    "fields": [{"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}],
}


def same(a: Any, b: Any) -> bool:
    """Equal, type for type (and -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return (
            (a == b and math.copysign(1, a) == math.copysign(1, b))
            or (a != a and b != b)
            or _float32_of(a, b)
        )
    return bool(a == b)


def _float32_of(ours: float, reference: float) -> bool:
    """`ours` went through an Avro float (32 bits) and is `reference` rounded to one: fastavro
    keeps an int or long promoted to a float reader at full precision (2**24 + 1), which no
    float on the wire can hold."""
    try:
        return _F32.unpack(_F32.pack(reference))[0] == ours == _F32.unpack(_F32.pack(ours))[0]
    except (OverflowError, struct.error):
        return False


_F32 = struct.Struct("<f")


def _untag(value: Any) -> Any:
    """`value` without fastavro's `(name, value)` tags (fastavro reads no other tuple)."""
    if isinstance(value, tuple):
        return _untag(value[1])
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if isinstance(value, dict):
        return {k: _untag(v) for k, v in value.items()}
    return value


def _generate(tmp: Path, versions: list[Any]) -> list[Any]:
    files = {f"mod/Ev/v{i}.avsc": s for i, s in enumerate(versions, start=1)}
    package = make_project(tmp, files)
    (tmp / "schemas/mod/Ev/event.toml").write_text('description = "random"\nmode = "NONE"\n')
    code, out, err = run_cli(tmp, "generate")
    assert code == 0, (out, err)
    module = import_generated(tmp, f"{package}.mod")
    return [getattr(module, f"EvV{i}") for i in range(1, len(versions) + 1)]


def _write(schema: Any, datum: Any) -> bytes:
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(strip(schema)), datum)
    return buf.getvalue()


def _read(data: bytes, writer: Any, reader: Any = None) -> Any:
    w = fastavro.parse_schema(writer)
    r = fastavro.parse_schema(reader) if reader is not None else None
    return fastavro.schemaless_reader(io.BytesIO(data), w, r, **READ)


def check_round_trip(tmp: Path, schema: Any, data: st.DataObject) -> None:
    (cls,) = _generate(tmp, [schema])
    datum = raw_datum(data.draw, expand(schema, recursive=True))
    payload = _write(schema, datum)
    reference = _read(payload, schema)
    event = ec.decode(payload, into=cls, framing="none")
    again = ec.encode(event, framing="none")
    assert same(_read(again, schema), reference), (reference, _read(again, schema))
    assert ec.decode(ec.encode(event), into=cls) == event


_PROMOTES_TO = {
    "int": {"long", "float", "double"},
    "long": {"float", "double"},
    "float": {"double"},
    "string": {"bytes"},
    "bytes": {"string"},
}


def _base(branch: Any) -> str:
    kind = branch.get("type") if isinstance(branch, dict) else branch
    return kind if isinstance(kind, str) else ""


def _shadowing_union(node: Any) -> bool:
    """A union listing a type that another of its types promotes to before that other type
    (`["float", "int"]`, `["bytes", "string"]`): fastavro moves a value entering it into the
    earlier branch, as the specification's words say; the runtime keeps its branch, as Apache
    Avro's Java reader does (docs/runtime.md). `test_exact_branch_before_promotion` pins
    that rule; fastavro is no reference for such readers."""
    if isinstance(node, list):
        kinds = [_base(b) for b in node]
        if any(k in _PROMOTES_TO.get(m, ()) for i, k in enumerate(kinds) for m in kinds[i + 1 :]):
            return True
        return any(_shadowing_union(b) for b in node)
    if isinstance(node, dict):
        return any(_shadowing_union(v) for k, v in node.items() if k != "default")
    return False


def check_evolution(tmp: Path, writer: Any, reader: Any, data: st.DataObject) -> None:
    assume(not _shadowing_union(reader))
    _, cls = _generate(tmp, [writer, reader])
    payload = _write(writer, raw_datum(data.draw, expand(writer, recursive=True)))
    try:
        resolved = _read(payload, writer, reader)
    except (UnicodeDecodeError, fastavro.read.SchemaResolutionError):
        # fastavro tries bytes->string before an exact `bytes` branch; or the data picks a
        # writer branch the reader lacks: no reference to compare with
        assume(False)
    event = ec.decode(payload, into=cls, event_type="mod.Ev", version=1)
    ours = _read(ec.encode(event, framing="none"), reader)
    # fastavro names a named union branch only where the writer had a union: compare the
    # values (unnamed branches still differ by type; the round trip test checks the names)
    assert same(_untag(ours), _untag(resolved)), (resolved, ours)


def check_compiled(writer: Any, reader: Any, data: st.DataObject) -> None:
    """The resolution compiled for fastavro's own (converted) reads, as upcasters and classes
    without a fast builder use it, against fastavro's resolving read."""
    assume(not _shadowing_union(reader))
    compiled = compile_resolution(writer, reader)
    event("compiled" if compiled is not None else "left to fastavro")
    if compiled is None:
        return  # left to fastavro's resolver: nothing of ours to compare
    payload = _write(writer, raw_datum(data.draw, expand(writer, recursive=True)))
    w, r = fastavro.parse_schema(writer), fastavro.parse_schema(reader)
    try:
        resolved = fastavro.schemaless_reader(io.BytesIO(payload), w, r)
    except (UnicodeDecodeError, fastavro.read.SchemaResolutionError):
        assume(False)
    ours = compiled(fastavro.schemaless_reader(io.BytesIO(payload), w, None))
    assert same(ours, resolved), (resolved, ours)


@st.composite
def _schemas(draw: st.DrawFn) -> Any:
    return with_defaults(draw, draw(event_schemas()))


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Any, Any]:
    writer = draw(event_schemas())
    return writer, draw(evolutions(writer))


def _ev(*fields: Any) -> dict[str, Any]:
    return {"type": "record", "name": "Ev", "namespace": "mod", "fields": list(fields)}


def _logical(base: str, name: str) -> dict[str, Any]:
    return {"type": base, "logicalType": name}


def _record(name: str) -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": [{"name": "x", "type": "int"}]}


def _enum(name: str) -> dict[str, Any]:
    return {"type": "enum", "name": name, "symbols": ["A", "B"]}


# Shapes that once went wrong, kept as regression examples.
KNOWN = [
    _ev({"name": "a", "type": ["null", {"type": "array", "items": "string"}]}),
    _ev({"name": "head", "type": NODE}),
    _ev({"name": "u", "type": ["double", "int"]}, {"name": "tuple", "type": ["float", "double"]}),
    _ev(
        {"name": "u", "type": [_logical("int", "time-millis"), _logical("long", "time-micros")]},
        {"name": "d", "type": [_logical("int", "date"), "string"]},
    ),
    _ev(
        {"name": "r", "type": [_record("A"), _record("B"), {"type": "map", "values": "int"}]},
        {"name": "e", "type": ["null", _logical("string", "uuid"), _enum("E")]},
    ),
    _ev(  # enums of one symbol in a map in a union: fastavro cannot try that branch
        {
            "name": "m",
            "type": [
                {"type": "map", "values": ["null", _enum("T0"), {**_enum("T1"), "symbols": ["A"]}]},
                "null",
            ],
        },
    ),
    _ev(  # a fixed decimal defined in a union, used outside it
        {
            "name": "u",
            "type": [
                "null",
                {
                    **_logical("fixed", "decimal"),
                    "name": "F",
                    "size": 3,
                    "precision": 6,
                    "scale": 1,
                },
            ],
        },
        {"name": "f", "type": "F"},
    ),
]


_DEC = {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}
KNOWN_EVOLUTIONS = [
    (  # fastavro resolves (recursive type), a decimal enters a union
        _ev(
            {
                "name": "n",
                "type": {**NODE, "fields": [{"name": "value", "type": _DEC}, NODE["fields"][1]]},
            }
        ),
        _ev(
            {
                "name": "n",
                "type": {
                    **NODE,
                    "fields": [{"name": "value", "type": [_DEC, "null"]}, NODE["fields"][1]],
                },
            }
        ),
    ),
    (  # an alias naming a writer field another reader field takes by name
        _ev({"name": "x", "type": "int"}, {"name": "y", "type": "int"}),
        _ev(
            {"name": "z", "type": "int", "aliases": ["x"], "default": 9},
            {"name": "x", "type": "long"},
            {"name": "y", "type": ["null", "double"]},
        ),
    ),
]


@pytest.mark.parametrize("pair", KNOWN_EVOLUTIONS, ids=range(len(KNOWN_EVOLUTIONS)))
@settings(max_examples=10)
@given(data=st.data())
def test_known_evolutions_read_as_fastavro_resolves(
    tmp_path_factory: pytest.TempPathFactory, pair: tuple[Any, Any], data: st.DataObject
) -> None:
    check_evolution(tmp_path_factory.mktemp("p"), *pair, data)


@pytest.mark.parametrize("schema", KNOWN, ids=range(len(KNOWN)))
@settings(max_examples=10)
@given(data=st.data())
def test_known_shapes_round_trip_exactly(
    tmp_path_factory: pytest.TempPathFactory, schema: Any, data: st.DataObject
) -> None:
    check_round_trip(tmp_path_factory.mktemp("p"), schema, data)


@settings(max_examples=12)
@given(_schemas(), st.data())
def test_random_schemas_round_trip_exactly(
    tmp_path_factory: pytest.TempPathFactory, schema: Any, data: st.DataObject
) -> None:
    check_round_trip(tmp_path_factory.mktemp("p"), schema, data)


@settings(max_examples=12)
@given(_pairs(), st.data())
def test_random_evolutions_read_as_fastavro_resolves(
    tmp_path_factory: pytest.TempPathFactory, pair: tuple[Any, Any], data: st.DataObject
) -> None:
    check_evolution(tmp_path_factory.mktemp("p"), *pair, data)


@settings(max_examples=150)
@given(_pairs(), st.data())
def test_random_evolutions_compile_as_fastavro_resolves(
    pair: tuple[Any, Any], data: st.DataObject
) -> None:
    check_compiled(*pair, data)


@pytest.mark.slow
@settings(max_examples=400)
@given(_schemas(), _pairs(), st.data())
def test_slow_random_schemas_and_evolutions(
    tmp_path_factory: pytest.TempPathFactory,
    schema: Any,
    pair: tuple[Any, Any],
    data: st.DataObject,
) -> None:
    check_round_trip(tmp_path_factory.mktemp("p"), schema, data)
    check_evolution(tmp_path_factory.mktemp("p"), *pair, data)
    check_compiled(*pair, data)
