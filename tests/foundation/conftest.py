"""A small, valid project in a temporary folder that each test then breaks in one way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PYPROJECT = """\
[project]
name = "demo-contracts"
version = "0.1.0"

[tool.event-contracts]
modules = ["catalog", "orders", "billing"]
modes = { avro = "FULL_TRANSITIVE", jsonschema = "BACKWARD_TRANSITIVE" }
"""

PRODUCT_ADDED = {
    "type": "record",
    "name": "ProductAdded",
    "namespace": "catalog",
    "fields": [
        {"name": "product_id", "type": "string"},
        {"name": "price", "type": "double"},
    ],
}

ORDER_PLACED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "OrderPlaced",
    "type": "object",
    "additionalProperties": False,
    "required": ["orderId"],
    "properties": {"orderId": {"type": "string"}},
}


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def write_event(root: Path, type_id: str, toml: str, **versions: object) -> Path:
    module, name = type_id.split(".")
    folder = root / "schemas" / module / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.toml").write_text(toml, encoding="utf-8")
    for filename, schema in versions.items():
        write_json(folder / filename.replace("_", "."), schema)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_event(
        tmp_path,
        "catalog.ProductAdded",
        'description = "A product was added."\nsubscribers = ["orders"]\n',
        v1_avsc=PRODUCT_ADDED,
    )
    write_event(
        tmp_path,
        "orders.OrderPlaced",
        'description = "An order was placed."\nsubscribers = ["billing", "catalog"]\n',
        v1_json=ORDER_PLACED,
    )
    return tmp_path
