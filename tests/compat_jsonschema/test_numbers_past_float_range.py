"""A JSON integer may be past a float's range (`1` and 400 zeros is valid JSON): the check
compares bounds on their exact values, as `jsonschema` does, and gives a verdict, never an
OverflowError. Every counterexample is judged by `jsonschema` itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from event_contracts import check_compatibility
from event_contracts._cli.main import main

BIG = 10**400  # float(BIG) raises OverflowError
I: dict[str, Any] = {"type": "integer"}  # noqa: E741
N: dict[str, Any] = {"type": "number"}


def _check(old: dict[str, Any], new: dict[str, Any], mode: str = "BACKWARD") -> Any:
    return check_compatibility(json.dumps(old), json.dumps(new), mode=mode, format="jsonschema")


def _breaks(writer: dict[str, Any], reader: dict[str, Any], doc: Any) -> bool:
    """`jsonschema` (2020-12) accepts `doc` with the writer and rejects it with the reader."""
    w, r = Draft202012Validator(writer), Draft202012Validator(reader)
    return bool(w.is_valid(doc) and not r.is_valid(doc))


# (old, new): BACKWARD breaks, the writer (old) allows a number the reader (new) refuses
BREAKING = [
    ({**I, "maximum": BIG}, {**I, "maximum": 1e300}),  # the writer allows 10**301
    ({**N, "maximum": BIG}, {**N, "maximum": 1e300}),
    ({**I, "minimum": -BIG}, {**I, "minimum": -1e300}),
    ({**I, "exclusiveMaximum": BIG + 2}, {**I, "maximum": BIG}),  # BIG + 1
    ({**I, "maximum": BIG}, {**I, "exclusiveMaximum": BIG}),
    (I, {**I, "maximum": BIG}),
    ({**I, "multipleOf": 10**40}, {**I, "multipleOf": 7}),  # 10**40 is no multiple of 7
    ({**I, "multipleOf": 3, "maximum": BIG}, {**I, "multipleOf": 3, "maximum": 1e300}),
]

# (old, new): every number the writer (old) allows passes the reader (new)
COMPATIBLE = [
    ({**I, "maximum": 1e300}, {**I, "maximum": BIG}),
    ({**N, "maximum": 1e300}, {**N, "maximum": BIG}),
    ({**I, "minimum": -1e300}, {**I, "minimum": -BIG}),
    ({**I, "maximum": BIG}, {**I, "maximum": BIG + 1}),
    # the float 1e300 is 1.0000000000000000525e300: above 10**300 + 1, as jsonschema compares
    ({**I, "maximum": 10**300 + 1}, {**I, "maximum": 1e300}),
    ({**I, "multipleOf": 7 * 10**40}, {**I, "multipleOf": 7}),
    ({"type": "string", "maxLength": 5}, {"type": "string", "maxLength": BIG}),
    ({"type": "array", "maxItems": 5}, {"type": "array", "maxItems": BIG}),
]


# (old, new): the same integers either way
EQUIVALENT = [
    ({**I, "exclusiveMaximum": BIG}, {**I, "maximum": BIG - 1}),
    ({**I, "exclusiveMinimum": -1e300}, {**I, "minimum": int(-1e300) + 1}),  # exact float value
]


@pytest.mark.parametrize(("old", "new"), BREAKING)
def test_a_bound_past_float_range_that_narrows_breaks_with_a_real_counterexample(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    result = _check(old, new)
    assert not result.compatible
    docs = [f.counterexample for f in result.findings if f.counterexample is not None]
    assert docs, "each of these has a counterexample the search can build"
    for doc in docs:
        assert _breaks(old, new, doc), doc


@pytest.mark.parametrize(("old", "new"), COMPATIBLE)
def test_a_bound_past_float_range_that_widens_is_compatible(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert _check(old, new).compatible
    assert not _check(new, old).compatible  # and the way back narrows


@pytest.mark.parametrize(("old", "new"), EQUIVALENT)
def test_bounds_past_float_range_that_allow_the_same_integers_are_fully_compatible(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert _check(old, new, "FULL").compatible


@pytest.mark.parametrize(
    "bound",
    [
        {"maxLength": BIG},
        {"minLength": BIG},
        {"maxItems": BIG},
        {"minItems": BIG},
        {"maxProperties": BIG},
        {"minProperties": BIG},
        {"maxItems": 1e300},
        {"maxProperties": 1e300},
    ],
)
def test_a_size_past_float_range_gets_a_verdict_without_building_that_size(
    bound: dict[str, Any],
) -> None:
    small = dict.fromkeys(bound, 3)
    for old, new in ((small, bound), (bound, small)):
        for mode in ("BACKWARD", "FORWARD"):
            result = _check(old, new, mode)  # once an OverflowError or a list of 10**300 items
            for f in result.findings:
                if f.counterexample is not None:
                    writer, reader = (old, new) if f.direction == "backward" else (new, old)
                    assert _breaks(writer, reader, f.counterexample)


def test_a_float_multiple_of_and_a_huge_integer_bound_get_a_verdict() -> None:
    """jsonschema divides a huge int by a float `multipleOf` into an OverflowError: such a
    document is no counterexample, and the search goes on."""
    old = {**N, "multipleOf": 0.5, "maximum": BIG}
    new = {**N, "multipleOf": 0.5, "maximum": 1e300}
    result = _check(old, new)
    assert not result.compatible
    for f in result.findings:
        if f.counterexample is not None:
            assert _breaks(old, new, f.counterexample)


@pytest.mark.parametrize("value", ["1e400", "-1e400", "Infinity", "NaN"])
def test_a_bound_no_float_holds_gets_a_verdict(value: str) -> None:
    """`1e400` reads as an infinite float, and Python reads `NaN` and `Infinity` too."""
    for word in ("maximum", "minimum", "exclusiveMaximum", "multipleOf"):
        odd = f'{{"type": "integer", "{word}": {value}}}'
        plain = '{"type": "integer", "maximum": 5}'
        for old, new in ((odd, plain), (plain, odd)):
            check_compatibility(old, new, mode="FULL", format="jsonschema")


def test_compat_command_gives_the_exact_verdict_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "w.json", tmp_path / "r.json"
    old.write_text('{"type": "integer", "maximum": 1' + "0" * 400 + "}", encoding="utf-8")
    new.write_text('{"type": "integer", "maximum": 1e300}', encoding="utf-8")
    args = ["compat", str(old), str(new), "--schema-format", "jsonschema", "--format", "json"]
    assert main([*args, "--mode", "BACKWARD"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    data = json.loads(out)
    assert data["compatible"] is False
    [doc] = [f["counterexample"] for f in data["findings"] if f["counterexample"] is not None]
    assert _breaks({**I, "maximum": BIG}, {**I, "maximum": 1e300}, doc)
    assert main([*args, "--mode", "FORWARD"]) == 0  # the old schema reads what 1e300 allows
    assert "Traceback" not in capsys.readouterr().err
