"""A keyword the file's own draft does not define constrains nothing: `validate` warns about it
(also when the file is not read again), and `check` warns in the pull request that adds it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, reads

from event_contracts._schema.ignored_keywords import ignored_keywords

D07 = "http://json-schema.org/draft-07/schema#"
D2020 = "https://json-schema.org/draft/2020-12/schema"


def _order(**extra: Any) -> dict[str, Any]:
    schema = order_v1()
    schema["properties"] = {
        **schema["properties"],
        "note": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
    }
    return {**schema, **extra}


# (draft, a keyword at a schema position, a document that the keyword would refuse)
CASES = [
    ("2020-12", {"dependencies": {"note": ["tags"]}}, {"orderId": "o", "note": "n"}),
    ("07", {"dependentRequired": {"note": ["tags"]}}, {"orderId": "o", "note": "n"}),
    ("07", {"dependentSchemas": {"note": {"required": ["tags"]}}}, {"orderId": "o", "note": "n"}),
    ("07", {"minProperties": 0, "maxContains": 0}, {"orderId": "o"}),  # no array: nothing
]


@pytest.mark.parametrize(("draft", "extra", "refused"), CASES)
def test_each_keyword_found_is_one_the_drafts_own_validator_ignores(
    draft: str, extra: dict[str, Any], refused: dict[str, Any]
) -> None:
    schema = _order(**extra)
    schema["$schema"] = D07 if draft == "07" else D2020
    found = ignored_keywords(schema, draft)
    words = {word for _, word in found}
    assert words == set(extra) - {"minProperties"}
    # the judge: the draft's own validator accepts what the keyword, applied, would refuse
    validator = jsonschema.validators.validator_for(schema)
    assert validator(schema).is_valid(refused)
    for word in words:  # and the draft that defines it does refuse it (where it can)
        other = copy.deepcopy(schema)
        other["$schema"] = D2020 if draft == "07" else D07
        if word == "dependencies" or word.startswith("dependent"):
            assert not jsonschema.validators.validator_for(other)(other).is_valid(refused)


def test_only_schema_positions_are_read() -> None:
    schema = {
        "type": "object",
        "properties": {
            # a property *named* like a keyword, and keywords inside data: not keywords
            "dependencies": {"type": "string", "default": {"dependencies": {}}},
            "list": {
                "type": "array",
                "items": {"type": "object", "additionalItems": False},
                "examples": [{"additionalItems": 1}],
            },
            "choice": {"anyOf": [{"const": {"dependencies": 1}}, {"$recursiveRef": "#"}]},
        },
        "$defs": {"x": {"not": {"dependencies": {"a": ["b"]}}}},
        "enum": [{"dependencies": 1}],
    }
    assert ignored_keywords(schema, "2020-12") == [
        ("/$defs/x/not/dependencies", "dependencies"),
        ("/properties/choice/anyOf/1/$recursiveRef", "$recursiveRef"),
        ("/properties/list/items/additionalItems", "additionalItems"),
    ]
    # draft-07 defines the first two; $recursiveRef came with 2019-09
    assert ignored_keywords(schema, "07") == [
        ("/properties/choice/anyOf/1/$recursiveRef", "$recursiveRef")
    ]
    # the value of an ignored keyword is not searched further
    nested = {"prefixItems": [{"dependentRequired": {"a": ["b"]}}], "items": [{"minContains": 1}]}
    assert ignored_keywords(nested, "07") == [
        ("/items/0/minContains", "minContains"),
        ("/prefixItems", "prefixItems"),
    ]


def test_a_deep_schema_is_walked_without_recursion() -> None:
    schema: dict[str, Any] = {"dependencies": {}}
    for _ in range(5000):
        schema = {"not": schema}
    assert ignored_keywords(schema, "2020-12") == [
        ("/not" * 5000 + "/dependencies", "dependencies")
    ]


@pytest.fixture
def r(tmp_path: Path, cache_dir: Path) -> Iterator[Repo]:
    repo = make_repo(tmp_path / "repo")
    repo.event("catalog.ProductAdded", [product_v1()])
    repo.event("orders.OrderPlaced", [_order()], fmt="json")
    repo.event(
        "orders.OrderShipped",
        [{**_order(dependencies={"note": ["tags"]}), "title": "OrderShipped"}],
        fmt="json",
    )
    repo.commit("published")
    yield repo


def test_validate_warns_and_passes_warm_and_cold(r: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = [r.run("validate"), r.run("validate")]  # the second takes the file from the cache
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    runs.append(r.run("validate"))
    for run in runs:
        assert run.code == 0, run.out
        assert run.out == runs[0].out
    text = runs[0].out
    assert "schemas/orders/OrderShipped/v1.json:" in text
    assert "warning: JSONSCHEMA_IGNORED_KEYWORD: 'dependencies' is not a keyword" in text
    assert 'fix: use "dependentRequired"' in text
    assert "OrderPlaced" not in text

    data = r.run("validate", "--format", "json").json()
    assert data["valid"] is True
    (warning,) = data["warnings"]
    assert warning["pointer"] == "/dependencies"
    assert warning["file"] == "schemas/orders/OrderShipped/v1.json"
    assert warning["line"] is not None
    annotations = r.run("validate", "--format", "github").out
    assert "::warning file=schemas/orders/OrderShipped/v1.json," in annotations
    assert "1 warning(s)" in annotations


def test_validate_sees_an_edit_that_adds_or_removes_the_keyword(r: Repo) -> None:
    assert "JSONSCHEMA_IGNORED_KEYWORD" in r.run("validate").out
    r.write(
        "schemas/orders/OrderShipped/v1.json",
        {**_order(dependentRequired={"note": ["tags"]}), "title": "OrderShipped"},
    )
    assert "JSONSCHEMA_IGNORED_KEYWORD" not in r.run("validate").out
    r.write("schemas/orders/OrderPlaced/v1.json", _order(**{"$schema": D07, "prefixItems": []}))
    out = r.run("validate").out
    assert "schemas/orders/OrderPlaced/v1.json" in out and "'prefixItems'" in out


def test_check_warns_in_the_pull_request_that_adds_the_keyword(r: Repo) -> None:
    r.git("checkout", "-q", "-b", "pr")
    r.write("schemas/orders/OrderPlaced/v2.json", _order(dependencies={"note": ["tags"]}))
    run = r.run("check", "--format", "json", "--no-proof")
    assert run.code == 0, run.out
    findings = [f for f in run.json()["findings"] if f["rule"] == "JSONSCHEMA_IGNORED_KEYWORD"]
    # the new version only: OrderShipped v1 was published with it before
    assert [(f["event_type"], f["new_version"], f["severity"]) for f in findings] == [
        ("orders.OrderPlaced", 2, "warning")
    ]
    assert findings[0]["file"] == "schemas/orders/OrderPlaced/v2.json"
    assert findings[0]["pointer"] == "/dependencies"


def test_validate_after_generate_reads_only_the_file_it_warns_about(
    r: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert r.run("generate").code == 0  # its deep load notes what validate warns about
    with reads(monkeypatch) as seen:
        run = r.run("validate")
    schemas = r.root / "schemas"
    read = [p.relative_to(schemas).as_posix() for p in seen if p.is_relative_to(schemas)]
    # only the file with something to say, for the line of its warning
    assert [p for p in read if p.endswith(".json")] == ["orders/OrderShipped/v1.json"]
    assert run.code == 0 and "JSONSCHEMA_IGNORED_KEYWORD" in run.out
