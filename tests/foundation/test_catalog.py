"""`load_catalog`: the bundled schemas as a frozen, typed catalog with real fingerprints."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import avro.schema
import pytest

from event_contracts import Mode, SchemaError, load_catalog
from event_contracts._schema.avro import canonical_and_fingerprint
from event_contracts._schema.jsonpos import line_of, positions

# The engine's own fixture (a frozen copy of the shipped catalog), never `schemas/`.
BUNDLED = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sample" / "schemas"


def test_the_bundled_catalog_loads_with_modes_from_config() -> None:
    catalog = load_catalog(BUNDLED)
    assert len(catalog) == 13
    product = catalog["catalog.ProductAdded"]
    assert (product.module, product.name, product.format) == ("catalog", "ProductAdded", "avro")
    assert [v.number for v in product.versions] == [1, 2]
    assert product.mode is Mode.FULL_TRANSITIVE
    assert product.deprecated
    assert catalog["catalog.ProductListed"].supersedes == "catalog.ProductAdded"
    message = catalog["connections.MetaConnectionEstablished"]
    assert message.format == "jsonschema"
    assert message.mode is Mode.BACKWARD_TRANSITIVE
    assert "communications" in message.subscribers


def test_the_catalog_is_frozen() -> None:
    catalog = load_catalog(BUNDLED)
    t = catalog["orders.OrderPlaced"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.mode = Mode.NONE  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog.event_types["x"] = t  # type: ignore[index]


def _rabin(data: bytes) -> int:
    """CRC-64-AVRO exactly as the Avro specification's reference code computes it."""
    empty = 0xC15D213AA4D7A795
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (empty & -(fp & 1))
        table.append(fp)
    fp = empty
    for byte in data:
        fp = (fp >> 8) ^ table[(fp ^ byte) & 0xFF]
    return fp


def test_avro_fingerprints_follow_the_specification() -> None:
    for t in load_catalog(BUNDLED):
        for v in t.versions:
            if v.format != "avro":
                continue
            assert v.fingerprint == f"{_rabin(v.canonical.encode()):016x}"
            assert v.fingerprint_bytes == _rabin(v.canonical.encode()).to_bytes(8, "little")


def test_canonical_form_agrees_with_apache_avro_without_logical_types() -> None:
    # Apache Avro's Python library keeps {"type": "string"} for logical types, against the
    # specification's [PRIMITIVES] rule; compare only where it follows the spec.
    text = json.dumps(
        {
            "type": "record",
            "name": "B",
            "namespace": "a",
            "doc": "dropped",
            "fields": [
                {"name": "x", "type": {"type": "int"}, "default": 1},
                {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["P", "Q"]}},
                {"name": "m", "type": {"type": "map", "values": ["null", "a.E"]}},
            ],
        }
    )
    reference = avro.schema.parse(text)
    canonical, fingerprint = canonical_and_fingerprint(json.loads(text))
    assert canonical == reference.canonical_form
    assert bytes.fromhex(fingerprint)[::-1] == reference.fingerprint("CRC-64-AVRO")


def test_avro_fingerprint_of_null_is_the_specification_value() -> None:
    assert canonical_and_fingerprint("null") == ('"null"', "63dd24e7cc258f8a")


def test_json_schema_fingerprint_is_sha256_of_canonical_json() -> None:
    t = load_catalog(BUNDLED)["inventory.StockReserved"]
    v = t.latest
    canonical = json.dumps(json.loads(v.text), sort_keys=True, separators=(",", ":"))
    assert v.fingerprint == hashlib.sha256(canonical.encode()).hexdigest()


def test_load_catalog_raises_one_error_with_every_problem(tmp_path: Path) -> None:
    for name in ("A", "B"):
        folder = tmp_path / "schemas" / "m" / f"Thing{name}"
        folder.mkdir(parents=True)
        (folder / "event.toml").write_text('description = "x"\n', encoding="utf-8")
        (folder / "v1.avsc").write_text("{", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_catalog(tmp_path / "schemas")
    assert len(info.value.problems) == 2
    assert "ThingA" in str(info.value)


def test_json_positions_map_pointers_to_lines() -> None:
    text = '{\n  "a": [1,\n    {"b~/c": "x"}],\n  "d": null\n}'
    table = positions(text)
    assert table["/a/1/b~0~1c"] == (3, 14)
    assert table["/d"] == (4, 8)
    assert line_of(text, "/a/1/missing") == 3
