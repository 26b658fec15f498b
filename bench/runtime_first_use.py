"""First use of the runtime in a fresh process, in a package of 1,000 event types.

    .venv/bin/python bench/runtime_first_use.py

A service imports one class, builds an event, encodes it and decodes it. Each figure is the
best of several fresh interpreters, timed inside the child (milliseconds since the import).
Target: the first encode + decode within 20 ms of the import, however many types the package
ships (only the event in hand's schemas are read).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _synthetic import make_project
from event_contracts._cli.main import main

RUNS = 5
CHILD = """
import time
t = time.perf_counter()
import pydantic
t0 = time.perf_counter()
from bench_events.mod0 import Thing0Happened
t1 = time.perf_counter()
import datetime as dt, decimal, uuid
from event_contracts import decode, encode
t1b = time.perf_counter()
event = Thing0Happened(
    event_id=uuid.uuid4(), tenant_id="t", amount=decimal.Decimal("1.50"),
    at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), line={"sku": "s", "qty": 1},
    extra_0=None,
)
t2 = time.perf_counter()
data = encode(event)
t3 = time.perf_counter()
assert decode(data, into=Thing0Happened) == event
t4 = time.perf_counter()
print({"pydantic": t0 - t, "class": t1 - t0, "facade": t1b - t1, "build": t2 - t1b,
       "encode": t3 - t2, "decode": t4 - t3})
"""


def main_() -> None:
    types = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), types=types, versions=1)
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--root", str(root), "generate"]) == 0
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        warm = "import compileall, sys; compileall.compile_dir(sys.argv[1], quiet=1)"
        subprocess.run([sys.executable, "-c", warm, str(root / "src")], check=True, env=env)
        runs = []
        for _ in range(RUNS):
            out = subprocess.run(
                [sys.executable, "-c", CHILD], check=True, env=env, capture_output=True, text=True
            ).stdout
            runs.append(json.loads(out.strip().replace("'", '"')))
    best = {k: min(r[k] for r in runs) * 1000 for k in runs[0]}
    first = best["encode"] + best["decode"]
    print(f"package of {types} event types (1 version each); best of {RUNS} fresh processes")
    for key, ms in best.items():
        print(f"{key:<8} {ms:8.2f} ms")
    verdict = "ok" if first <= 20 else "OVER TARGET"
    print(f"first encode + decode after the import: {first:.2f} ms (target <= 20 ms: {verdict})")


if __name__ == "__main__":
    main_()
