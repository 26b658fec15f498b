"""Public Avro compatibility suites, transcribed as data (see data/README.md), run on our engine.

Each reader/writer case is checked both ways our API allows: BACKWARD with old = writer and
new = reader, and FORWARD with old = reader and new = writer; both must give the expected
verdict. Where a suite names the kind and place of the break, our findings must name the
same (Avro's incompatibility types map onto our rule ids, its locations onto our pointers).
Confluent's cases check a new schema against earlier versions under a mode.

Where we deliberately disagree, the case is listed in DELIBERATE with the reason, and the
test proves the reason with fastavro instead of asserting the suite's verdict.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.read import SchemaResolutionError
from fastavro.schema import SchemaParseException
from fastavro.utils import generate_many

from event_contracts import CompatResult, check_against_versions, check_compatibility

DATA = Path(__file__).parent / "data"

# Avro's SchemaIncompatibilityType (Java and Python spell it in upper and lower case) -> rule.
AVRO_TYPES = {
    "TYPE_MISMATCH": "TYPE_MISMATCH",
    "NAME_MISMATCH": "NAME_MISMATCH",
    "FIXED_SIZE_MISMATCH": "FIXED_SIZE_MISMATCH",
    "MISSING_ENUM_SYMBOLS": "ENUM_SYMBOL_MISSING",
    "READER_FIELD_MISSING_DEFAULT_VALUE": "READER_FIELD_MISSING_DEFAULT",
    "MISSING_UNION_BRANCH": "UNION_BRANCH_MISSING",
}

# Case id -> (why we say incompatible where the suite says compatible, a writer value, and
# what fastavro does with it: raises UnicodeDecodeError, or hands the reader a value that is
# not the type its logical type promises; Java would read the same bytes with another meaning).
_NOT_UTF8 = (b"\xff\xfe", UnicodeDecodeError)
_AS_TIME = (5000, dt.datetime)
DELIBERATE: dict[str, tuple[str, tuple[Any, type]]] = {
    "py-020": ("bytes -> string: non-UTF-8 bytes cannot be read (BYTES_TO_STRING)", _NOT_UTF8),
    "py-042": ("[bytes] -> [string]: the same break inside a union", _NOT_UTF8),
    "hamba-c008": ("bytes -> string (BYTES_TO_STRING)", _NOT_UTF8),
    "hamba-r047": ("bytes -> string (BYTES_TO_STRING)", _NOT_UTF8),
    "hamba-r075": ("bytes -> string in a record field (BYTES_TO_STRING)", _NOT_UTF8),
    "hamba-r037": ("int -> timestamp-millis: a plain number becomes an instant", _AS_TIME),
    "hamba-r038": ("int -> timestamp-micros: a plain number becomes an instant", _AS_TIME),
    "hamba-r039": ("int -> time-micros: a plain number becomes a time of day", (5000, dt.time)),
    "hamba-r046": ("string -> bytes decimal: text becomes a number", ("d", Decimal)),
}


def load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


PAIRS = [
    c
    for n in ("apache_avro_py", "apache_avro_java", "karapace_avro", "hamba_avro")
    for c in load(f"{n}.jsonl")
]
HISTORIES = load("confluent_avro.jsonl") + load("apache_avro_java_validation.jsonl")

# Java's old grammar-based SchemaValidator ignores record names; the specification, Java's
# SchemaCompatibility and fastavro do not: fastavro raises SchemaResolutionError.
DELIBERATE_HISTORY: dict[str, str] = {
    "javaval-017": "record renamed (Circle -> crcl, Point -> pt) without aliases (NAME_MISMATCH)",
    "javaval-018": "the same, with the reader's field a union [null, Point] (UNION_BRANCH_MISSING)",
}


def verdicts(case: dict[str, Any]) -> tuple[CompatResult, CompatResult]:
    reader, writer = case["reader"], case["writer"]
    backward = check_compatibility(writer, reader, mode="BACKWARD", format="avro")
    forward = check_compatibility(reader, writer, mode="FORWARD", format="avro")
    return backward, forward


def avro_location(pointer: str) -> str:
    return pointer or "/"


@pytest.mark.parametrize("case", PAIRS, ids=lambda c: c["id"])
def test_reader_writer_case_gets_the_suites_verdict(case: dict[str, Any]) -> None:
    backward, forward = verdicts(case)
    assert backward.compatible is forward.compatible
    if case["id"] in DELIBERATE:
        assert case["compatible"] and not backward.compatible
        return
    assert backward.compatible is case["compatible"], [f.message for f in backward.findings]
    if not case.get("types"):
        return
    # Avro reports a writer-union branch that a plain (non-union) reader cannot read as the
    # branch's own TYPE_MISMATCH; our rule for that is UNION_BRANCH_MISSING (docs/rules.md).
    expected = {AVRO_TYPES[t.upper()] for t in case["types"]}
    got = {f.rule for f in backward.findings}
    plain_reader_of_union = not isinstance(case["reader"], list) and isinstance(
        case["writer"], list
    )
    if plain_reader_of_union and expected == {"TYPE_MISMATCH"}:
        expected = {"UNION_BRANCH_MISSING"}
    assert got == expected
    # Avro puts a missing union branch at the writer's branch index; our pointers are into the
    # reader schema, so they stop at the union itself.
    allowed = set(case["locations"]) | {loc.rsplit("/", 1)[0] or "/" for loc in case["locations"]}
    assert {avro_location(f.pointer) for f in backward.findings} <= allowed
    covered = {avro_location(f.pointer) for f in backward.findings}
    # Python's checker also lists "/" for the compatible parts it merged; Java does not.
    for loc in [x for x in case["locations"] if x != "/"] or case["locations"]:
        assert loc in covered or (loc.rsplit("/", 1)[0] or "/") in covered, loc


@pytest.mark.parametrize("case_id", sorted(DELIBERATE))
def test_deliberate_disagreement_is_proven_by_fastavro(case_id: str) -> None:
    case = next(c for c in PAIRS if c["id"] == case_id)
    _, (value, proof) = DELIBERATE[case_id]
    writer, reader = parse_schema(case["writer"]), parse_schema(case["reader"])
    if isinstance(writer, dict) and writer.get("type") == "record":
        value = {"a": value}  # hamba's ResolveWithRefs: the field `a`
    buf = io.BytesIO()
    schemaless_writer(buf, writer, value)
    buf.seek(0)
    if issubclass(proof, Exception):
        with pytest.raises(proof):
            schemaless_reader(buf, writer, reader)
    else:
        assert not isinstance(schemaless_reader(buf, writer, reader), proof)
    backward, _ = verdicts(case)
    rule = "BYTES_TO_STRING" if proof is UnicodeDecodeError else "LOGICAL_TYPE_CHANGED"
    assert [f.rule for f in backward.findings] == [rule]
    assert backward.findings[0].counterexample is not None


def history(case: dict[str, Any]) -> CompatResult:
    return check_against_versions(case["new"], case["previous"], mode=case["mode"], format="avro")


@pytest.mark.parametrize("case", HISTORIES, ids=lambda c: f"{c['id']}-{c['mode']}")
def test_history_case_gets_the_suites_verdict(case: dict[str, Any]) -> None:
    result = history(case)
    if case["id"] in DELIBERATE_HISTORY:
        assert case["compatible"] and not result.compatible
        return
    assert result.compatible is case["compatible"], case["message"]


@pytest.mark.parametrize("case_id", sorted(DELIBERATE_HISTORY))
def test_deliberate_history_disagreement_is_proven_by_fastavro(case_id: str) -> None:
    case = next(c for c in HISTORIES if c["id"] == case_id)
    (old,) = case["previous"]
    writer, reader = parse_schema(case["new"]), parse_schema(old)
    buf = io.BytesIO()
    schemaless_writer(buf, writer, {"center": {"x": 1.0, "y": 2.0}, "radius": 3.0})
    buf.seek(0)
    with pytest.raises(SchemaResolutionError):
        schemaless_reader(buf, writer, reader)
    assert {f.rule for f in history(case).findings} >= {"NAME_MISMATCH"}


def test_agreement_with_the_public_suites() -> None:
    """Every case agrees except the documented deliberate disagreements."""
    disagree = {c["id"] for c in PAIRS if verdicts(c)[0].compatible is not c["compatible"]}
    disagree |= {c["id"] for c in HISTORIES if history(c).compatible is not c["compatible"]}
    assert disagree == set(DELIBERATE) | set(DELIBERATE_HISTORY)
    assert len(PAIRS) + len(HISTORIES) == 277


def _runnable(case: dict[str, Any]) -> bool:
    """Can any datum be written and read? Not with an empty union, nor a record that always
    nests itself (`List` with a required `tail`), nor a schema fastavro refuses (an enum
    default that is not a symbol: `event-contracts validate` reports that schema)."""
    try:
        parse_schema(case["reader"])
        list(generate_many(parse_schema(case["writer"]), 1))
    except (ValueError, RecursionError, SchemaParseException):
        return False
    return True


COMPATIBLE = [c for c in PAIRS if c["compatible"] and c["id"] not in DELIBERATE and _runnable(c)]


@pytest.mark.parametrize("case", COMPATIBLE, ids=lambda c: c["id"])
def test_compatible_verdict_holds_on_data(case: dict[str, Any]) -> None:
    """No "compatible" from the suites (and us) is contradicted by random writer data."""
    writer, reader = parse_schema(case["writer"]), parse_schema(case["reader"])
    for datum in generate_many(writer, 20):
        buf = io.BytesIO()
        schemaless_writer(buf, writer, datum)
        buf.seek(0)
        schemaless_reader(buf, writer, reader)
