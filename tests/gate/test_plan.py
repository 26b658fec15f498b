"""Planning: which versions changed and how, judged without git or an engine."""

from __future__ import annotations

import json
from pathlib import Path

from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, product_v2

from event_contracts._gate.plan import plan
from event_contracts._schema.docs_free import docs_free
from event_contracts._schema.loader import scan
from event_contracts._schema.model import Catalog


def test_docs_free_drops_docs_but_not_data_named_like_docs() -> None:
    avro = product_v1()
    avro["fields"].append(
        {"name": "meta", "type": {"type": "map", "values": "string"}, "default": {"doc": "x"}}
    )
    stripped = json.loads(docs_free(avro, "avro"))
    assert "doc" not in stripped and "doc" not in stripped["fields"][1]
    assert stripped["fields"][2]["default"] == {"doc": "x"}  # a default is data

    js = order_v1()
    js["properties"]["description"] = {"type": "string", "description": "a property"}
    js["properties"]["status"] = {"enum": ["title"], "default": "title"}
    out = json.loads(docs_free(js, "jsonschema"))
    assert "title" not in out
    assert out["properties"]["description"] == {"type": "string"}  # the name stays
    assert out["properties"]["status"] == {"enum": ["title"], "default": "title"}


def _catalogs(tmp_path: Path, edit: dict[str, object]) -> tuple[Catalog, Catalog]:
    base = make_repo(tmp_path / "base")
    base.event("catalog.ProductAdded", [product_v1(), product_v2()])
    head = Repo(tmp_path / "head")
    head.root.mkdir()
    (head.root / "pyproject.toml").write_text((base.root / "pyproject.toml").read_text())
    head.event("catalog.ProductAdded", [product_v1(), edit])
    return scan(base.root / "schemas", deep=False)[0], scan(head.root / "schemas", deep=False)[0]


def test_version_statuses(tmp_path: Path) -> None:
    docs = product_v2()
    docs["doc"] = "Better words."
    b, h = _catalogs(tmp_path / "docs", docs)
    [tc] = plan(b, h)
    assert tc.status == "changed"
    assert [v.status for v in tc.versions] == ["same", "reformatted"]

    data = product_v2()
    data["fields"][2]["type"] = ["null", "long"]
    b, h = _catalogs(tmp_path / "data", data)
    [tc] = plan(b, h)
    assert [v.status for v in tc.versions] == ["same", "edited"]

    b, h = _catalogs(tmp_path / "same", product_v2())
    [tc] = plan(b, h)
    assert tc.status == "unchanged"


def test_without_a_base_every_version_is_checked(tmp_path: Path) -> None:
    _, h = _catalogs(tmp_path, product_v2())
    [tc] = plan(None, h)
    assert tc.status == "unknown"
    assert tc.new_versions == (1, 2)


def test_every_rule_the_gate_emits_is_registered() -> None:
    import re

    from event_contracts._gate.rules import RULES

    src = Path(__file__).resolve().parents[2] / "src/event_contracts"
    emitted = set()
    for path in [
        *(src / "_gate").glob("*.py"),
        *(src / "_proof").glob("*.py"),
        src / "_cli/check.py",
    ]:
        emitted |= set(re.findall(r'rule="([A-Z][A-Z_]+)"', path.read_text()))
    emitted |= {"MODE_CHANGED", "VERSION_GAP"}  # chosen at run time / from validate's codes
    assert emitted == set(RULES)
