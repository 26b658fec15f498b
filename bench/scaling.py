"""Bench: CLI wall time (start-up included) and peak memory at 100, 1,000 and 5,000 event types.

Each size is a git repository built in a temporary folder: half Avro and half JSON Schema, two
versions each, lock file and generated package committed on `main`; a branch then adds a
version to 5 types (locked and generated), as a pull request would. Every command runs as a
fresh process, as CI runs it, with the package's bytecode compiled (as an install has it). The
schema cache is warm unless the row says cold (a fresh cache folder: a CI run without a cache);
the warm `check --full` row is its second run (the first fills the cache with pair verdicts).
Each cell: wall time, user + system CPU of the process and its git children (the figure to
compare on a loaded machine), peak memory. `generate (everything)` deletes the package first
(every file is written): its floor is the reference row, the same files written by a bare loop;
the `into a new folder` rows write where no package ever was (a first `generate`). Where a
disk makes creating files costly right after many were deleted, the system CPU of those rows
(the kernel creating files) says how much is the disk's and how much is ours (user).
The first table is the issue's; the second shows that a pull request's `check` grows with the
number of changed types, not with the repository.

Run: .venv/bin/python bench/scaling.py [--sizes 100,1000,5000] [--changed 1,5,25,100]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
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
# Each command in its own process; the launcher reports the peak memory of the process or of
# the largest process it waited for (a cold `generate`'s helper, git), whichever is larger.
LAUNCH = (
    "import atexit, resource, sys;"
    "peak = lambda: max(resource.getrusage(w).ru_maxrss"
    " for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN));"
    "atexit.register(lambda: sys.stderr.write(f'\\nMAXRSS {peak()}\\n'));"
    "from event_contracts._cli.main import console; console()"  # as the installed script
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@b", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})  # fmt: skip


Figures = tuple[float, float, float, float]
"""(wall seconds, user CPU seconds, system CPU seconds, peak MB)."""


def cli(root: Path, *args: str, cache: Path | None = None, ok: tuple[int, ...] = (0,)) -> Figures:
    """Figures of one CLI run in a fresh process; `cache`: the schema cache folder to use."""
    env = {**os.environ, "EVENT_CONTRACTS_CACHE_DIR": str(cache or root.parent / "cache")}
    env.pop("EVENT_CONTRACTS_NO_CACHE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LAUNCH, "--root", str(root), *args],
                          capture_output=True, text=True, check=False, env=env)  # fmt: skip
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    if done.returncode not in ok:
        raise SystemExit(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    return elapsed, user, system, int(rss[-1].split()[1]) / 1024


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


def build(root: Path, types: int) -> None:
    """`main`: `types` event types, locked and generated."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    for t in range(types):
        write_type(root, t, 2)
    git(root, "init", "-q", "-b", "main")
    cli(root, "lock")
    cli(root, "generate")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


def pull_request(root: Path, types: int, changed: int) -> None:
    """A branch off `main` adding a version to `changed` types (locked and generated)."""
    git(root, "checkout", "-q", "-f", "-B", f"pr{changed}", "main")
    for t in range(changed):
        write_type(root, t * (types // changed), 3)
    cli(root, "lock")
    cli(root, "generate")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "pr")


def measure(root: Path, tmp: Path) -> dict[str, Figures]:
    out = {
        "check (pull request, 5 types changed), cold cache": cli(root, "check", cache=tmp),
        "check (pull request, 5 types changed)": cli(root, "check"),
        "check --no-proof (pull request)": cli(root, "check", "--no-proof"),
        "check --full, cold cache": cli(
            root, "check", "--full", cache=tmp.with_name(tmp.name + "f")
        ),
        "check --full": (cli(root, "check", "--full"), cli(root, "check", "--full"))[1],
        "validate": cli(root, "validate"),
        "generate --check": cli(root, "generate", "--check"),
    }
    edited = root / "schemas" / "mod00" / "Thing0Happened" / "v2.avsc"
    edited.write_text(edited.read_text().replace('"Tenant."', '"Tenant, edited."'))
    out["generate (1 type edited)"] = cli(root, "generate")
    git(root, "checkout", "-q", "-f", "--", ".")
    package = root / "src" / "bench_events"
    (package / "_generated.json").unlink()  # every file rendered again, as after an upgrade
    out["generate (no manifest: all rendered, none written)"] = cli(root, "generate")
    git(root, "checkout", "-q", "-f", "--", ".")
    shutil.rmtree(package)
    out["generate (everything)"] = cli(root, "generate")
    shutil.rmtree(package)
    out["generate (everything), cold cache"] = cli(root, "generate", cache=tmp.with_name("cold-g"))
    out["reference: writing the same files (bare loop)"] = bare_write(package)
    git(root, "checkout", "-q", "-f", "--", ".")
    # A folder that never held a package (a first `generate`): this disk creates files there
    # several times faster than where 25,000 were just deleted.
    config = root / "pyproject.toml"
    text = config.read_text()
    config.write_text(text.replace('package-dir = "src"', 'package-dir = "new-src"'))
    out["generate (everything), into a new folder"] = cli(root, "generate")
    new = root / "new-src" / "bench_events"
    out["reference: the same files into a new folder (bare loop)"] = bare_write(
        new, to=root / "newer-src" / "bench_events"
    )
    # the first generate of a project: no package, nothing in the cache
    config.write_text(text.replace('package-dir = "src"', 'package-dir = "cold-src"'))
    out["generate (everything), into a new folder, cold cache"] = cli(
        root, "generate", cache=tmp.with_name("cold-n")
    )
    config.write_text(text)
    for folder in ("new-src", "newer-src", "cold-src"):
        shutil.rmtree(root / folder)
    return out


def bare_write(package: Path, to: Path | None = None) -> Figures:
    """The floor under `generate (everything)` on this disk: the package's files written by a
    plain loop (folders made once each), measured in this process; in place after deleting
    them, or `to` another folder."""
    files = {p: p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}
    if to is None:
        shutil.rmtree(package)
    else:
        files = {to / p.relative_to(package): data for p, data in files.items()}
    before, start = os.times(), time.perf_counter()
    made: set[Path] = set()
    for path, data in files.items():
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
    after = os.times()
    return time.perf_counter() - start, after.user - before.user, after.system - before.system, 0.0


def cell(figures: Figures) -> str:
    wall, user, system, mb = figures
    return f"{wall:.2f} s ({user:.2f} + {system:.2f} s CPU)" + (f", {mb:.0f} MB" if mb else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--changed", default="1,5,25,100")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table: dict[str, dict[int, Figures]] = {}
    compileall.compile_dir(Path(__file__).parents[1] / "src" / "event_contracts", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            root = Path(tmp) / f"repo{size}"
            t0 = time.perf_counter()
            build(root, size)
            pull_request(root, size, 5)
            cli(root, "check")  # the cache as a developer's or a cached CI run has it
            print(f"built {size} types in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            for command, figures in measure(root, Path(tmp) / f"cold{size}").items():
                table.setdefault(command, {})[size] = figures
        print("| command | " + " | ".join(f"{s:,} types" for s in sizes) + " |")
        print("| --- |" + " --- |" * len(sizes))
        for command, row in table.items():
            print(f"| `{command}` | " + " | ".join(cell(row[s]) for s in sizes) + " |")
        biggest = sizes[-1]
        root = Path(tmp) / f"repo{biggest}"
        print(f"\n`check` of a pull request at {biggest:,} types, by number of changed types:\n")
        print("| changed types | check | check --no-proof |")
        print("| --- | --- | --- |")
        for n in [int(c) for c in args.changed.split(",")]:
            pull_request(root, biggest, n)
            cli(root, "check", "--no-proof")  # warm: the entries of the new files
            with_proof, without = cli(root, "check"), cli(root, "check", "--no-proof")
            print(f"| {n} | {cell(with_proof)} | {cell(without)} |")


if __name__ == "__main__":
    main()
