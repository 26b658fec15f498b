"""End to end through the CLI in a temporary git repository: the gate builds the upcaster chain
as the runtime does, refuses unedited stubs, and proves each change with data.

The project is the bundled one (schemas, lock and the contracts package with its hand-written
upcasters), copied and committed on `main`; each test changes it on a branch, as a team would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from event_contracts._cli.main import main

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = """\
[project]
name = "shop-events"
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
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@dataclass
class Project:
    root: Path
    run: Callable[..., tuple[int, str, str]]

    def git(self, *args: str) -> None:
        subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **GIT_ENV},
            check=True,
            capture_output=True,
        )

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def edit_json(self, rel: str, change: Callable[[Any], None]) -> None:
        path = self.root / rel
        data = json.loads(path.read_text())
        change(data)
        path.write_text(json.dumps(data, indent=2) + "\n")

    def publish(self, message: str) -> None:
        """What the docs say to do before opening the pull request."""
        for command in ("lock", "generate"):
            code, out, err = self.run(command)
            assert code == 0, out + err
        self.commit(message)

    def check(self, *args: str) -> tuple[int, dict[str, Any]]:
        code, out, err = self.run("check", "--format", "json", *args)
        assert code in (0, 1), err
        return code, json.loads(out)


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT)
    shutil.copytree(REPO / "schemas", root / "schemas")
    shutil.copytree(
        REPO / "src" / "integration_events",
        root / "src" / "integration_events",
        ignore=shutil.ignore_patterns("__pycache__"),
    )

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--root", str(root), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    proj = Project(root, run)
    proj.git("init", "-q", "-b", "main")
    proj.commit("the bundled contracts")
    proj.git("checkout", "-q", "-b", "feature")
    return proj


def rules(report: dict[str, Any], severity: str = "error") -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in report["findings"]:
        if f["severity"] == severity:
            out.setdefault(f["rule"], []).append(f)
    return out


def add_optional_field(schema: Any) -> None:
    schema["fields"].append({"name": "brand", "type": ["null", "string"], "default": None})


def test_a_version_added_to_a_superseded_type_fails_with_the_fix(project: Project) -> None:
    code, _, err = project.run("new", "version", "catalog.ProductAdded")
    assert code == 0, err
    project.edit_json("schemas/catalog/ProductAdded/v3.avsc", add_optional_field)
    project.publish("ProductAdded v3")
    code, report = project.check()
    assert code == 1
    errors = rules(report)
    [gap] = errors["UPCAST_CHAIN_BROKEN"]
    assert gap["event_type"] == "catalog.ProductAdded"
    assert "v3..v3 cannot reach catalog.ProductListed" in gap["message"]
    assert "start the step at v3" in gap["fix"]
    assert gap["file"] == "src/integration_events/upcasters.py" and gap["line"]
    [warning] = rules(report, "warning")["SUPERSEDED_TYPE_EVOLVED"]
    assert "catalog.ProductListed" in warning["message"]
    # The proof ran for the changed type and the one linked to it, and said how much.
    proof = report["data_proof"]
    assert proof["types"] == ["catalog.ProductAdded", "catalog.ProductListed"]
    assert proof["not_run"] == 9  # ProductAdded v1..v3 into v1..v3 and Listed v1: chain broken
    assert proof["not_run_broken_chain"] == 9 and proof["no_example"] == []
    code, out, _ = project.run("check")
    assert "data proof:" in out and "budget 0.3 s per type" in out


MAPPED_STEP = """

@upcaster("catalog.ProductAdded", 3, 1, target_type="catalog.ProductListed")
def product_added_v3_to_listed(v3: dict[str, Any]) -> dict[str, Any]:
    v2 = {k: v for k, v in v3.items() if k != "brand"}
    return product_added_to_listed(v2)
"""


def test_other_types_still_decode_and_moving_the_step_to_v3_passes(
    project: Project,
) -> None:
    code, _, err = project.run("new", "version", "catalog.ProductAdded")
    assert code == 0, err
    project.edit_json("schemas/catalog/ProductAdded/v3.avsc", add_optional_field)
    project.publish("ProductAdded v3")
    # At run time the broken type fails on its own; every other type decodes.
    assert_decodes(project.root, broken="catalog.ProductAdded")
    # The fix the finding names: the step across types starts at v3.
    upcasters = project.root / "src/integration_events/upcasters.py"
    text = upcasters.read_text().replace(
        '@upcaster("catalog.ProductAdded", 2, 1, target_type="catalog.ProductListed")',
        "",
    )
    upcasters.write_text(text + MAPPED_STEP)
    project.commit("start the step at v3")
    code, report = project.check()
    assert code == 0, rules(report)
    assert report["data_proof"]["failed"] == 0 and report["data_proof"]["not_run"] == 0
    assert_decodes(project.root, broken=None)


DECODE_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, sys, uuid
    from event_contracts import UpcastChainError, UpcastError, decode, encode
    from integration_events.catalog import ProductAddedV3, ProductListedV1
    from integration_events.orders import OrderPlacedV1, OrderPlacedV2
    from event_contracts.testing import events
    from hypothesis import given, settings

    @settings(max_examples=3, database=None)
    @given(events(OrderPlacedV1))
    def orders_decode(event):
        decode(encode(event), into=OrderPlacedV2)

    orders_decode()
    print("orders ok")

    @settings(max_examples=3, database=None)
    @given(events(ProductAddedV3))
    def products_cross(event):
        try:
            decode(encode(event), into=ProductListedV1)
        except UpcastChainError as exc:
            assert exc.event_type == "catalog.ProductAdded", exc
            print("broken", exc.event_type)
            sys.exit(0)
        except UpcastError:
            pass  # the step refuses prices decimal(12, 2) cannot hold: a dead letter

    products_cross()
    print("products ok")
    """
)


def assert_decodes(root: Path, broken: str | None) -> None:
    """Import the project's own generated package in a fresh interpreter and decode."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", DECODE_SCRIPT], env=env, capture_output=True, text=True, cwd=root
    )
    assert done.returncode == 0, done.stderr
    assert "orders ok" in done.stdout
    if broken is None:
        assert "products ok" in done.stdout
    else:
        assert f"broken {broken}" in done.stdout


def test_an_unedited_stub_with_a_breaking_change_fails_with_the_fix(project: Project) -> None:
    code, _, err = project.run(
        "new", "event", "catalog.ProductPriced", "--supersedes", "catalog.ProductListed"
    )
    assert code == 0, err

    def breaking(schema: Any) -> None:
        schema["fields"].append({"name": "vat_rate", "type": "double"})  # required, no default

    project.edit_json("schemas/catalog/ProductPriced/v1.avsc", breaking)
    project.publish("ProductPriced supersedes ProductListed")
    code, report = project.check()
    assert code == 1
    errors = rules(report)
    [stub] = errors["UPCASTER_STUB"]
    assert stub["event_type"] == "catalog.ProductListed"
    assert "delete the `# event-contracts:stub` line" in stub["fix"]
    # ProductListed's data (and ProductAdded's, through it) does not reach ProductPriced.
    failures = {(f["event_type"], f["old_version"]): f for f in errors["DATA_PROOF_FAILED"]}
    assert set(failures) == {
        ("catalog.ProductAdded", 1),
        ("catalog.ProductAdded", 2),
        ("catalog.ProductListed", 1),
    }
    failed = failures["catalog.ProductListed", 1]
    assert failed["file"] == "schemas/catalog/ProductListed/v1.avsc"  # the writer's version
    assert (failed["old_version"], failed["new_version"]) == (1, 1)
    assert "catalog.ProductPriced v1" in failed["message"]
    assert "the upcaster catalog.ProductListed v1 -> catalog.ProductPriced v1" in failed["message"]
    assert "vat_rate" in failed["message"]
    assert failed["counterexample"]["product_id"]  # the payload that broke it


def test_a_superseding_type_without_a_step_and_a_module_that_fails(project: Project) -> None:
    code, _, err = project.run(
        "new", "event", "orders.OrderSubmitted", "--supersedes", "orders.OrderPlaced"
    )
    assert code == 0, err
    upcasters = project.root / "src/integration_events/upcasters.py"
    text = upcasters.read_text()
    upcasters.write_text(text[: text.index('@upcaster("orders.OrderPlaced"')])
    project.publish("OrderSubmitted, no step yet")
    code, report = project.check()
    assert code == 1
    [missing] = rules(report)["UPCASTER_MISSING"]
    assert missing["event_type"] == "orders.OrderPlaced"
    assert missing["fix"].startswith('add a step: @upcaster("orders.OrderPlaced", 2, 1')
    upcasters.write_text(text.replace("import math", "import no_such_module"))
    code, report = project.check("--no-proof")
    assert code == 1 and report["data_proof"] is None
    [broken] = rules(report)["UPCASTERS_UNLOADABLE"]
    assert "no_such_module" in broken["message"]


def test_a_string_read_into_bytes_or_string_keeps_its_type_and_proves_clean(
    project: Project,
) -> None:
    # fastavro would read v1/v2's string into the earlier `bytes` branch; the runtime keeps it
    # a string (as Apache Avro's Java reader does), so fastavro is no reference for this reader
    code, _, err = project.run("new", "version", "orders.OrderPlaced")
    assert code == 0, err

    def widen(schema: Any) -> None:
        field = next(f for f in schema["fields"] if f["name"] == "tenant_id")
        field["type"] = ["bytes", "string"]  # (new readers only: BACKWARD)

    project.edit_json("schemas/orders/OrderPlaced/v3.avsc", widen)
    toml = project.root / "schemas/orders/OrderPlaced/event.toml"
    toml.write_text(toml.read_text() + 'mode = "BACKWARD"\n')
    project.publish("OrderPlaced v3: tenant_id may be bytes")
    code, report = project.check()
    assert code == 0, rules(report)
    assert report["data_proof"]["failed"] == 0 and report["data_proof"]["examples"] > 0
    # and the check says which consumers read what, and how to make them agree
    (warning,) = rules(report, "warning")["UNION_READS_DIFFER"]
    assert warning["file"] == "schemas/orders/OrderPlaced/v3.avsc"
    text = (project.root / warning["file"]).read_text().splitlines()
    assert text[warning["line"] - 1].strip() == '"type": [' and '"bytes"' in text[warning["line"]]
    assert "field `tenant_id` in v3" in warning["message"]
    assert "comes back as bytes in fastavro" in warning["message"]
    assert warning["fix"].startswith("keep string and bytes out of one union")
