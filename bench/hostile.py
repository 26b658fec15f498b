"""Hostile-payload benchmark: the slowest decode of a 1 MB hostile payload, against a plain
fastavro read of a 1 MB benign one, in one run.

    .venv/bin/python bench/hostile.py [--quick]

Each hostile shape is about 1 MB (a few are tiny on purpose: they claim work, not bytes) and
must end in a ContractError or a decoded event; the figure is its best-of-three time. The
reference is `schemaless_reader` on a 1 MB OrderPlaced v2 (thousands of order lines) into
dicts, no classes. The target: no hostile payload costs more than 3 benign reads of its size.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import io
import json
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

import event_contracts as ec
from event_contracts._runtime.schemas import for_package

ROOT = Path(__file__).resolve().parents[1]
MB = 1 << 20
TARGET = 3.0


def zigzag(n: int) -> bytes:
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z > 0x7F:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


def loosened(schema: Any) -> Any:
    """Enums as int, logical types stripped: the same wire layout, any index or bytes."""
    if isinstance(schema, list):
        return [loosened(s) for s in schema]
    if isinstance(schema, dict):
        if schema.get("type") == "enum":
            return "int"
        return {k: loosened(v) for k, v in schema.items() if k != "logicalType"}
    return schema


def write(schema: Any, record: Any) -> bytes:
    buf = io.BytesIO()
    schemaless_writer(buf, parse_schema(schema), record)
    return buf.getvalue()


def order(lines: int, **changes: Any) -> dict[str, Any]:
    line = {"product_id": str(uuid.UUID(int=4)), "quantity": 2, "unit_price": b"\x07\xcf"}
    return {
        "event_id": str(uuid.UUID(int=1)),
        "order_id": str(uuid.UUID(int=2)),
        "tenant_id": "tenant-42",
        "customer_id": str(uuid.UUID(int=3)),
        "lines": [line] * lines,
        "total": b"\x07\xcf",
        "currency": "EUR",
        "channel": 0,
        "placed_at": 0,
        "shipping_address": None,
        "coupon_code": None,
        **changes,
    }


ZW_SCHEMA = {
    "type": "record",
    "name": "Pinged",
    "namespace": "zw",
    "fields": [
        {"name": "ping_id", "type": "string"},
        {"name": "marks", "type": {"type": "array", "items": "null"}},
    ],
}
ZW_CLASSES = """
    from typing import ClassVar
    from event_contracts import IntegrationEvent
    from event_contracts._runtime.schemas import for_package

    class PingedV1(IntegrationEvent):
        EVENT_TYPE: ClassVar[str] = "zw.Pinged"
        EVENT_VERSION: ClassVar[int] = 1
        SCHEMA_FORMAT = "avro"
        SCHEMA_FINGERPRINT: ClassVar[str] = (
            for_package(__name__).catalog["zw.Pinged"].version(1).fingerprint
        )
        SCHEMA_RESOURCE: ClassVar[str] = "zw/Pinged/v1.avsc"
        ping_id: str
        marks: list[None]
"""


def zero_width_class(folder: Path) -> Any:
    """A throw-away package with an array of nulls (items that take no bytes)."""
    event_dir = folder / "zw_bench" / "_schemas" / "zw" / "Pinged"
    event_dir.mkdir(parents=True)
    (event_dir / "event.toml").write_text('description = "A ping."\nsubscribers = []\n')
    (event_dir / "v1.avsc").write_text(json.dumps(ZW_SCHEMA))
    (folder / "zw_bench" / "__init__.py").write_text(textwrap.dedent(ZW_CLASSES))
    sys.path.insert(0, str(folder))
    return importlib.import_module("zw_bench").PingedV1


def best(fn: Callable[[], object], repeat: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            fn()
            outcome = "decoded"
        except ec.ContractError as exc:
            outcome = type(exc).__name__
        times.append(time.perf_counter() - start)
    return min(times), outcome


def main() -> None:
    repeat = 2 if "--quick" in sys.argv else 3
    orders = importlib.import_module("integration_events.orders")
    connections = importlib.import_module("integration_events.connections")
    v2 = orders.OrderPlacedV2
    schema = for_package("integration_events").version("orders.OrderPlaced", 2).schema
    plain = loosened(schema)
    lines = MB // len(write(plain, order(1))) * 1  # about 40 bytes a line
    lines = MB // 40
    benign = write(plain, order(lines))
    parsed = parse_schema(schema)

    def reference() -> Any:
        return schemaless_reader(io.BytesIO(benign), parsed, None)

    ref, _ = best(reference, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        pinged = zero_width_class(Path(tmp))
        cases = hostile_cases(v2, connections.MetaConnectionEstablishedV2, pinged, plain, lines)
        width = max(len(name) for name in cases) + 2
        print(
            f"{'reference: fastavro read of a 1 MB benign OrderPlaced v2':<{width}} "
            f"{len(benign) / MB:5.2f} MB {ref * 1e3:9.2f} ms"
        )
        worst = ("", 0.0)
        for name, (size, run) in cases.items():
            seconds, outcome = best(run, repeat)
            ratio = seconds / ref
            worst = max(worst, (name, ratio), key=lambda w: w[1])
            print(
                f"{name:<{width}} {size / MB:5.2f} MB {seconds * 1e3:9.2f} ms "
                f"{ratio:7.2f}x  {outcome}"
            )
    verdict = "ok" if worst[1] <= TARGET else "OVER TARGET"
    print(
        f"\nslowest hostile decode / benign fastavro read: {worst[1]:.2f}x ({worst[0]}; "
        f"target <= {TARGET}x: {verdict})"
    )


def hostile_cases(
    v2: Any, connection: Any, pinged: Any, plain: Any, lines: int
) -> dict[str, tuple[int, Callable[[], object]]]:
    def avro(data: bytes, into: Any = v2) -> tuple[int, Callable[[], object]]:
        return len(data), lambda: ec.decode(data, into=into, framing="none")

    def json_case(data: bytes, into: Any = connection) -> tuple[int, Callable[[], object]]:
        return len(data), lambda: ec.decode(data, into=into, format="json")

    base = json.loads(ec.encode(connection.model_validate(_CONNECTION), format="json"))
    scopes = [f"scope-{i:06d}" for i in range(MB // 15)]
    envelope = json.loads(ec.to_cloudevent(v2.model_validate(_ORDER)))
    headers = ec.to_kafka(v2.model_validate(_ORDER))[0]
    return {
        "Avro: 1 MB decimal (precision 14)": avro(write(plain, order(1, total=b"\x01" * MB))),
        "Avro: 1 MB of lines, then enum index -1": avro(write(plain, order(lines, channel=-1))),
        "Avro: 1 MB of lines, decimal 9 bytes last": avro(
            write(plain, order(lines, total=b"\x01" * 9))
        ),
        "Avro: 1 MB of random bytes": avro(bytes(range(256)) * (MB // 256)),
        "Avro: 12 bytes claiming 16M empty items": avro(b"\x02p" + zigzag(2**24) + b"\x00", pinged),
        "Avro: 1 MB of one-item blocks of nulls": avro(
            b"\x02p" + b"\x02" * (MB - 4) + b"\x00", pinged
        ),
        "Avro: 1 MB block claiming 2**62 nulls": avro(
            b"\x02p" + zigzag(2**62) + b"\x00" * MB, pinged
        ),
        "JSON: uniqueItems, 70,000 distinct strings": json_case(
            json.dumps({**base, "scopes": scopes}).encode()
        ),
        "JSON: uniqueItems, duplicate at the end": json_case(
            json.dumps({**base, "scopes": [*scopes, scopes[0]]}).encode()
        ),
        "JSON: 1 MB of [ nesting": json_case(b"[" * MB),
        "JSON: a 1 MB integer": json_case(
            json.dumps({**base, "tenantId": "X"}).encode().replace(b'"X"', b"1" * MB)
        ),
        "CloudEvent: 1 MB data_base64 of garbage": (
            MB,
            lambda: ec.from_cloudevent(
                json.dumps(
                    {**envelope, "data_base64": base64.b64encode(b"\xff" * (MB * 3 // 4)).decode()}
                ),
                into=v2,
            ),
        ),
        "Kafka: 1 MB ce_dataschema": (
            MB,
            lambda: ec.from_kafka(
                [(k, b"9" * MB if k == "ce_dataschema" else v) for k, v in headers],
                ec.encode(v2.model_validate(_ORDER), framing="none"),
                into=v2,
            ),
        ),
    }


_ORDER = {
    "event_id": uuid.UUID(int=1),
    "order_id": uuid.UUID(int=2),
    "tenant_id": "t",
    "customer_id": uuid.UUID(int=3),
    "lines": [],
    "total": Decimal("1.00"),
    "currency": "EUR",
    "channel": "WEB",
    "placed_at": dt.datetime(2026, 3, 14, tzinfo=dt.UTC),
}
_CONNECTION = {
    "eventId": uuid.UUID(int=40),
    "connectionId": uuid.UUID(int=41),
    "tenantId": "tenant-7",
    "clientId": uuid.UUID(int=42),
    "platform": "INSTAGRAM",
    "pageId": "page-1",
    "scopes": ["pages_messaging"],
    "establishedAt": dt.datetime(2026, 3, 14, tzinfo=dt.UTC),
}


if __name__ == "__main__":
    main()
