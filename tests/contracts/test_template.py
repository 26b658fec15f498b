"""The repository as a template: in a copy of it, add an event type, evolve one and supersede
one the way the docs say (`new`, edit, `lock`, `generate`), and the gate passes and the
contracts tests still pass there. Slow (a copy, a generate and a pytest run): `-m slow`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from event_contracts import EventType, load_catalog

REPO = Path(__file__).resolve().parents[2]
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".*_cache",
    ".hypothesis",
    "__pycache__",
    "compat-report",
    "*.egg-info",
    "dist",
    "build",
)
NOTE = "adoption_note"

pytestmark = pytest.mark.slow


def _run(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "NO_COLOR": "1"}
    done = subprocess.run(
        args, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    if check:
        assert done.returncode == 0, (args, done.stdout[-4000:], done.stderr[-4000:])
    return done


def _cli(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    code = "import sys; from event_contracts._cli.main import main; sys.exit(main(sys.argv[1:]))"
    return _run(repo, sys.executable, "-c", code, *args, check=check)


def _git(repo: Path, *args: str) -> None:
    ident = ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *ident, *args], cwd=repo, check=True, capture_output=True)


def _add_field(path: Path, *, required: bool) -> None:
    """A field with a default (compatible), or a required one (breaking)."""
    schema: dict[str, Any] = json.loads(path.read_text())
    if path.suffix == ".avsc":
        kind: Any = "string" if required else ["null", "string"]
        field: dict[str, Any] = {"name": NOTE, "type": kind, "doc": "Added by the template test."}
        if not required:
            field["default"] = None
        schema["fields"].append(field)
    else:
        schema.setdefault("properties", {})[NOTE] = {"type": "string", "description": "Added."}
        if required:
            schema["required"] = [*schema.get("required", []), NOTE]
    path.write_text(json.dumps(schema, indent=2) + "\n")


def _plain(types: list[EventType]) -> list[EventType]:
    """Types nothing supersedes, not deprecated: the ones a team would evolve."""
    superseded = {t.supersedes for t in types if t.supersedes}
    return [t for t in types if t.id not in superseded and not t.deprecated]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_adding_evolving_and_superseding_keeps_the_gate_and_the_contract_tests_green(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "adopted"
    shutil.copytree(REPO, repo, ignore=SKIP)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "adopt the template")
    _git(repo, "checkout", "-q", "-b", "change")
    catalog = load_catalog(repo / "schemas")
    plain = _plain(list(catalog))
    assert len(plain) >= 2, "the template needs two event types to evolve and supersede"
    evolved, old = plain[0], plain[1]

    # Add.
    module = evolved.module
    _cli(repo, "new", "event", f"{module}.TemplateAdopted")
    # Evolve: a new version with a field that has a default.
    new_version = Path(_cli(repo, "new", "version", evolved.id).stdout.strip().splitlines()[-1])
    _add_field(repo / new_version if not new_version.is_absolute() else new_version, required=False)
    # Supersede: a breaking change as a new type, with a real upcaster in place of the stub.
    new_id = f"{old.module}.{old.name}Reissued"
    _cli(repo, "new", "event", new_id, "--supersedes", old.id)
    new_schema = next((repo / "schemas" / old.module / f"{old.name}Reissued").glob("v1.*"))
    _add_field(new_schema, required=True)
    upcasters = repo / "src" / "integration_events" / "upcasters.py"
    text = upcasters.read_text()
    stub_at = text.rindex("\n@upcaster(")
    decorator = text[stub_at : text.index("\ndef ", stub_at)].strip()
    flat = " ".join(decorator.replace("(", "( ").replace(")", " )").split())
    assert f'"{old.id}", {old.latest.number}, 1, target_type="{new_id}"' in flat, decorator
    upcasters.write_text(
        text[:stub_at]
        + f"\n{decorator}\n"
        + f"def reissue_{old.name.lower()}(data: dict[str, Any]) -> dict[str, Any]:\n"
        + f'    """Events from before {new_id} carry no note."""\n'
        + f'    return {{**data, "{NOTE}": "carried over"}}\n'
    )

    _cli(repo, "validate")
    _cli(repo, "lock")
    _cli(repo, "generate")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "add, evolve, supersede")
    gate = _cli(repo, "check", check=False)
    assert gate.returncode == 0, gate.stdout[-4000:]
    assert f"breaking change declared as new type {new_id}" in gate.stdout

    tests = _run(
        repo,
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow",
        "tests/contracts",
        "tests/runtime/test_chain.py",
        "tests/authoring",
        "tests/foundation/test_catalog.py",
        "tests/codegen/test_golden.py",
        "tests/registry/test_cli.py",
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-6000:]
