"""Handler coverage in `validate` (read from the code, never imported) and `new subscriber`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from tests.foundation.conftest import PRODUCT_ADDED, write_event

from event_contracts._cli.main import main

PYPROJECT = """\
[tool.event-contracts]
modules = ["catalog", "orders", "billing", "analytics"]
handlers = { orders = "app/orders/handlers", billing = "app/billing/handlers" }
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_event(
        tmp_path,
        "catalog.ProductAdded",
        'description = "A product was added."\nsubscribers = ["orders", "billing"]\n'
        'deprecated = "Use catalog.ProductListed."\n',
        v1_avsc=PRODUCT_ADDED,
    )
    listed = {**PRODUCT_ADDED, "name": "ProductListed"}
    write_event(
        tmp_path,
        "catalog.ProductListed",
        'description = "A product was listed."\nsubscribers = ["orders"]\n'
        'supersedes = "catalog.ProductAdded"\n',
        v1_avsc=listed,
    )
    return tmp_path


def handler(project: Path, rel: str, code: str) -> Path:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def validate(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["--root", str(project), "validate", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_missing_undeclared_and_deprecated_handlers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler(
        project,
        "app/orders/handlers/listed.py",
        """
        import integration_events.catalog as cat
        from event_contracts.bus import subscriber
        from integration_events.catalog import ProductAddedV1 as Old

        @subscriber(cat.ProductListed, module="orders")
        def on_listed(event): ...

        @subscriber(Old, module="analytics")   # analytics never declared it
        def count(event): ...
        raise SystemExit("never imported, never run")
        """,
    )
    code, out = validate(project, capsys)
    assert code == 1
    problems = {(p["code"], p["file"]) for p in out["problems"]}
    # orders handles ProductListed, which supersedes ProductAdded: covered. billing is not.
    assert problems == {
        ("HANDLER_MISSING", "app/billing/handlers/product_added.py"),
        ("HANDLER_UNDECLARED", "app/orders/handlers/listed.py"),
    }
    missing = next(p for p in out["problems"] if p["code"] == "HANDLER_MISSING")
    assert missing["fix"] == "event-contracts new subscriber catalog.ProductAdded --module billing"
    undeclared = next(p for p in out["problems"] if p["code"] == "HANDLER_UNDECLARED")
    assert undeclared["line"] == 9
    assert "analytics handles catalog.ProductAdded" in undeclared["message"]
    [warning] = out["warnings"]
    assert (warning["code"], warning["line"]) == ("HANDLER_ON_DEPRECATED", 9)


def test_new_subscriber_writes_a_stub_that_validate_then_finds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler(project, "app/orders/handlers/listed.py", "")
    args = ["--root", str(project), "new", "subscriber", "catalog.ProductAdded", "--module"]
    assert main([*args, "billing"]) == 0
    out, _ = capsys.readouterr()
    path = project / "app/billing/handlers/product_added.py"
    assert out.strip().endswith("app/billing/handlers/product_added.py")
    text = path.read_text()
    assert '@subscriber(ProductAdded, module="billing")' in text
    assert "from integration_events.catalog import ProductAdded" in text
    compile(text, str(path), "exec")
    assert (project / "app/billing/handlers/__init__.py").is_file()
    assert main([*args, "billing"]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert main([*args, "shipping"]) == 2  # no handler folder configured
    assert "handlers = { shipping" in capsys.readouterr().err
    assert main([*args[:4], "catalog.ProductListed", "--module", "orders"]) == 0
    capsys.readouterr()
    code, result = validate(project, capsys)
    # Every declared subscriber has a handler now; billing's handles a deprecated type: a warning.
    assert (code, result["problems"]) == (0, [])
    assert [w["code"] for w in result["warnings"]] == ["HANDLER_ON_DEPRECATED"]


def test_a_project_without_handler_folders_is_not_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.event-contracts]\nmodules = ["catalog", "orders", "billing"]\n', encoding="utf-8"
    )
    code, out = validate(project, capsys)
    assert (code, out["problems"], out["warnings"]) == (0, [], [])
