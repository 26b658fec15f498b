"""The shipped CI workflow and pre-commit hooks: parsed here, and their exact commands run in a
temporary copy of this repository (the bundled schemas, under git)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github/workflows/contracts.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def workflow_runs() -> list[str]:
    """Every single-line `run:` command of the workflow, in order (a tiny YAML reading)."""
    return [
        m.group(1).strip()
        for m in re.finditer(r"^\s*(?:-\s+)?run:\s*(.+)$", WORKFLOW.read_text(), re.MULTILINE)
    ]


def hooks() -> dict[str, str]:
    """`id` → `entry` of each hook in .pre-commit-hooks.yaml."""
    found: dict[str, str] = {}
    current = None
    for line in HOOKS.read_text().splitlines():
        if m := re.match(r"^-\s+id:\s*(\S+)", line):
            current = m.group(1)
        elif (m := re.match(r"^\s+entry:\s*(.+)$", line)) and current:
            found[current] = m.group(1).strip()
    return found


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """This repository's pyproject and schemas, committed on `main` in a fresh git repo."""
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    for args in (
        ["init", "-q", "-b", "main"],
        ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "add", "-A"],
        ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "x"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    return repo


def shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **env},
        check=False,
    )


def test_workflow_checks_out_full_history_and_uploads_the_report() -> None:
    text = WORKFLOW.read_text()
    assert re.search(r"^\s+pull_request:", text, re.MULTILINE)
    assert re.search(r"fetch-depth:\s*0\b", text)
    assert "actions/upload-artifact" in text
    assert re.search(r"path:\s*compat-report/", text)
    runs = workflow_runs()
    assert any(
        r.startswith("event-contracts check") and "--report-dir compat-report" in r for r in runs
    )
    assert any("$GITHUB_STEP_SUMMARY" in r for r in runs)


def test_workflow_commands_run_in_a_repository(clone: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    for command in workflow_runs():
        if "pip install" in command:
            continue  # installed already: this test runs inside the project's environment
        done = shell(command, clone, GITHUB_STEP_SUMMARY=str(summary))
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        if command.startswith("event-contracts check"):
            assert (
                done.stdout.rstrip().splitlines()[-1].startswith("::notice title=event-contracts")
            )
    report = json.loads((clone / "compat-report/report.json").read_text())
    assert report["passed"] is True
    assert summary.read_text().startswith("## ✅ event-contracts check")


def test_hooks_name_validate_and_check_against_head() -> None:
    found = hooks()
    assert found["event-contracts-validate"] == "event-contracts validate"
    assert found["event-contracts-check"] == "event-contracts check --against HEAD"


def test_hook_commands_pass_and_then_catch_an_edited_version(clone: Path) -> None:
    for entry in hooks().values():
        done = shell(entry, clone)
        assert done.returncode == 0, (entry, done.stdout, done.stderr)
    published = clone / "schemas/orders/OrderPlaced/v1.avsc"
    schema = json.loads(published.read_text())
    schema["fields"] = schema["fields"][:-1]  # drop a field from a published version
    published.write_text(json.dumps(schema, indent=2))
    done = shell(hooks()["event-contracts-check"], clone)
    assert done.returncode == 1, done.stdout
    assert "PUBLISHED_VERSION_EDITED" in done.stdout
