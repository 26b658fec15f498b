"""Compiled Avro resolution gives exactly what fastavro's resolving reader gives, and shapes it
does not compile still decode through fastavro."""

from __future__ import annotations

import importlib
import io
import itertools
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts import UpcastError, decode, encode
from event_contracts._runtime.avro_resolve import IDENTITY, compile_resolution, expand
from event_contracts._runtime.schemas import for_package
from event_contracts.testing import avro_values

PAIRS = [
    (t.id, w.number, r.number)
    for t in for_package("integration_events").catalog
    if t.format == "avro"
    for w, r in itertools.permutations(t.versions, 2)
]


def resolving_read(writer: Any, reader: Any, record: Any) -> Any:
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(writer), record)
    buf.seek(0)
    plain = schemaless_reader(buf, parse_schema(writer), None)
    buf.seek(0)
    return plain, schemaless_reader(buf, parse_schema(writer), parse_schema(reader))


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}:v{p[1]}->v{p[2]}")
@settings(max_examples=20)
@given(data=st.data())
def test_compiled_resolution_matches_fastavro(pair: tuple[str, int, int], data: Any) -> None:
    type_id, w, r = pair
    t = for_package("integration_events").catalog[type_id]
    writer, reader = t.version(w).schema, t.version(r).schema
    compiled = compile_resolution(writer, reader)
    assert compiled is not None, "every bundled evolution is additive and should compile"
    record = data.draw(avro_values(expand(writer)))
    plain, expected = resolving_read(writer, reader, record)
    assert compiled(plain) == expected


def record(fields: list[Any], name: str = "R") -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": fields}


def test_promotions_aliases_and_drops() -> None:
    writer = record(
        [
            {"name": "a", "type": "int"},
            {"name": "old", "type": "string"},
            {"name": "gone", "type": {"type": "array", "items": "long"}},
            {"name": "n", "type": {"type": "map", "values": "int"}},
        ]
    )
    reader = record(
        [
            {"name": "a", "type": "double"},
            {"name": "new", "type": "string", "aliases": ["old"]},
            {"name": "n", "type": {"type": "map", "values": "long"}},
            {"name": "extra", "type": {"type": "array", "items": "int"}, "default": [1, 2]},
        ]
    )
    value = {"a": 3, "old": "x", "gone": [1], "n": {"k": 1}}
    compiled = compile_resolution(writer, reader)
    assert compiled is not None
    plain, expected = resolving_read(writer, reader, value)
    out = compiled(plain)
    assert out == expected == {"a": 3.0, "new": "x", "n": {"k": 1}, "extra": [1, 2]}
    assert isinstance(out["a"], float)
    out["extra"].append(3)  # each message gets its own copy of a mutable default
    assert compiled(resolving_read(writer, reader, value)[0])["extra"] == [1, 2]


def test_identical_schemas_need_no_work() -> None:
    schema = record([{"name": "a", "type": ["null", "string"], "default": None}])
    assert compile_resolution(schema, {**schema, "doc": "docs do not matter"}) is IDENTITY


@pytest.mark.parametrize(
    ("writer_type", "reader_type"),
    [
        (  # a symbol the reader lacks, without a default: fastavro raises on it
            {"type": "enum", "name": "E", "symbols": ["A", "B"]},
            {"type": "enum", "name": "E", "symbols": ["A"]},
        ),
        (["null", "string", "int"], ["null", "string"]),
        (["int", "long"], ["float", "long"]),  # one Python int, two conversions
    ],
)
def test_rare_shapes_are_left_to_fastavro(writer_type: Any, reader_type: Any) -> None:
    writer = record([{"name": "f", "type": writer_type}])
    reader = record([{"name": "f", "type": reader_type}])
    assert compile_resolution(writer, reader) is None


_E = {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}


@pytest.mark.parametrize(
    ("writer_type", "reader_type", "value"),
    [
        ("string", "bytes", "é"),
        ("bytes", "string", "é".encode()),
        (["null", "string"], ["null", "bytes"], "é"),
        (["int", "bytes"], ["string", "long"], b"x"),
        (["int", "bytes"], ["string", "long"], 7),
        # a symbol the reader lacks reads as the reader's default
        (_E, {**_E, "symbols": ["C", "A"], "default": "C"}, "B"),
        (_E, {**_E, "symbols": ["C", "A"], "default": "C"}, "A"),
        (["null", _E], ["null", {**_E, "symbols": ["A"], "default": "A"}], "C"),
        (["int", _E], ["int", {**_E, "symbols": ["B"], "default": "B"}], "A"),
    ],
)
def test_promotions_and_enum_defaults_compile_as_fastavro_reads(
    writer_type: Any, reader_type: Any, value: Any
) -> None:
    writer = record([{"name": "f", "type": writer_type}])
    reader = record([{"name": "f", "type": reader_type}])
    compiled = compile_resolution(writer, reader)
    assert compiled is not None
    plain, expected = resolving_read(writer, reader, {"f": value})
    out = compiled(plain)  # (in place)
    assert out == expected
    assert type(out["f"]) is type(expected["f"])


EVENT_TOML = 'description = "An item was sold."\nsubscribers = []\nmode = "{mode}"\n'


def item_sold(symbols: list[str]) -> str:
    kind: dict[str, Any] = {"type": "enum", "name": "Kind", "symbols": symbols}
    if "C" in symbols:
        kind["default"] = "A"
    fields = [{"name": "item", "type": "string"}, {"name": "kind", "type": kind}]
    return json.dumps({"type": "record", "name": "ItemSold", "namespace": "shop", "fields": fields})


CLASSES = """
    import enum
    from typing import ClassVar
    from event_contracts import EventMetadata, IntegrationEvent
    from event_contracts._runtime.schemas import for_package

    _T = for_package(__name__).catalog["shop.ItemSold"]


    class Kind1(enum.StrEnum):
        A = "A"
        B = "B"


    class Kind2(enum.StrEnum):
        A = "A"
        B = "B"
        C = "C"


    class ItemSoldV1(IntegrationEvent):
        EVENT_TYPE: ClassVar[str] = "shop.ItemSold"
        EVENT_VERSION: ClassVar[int] = 1
        SCHEMA_FORMAT = "avro"
        SCHEMA_FINGERPRINT: ClassVar[str] = _T.version(1).fingerprint
        SCHEMA_RESOURCE: ClassVar[str] = "shop/ItemSold/v1.avsc"
        item: str
        kind: Kind1
        metadata: EventMetadata | None = None


    class ItemSoldV2(IntegrationEvent):
        EVENT_TYPE: ClassVar[str] = "shop.ItemSold"
        EVENT_VERSION: ClassVar[int] = 2
        SCHEMA_FORMAT = "avro"
        SCHEMA_FINGERPRINT: ClassVar[str] = _T.version(2).fingerprint
        SCHEMA_RESOURCE: ClassVar[str] = "shop/ItemSold/v2.avsc"
        item: str
        kind: Kind2
        metadata: EventMetadata | None = None
"""


def shop_package(root: Path, name: str, mode: str) -> Any:
    event_dir = root / name / "_schemas" / "shop" / "ItemSold"
    event_dir.mkdir(parents=True)
    (event_dir / "event.toml").write_text(EVENT_TOML.format(mode=mode))
    (event_dir / "v1.avsc").write_text(item_sold(["A", "B"]))
    (event_dir / "v2.avsc").write_text(item_sold(["A", "B", "C"]))
    (root / name / "__init__.py").write_text(textwrap.dedent(CLASSES))
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(root))


def test_downcast_through_fastavro_where_the_mode_allows_it(tmp_path: Path) -> None:
    shop = shop_package(tmp_path, "shop_full", "FULL")
    v1 = shop.ItemSoldV1(item="tea", kind="B")
    assert decode(encode(v1), into=shop.ItemSoldV2).kind == "B"  # compiled: symbols grew
    # v2 -> v1 is not compiled (the reader lacks a symbol): fastavro resolves it.
    v2 = shop.ItemSoldV2(item="tea", kind="B")
    assert decode(encode(v2), into=shop.ItemSoldV1) == v1
    unknown = encode(shop.ItemSoldV2(item="tea", kind="C"))
    with pytest.raises(UpcastError, match="cannot be read as v1") as info:
        decode(unknown, into=shop.ItemSoldV1)
    assert info.value.raw == unknown


def test_mode_that_forbids_downcasting(tmp_path: Path) -> None:
    shop = shop_package(tmp_path, "shop_backward", "BACKWARD")
    v2 = shop.ItemSoldV2(item="tea", kind="B")
    with pytest.raises(UpcastError, match="BACKWARD") as info:
        decode(encode(v2), into=shop.ItemSoldV1)
    assert info.value.raw == encode(v2)


AVRO_CLASSES = [
    (t.id, v.number)
    for t in for_package("integration_events").catalog
    if t.format == "avro"
    for v in t.versions
]


@pytest.mark.parametrize("key", AVRO_CLASSES, ids=lambda k: f"{k[0]}v{k[1]}")
@settings(max_examples=15)
@given(data=st.data())
def test_fast_path_equals_fastavro_plus_validation(key: tuple[str, int], data: Any) -> None:
    """Plain read + generated builder == fastavro's logical read + pydantic validation."""
    schemas = for_package("integration_events")
    cls = schemas.class_for(*key)
    assert cls is not None
    record = data.draw(avro_values(expand(schemas.version(*key).schema)))
    buf = io.BytesIO()
    schemaless_writer(buf, schemas.avro(*key), record)
    payload = buf.getvalue()
    expected = cls.model_validate(schemaless_reader(io.BytesIO(payload), schemas.avro(*key), None))
    got = decode(payload, into=cls, framing="none")
    assert got == expected and hash(got) == hash(expected)
    assert got.model_dump() == expected.model_dump()


def test_timestamp_beyond_python_datetime_is_decode_error() -> None:
    from event_contracts import DecodeError
    from integration_events.identity import UserRegisteredV1

    from .samples import user_v1

    schemas = for_package("integration_events")
    plain = schemaless_reader(
        io.BytesIO(encode(user_v1(), framing="none")),
        schemas.avro_plain("identity.UserRegistered", 1),
        None,
    )
    buf = io.BytesIO()
    plain["registered_at"] = 2**62
    schemaless_writer(buf, schemas.avro_plain("identity.UserRegistered", 1), plain)
    with pytest.raises(DecodeError, match="cannot represent") as info:
        decode(buf.getvalue(), into=UserRegisteredV1, framing="none")
    assert info.value.raw == buf.getvalue()
