"""Verdict and runtime on JSON Schema defaults (docs/runtime.md, "JSON Schema defaults").

Through the CLI in a temporary git repository, as a team would do it: a JSON Schema type gets a
version that *requires* a new property with a `default`. Confluent's rule accepts that for
BACKWARD, but JSON Schema validation does not apply defaults, so a v1 document fails v2: the
gate refuses it, names the fix, and says the registry would accept it. The generated class
still fills the default, so a v1 document decodes into the latest class in every framing.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from tests.gate.conftest import Repo, make_repo

from event_contracts import decode, encode, from_cloudevent, to_cloudevent

PACKAGE = "shop_events_defaults"
V1: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "OrderPlaced",
    "description": "An order was placed.",
    "type": "object",
    "additionalProperties": False,
    "required": ["orderId", "total"],
    "properties": {
        "orderId": {"type": "string", "format": "uuid"},
        "total": {"type": "number", "minimum": 0},
        "note": {"type": "string", "default": "none"},
    },
}
V2: dict[str, Any] = {
    **V1,
    "required": ["orderId", "total", "currency"],
    "properties": {
        **V1["properties"],
        "currency": {"type": "string", "enum": ["EUR", "USD"], "default": "EUR"},
    },
}
DOC_V1 = {"orderId": "6F1C2F0E-2B6A-4C55-9F1E-0D7C4A5B3E21", "total": 12}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repo]:
    r = make_repo(tmp_path_factory.mktemp("defaults") / "repo")
    pyproject = (r.root / "pyproject.toml").read_text()
    pyproject += f'package = "{PACKAGE}"\npackage-dir = "src"\n'
    r.write("pyproject.toml", pyproject)
    (r.root / "src" / PACKAGE).mkdir(parents=True)
    r.write(f"src/{PACKAGE}/__init__.py", "")
    r.event("orders.OrderPlaced", [V1], fmt="json", subscribers=["billing"])
    for command in ("validate", "lock", "generate"):
        done = r.run(command)
        assert done.code == 0, (command, done.out, done.err)
    r.commit("v1 published")
    r.git("checkout", "-q", "-b", "pr")
    r.write("schemas/orders/OrderPlaced/v2.json", V2)
    yield r
    sys.path[:] = [p for p in sys.path if p != str(r.root / "src")]


def test_new_required_property_with_default_fails_the_gate_yet_decodes(repo: Repo) -> None:
    for command in ("validate", "lock", "generate"):
        done = repo.run(command)
        assert done.code == 0, (command, done.out, done.err)
    repo.commit("v2 requires currency, default EUR")
    gate = repo.run("check", "--against", "main", "--format", "json")
    assert gate.code == 1, gate.out + gate.err
    [finding] = [
        f for f in json.loads(gate.out)["findings"] if f["rule"] == "REQUIRED_WITH_DEFAULT_ADDED"
    ]
    assert finding["registry_accepts"] is True and "optional" in finding["fix"]
    assert "currency" not in finding["counterexample"]

    sys.path.insert(0, str(repo.root / "src"))
    orders = importlib.import_module(f"{PACKAGE}.orders")
    latest, first = orders.OrderPlaced, orders.OrderPlacedV1
    assert latest.EVENT_VERSION == 2
    raw = json.dumps(DOC_V1).encode()
    v1_event = first.model_validate(DOC_V1)
    expected = {**DOC_V1, "currency": "EUR"}  # required by v2: filled and written
    validator = jsonschema.Draft202012Validator(V2)

    decoded = [
        decode(raw, into=latest),  # bare JSON, the class's own version assumed
        decode(raw, into=latest, version=1),  # bare JSON, the writer's version said
        decode(
            encode(v1_event, framing="confluent", ids="lock"), into=latest, ids="lock"
        ),  # schema id from the lock
        from_cloudevent(to_cloudevent(v1_event), into=latest),  # dataschema names v1
    ]
    for event in decoded:
        assert event.currency == "EUR"
        assert event.note == "none"  # the optional property's default, read but not written
        out = json.loads(encode(event))
        assert out == expected
        validator.validate(out)
