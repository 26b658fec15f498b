"""Enum indexes and bytes decimals are checked wherever they sit, through the public API.

The fast path reads an enum as its index and a bytes decimal as bytes, and checks them itself
(no pre-read scan for small payloads); fastavro still reads an enum in a union with another
int branch and a decimal on a union branch, behind the scan. Every refusal is a DecodeError
carrying the raw bytes, every valid value decodes as fastavro reads it, also across versions
(an enum that grew, whose symbols moved, or lost one the reader has a default for)."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from decimal import Decimal
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from pydantic import model_validator

from event_contracts import DecodeError, decode, encode
from event_contracts._cli.main import main as cli
from event_contracts._runtime.decode_avro import SCAN_FROM

LEVEL = {"type": "enum", "name": "Level", "symbols": ["LOW", "MID", "HIGH"]}
MODE = {"type": "enum", "name": "Mode", "symbols": ["ON", "OFF"]}
MONEY = {"type": "bytes", "logicalType": "decimal", "precision": 6, "scale": 2}


def sampled(grown: list[str], moved: list[str]) -> dict[str, Any]:
    return {
        "type": "record",
        "name": "Sampled",
        "namespace": "lab",
        "fields": [
            {"name": "note", "type": "string"},
            {"name": "level", "type": LEVEL},
            {"name": "grown", "type": {"type": "enum", "name": "Grown", "symbols": grown}},
            {"name": "maybe", "type": ["null", "Level"], "default": None},
            {"name": "levels", "type": {"type": "array", "items": "Level"}},
            {"name": "by_key", "type": {"type": "map", "values": "lab.Level"}},
            {"name": "mixed", "type": ["null", "int", MODE], "default": None},
            {"name": "moved", "type": {"type": "enum", "name": "Moved", "symbols": moved}},
            {"name": "amount", "type": MONEY},
            {"name": "maybe_amount", "type": ["null", MONEY], "default": None},
        ],
    }


CUT_V1 = {
    "type": "record",
    "name": "Cut",
    "namespace": "lab",
    "fields": [
        {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
        {"name": "kinds", "type": {"type": "array", "items": "Kind"}},
    ],
}
CUT_V2 = {
    **CUT_V1,
    "fields": [
        {
            "name": "kind",
            "type": {"type": "enum", "name": "Kind", "symbols": ["B", "A"], "default": "A"},
        },
        {"name": "kinds", "type": {"type": "array", "items": "Kind"}},
    ],
}
SHADE = {"type": "enum", "name": "Shade", "namespace": "paint", "symbols": ["DARK", "LIGHT"]}
REFD = {  # Shade defined where it is read by index, then named in a union with an int branch
    "type": "record",
    "name": "Refd",
    "namespace": "lab",
    "fields": [
        {"name": "shade", "type": SHADE},
        {"name": "either", "type": ["null", "long", "paint.Shade"]},
        {"name": "shades", "type": {"type": "array", "items": "paint.Shade"}},
    ],
}
VERSIONS = {
    "Sampled": [sampled(["P", "Q"], ["X", "Y"]), sampled(["P", "Q", "R"], ["Y", "Z", "X"])],
    "Cut": [CUT_V1, CUT_V2],
    "Refd": [REFD],
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("enum-index")
    (root / "pyproject.toml").write_text(
        '[tool.event-contracts]\npackage = "enum_index_events"\npackage-dir = "src"\n'
    )
    for name, versions in VERSIONS.items():
        folder = root / "schemas" / "lab" / name
        folder.mkdir(parents=True)
        (folder / "event.toml").write_text(f'description = "{name}."\nmode = "BACKWARD"\n')
        for number, schema in enumerate(versions, 1):
            (folder / f"v{number}.avsc").write_text(json.dumps(schema, indent=2))
    (root / "src" / "enum_index_events").mkdir(parents=True)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli(["--root", str(root), "generate"]) == 0
    sys.path.insert(0, str(root / "src"))
    try:
        return importlib.import_module("enum_index_events.lab")
    finally:
        sys.path.remove(str(root / "src"))


def record(**changes: Any) -> dict[str, Any]:
    """A v1 Sampled record at wire level: enums as indexes, decimals as bytes."""
    out: dict[str, Any] = {
        "note": "n",
        "level": 1,
        "grown": 1,
        "maybe": 2,
        "levels": [0, 1, 2],
        "by_key": {"a": 0, "b": 2},
        "mixed": ("lab.Mode", 1),
        "moved": 1,
        "amount": (12345).to_bytes(2, "big", signed=True),
        "maybe_amount": b"\x07",
    }
    out.update(changes)
    return out


def v1_bytes(**changes: Any) -> bytes:
    rec = record(**changes)
    mixed = rec["mixed"]
    if isinstance(mixed, tuple):  # Mode is loosened to `long`, to be told from the int branch
        rec["mixed"] = ("long", mixed[1]) if mixed[0] == "lab.Mode" else mixed[1]
    return write(VERSIONS["Sampled"][0], rec)


def write(schema: Any, datum: Any) -> bytes:
    """Bytes of `schema` with any enum index and any decimal bytes (same wire layout)."""
    enums = {"Level", "lab.Level", "Kind", "paint.Shade"}

    def loose(node: Any) -> Any:
        if isinstance(node, list):
            other = "long" if "int" in node else "int"  # a varint branch of its own
            return [loose(b) if b not in (MODE, "paint.Shade") else other for b in node]
        if isinstance(node, str):
            return "int" if node in enums else node
        if node.get("type") == "enum":
            return "int"
        out = {k: v for k, v in node.items() if k not in ("logicalType", "default")}
        for key in ("type", "items", "values"):
            if key in out:
                out[key] = loose(out[key])
        if "fields" in out:
            out["fields"] = [{**f, "type": loose(f["type"])} for f in out["fields"]]
        return out

    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(loose(schema)), datum)
    return buf.getvalue()


def fastavro_reads(schema: dict[str, Any], data: bytes, reader: Any = None) -> Any:
    return schemaless_reader(
        io.BytesIO(data), parse_schema(schema), parse_schema(reader) if reader else None
    )


def test_valid_indexes_everywhere_decode_as_fastavro_reads(lab: Any) -> None:
    for level in range(3):
        data = v1_bytes(level=level, maybe=level, levels=[level, 2 - level])
        expected = lab.SampledV1.model_validate(fastavro_reads(VERSIONS["Sampled"][0], data))
        got = decode(data, into=lab.SampledV1, framing="none")
        assert got == expected and got.level.value == ["LOW", "MID", "HIGH"][level]
        assert decode(encode(got), into=lab.SampledV1) == got
    got = decode(v1_bytes(maybe=None, mixed=None), into=lab.SampledV1, framing="none")
    assert got.maybe is None and got.mixed is None and got.amount == Decimal("123.45")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("level", -1),
        ("level", 3),
        ("level", 2**31 - 1),
        ("maybe", -1),  # an enum in a union, read by its index
        ("maybe", 3),
        ("levels", [0, -1]),  # in an array
        ("by_key", {"a": -2}),  # in a map
        ("grown", -1),
        ("grown", 2),
        ("moved", -1),
        ("moved", 2),
    ],
)
def test_an_index_outside_the_symbols_is_refused_with_the_raw_bytes(
    lab: Any, field: str, value: Any
) -> None:
    data = v1_bytes(**{field: value})
    for into in (lab.SampledV1, lab.SampledV2):  # the same version, and v1 -> latest
        with pytest.raises(DecodeError, match=r"enum symbol -?[0-9]+ ") as info:
            decode(data, into=into, framing="none", version=1)
        assert info.value.raw == data


def test_an_index_the_reader_has_but_the_writer_lacks_is_refused(lab: Any) -> None:
    # v2's Grown has a third symbol: index 2 in v1 bytes is corrupt, not R
    data = v1_bytes(grown=2)
    with pytest.raises(DecodeError, match="enum symbol 2 ") as info:
        decode(data, into=lab.SampledV2, framing="none", version=1)
    assert info.value.raw == data
    assert decode(v1_bytes(grown=1), into=lab.SampledV2, framing="none", version=1).grown == "Q"


def test_an_enum_in_a_union_with_an_int_branch_is_refused_too(lab: Any) -> None:
    data = v1_bytes(mixed=("lab.Mode", -1))
    with pytest.raises(DecodeError, match="enum symbol -1 ") as info:
        decode(data, into=lab.SampledV1, framing="none")
    assert info.value.raw == data
    assert decode(v1_bytes(), into=lab.SampledV1, framing="none").mixed.value == "OFF"
    assert decode(v1_bytes(mixed=("int", 7)), into=lab.SampledV1, framing="none").mixed == 7


def test_v1_symbols_map_by_the_writers_order_into_the_latest_class(lab: Any) -> None:
    # Moved: v1 [X, Y], v2 [Y, Z, X]: index 0 in v1 bytes is X, which is index 2 in v2
    for index, symbol in enumerate(["X", "Y"]):
        data = v1_bytes(moved=index)
        got = decode(data, into=lab.SampledV2, framing="none", version=1)
        resolved = fastavro_reads(VERSIONS["Sampled"][0], data, VERSIONS["Sampled"][1])
        assert got.moved.value == resolved["moved"] == symbol
        assert got == lab.SampledV2.model_validate(resolved)


def test_a_symbol_the_reader_lacks_takes_its_default(lab: Any) -> None:
    # Cut: v1 [A, B, C] -> v2 [B, A] default A (the Avro rule, as fastavro resolves it)
    for index in range(3):
        data = write(CUT_V1, {"kind": index, "kinds": [2, index]})
        got = decode(data, into=lab.CutV2, framing="none", version=1)
        assert got == lab.CutV2.model_validate(fastavro_reads(CUT_V1, data, CUT_V2))
        assert got.kind.value == ["A", "B", "A"][index]
    for bad in ({"kind": -1, "kinds": []}, {"kind": 0, "kinds": [3]}):
        data = write(CUT_V1, bad)
        for into in (lab.CutV1, lab.CutV2):
            with pytest.raises(DecodeError, match="enum symbol") as info:
                decode(data, into=into, framing="none", version=1)
            assert info.value.raw == data


@pytest.mark.parametrize("field", ["amount", "maybe_amount"])
def test_a_decimal_longer_than_its_precision_is_refused(lab: Any, field: str) -> None:
    # precision 6 needs at most 3 bytes; a union branch is read by fastavro, behind the scan
    data = v1_bytes(**{field: b"\x01" * 4})
    for into in (lab.SampledV1, lab.SampledV2):
        with pytest.raises(DecodeError, match="decimal of 4 bytes") as info:
            decode(data, into=into, framing="none", version=1)
        assert info.value.raw == data
    most = (999999).to_bytes(3, "big", signed=True)
    assert decode(v1_bytes(amount=most), into=lab.SampledV1, framing="none").amount == Decimal(
        "9999.99"
    )


def test_a_large_payload_is_refused_before_it_is_read(lab: Any) -> None:
    # from SCAN_FROM bytes on the scan refuses it before fastavro builds the big note
    data = v1_bytes(note="x" * SCAN_FROM, level=-1)
    with pytest.raises(DecodeError, match="enum symbol -1 before byte") as info:
        decode(data, into=lab.SampledV2, framing="none", version=1)
    assert info.value.raw == data


def test_a_class_without_the_fast_path_reads_older_versions_too(lab: Any) -> None:
    # a validator of its own: fastavro reads (symbols, logical types), pydantic validates
    class Checked(lab.SampledV2):  # type: ignore[misc, name-defined]
        @model_validator(mode="after")
        def _same(self) -> Any:
            return self

    Checked.__module__ = lab.SampledV2.__module__
    for grown in range(2):
        got = decode(v1_bytes(grown=grown), into=Checked, framing="none", version=1)
        assert got.grown.value == ["P", "Q"][grown] and got.moved.value == "Y"
    for bad in ({"grown": 2}, {"maybe": -1}, {"amount": b"\x01" * 4}):
        data = v1_bytes(**bad)
        with pytest.raises(DecodeError) as info:
            decode(data, into=Checked, framing="none", version=1)
        assert info.value.raw == data


def test_an_enum_named_again_after_its_definition_was_read_by_index(lab: Any) -> None:
    def refd(either: Any, shades: list[int]) -> bytes:
        return write(REFD, {"shade": 1, "either": either, "shades": shades})

    got = decode(refd(("int", 0), [1, 0]), into=lab.RefdV1, framing="none")
    assert got.shade == "LIGHT" and got.either == "DARK" and got.shades == ("LIGHT", "DARK")
    assert decode(refd(7, []), into=lab.RefdV1, framing="none").either == 7
    assert decode(encode(got), into=lab.RefdV1) == got
    for data in (refd(("int", -1), []), refd(None, [2])):
        with pytest.raises(DecodeError, match="enum symbol") as info:
            decode(data, into=lab.RefdV1, framing="none")
        assert info.value.raw == data
