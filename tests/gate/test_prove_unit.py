"""The data proof on the bundled package, through its public seams: which readers a writer
has, reproducible examples, and the comparison with fastavro's resolving read."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from event_contracts._compat.model import Mode
from event_contracts._proof import prove as proof
from event_contracts._proof.budget import Budget
from event_contracts._runtime.schemas import for_package
from event_contracts._runtime.upcast import DEFAULT_REGISTRY

PACKAGE = "integration_events"


def event_type(type_id: str) -> Any:
    """As the project declares it (the runtime does not ship the modes: the gate passes them)."""
    t = for_package(PACKAGE).event_type(type_id)
    return dataclasses.replace(t, mode=Mode.FULL_TRANSITIVE)


def test_readers_follow_the_mode_and_supersedes() -> None:
    schemas = for_package(PACKAGE)
    added = event_type("catalog.ProductAdded")  # FULL_TRANSITIVE, superseded
    assert proof.readers(schemas, added, 1) == [
        ("catalog.ProductAdded", 2),
        ("catalog.ProductListed", 1),
    ]
    assert proof.readers(schemas, added, 2) == [
        ("catalog.ProductAdded", 1),
        ("catalog.ProductListed", 1),
    ]


def run(types: list[str], **kwargs: Any) -> tuple[list[Any], proof.Stats]:
    return proof.prove(
        PACKAGE,
        [event_type(t) for t in types],
        DEFAULT_REGISTRY,
        Budget(seconds=5, examples=5),
        where={},
        **kwargs,
    )


def test_the_bundled_package_proves_clean_and_counts_what_ran() -> None:
    cases, stats = run(["orders.OrderPlaced", "catalog.ProductAdded"])
    assert [f for c in cases for f in c.findings] == []
    # OrderPlaced 1<->2; ProductAdded 1<->2 and each into ProductListed v1: 6 pairs of 5.
    assert (stats.pairs, stats.examples, stats.failed) == (6, 30, 0)
    assert stats.as_dict()["max_examples_per_pair"] == 5


def test_a_divergence_from_fastavro_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    real = proof.schemaless_reader

    def lying(*args: Any) -> Any:
        record = real(*args)
        record["customer_id"] = "someone else"
        return record

    monkeypatch.setattr(proof, "schemaless_reader", lying)
    cases, stats = run(["orders.OrderPlaced"])
    findings = [f for c in cases for f in c.findings]
    assert {f.rule for f in findings} == {"DATA_PROOF_FAILED"} and stats.failed == 2
    assert all("fastavro's resolving read" in f.message for f in findings)
    assert findings[0].counterexample is not None
