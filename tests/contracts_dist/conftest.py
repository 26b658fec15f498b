"""A small project of its own (one Avro event type, generated and locked) for build/publish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_contracts._cli.main import main

PYPROJECT = """\
[project]
name = "shop-contracts-repo"
version = "9.9.9"

[tool.event-contracts]
package = "shop_events"
distribution = "shop-events"
version = "1.4.0"
modules = ["shop", "billing"]
"""

ITEM_SOLD = {
    "type": "record",
    "name": "ItemSold",
    "namespace": "shop",
    "doc": "An item was sold.",
    "fields": [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"},
    ],
}


def make_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    folder = root / "schemas" / "shop" / "ItemSold"
    folder.mkdir(parents=True)
    (folder / "event.toml").write_text(
        'description = "An item was sold."\nsubscribers = ["billing"]\n', encoding="utf-8"
    )
    (folder / "v1.avsc").write_text(json.dumps(ITEM_SOLD, indent=2) + "\n", encoding="utf-8")
    for command in (["lock"], ["generate"]):
        assert main(["--root", str(root), *command]) == 0
    return root


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = make_project(tmp_path / "shop")
    capsys.readouterr()  # what lock and generate printed
    return root
