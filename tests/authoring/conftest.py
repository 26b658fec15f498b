"""A temporary project (minimal pyproject + the sample schemas) and a CLI runner.

The sample is a frozen copy of the catalog this repository shipped with
(tests/fixtures/sample/): tests of the engine never read `schemas/`, which teams change."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from event_contracts._cli.main import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "tests" / "fixtures" / "sample" / "schemas"

PYPROJECT = """\
[project]
name = "demo-events"
version = "0.1.0"

[tool.event-contracts]
schemas = "schemas"
package = "integration_events"
package-dir = "src"
main-branch = "main"
modes = { avro = "FULL_TRANSITIVE", jsonschema = "BACKWARD_TRANSITIVE" }
modules = [
  "identity", "connections", "communications", "catalog", "orders", "inventory",
  "billing", "notifications", "analytics", "shipping",
]
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-01-15T10:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-15T10:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Project:
    root: Path
    run: Callable[..., Result]

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, **GIT_ENV}
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+00:00"
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def commit(self, message: str, date: str | None = None) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the project (but .git), for `nothing was changed` assertions."""
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.root).parts
        }


def _make(root: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copytree(BUNDLED, root / "schemas", ignore=shutil.ignore_patterns("registry.lock"))

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["--root", str(root), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return Project(root, run)


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    """The bundled schemas in a plain folder (no git)."""
    return _make(tmp_path / "proj", capsys)


@pytest.fixture
def git_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Project]:
    """The bundled schemas committed on `main`, with `feature` checked out."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    proj = _make(tmp_path / "repo", capsys)
    proj.git("init", "-q", "-b", "main")
    proj.commit("initial schemas")
    proj.git("checkout", "-q", "-b", "feature")
    yield proj
