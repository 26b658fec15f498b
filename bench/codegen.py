"""Generation time for 1,000 event versions: full, no-change `generate`, and `generate --check`.

Reference in the same run: loading the catalog alone (parse + fingerprint, what any command pays).
Targets: full < 20 s; no-change and --check < 2 s.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _synthetic import make_project
from event_contracts._cli.main import main
from event_contracts._schema.loader import scan


def timed(label: str, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:8.3f} s", file=sys.__stdout__)
    return elapsed


def run(argv: list[str]) -> None:
    code = main(argv)
    assert code == 0, (argv, code)


def bench() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp))
        count = len(list((root / "schemas").rglob("v*.*")))
        print(f"{count} event versions")
        ref = timed(
            "reference: load catalog (deep=False)", lambda: scan(root / "schemas", deep=False)
        )
        quiet = ["--root", str(root)]
        with contextlib.redirect_stdout(io.StringIO()):
            full = timed("full generate", lambda: run([*quiet, "generate"]))
            again = timed("no-change generate", lambda: run([*quiet, "generate"]))
            check = timed("generate --check", lambda: run([*quiet, "generate", "--check"]))
        print(f"full: {full / count * 1000:.2f} ms per version; {full / ref:.1f}x catalog load")
        print(f"no-change: {again / ref:.2f}x catalog load; --check: {check / ref:.2f}x")


if __name__ == "__main__":
    bench()
