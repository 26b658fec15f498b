"""Bench: CLI wall time (start-up included) and peak memory at 100, 1,000 and 5,000 event types.

Each size is a git repository built in a temporary folder: half Avro and half JSON Schema, two
versions each, lock file and generated package committed on `main`; a branch then adds a
version to 5 types (locked and generated), as a pull request would. Every command runs as a
fresh process, as CI runs it. The first table is the issue's; the second shows that a pull
request's `check` grows with the number of changed types, not with the repository.

Run: .venv/bin/python bench/scaling.py [--sizes 100,1000,5000] [--changed 1,5,25,100]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _synthetic import avro, jsonschema

PYPROJECT = """[project]
name = "bench"
version = "0"

[tool.event-contracts]
schemas = "schemas"
package = "bench_events"
package-dir = "src"
main-branch = "main"
modes = { avro = "FULL_TRANSITIVE", jsonschema = "BACKWARD_TRANSITIVE" }
"""
# Each command in its own process; the launcher reports the process's peak memory.
LAUNCH = (
    "import atexit, resource, sys;"
    "atexit.register(lambda: sys.stderr.write("
    "f'\\nMAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'));"
    "from event_contracts._cli.main import main; sys.exit(main(sys.argv[1:]))"
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@b", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


def cli(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(seconds, peak MB) of one CLI run in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCH, "--root", str(root), *args],
                          capture_output=True, text=True, check=False)  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    return elapsed, int(rss[-1].split()[1]) / 1024


def write_type(root: Path, t: int, versions: int) -> None:
    module, name = f"mod{t % 20:02d}", f"Thing{t}Happened"
    folder = root / "schemas" / module / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.toml").write_text(f'description = "{name}."\n')
    for v in range(1, versions + 1):
        if t % 2:
            schema, suffix = jsonschema(name, v), "json"
        else:
            schema, suffix = avro(name, module, v), "avsc"
        (folder / f"v{v}.{suffix}").write_text(json.dumps(schema, indent=1) + "\n")


def build(root: Path, types: int, changed: int) -> None:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    for t in range(types):
        write_type(root, t, 2)
    git(root, "init", "-q", "-b", "main")
    cli(root, "lock")
    cli(root, "generate")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    for t in range(changed):
        write_type(root, t * (types // changed), 3)
    cli(root, "lock")
    cli(root, "generate")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pr")


def measure(root: Path) -> dict[str, tuple[float, float]]:
    out = {
        "check (pull request, 5 types changed)": cli(root, "check"),
        "check --full": cli(root, "check", "--full"),
        "validate": cli(root, "validate"),
        "generate --check": cli(root, "generate", "--check"),
    }
    package = root / "src" / "bench_events"
    shutil.rmtree(package)
    out["generate (everything)"] = cli(root, "generate")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--changed", default="1,5,25,100")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table: dict[str, dict[int, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            root = Path(tmp) / f"repo{size}"
            t0 = time.perf_counter()
            build(root, size, 5)
            print(f"built {size} types in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            for command, figures in measure(root).items():
                table.setdefault(command, {})[size] = figures
        print("| command | " + " | ".join(f"{s:,} types" for s in sizes) + " |")
        print("| --- |" + " --- |" * len(sizes))
        for command, row in table.items():
            cells = [f"{row[s][0]:.2f} s, {row[s][1]:.0f} MB" for s in sizes]
            print(f"| `{command}` | " + " | ".join(cells) + " |")
        biggest = sizes[-1]
        print(f"\n`check` of a pull request at {biggest:,} types, by number of changed types:\n")
        print("| changed types | check | ")
        print("| --- | --- |")
        for n in [int(c) for c in args.changed.split(",")]:
            root = Path(tmp) / f"pr{n}"
            build(root, biggest, n)
            seconds, mb = cli(root, "check")
            print(f"| {n} | {seconds:.2f} s, {mb:.0f} MB |")
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
