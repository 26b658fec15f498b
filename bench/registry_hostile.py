"""Registry client against hostile servers: how long a trickle holds a request, what a huge
error message costs.

References measured in the same run: a plain httpx client with the same `timeout` (httpx
applies it per read, so a trickle of one byte per 20 ms never trips it) reading the trickled
answer to its end; and `json.loads` of the 50 MB error body (the least any reader must do).

    .venv/bin/python bench/registry_hostile.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from event_contracts import ConfluentClient, RegistryError  # noqa: E402
from event_contracts._registry import codes  # noqa: E402
from registry.hostile_registry import HostileServer, Reply  # noqa: E402

TIMEOUT = 1.0


def main() -> None:
    body = json.dumps(["subject"] * 40).encode()  # ~400 bytes at 20 ms each: ~8 s in all
    with HostileServer(lambda *_: Reply(200, body, trickle=0.02)) as server:
        start = time.perf_counter()
        with httpx.Client(timeout=TIMEOUT) as plain:
            plain.get(f"{server.url}/subjects")
        reference = time.perf_counter() - start
        start = time.perf_counter()
        try:
            with ConfluentClient(server.url, timeout=TIMEOUT, retries=0, env={}) as client:
                client.subjects()
        except RegistryError:
            pass
        ours = time.perf_counter() - start
    print(
        f"trickled answer, timeout={TIMEOUT:g} s: plain httpx (per-read) {reference:.2f} s, "
        f"ConfluentClient (deadline) {ours:.2f} s ({reference / ours:.1f}x sooner)"
    )

    message = "x" * 50_000_000
    text = json.dumps({"error_code": 42201, "message": message})
    start = time.perf_counter()
    json.loads(text)
    parse = time.perf_counter() - start
    start = time.perf_counter()
    error = codes.error_from_response("register", 422, text)
    cost = time.perf_counter() - start
    print(
        f"50 MB error message: json.loads {parse * 1e3:.0f} ms, RegistryError {cost * 1e3:.0f} ms "
        f"({cost / parse:.2f}x the parse), message shown: {len(str(error))} characters"
    )


if __name__ == "__main__":
    main()
