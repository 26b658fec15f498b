"""Bench: `event-contracts check` on a pull request touching 5 of 1,000 event types.

Builds a git repository in a temporary folder (1,000 types, half Avro and half JSON Schema,
two versions each, a lock file), commits it on `main`, then on a branch adds a compatible
version to 5 types. Times the end-to-end `check` (in-process, as the CLI runs it) and its
parts: reading the base with git, loading both catalogs, the checks, the data proof (shown
apart, and against the same check with `--no-proof`). The reference is the
same run with every type deep-validated and fully checked (as a gate without planning would).

Run: .venv/bin/python bench/gate.py
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_TYPES = 1000
N_CHANGED = 5
MODULES = [f"mod{i:02d}" for i in range(20)]

PYPROJECT = """[project]
name = "bench"
version = "0"

[tool.event-contracts]
schemas = "schemas"
main-branch = "main"
modes = { avro = "FULL_TRANSITIVE", jsonschema = "BACKWARD_TRANSITIVE" }
"""


def avro(module: str, name: str, n: int) -> dict[str, object]:
    fields: list[dict[str, object]] = [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "tenant_id", "type": "string", "doc": "Tenant."},
        {"name": "amount", "type": "long"},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    ]
    for k in range(2, n + 1):
        fields.append({"name": f"extra{k}", "type": ["null", "string"], "default": None})
    return {"type": "record", "name": name, "namespace": module, "fields": fields}


def jsonschema(name: str, n: int) -> dict[str, object]:
    props: dict[str, object] = {
        "eventId": {"type": "string", "format": "uuid"},
        "tenantId": {"type": "string", "minLength": 1, "description": "Tenant."},
        "amount": {"type": "integer"},
        "at": {"type": "string", "format": "date-time"},
    }
    for k in range(2, n + 1):
        props[f"extra{k}"] = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": name,
        "type": "object",
        "additionalProperties": False,
        "required": ["eventId", "tenantId", "amount", "at"],
        "properties": props,
    }


def write_version(root: Path, i: int, n: int) -> None:
    module, name = MODULES[i % len(MODULES)], f"Thing{i:04d}Happened"
    folder = root / "schemas" / module / name
    folder.mkdir(parents=True, exist_ok=True)
    if i % 2 == 0:
        (folder / f"v{n}.avsc").write_text(json.dumps(avro(module, name, n), indent=2))
    else:
        (folder / f"v{n}.json").write_text(json.dumps(jsonschema(name, n), indent=2))
    if n == 1:
        (folder / "event.toml").write_text(
            f'description = "Thing {i} happened."\nsubscribers = ["{MODULES[(i + 1) % 20]}"]\n'
        )


def changed_types() -> list[int]:
    """Spread over the repository, both formats (even: Avro, odd: JSON Schema)."""
    step = N_TYPES // N_CHANGED
    return [k * step + k % 2 for k in range(N_CHANGED)]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def build(root: Path) -> None:
    from event_contracts._cli.main import main

    (root / "pyproject.toml").write_text(PYPROJECT)
    for i in range(N_TYPES):
        write_version(root, i, 1)
        write_version(root, i, 2)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "bench@example.com")
    git(root, "config", "user.name", "bench")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--root", str(root), "lock"]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    for i in changed_types():
        write_version(root, i, 3)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "five new versions")


def timed_check(root: Path, *extra: str) -> tuple[float, int, str]:
    from event_contracts._cli.main import main

    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(["--root", str(root), "check", "--format", "json", *extra])
    return time.perf_counter() - start, code, out.getvalue()


def main() -> int:
    from event_contracts._gate import timing

    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        build(root)
        print(
            f"generated {N_TYPES} event types x 2 versions, PR adds v3 to {N_CHANGED} types "
            f"({time.perf_counter() - t0:.1f} s to build)"
        )
        runs = []
        for _ in range(3):
            timing.reset()
            elapsed, code, out = timed_check(root)
            runs.append((elapsed, dict(timing.SPENT), out))
            assert code == 0, out[:2000]
        elapsed, parts, out = min(runs, key=lambda r: r[0])
        summary = json.loads(out)["summary"]
        print(
            f"check (planned, 5 changed of {summary['event_types']}): {elapsed:.3f} s "
            f"(best of 3; limit 2 s)"
        )
        for name, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<28} {seconds:.3f} s")
        proof = json.loads(out)["data_proof"]
        print(
            f"  data proof: {proof['examples']} examples over {proof['pairs']} pairs of "
            f"{len(proof['types'])} types in {proof['seconds']:.3f} s (budget "
            f"{proof['budget_seconds_per_type']} s per type, <= {proof['max_examples_per_pair']} "
            "per pair)"
        )
        bare = min(timed_check(root, "--no-proof")[0] for _ in range(3))
        print(f"check --no-proof (same change): {bare:.3f} s; proof adds {elapsed - bare:.3f} s")
        timing.reset()
        ref_elapsed, code, _ = timed_check(root, "--full")
        print(f"reference (every type deep-validated and fully checked): {ref_elapsed:.3f} s")
        print(f"ratio reference / planned: {ref_elapsed / elapsed:.1f}x")
    return 0 if elapsed < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
