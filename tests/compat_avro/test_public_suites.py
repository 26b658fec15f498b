"""Public Avro compatibility suites, transcribed as data (see data/README.md), run on our engine.

Each reader/writer case is checked both ways our API allows: BACKWARD with old = writer and
new = reader, and FORWARD with old = reader and new = writer; both must give the expected
verdict. Where a suite names the kind and place of the break, our findings must name the
same (Avro's incompatibility types map onto our rule ids, its locations onto our pointers).
History cases (Confluent, Java's SchemaValidator) check a new schema against earlier ones.

Where we deliberately disagree, the case is listed below with the reason, and the test
proves the reason with fastavro instead of asserting the suite's verdict.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_reader, schemaless_writer
from fastavro.read import SchemaResolutionError
from fastavro.schema import SchemaParseException
from fastavro.utils import generate_many

from event_contracts import CompatResult, SchemaError, check_against_versions, check_compatibility

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

# --- where we say incompatible and the suite says compatible ------------------------------
# Case id -> (reason, a writer value, what fastavro does when it reads that value with the
# reader schema): an exception type: it raises that; a type: it hands the reader a value that
# is *not* of that type although the reader's schema promises it (fastavro decodes with the
# writer's logical type; Java reads the same number with the reader's, as another value);
# None: fastavro 1.13 does not implement the logical type (timestamp-nanos), Java 1.12 does.
_NOT_UTF8 = (b"\xff\xfe", UnicodeDecodeError)
_BYTES = "bytes read as string: non-UTF-8 bytes cannot be read (BYTES_TO_STRING)"
_GAINS = "a plain number gains a logical type: the reader takes a count for a point in time"
_LOSES = "a logical type is dropped: fastavro hands the plain reader a date/time object"
_UTC = dt.UTC
DELIBERATE: dict[str, tuple[str, Any, type | None]] = {
    "py-020": (_BYTES, *_NOT_UTF8),
    "py-042": (_BYTES + ", inside a union", *_NOT_UTF8),
    "hamba-c008": (_BYTES, *_NOT_UTF8),
    "hamba-r047": (_BYTES, *_NOT_UTF8),
    "hamba-r075": (_BYTES + ", in a record field", *_NOT_UTF8),
    "rust-007": (_BYTES, *_NOT_UTF8),
    "javadata-013": (_BYTES + ", from a [string, bytes] union in a record", *_NOT_UTF8),
    "hamba-r037": (_GAINS + " (int -> timestamp-millis)", 5000, dt.datetime),
    "hamba-r038": (_GAINS + " (int -> timestamp-micros)", 5000, dt.datetime),
    "hamba-r039": (_GAINS + " (int -> time-micros)", 5000, dt.time),
    "hamba-r046": ("text read as a decimal (string -> bytes decimal)", "d", Decimal),
    "rust-010": ("any text read as a uuid (string -> uuid)", "not-a-uuid", uuid.UUID),
    "rust-011": (_GAINS + " (int -> date)", 5000, dt.date),
    "rust-012": (_GAINS + " (int -> time-millis)", 5000, dt.time),
    "rust-013": (_GAINS + " (long -> time-micros)", 5000, dt.time),
    "rust-014": (_GAINS + " (long -> timestamp-millis)", 5000, dt.datetime),
    "rust-015": (_GAINS + " (long -> timestamp-micros)", 5000, dt.datetime),
    "rust-016": (_GAINS + " (long -> timestamp-nanos)", 5000, None),
    "rust-017": (_GAINS + " (long -> local-timestamp-millis)", 5000, dt.datetime),
    "rust-018": (_GAINS + " (long -> local-timestamp-micros)", 5000, dt.datetime),
    "rust-019": (_GAINS + " (long -> local-timestamp-nanos)", 5000, None),
    "rust-021": (_LOSES + " (date -> int)", dt.date(2024, 1, 1), int),
    "rust-022": (_LOSES + " (time-millis -> int)", dt.time(12, 34, 56), int),
    "rust-023": (_LOSES + " (time-micros -> long)", dt.time(12, 34, 56), int),
    "rust-024": (_LOSES + " (timestamp-millis -> long)", dt.datetime(2024, 1, 1, tzinfo=_UTC), int),
    "rust-025": (_LOSES + " (timestamp-micros -> long)", dt.datetime(2024, 1, 1, tzinfo=_UTC), int),
    "rust-026": (_LOSES + " (timestamp-nanos -> long)", 5000, None),
    "rust-027": (_LOSES + " (local-timestamp-millis -> long)", dt.datetime(2024, 1, 1), int),
    "rust-028": (_LOSES + " (local-timestamp-micros -> long)", dt.datetime(2024, 1, 1), int),
    "rust-029": (_LOSES + " (local-timestamp-nanos -> long)", 5000, None),
}

# --- where we say compatible and the suite says incompatible ------------------------------
# Rust matches a union branch to a named writer type by full name only; the specification
# (1.12), Java, Python and fastavro by unqualified name: `written.Point` is read by the
# branch `Point` (whose extra field has a default). Proven below by reading real data.
DELIBERATE_COMPATIBLE: dict[str, str] = {
    "rust-123": "union branch `Point` reads `written.Point` (unqualified names match)",
}

# --- schemas that are not valid Avro ------------------------------------------------------
# Rust accepts a field written as {"name": "tail", "type": "array", "items": "int"}; the
# specification, fastavro and Python's avro reject it. We raise SchemaError (exit 2 in the
# CLI), never a verdict.
INVALID = {"rust-056", "rust-057", "rust-058", "rust-098"}


def load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


SUITES = (
    "apache_avro_py",
    "apache_avro_java",
    "apache_avro_java_data",
    "rust_avro",
    "karapace_avro",
    "hamba_avro",
)
PAIRS = [c for n in SUITES for c in load(f"{n}.jsonl")]
HISTORIES = load("confluent_avro.jsonl") + load("apache_avro_java_validation.jsonl")

# Java's old grammar-based SchemaValidator ignores record names; the specification, Java's
# SchemaCompatibility and fastavro do not: fastavro raises SchemaResolutionError.
DELIBERATE_HISTORY: dict[str, str] = {
    "javaval-017": "record renamed (Circle -> crcl, Point -> pt) without aliases (NAME_MISMATCH)",
    "javaval-018": "the same, with the reader's field a union [null, Point] (UNION_BRANCH_MISSING)",
}


def case_by_id(case_id: str) -> dict[str, Any]:
    return next(c for c in PAIRS + HISTORIES if c["id"] == case_id)


def verdicts(case: dict[str, Any]) -> tuple[CompatResult, CompatResult]:
    reader, writer = case["reader"], case["writer"]
    backward = check_compatibility(writer, reader, mode="BACKWARD", format="avro")
    forward = check_compatibility(reader, writer, mode="FORWARD", format="avro")
    return backward, forward


def history(case: dict[str, Any]) -> CompatResult:
    return check_against_versions(case["new"], case["previous"], mode=case["mode"], format="avro")


def read_back(writer_schema: Any, reader_schema: Any, value: Any) -> Any:
    writer, reader = parse_schema(writer_schema), parse_schema(reader_schema)
    buf = io.BytesIO()
    schemaless_writer(buf, writer, value)
    buf.seek(0)
    return schemaless_reader(buf, writer, reader)


def avro_location(pointer: str) -> str:
    return pointer or "/"


def parent(location: str) -> str:
    return location.rsplit("/", 1)[0] or "/"


@pytest.mark.parametrize("case", PAIRS, ids=lambda c: c["id"])
def test_reader_writer_case_gets_the_suites_verdict(case: dict[str, Any]) -> None:
    if case["id"] in INVALID:
        with pytest.raises(SchemaError):
            verdicts(case)
        return
    backward, forward = verdicts(case)
    assert backward.compatible is forward.compatible
    if case["id"] in DELIBERATE or case["id"] in DELIBERATE_COMPATIBLE:
        assert backward.compatible is not case["compatible"]
        return
    assert backward.compatible is case["compatible"], [f.message for f in backward.findings]
    if not case.get("types"):
        return
    # Avro reports a writer-union branch that a plain (non-union) reader cannot read as the
    # branch's own TYPE_MISMATCH; our rule for that is UNION_BRANCH_MISSING (docs/rules.md).
    expected = {AVRO_TYPES[t.upper()] for t in case["types"]}
    got = {f.rule for f in backward.findings}
    plain_reader = not isinstance(case["reader"], list)
    if plain_reader and isinstance(case["writer"], list) and expected == {"TYPE_MISMATCH"}:
        expected = {"UNION_BRANCH_MISSING"}
    assert got == expected
    # Avro puts a missing union branch at the writer's branch index; our pointers are into the
    # reader schema, so they stop at the union itself.
    locations = case["locations"]
    covered = {avro_location(f.pointer) for f in backward.findings}
    assert covered <= set(locations) | {parent(loc) for loc in locations}
    # Python's checker also lists "/" for the compatible parts it merged; Java does not.
    for loc in [x for x in locations if x != "/"] or locations:
        assert loc in covered or parent(loc) in covered, loc


@pytest.mark.parametrize("case_id", sorted(DELIBERATE))
def test_deliberate_incompatible_is_proven_by_fastavro(case_id: str) -> None:
    case = case_by_id(case_id)
    _, value, proof = DELIBERATE[case_id]
    if isinstance(case["writer"], dict) and case["writer"].get("type") == "record":
        value = {case["writer"]["fields"][0]["name"]: value}  # a one-field record
    if proof is None:  # not implemented by fastavro: it reads the number as is
        assert read_back(case["writer"], case["reader"], value) == value
    elif issubclass(proof, Exception):
        with pytest.raises(proof):
            read_back(case["writer"], case["reader"], value)
    else:
        assert not isinstance(read_back(case["writer"], case["reader"], value), proof)
    backward, _ = verdicts(case)
    rule = "BYTES_TO_STRING" if proof is UnicodeDecodeError else "LOGICAL_TYPE_CHANGED"
    assert [f.rule for f in backward.findings] == [rule]
    assert backward.findings[0].counterexample is not None


@pytest.mark.parametrize("case_id", sorted(DELIBERATE_COMPATIBLE))
def test_deliberate_compatible_is_proven_by_fastavro(case_id: str) -> None:
    case = case_by_id(case_id)
    got = read_back(case["writer"], case["reader"], {"x": 1.0, "y": 2.0})
    assert got == {"x": 1.0, "y": 2.0, "z": 0.0}


@pytest.mark.parametrize("case", HISTORIES, ids=lambda c: f"{c['id']}-{c['mode']}")
def test_history_case_gets_the_suites_verdict(case: dict[str, Any]) -> None:
    result = history(case)
    if case["id"] in DELIBERATE_HISTORY:
        assert case["compatible"] and not result.compatible
        return
    assert result.compatible is case["compatible"], case["message"]


@pytest.mark.parametrize("case_id", sorted(DELIBERATE_HISTORY))
def test_deliberate_history_disagreement_is_proven_by_fastavro(case_id: str) -> None:
    case = case_by_id(case_id)
    (old,) = case["previous"]
    with pytest.raises(SchemaResolutionError):
        read_back(case["new"], old, {"center": {"x": 1.0, "y": 2.0}, "radius": 3.0})
    assert {f.rule for f in history(case).findings} >= {"NAME_MISMATCH"}


def test_agreement_with_the_public_suites() -> None:
    """Every case agrees except the documented deliberate disagreements."""
    valid = [c for c in PAIRS if c["id"] not in INVALID]
    disagree = {c["id"] for c in valid if verdicts(c)[0].compatible is not c["compatible"]}
    disagree |= {c["id"] for c in HISTORIES if history(c).compatible is not c["compatible"]}
    assert disagree == set(DELIBERATE) | set(DELIBERATE_COMPATIBLE) | set(DELIBERATE_HISTORY)
    assert len(PAIRS) + len(HISTORIES) == 435


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


COMPATIBLE = [
    c
    for c in PAIRS
    if c["compatible"] and c["id"] not in DELIBERATE and c["id"] not in INVALID and _runnable(c)
]


@pytest.mark.parametrize("case", COMPATIBLE, ids=lambda c: c["id"])
def test_compatible_verdict_holds_on_data(case: dict[str, Any]) -> None:
    """No "compatible" from the suites (and us) is contradicted by random writer data."""
    writer, reader = parse_schema(case["writer"]), parse_schema(case["reader"])
    for datum in generate_many(writer, 20):
        buf = io.BytesIO()
        schemaless_writer(buf, writer, datum)
        buf.seek(0)
        schemaless_reader(buf, writer, reader)
