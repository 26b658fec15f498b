"""Benchmark: JSON Schema pair checks against one `jsonschema` validation, in the same run.

    .venv/bin/python bench/compat_jsonschema.py

Target (issue #4): a pair check, both directions (FULL), for a 20-property schema under 500 µs,
and a counterexample search bounded in time. The reference is validating one document with the
`jsonschema` library (compiled validator, `is_valid`), which the issue puts at about 250 µs.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator

from event_contracts._compat.api import check_compatibility
from event_contracts._compat.jsonschema import SEARCH_SECONDS

KINDS: list[dict[str, Any]] = [
    {"type": "string", "minLength": 1, "maxLength": 200},
    {"type": "integer", "minimum": 0},
    {"type": "number", "maximum": 1e9},
    {"type": "string", "format": "date-time"},
    {"enum": ["A", "B", "C"]},
    {"type": "boolean"},
    {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    {"type": ["string", "null"]},
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
    },
    {"$ref": "#/$defs/Money"},
]


def schema_20() -> dict[str, Any]:
    props = {f"field{i:02d}": copy.deepcopy(KINDS[i % len(KINDS)]) for i in range(20)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Bench",
        "type": "object",
        "additionalProperties": False,
        "required": [f"field{i:02d}" for i in range(0, 20, 2)],
        "properties": props,
        "$defs": {
            "Money": {
                "type": "object",
                "additionalProperties": False,
                "required": ["amount", "currency"],
                "properties": {
                    "amount": {"type": "string", "pattern": "^-?[0-9]+([.][0-9]+)?$"},
                    "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                },
            }
        },
    }


def document() -> dict[str, Any]:
    values = [
        "abc",
        3,
        1.5,
        "2024-01-02T03:04:05Z",
        "A",
        True,
        ["x"],
        None,
        {"id": "x", "n": 1},
        {"amount": "1.00", "currency": "EUR"},
    ]
    return {f"field{i:02d}": copy.deepcopy(values[i % len(values)]) for i in range(20)}


def timeit(fn: Callable[[], object], rounds: int = 7, number: int = 200) -> float:
    """Seconds per call, best of `rounds`."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return min(samples)  # best of the rounds: the least disturbed by other processes


def main() -> None:
    old = schema_20()
    new = copy.deepcopy(old)  # BACKWARD-compatible: an optional property, a wider bound
    new["properties"]["field20"] = {"type": "string", "description": "added, optional"}
    new["properties"]["field01"]["description"] = "documented"
    new["properties"]["field00"]["maxLength"] = 400
    same = copy.deepcopy(old)  # FULL-compatible: documentation-only changes
    same["title"] = "Bench v2"
    same["properties"]["field01"]["description"] = "documented"
    same["properties"]["field03"]["format"] = "date"
    same["properties"]["field05"]["default"] = False
    same["properties"]["field06"]["examples"] = [["a"]]
    doc = document()
    validator = Draft202012Validator(old)
    assert validator.is_valid(doc), list(validator.iter_errors(doc))

    ref = timeit(lambda: validator.is_valid(doc))
    both = timeit(lambda: check_compatibility(old, same, mode="FULL", format="jsonschema"))
    back = timeit(lambda: check_compatibility(old, new, mode="BACKWARD", format="jsonschema"))
    text_old, text_new = json.dumps(old, indent=2), json.dumps(same, indent=2)
    parsed = timeit(
        lambda: check_compatibility(text_old, text_new, mode="FULL", format="jsonschema"),
        number=50,
    )
    assert check_compatibility(old, same, mode="FULL", format="jsonschema").compatible
    assert check_compatibility(old, new, mode="BACKWARD", format="jsonschema").compatible

    breaking = copy.deepcopy(old)
    breaking["properties"]["field00"]["maxLength"] = 10
    del breaking["properties"]["field05"]
    start = time.perf_counter()
    bad = check_compatibility(old, breaking, mode="FULL", format="jsonschema")
    search = time.perf_counter() - start
    with_example = sum(f.counterexample is not None for f in bad.findings)

    print("JSON Schema compatibility, 20-property schema (best of 7 rounds of 200 calls)")
    print(f"  reference: jsonschema is_valid, one document   {ref * 1e6:8.1f} µs")
    print(f"  pair check BACKWARD, one direction (dicts)       {back * 1e6:8.1f} µs")
    print(
        f"  pair check FULL, both directions (dicts)         {both * 1e6:8.1f} µs"
        f"   = {both / ref:.2f}x one validation; target < 500 µs"
    )
    print(f"  pair check FULL from JSON text                   {parsed * 1e6:8.1f} µs")
    print(
        f"  FULL, {len(bad.findings)} breaking findings + counterexample search "
        f"{search * 1e3:8.1f} ms   ({with_example} counterexamples; bound "
        f"{SEARCH_SECONDS * 1e3:.0f} ms per direction)"
    )


if __name__ == "__main__":
    main()
