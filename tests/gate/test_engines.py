"""The gate with the real compatibility engines: verdicts a user would see on a pull request."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.gate.conftest import Repo, order_v1, product_v2

ROOT = Path(__file__).resolve().parents[2]


def test_compatible_new_avro_version_passes(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    assert repo.run("lock").code == 0
    repo.commit()
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.out
    checks = {(c["event_type"], c["name"]): c["passed"] for c in run.json()["checks"]}
    assert checks[("catalog.ProductAdded", "compatibility v3")] is True


def test_avro_field_without_default_fails_with_rule_line_and_subscribers(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "price", "type": "double"})
    path = repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    repo.commit()
    run = repo.run("check", "--format", "json")
    assert run.code == 1
    errors = [f for f in run.json()["findings"] if f["severity"] == "error"]
    assert errors
    # FULL_TRANSITIVE: as a reader, v3 cannot fill `price` when reading v1 or v2 data.
    backward = [f for f in errors if f["direction"] == "backward"]
    assert {f["rule"] for f in backward} == {"READER_FIELD_MISSING_DEFAULT"}
    assert sorted(f["old_version"] for f in backward) == [1, 2]
    f = backward[0]
    assert f["event_type"] == "catalog.ProductAdded" and f["new_version"] == 3
    assert f["subscribers"] == ["orders", "analytics"]
    assert f["file"] == "schemas/catalog/ProductAdded/v3.avsc"
    lines = path.read_text().splitlines()
    assert f["line"] is not None
    assert '"price"' in "".join(lines[f["line"] - 1 : f["line"] + 2])  # the field's object
    text = repo.run("check").out
    assert "READER_FIELD_MISSING_DEFAULT" in text and "subscribers: orders, analytics" in text


def test_json_schema_newly_required_property_fails(repo: Repo) -> None:
    v2 = order_v1()
    v2["properties"]["total"] = {"type": "integer"}
    v2["required"] = ["orderId", "total"]
    repo.write("schemas/orders/OrderPlaced/v2.json", v2)
    run = repo.run("check", "--format", "json")
    assert run.code == 1, run.out
    errors = [f for f in run.json()["findings"] if f["severity"] == "error"]
    assert errors and all(f["event_type"] == "orders.OrderPlaced" for f in errors)
    assert all(f["subscribers"] == ["billing"] for f in errors)


def test_json_schema_optional_property_passes_under_a_closed_model(repo: Repo) -> None:
    # BACKWARD with a closed v1: no v1 payload can carry `note`, so v2 may add it.
    v2 = order_v1()
    v2["properties"]["note"] = {"type": "string"}
    repo.write("schemas/orders/OrderPlaced/v2.json", v2)
    assert repo.run("lock").code == 0
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.out
    checks = {(c["event_type"], c["name"]): c["passed"] for c in run.json()["checks"]}
    assert checks[("orders.OrderPlaced", "compatibility v2")] is True


def test_bundled_schemas_pass_every_chain_without_git(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        ["event-contracts", "check", "--format", "text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no git history" in done.stdout
