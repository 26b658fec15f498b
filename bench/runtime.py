"""Runtime benchmark: typed encode/decode against raw fastavro and pydantic, in one run.

    .venv/bin/python bench/runtime.py [--quick]

Events: orders.OrderPlaced (v2: 11 payload fields + metadata = 12 fields, three order lines),
and a tracking event generated here in a throwaway project (`avro_mixed_pairs`: floats,
strings, a timestamp, an enum, an optional record, an array of records; no uuid or decimal).
Every figure is the best of several repeats, in microseconds per operation; each target is a
ratio against a reference measured here, in the same process.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import sys
import timeit
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

import event_contracts as ec
from event_contracts._runtime.avro_scan import compile_scan

REPO = Path(__file__).resolve().parents[1]


def best(fn: Any, number: int, repeat: int = 5) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def main() -> None:
    quick = "--quick" in sys.argv
    n = 500 if quick else 4000
    orders = importlib.import_module("integration_events.orders")
    v1_cls, v2_cls = orders.OrderPlacedV1, orders.OrderPlacedV2
    now = dt.datetime(2026, 5, 1, 12, 30, 15, 250000, tzinfo=dt.UTC)
    line = {"product_id": uuid.uuid4(), "quantity": 2, "unit_price": Decimal("19.99")}
    common: dict[str, Any] = {
        "event_id": uuid.uuid4(),
        "order_id": uuid.uuid4(),
        "tenant_id": "tenant-42",
        "customer_id": uuid.uuid4(),
        "lines": [line, {**line, "product_id": uuid.uuid4()}, {**line, "quantity": 1}],
        "total": Decimal("99.95"),
        "currency": "EUR",
        "channel": "WEB",
        "placed_at": now,
    }
    record2 = {
        **common,
        "shipping_address": {
            "line1": "1 Main St",
            "line2": None,
            "city": "Lyon",
            "postal_code": "69001",
            "country": "FR",
        },
        "coupon_code": "SPRING",
    }
    event2 = v2_cls.model_validate(record2)
    event1 = v1_cls.model_validate(common)
    s1 = parse_schema(ec.load_catalog(REPO / "schemas")["orders.OrderPlaced"].version(1).schema)
    s2 = parse_schema(ec.load_catalog(REPO / "schemas")["orders.OrderPlaced"].version(2).schema)

    def raw_round_trip() -> Any:
        buf = io.BytesIO()
        schemaless_writer(buf, s2, record2)
        buf.seek(0)
        return schemaless_reader(buf, s2, None)

    def typed_round_trip() -> Any:
        return ec.decode(ec.encode(event2), into=v2_cls)

    def pydantic_validate_dump() -> Any:
        return v2_cls.model_validate(record2).model_dump(by_alias=True)

    buf = io.BytesIO()
    schemaless_writer(buf, s1, common)
    v1_bare = buf.getvalue()
    v1_framed = ec.encode(event1)

    def fastavro_resolving_read() -> Any:
        return schemaless_reader(io.BytesIO(v1_bare), s1, s2)

    def decode_v1_into_v2() -> Any:
        return ec.decode(v1_framed, into=v2_cls)

    json2 = ec.encode(event2, format="json")

    def pydantic_json() -> Any:
        return v2_cls.model_validate_json(json2)

    def decode_json() -> Any:
        return ec.decode(json2, into=v2_cls, format="json")

    assert typed_round_trip() == event2
    assert decode_v1_into_v2() == v2_cls.model_validate({**common})
    assert decode_json() == event2

    # Each pair is measured interleaved (reference, subject, reference, ...) and the best of
    # each kept, so load from other processes hits both sides alike.
    pairs: list[Pair] = [
        (
            "typed round trip / raw fastavro round trip",
            ("raw fastavro round trip (dict -> bytes -> dict)", raw_round_trip),
            ("typed round trip (instance -> bytes -> instance)", typed_round_trip),
            1.25,
        ),
        (
            "decode v1 into latest / fastavro resolving read",
            ("fastavro resolving read v1 -> v2 (to dict)", fastavro_resolving_read),
            ("decode v1 bytes into latest class", decode_v1_into_v2),
            0.8,
        ),
        (
            "decode JSON / model_validate_json",
            ("pydantic model_validate_json alone", pydantic_json),
            ("decode JSON into typed instance", decode_json),
            1.5,
        ),
    ]
    pairs += json_number_pairs()
    pairs += avro_mixed_pairs()
    # A schema that needs the zero-width skip-scan: OrderPlaced v2 plus an array of nulls.
    marked_schema = ec.load_catalog(REPO / "schemas")["orders.OrderPlaced"].version(2).schema
    marked_schema = {
        **marked_schema,
        "fields": [
            *marked_schema["fields"],
            {"name": "marks", "type": {"type": "array", "items": "null"}},
        ],
    }
    marked = parse_schema(marked_schema)
    scan = compile_scan(marked)
    assert scan is not None
    buf = io.BytesIO()
    schemaless_writer(buf, marked, {**record2, "marks": [None, None, None]})
    marked_bytes = buf.getvalue()

    def marked_read() -> Any:
        return schemaless_reader(io.BytesIO(marked_bytes), marked, None)

    def marked_scan_read() -> Any:
        scan(marked_bytes, 0, 1 << 24)
        return schemaless_reader(io.BytesIO(marked_bytes), marked, None)

    pairs.append(
        (
            "skip-scan + read / read (array<null> schema only)",
            ("fastavro read, OrderPlaced v2 + array<null>", marked_read),
            ("zero-width skip-scan, then the same read", marked_scan_read),
            0.0,
        )
    )
    width = 52
    print(
        f"{'pydantic validate + dump (reference only)':<{width}}  "
        f"{best(pydantic_validate_dump, n):8.2f} µs"
    )
    verdicts = []
    for title, (ref_label, ref), (label, subject), target in pairs:
        ref_us, subject_us = interleaved(ref, subject, n)
        print(f"{ref_label:<{width}}  {ref_us:8.2f} µs")
        print(f"{label:<{width}}  {subject_us:8.2f} µs")
        verdicts.append((title, subject_us / ref_us, target))
    print()
    for title, ratio, target in verdicts:
        if not target:  # a cost figure, no target
            print(f"{title:<{width}}  {ratio:6.2f}x")
            continue
        verdict = "ok" if ratio <= target else "OVER TARGET"
        print(f"{title:<{width}}  {ratio:6.2f}x  (target <= {target}x: {verdict})")


# --- JSON Schema event with number fields (and an Avro event with a double, read as JSON) ---
READING_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ReadingRecorded",
    "description": "A sensor reported a reading.",
    "type": "object",
    "additionalProperties": False,
    "required": ["eventId", "sensorId", "recordedAt", "temperature", "humidity", "samples"],
    "properties": {
        "eventId": {"type": "string", "format": "uuid"},
        "sensorId": {"type": "string", "minLength": 1},
        "recordedAt": {"type": "string", "format": "date-time"},
        "temperature": {"type": "number", "minimum": -90, "maximum": 60},
        "humidity": {"type": "number", "minimum": 0, "maximum": 100},
        "pressure": {"type": "number", "multipleOf": 0.01},
        "battery": {"type": "integer", "minimum": 0, "maximum": 100},
        "location": {
            "type": "object",
            "additionalProperties": False,
            "required": ["lat", "lon"],
            "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
        },
        "samples": {"type": "array", "maxItems": 16, "items": {"type": "number"}},
        "unit": {"type": "string", "enum": ["CELSIUS", "FAHRENHEIT"], "default": "CELSIUS"},
    },
}
READING: dict[str, Any] = {
    "eventId": "6f1c2f0e-2b6a-4c55-9f1e-0d7c4a5b3e21",
    "sensorId": "greenhouse-7/probe-2",
    "recordedAt": "2026-05-01T12:30:15.250Z",
    "temperature": 21.375,
    "humidity": 48,
    "pressure": 1013.25,
    "battery": 87,
    "location": {"lat": 45.764, "lon": 4.8357},
    "samples": [21.25, 21.5, 21.375, 21.3125, 21, 20.875],
    "unit": "CELSIUS",
}


def _quiet(fn: Any, args: list[str]) -> Any:
    import contextlib
    import io as _io

    with contextlib.redirect_stdout(_io.StringIO()):
        return fn(args)


def json_number_pairs() -> list[Any]:
    """JSON decode against model_validate_json for events whose payload holds numbers: a JSON
    Schema event generated into a temporary package, and catalog.ProductAdded v2 (an Avro
    event with a double) read from JSON."""
    import json
    import tempfile

    from event_contracts._cli.main import main as cli

    root = Path(tempfile.mkdtemp(prefix="bench-json-"))
    (root / "pyproject.toml").write_text(
        '[tool.event-contracts]\npackage = "bench_json_events"\npackage-dir = "src"\n'
    )
    event_dir = root / "schemas" / "sensors" / "ReadingRecorded"
    event_dir.mkdir(parents=True)
    (event_dir / "event.toml").write_text('description = "A sensor reported a reading."\n')
    (event_dir / "v1.json").write_text(json.dumps(READING_SCHEMA, indent=2))
    (root / "src" / "bench_json_events").mkdir(parents=True)
    if _quiet(cli, ["--root", str(root), "generate"]) != 0:
        raise SystemExit("bench: generating the JSON Schema event failed")
    sys.path.insert(0, str(root / "src"))
    reading_cls = importlib.import_module("bench_json_events.sensors").ReadingRecorded
    reading_json = json.dumps(READING).encode()
    assert json.loads(ec.encode(ec.decode(reading_json, into=reading_cls))) == READING

    catalog = importlib.import_module("integration_events.catalog")
    product_cls = catalog.ProductAddedV2
    product = {
        "event_id": str(uuid.UUID(int=1)),
        "product_id": str(uuid.UUID(int=2)),
        "tenant_id": "tenant-7",
        "name": "Sencha, loose leaf",
        "price": 19.99,
        "added_at": "2026-05-01T12:30:15.250000Z",
        "category": "drinks",
        "tags": ["green", "loose"],
    }
    product_json = json.dumps(product).encode()
    assert ec.decode(product_json, into=product_cls, format="json").price == 19.99

    return [
        (
            "decode JSON / model_validate_json (JSON Schema, numbers)",
            (
                "model_validate_json, sensors.ReadingRecorded",
                lambda: reading_cls.model_validate_json(reading_json),
            ),
            (
                "decode JSON, sensors.ReadingRecorded",
                lambda: ec.decode(reading_json, into=reading_cls),
            ),
            1.5,
        ),
        (
            "decode JSON / model_validate_json (Avro, double)",
            (
                "model_validate_json, catalog.ProductAdded v2",
                lambda: product_cls.model_validate_json(product_json),
            ),
            (
                "decode JSON, catalog.ProductAdded v2",
                lambda: ec.decode(product_json, into=product_cls, format="json"),
            ),
            1.5,
        ),
    ]


Pair = tuple[str, tuple[str, Any], tuple[str, Any], float]

_TRACKED_V1: dict[str, Any] = {
    "type": "record",
    "name": "ShipmentTracked",
    "namespace": "shipping",
    "fields": [
        {"name": "shipment_id", "type": "string"},
        {"name": "carrier", "type": "string"},
        {
            "name": "status",
            "type": {
                "type": "enum",
                "name": "Status",
                "symbols": ["CREATED", "IN_TRANSIT", "DELIVERED", "LOST"],
            },
        },
        {"name": "recorded_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "weight_kg", "type": "double"},
        {"name": "temperature_c", "type": "float"},
        {
            "name": "destination",
            "type": [
                "null",
                {
                    "type": "record",
                    "name": "Place",
                    "fields": [
                        {"name": "label", "type": "string"},
                        {"name": "lat", "type": "double"},
                        {"name": "lon", "type": "double"},
                    ],
                },
            ],
            "default": None,
        },
        {
            "name": "checkpoints",
            "type": {
                "type": "array",
                "items": {
                    "type": "record",
                    "name": "Checkpoint",
                    "fields": [
                        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                        {"name": "place", "type": "Place"},
                        {"name": "speed_kmh", "type": "float"},
                    ],
                },
            },
        },
    ],
}
_TRACKED_V2 = {
    **_TRACKED_V1,
    "fields": [
        *_TRACKED_V1["fields"],
        {"name": "priority", "type": "int", "default": 0},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}


def avro_mixed_pairs() -> list[Pair]:
    """The tracking event (v1 and v2 generated in a temporary project): typed round trip
    against raw fastavro, and v1 bytes into the v2 class against fastavro's resolving read."""
    import contextlib
    import tempfile

    from event_contracts._cli.main import main as cli

    tmp = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    (tmp / "pyproject.toml").write_text(
        '[tool.event-contracts]\npackage = "bench_runtime_events"\npackage-dir = "src"\n'
    )
    folder = tmp / "schemas" / "shipping" / "ShipmentTracked"
    folder.mkdir(parents=True)
    (folder / "event.toml").write_text('description = "A shipment passed a checkpoint."\n')
    for number, schema in ((1, _TRACKED_V1), (2, _TRACKED_V2)):
        (folder / f"v{number}.avsc").write_text(json.dumps(schema, indent=2))
    (tmp / "src" / "bench_runtime_events").mkdir(parents=True)
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli(["--root", str(tmp), "generate"]) == 0
    sys.path.insert(0, str(tmp / "src"))
    module = importlib.import_module("bench_runtime_events.shipping")
    v1_cls, v2_cls = module.ShipmentTrackedV1, module.ShipmentTrackedV2
    at = dt.datetime(2026, 5, 1, 12, 30, 15, 250000, tzinfo=dt.UTC)
    place = {"label": "Lyon hub", "lat": 45.764, "lon": 4.8357}
    record1: dict[str, Any] = {
        "shipment_id": "SHP-2026-000123",
        "carrier": "acme-freight",
        "status": "IN_TRANSIT",
        "recorded_at": at,
        "weight_kg": 12.75,
        "temperature_c": 4.5,
        "destination": place,
        "checkpoints": [
            {"at": at, "place": {**place, "label": f"stop {i}"}, "speed_kmh": 61.5}
            for i in range(3)
        ],
    }
    record2 = {**record1, "priority": 2, "note": "fragile"}
    event2 = v2_cls.model_validate(record2)
    s1, s2 = parse_schema(_TRACKED_V1), parse_schema(_TRACKED_V2)

    def raw_round_trip() -> Any:
        buf = io.BytesIO()
        schemaless_writer(buf, s2, record2)
        buf.seek(0)
        return schemaless_reader(buf, s2, None)

    def typed_round_trip() -> Any:
        return ec.decode(ec.encode(event2), into=v2_cls)

    buf = io.BytesIO()
    schemaless_writer(buf, s1, record1)
    v1_bare = buf.getvalue()
    v1_framed = ec.encode(v1_cls.model_validate(record1))

    def fastavro_resolving_read() -> Any:
        return schemaless_reader(io.BytesIO(v1_bare), s1, s2)

    def decode_v1_into_v2() -> Any:
        return ec.decode(v1_framed, into=v2_cls)

    assert typed_round_trip() == event2
    assert decode_v1_into_v2() == v2_cls.model_validate(record1)
    return [
        (
            "tracking event: typed round trip / raw fastavro",
            ("raw fastavro round trip, tracking event", raw_round_trip),
            ("typed round trip, tracking event", typed_round_trip),
            1.25,
        ),
        (
            "tracking event: decode v1 into latest / resolving",
            ("fastavro resolving read v1 -> v2, tracking event", fastavro_resolving_read),
            ("decode v1 bytes into latest class, tracking event", decode_v1_into_v2),
            0.8,
        ),
    ]


def interleaved(ref: Any, subject: Any, number: int, rounds: int = 9) -> tuple[float, float]:
    ref_times, subject_times = [], []
    for _ in range(rounds):
        ref_times.append(timeit.timeit(ref, number=number))
        subject_times.append(timeit.timeit(subject, number=number))
    return min(ref_times) / number * 1e6, min(subject_times) / number * 1e6


if __name__ == "__main__":
    main()
