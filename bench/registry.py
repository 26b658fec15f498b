"""Registry benchmark: schema-id resolution for Confluent framing, and a full push.

Runs against the in-process fake registry from the tests (stdlib HTTP on 127.0.0.1), so the
HTTP figures are a lower bound for a real registry across a network. The reference measured in
the same run is one uncached HTTP lookup; the ratios say what the cache saves per event.

    .venv/bin/python bench/registry.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from event_contracts import ConfluentClient, FileRegistry, RegistryIdResolver, load_catalog  # noqa: E402
from event_contracts._registry.model import schema_text, schema_type_of  # noqa: E402
from event_contracts._registry.push import push  # noqa: E402
from event_contracts._schema.lock import pending_entries  # noqa: E402
from registry.fake_registry import FakeRegistry  # noqa: E402


def per_call(fn: Callable[[], object], n: int) -> float:
    """Best of three runs of n calls, in seconds per call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def main() -> None:
    catalog = load_catalog(ROOT / "schemas")
    fake = FakeRegistry(decide=lambda *a: [])
    with fake.serve() as server, ConfluentClient(server.url, env={}) as client:
        start = time.perf_counter()
        report = push(client, catalog)
        push_s = time.perf_counter() - start
        start = time.perf_counter()
        push(client, catalog)
        repush_s = time.perf_counter() - start

        v = catalog["orders.OrderPlaced"].version(2)
        text, kind = schema_text(v), schema_type_of(v.format)
        http = per_call(lambda: client.lookup("orders.OrderPlaced", text, kind), 200)
        resolver = RegistryIdResolver(client, catalog)
        sid = resolver.id_for("orders.OrderPlaced", 2)
        cached_id = per_call(lambda: resolver.id_for("orders.OrderPlaced", 2), 100_000)
        cached_version = per_call(lambda: resolver.version_for(sid), 100_000)

    file_reg = FileRegistry(catalog, pending_entries(catalog, []))
    file_id = per_call(lambda: file_reg.id_for("orders.OrderPlaced", 2), 20_000)

    versions = sum(len(t.versions) for t in catalog)
    print(
        f"push of {len(catalog)} types / {versions} versions: {push_s * 1e3:.1f} ms "
        f"({report.count('registered')} registered); "
        f"second push (no-op): {repush_s * 1e3:.1f} ms"
    )
    print(f"uncached id lookup over HTTP (reference): {http * 1e6:9.1f} µs")
    print(
        f"cached id_for:                            {cached_id * 1e6:9.3f} µs  "
        f"({http / cached_id:,.0f}x faster)"
    )
    print(
        f"cached version_for:                       {cached_version * 1e6:9.3f} µs  "
        f"({http / cached_version:,.0f}x faster)"
    )
    print(
        f"FileRegistry.id_for (lock file, no cache): {file_id * 1e6:9.3f} µs  "
        f"({http / file_id:,.0f}x faster)"
    )


if __name__ == "__main__":
    main()
