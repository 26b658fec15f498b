"""The data proof on recursive Avro types (a record reaching itself through a union, a list or
another record): examples are drawn to a bounded depth and decoded, a break reached only through
the recursion is caught, and pairs that ran no example say so instead of blaming the chain."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from tests.gate.conftest import Repo, make_repo

from event_contracts._compat.model import CompatResult, Mode


def category_v1() -> dict[str, Any]:
    """A category tree: a parent (a union with the type itself) and children (a list of it),
    and a mutually recursive `Link` record."""
    return {
        "type": "record",
        "name": "CategoryAdded",
        "namespace": "catalog",
        "fields": [
            {"name": "title", "type": "string"},
            {"name": "parent", "type": ["null", "catalog.CategoryAdded"], "default": None},
            {"name": "children", "type": {"type": "array", "items": "catalog.CategoryAdded"}},
            {
                "name": "link",
                "type": [
                    "null",
                    {
                        "type": "record",
                        "name": "Link",
                        "fields": [
                            {"name": "url", "type": "string"},
                            {"name": "back", "type": ["null", "catalog.CategoryAdded"]},
                        ],
                    },
                ],
                "default": None,
            },
        ],
    }


def with_brand(schema: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(schema)
    out["fields"].append({"name": "brand", "type": ["null", "string"], "default": None})
    return out


def published(tmp_path: Path, versions: list[dict[str, Any]]) -> Repo:
    r = make_repo(tmp_path / "repo")
    r.event("catalog.CategoryAdded", versions)
    assert r.run("lock").code == 0
    r.commit("published")
    r.git("checkout", "-q", "-b", "pr")
    return r


def add_version(r: Repo, versions: list[dict[str, Any]]) -> None:
    r.event("catalog.CategoryAdded", versions)
    assert r.run("lock").code == 0
    r.commit("a new version")


def depth(value: Any, key: str) -> int:
    return (
        0 if not isinstance(value, dict) or value.get(key) is None else 1 + depth(value[key], key)
    )


def test_a_change_to_a_recursive_type_is_proved_with_decoded_examples(tmp_path: Path) -> None:
    r = published(tmp_path, [category_v1()])
    add_version(r, [category_v1(), with_brand(category_v1())])
    run = r.run("check", "--format", "json")
    assert run.code == 0, run.out
    proof = run.json()["data_proof"]
    assert proof["types"] == ["catalog.CategoryAdded"] and proof["pairs"] == 2
    assert proof["examples"] > 2 and proof["failed"] == 0 and proof["not_run"] == 0


def test_a_break_reached_only_through_the_recursion_fails_the_proof(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # v2's `parent` is a record of another name: a v1 category without a parent still reads,
    # one with a parent cannot (no branch of v2's union matches it). The verdict is bypassed
    # (it judges nothing breaking), so only data can tell.
    v2 = with_brand(category_v1())
    v2["fields"][1]["type"] = [
        "null",
        {"type": "record", "name": "Parent", "fields": [{"name": "title", "type": "string"}]},
    ]
    r = published(tmp_path, [category_v1()])
    add_version(r, [category_v1(), v2])

    def lenient(new: Any, earlier: Any, *, mode: Any = "BACKWARD", **_: Any) -> CompatResult:
        return CompatResult(Mode.parse(mode), ())

    monkeypatch.setattr("event_contracts._gate.gate.check_against_versions", lenient)
    run = r.run("check", "--format", "json")
    assert run.code == 1, run.out
    report = run.json()
    failed = [f for f in report["findings"] if f["rule"] == "DATA_PROOF_FAILED"]
    backward = [f for f in failed if (f["old_version"], f["new_version"]) == (1, 2)]
    assert backward and "schema resolution" in backward[0]["message"]
    assert depth(backward[0]["counterexample"], "parent") >= 1  # an example with a parent
    assert report["data_proof"]["failed"] >= 1


def test_pairs_no_example_could_be_drawn_for_are_not_called_a_broken_chain(
    tmp_path: Path,
) -> None:
    # A record that must contain itself has no finite value: no example of it can be drawn.
    loop = {
        "type": "record",
        "name": "CategoryAdded",
        "namespace": "catalog",
        "fields": [
            {"name": "title", "type": "string"},
            {"name": "parent", "type": "catalog.CategoryAdded"},
        ],
    }
    r = published(tmp_path, [loop])
    add_version(r, [loop, with_brand(loop)])
    run = r.run("check", "--format", "json")
    assert run.code == 0, run.out  # nothing shown to break: not a failure...
    report = run.json()
    proof = report["data_proof"]
    assert (proof["pairs"], proof["not_run"]) == (0, 2)
    assert (proof["not_run_broken_chain"], proof["not_run_no_example"]) == (0, 2)
    assert [(u["event_type"], u["version"], u["pairs"]) for u in proof["no_example"]] == [
        ("catalog.CategoryAdded", 1, 1),
        ("catalog.CategoryAdded", 2, 1),
    ]
    # ...but said up front, with the reason, and never blamed on the chain
    notes = [n for n in report["notes"] if "no example of catalog.CategoryAdded v1" in n]
    assert notes and "can draw a value" in notes[0] and "not proved" in notes[0]
    text = r.run("check").out
    assert "2 pair(s) not run (no example drawn for catalog.CategoryAdded v1, v2)" in text
    assert "broken chain" not in text
