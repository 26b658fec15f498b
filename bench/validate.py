"""Validation cost: our Avro checks against the parsers they are measured with, on every Avro
schema of the bundled catalog and the real-world test data, and a whole `scan` of schemas/.

Run: .venv/bin/python bench/validate.py
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import avro.schema
from fastavro.schema import parse_schema, to_parsing_canonical_form

from event_contracts._schema.avro import canonical_and_fingerprint, check, without_defaults
from event_contracts._schema.loader import scan

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "foundation" / "data" / "avro"


def schemas() -> list[Any]:
    paths = sorted((ROOT / "schemas").glob("*/*/*.avsc")) + sorted(DATA.glob("*/*.avsc"))
    out = []
    for p in paths:
        out.append(json.JSONDecoder().raw_decode(p.read_text(encoding="utf-8"))[0])
    return out


def per_schema(label: str, fn: Callable[[Any], object], items: list[Any], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for s in items:
            fn(s)
    micros = (time.perf_counter() - start) / (rounds * len(items)) * 1e6
    print(f"{label:44} {micros:8.1f} µs/schema")
    return micros


def main() -> None:
    items = schemas()
    rounds = 200
    print(f"{len(items)} Avro schemas, {rounds} rounds")
    fast = per_schema(
        "fastavro parse_schema (reference)",
        lambda s: parse_schema(without_defaults(s), _write_hint=False),
        items,
        rounds,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        apache = per_schema(
            "Apache avro.schema.parse", lambda s: avro.schema.parse(json.dumps(s)), items, rounds
        )
    ours = per_schema("event-contracts check (walk + fastavro)", check, items, rounds)
    pcf_fast = per_schema(
        "fastavro canonical form",
        lambda s: to_parsing_canonical_form(parse_schema(without_defaults(s), _write_hint=False)),
        items,
        rounds,
    )
    pcf_ours = per_schema(
        "event-contracts canonical + CRC-64", canonical_and_fingerprint, items, rounds
    )
    print(f"check / fastavro parse: {ours / fast:.2f}x; check / Apache parse: {ours / apache:.2f}x")
    print(f"canonical+fingerprint / fastavro canonical: {pcf_ours / pcf_fast:.2f}x")
    start = time.perf_counter()
    for _ in range(20):
        _, problems = scan(ROOT / "schemas")
    assert not problems
    print(
        f"scan(schemas/) of the bundled catalog: {(time.perf_counter() - start) / 20 * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
