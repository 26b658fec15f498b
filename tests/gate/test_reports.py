"""Each output format's shape, from a report built by hand (no git, no engine)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from types import MappingProxyType

from event_contracts._compat.model import Finding
from event_contracts._gate.model import CheckCase, GateReport, TypeSummary
from event_contracts._report import render
from event_contracts._report.markdown import BUDGET


def summary(
    type_id: str, status: str = "changed", subscribers: tuple[str, ...] = ("orders",)
) -> TypeSummary:
    module = type_id.split(".")[0]
    return TypeSummary(
        id=type_id,
        producer=module,
        subscribers=subscribers,
        status=status,  # type: ignore[arg-type]
        format="avro",
        mode="FULL_TRANSITIVE",
        versions=(1, 2, 3),
        new_versions=(3,) if status == "changed" else (),
    )


BREAK = Finding(
    rule="READER_FIELD_MISSING_DEFAULT",
    message="field price, new in v3, has no default: v2 data lacks it",
    direction="backward",
    pointer="/fields/3",
    line=12,
    fix="give price a default",
    counterexample={"product_id": "p1"},
    event_type="catalog.ProductAdded",
    old_version=2,
    new_version=3,
    file="schemas/catalog/ProductAdded/v3.avsc",
    subscribers=("orders", "analytics"),
)
NOTE = Finding(
    rule="SUPERSEDED_BY_NEW_TYPE",
    severity="info",
    message="breaking change declared as new type catalog.ProductListed, superseding "
    "catalog.ProductAdded; subscribers that must migrate: orders, analytics",
    event_type="catalog.ProductListed",
    file="schemas/catalog/ProductListed/event.toml",
    line=3,
    subscribers=("orders", "analytics"),
)


def report(*cases: CheckCase, types: dict[str, TypeSummary] | None = None) -> GateReport:
    types = types or {
        "catalog.ProductAdded": summary(
            "catalog.ProductAdded", subscribers=("orders", "analytics")
        ),
        "catalog.ProductListed": summary("catalog.ProductListed", "added"),
        "orders.OrderPlaced": summary("orders.OrderPlaced", "unchanged", ("billing",)),
    }
    return GateReport(
        base="the merge base abc1234567 of HEAD and main",
        cases=cases
        or (
            CheckCase("catalog.ProductAdded", "compatibility v3", (BREAK,)),
            CheckCase("catalog.ProductListed", "supersedes", (NOTE,)),
            CheckCase("orders.OrderPlaced", "fingerprints"),
        ),
        types=MappingProxyType(types),
    )


def test_json_shape_is_stable_with_summary_counts() -> None:
    data = json.loads(render(report(), "json"))
    assert set(data) == {
        "version", "passed", "exit_code", "base", "summary", "notes", "version_bump",
        "findings", "event_types", "checks",
    }  # fmt: skip
    assert data["version"] == 1 and data["passed"] is False and data["exit_code"] == 1
    assert data["summary"] == {
        "errors": 1,
        "warnings": 0,
        "info": 1,
        "event_types": 3,
        "changed_event_types": 2,
        "checks": 3,
        "failed_checks": 1,
    }
    f = data["findings"][0]
    assert f == {
        "rule": "READER_FIELD_MISSING_DEFAULT",
        "severity": "error",
        "event_type": "catalog.ProductAdded",
        "old_version": 2,
        "new_version": 3,
        "direction": "backward",
        "file": "schemas/catalog/ProductAdded/v3.avsc",
        "line": 12,
        "pointer": "/fields/3",
        "message": BREAK.message,
        "fix": "give price a default",
        "counterexample": {"product_id": "p1"},
        "registry_accepts": None,
        "subscribers": ["orders", "analytics"],
    }
    assert {t["id"]: t["status"] for t in data["event_types"]} == {
        "catalog.ProductAdded": "changed",
        "catalog.ProductListed": "added",
        "orders.OrderPlaced": "unchanged",
    }


def test_markdown_has_table_diagram_and_details() -> None:
    text = render(report(), "markdown")
    assert text.startswith("## ❌ event-contracts check")
    assert "| Event type | Change |" in text
    assert "| ❌ `catalog.ProductAdded` | changed (new: v3) |" in text
    assert "orders.OrderPlaced" not in text  # unchanged types stay out of the comment
    mermaid = text.split("```mermaid\n")[1].split("```")[0]
    assert "m_catalog -->|publishes| e_catalog_ProductAdded" in mermaid
    assert "e_catalog_ProductAdded --> m_analytics" in mermaid
    assert ":::breaking" in mermaid
    assert "#### ❌ `catalog.ProductAdded`" in text
    assert "Subscribers affected: orders, analytics" in text
    assert 'Breaks on: `{"product_id": "p1"}`' in text


def test_markdown_stays_under_64_kb_by_summarising() -> None:
    many = tuple(
        CheckCase(
            f"catalog.Thing{i:04d}Happened",
            "compatibility v2",
            tuple(
                Finding(
                    rule="SOME_RULE",
                    message="x" * 300,
                    event_type=f"catalog.Thing{i:04d}Happened",
                    file=f"schemas/catalog/Thing{i:04d}Happened/v2.avsc",
                )
                for _ in range(3)
            ),
        )
        for i in range(400)
    )
    types = {c.event_type: summary(c.event_type) for c in many}
    text = render(report(*many, types=types), "markdown")
    assert len(text.encode()) < 65_536
    assert len(text) <= BUDGET + 2_000
    assert re.search(r"and \d+ more finding\(s\) not shown", text)


def test_junit_has_one_testcase_per_type_and_check() -> None:
    root = ET.fromstring(render(report(), "junit"))
    cases = root.findall(".//testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("catalog.ProductAdded", "compatibility v3"),
        ("catalog.ProductListed", "supersedes"),
        ("orders.OrderPlaced", "fingerprints"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "READER_FIELD_MISSING_DEFAULT"
    assert cases[1].find("failure") is None and cases[1].find("system-out") is not None
    assert root.get("tests") == "3" and root.get("failures") == "1"


def test_github_annotations_are_escaped_and_capped_at_ten_per_kind() -> None:
    odd = Finding(
        rule="R",
        message="50% done\nnext line",
        file="schemas/a,b:c.avsc",
        line=4,
        event_type="catalog.ProductAdded",
    )
    text = render(report(CheckCase("catalog.ProductAdded", "x", (odd,) * 14)), "github")
    lines = text.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10
    assert errors[0] == (
        "::error file=schemas/a%2Cb%3Ac.avsc,line=4,title=R::catalog.ProductAdded: "
        "50%25 done%0Anext line"
    )
    assert lines[-1].startswith("::notice title=event-contracts::")
    assert "4 error(s) not annotated" in lines[-1]


def test_github_line_format_for_a_real_finding() -> None:
    first = render(report(), "github").splitlines()[0]
    assert first.startswith(
        "::error file=schemas/catalog/ProductAdded/v3.avsc,line=12,"
        "title=READER_FIELD_MISSING_DEFAULT::catalog.ProductAdded v2 → v3: field price"
    )


def test_text_groups_by_type_and_colours_only_when_asked() -> None:
    plain = render(report(), "text")
    assert "\x1b[" not in plain
    assert plain.index("catalog.ProductAdded  [changed") < plain.index("catalog.ProductListed")
    assert "subscribers: orders, analytics" in plain
    assert "schemas/catalog/ProductAdded/v3.avsc:12 /fields/3" in plain
    assert plain.rstrip().endswith(
        "FAILED: 1 breaking finding(s); 1 error(s), 0 warning(s), 1 info"
    )
    assert "\x1b[31m" in render(report(), "text", color=True)
