"""Each output format's shape, from a report built by hand (no git, no engine)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
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
        "data_proof", "findings", "changes", "out_of_date", "fix_command", "event_types", "checks",
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
        "breaking_changes": 1,
        "changes": 2,
        "out_of_date": 0,
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
    odds = tuple(replace(odd, pointer=f"/fields/{i}") for i in range(14))  # 14 changes
    text = render(report(CheckCase("catalog.ProductAdded", "x", odds)), "github")
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
        "title=READER_FIELD_MISSING_DEFAULT::catalog.ProductAdded v2 → v3 (backward): field price"
    )


def test_text_groups_by_type_and_colours_only_when_asked() -> None:
    plain = render(report(), "text")
    assert "\x1b[" not in plain
    assert plain.index("catalog.ProductAdded  [changed") < plain.index("catalog.ProductListed")
    assert "subscribers: orders, analytics" in plain
    assert "schemas/catalog/ProductAdded/v3.avsc:12 /fields/3" in plain
    assert plain.rstrip().endswith("FAILED: 1 breaking change(s), 0 warning(s), 1 info")
    assert "\x1b[31m" in render(report(), "text", color=True)


# One finding per change: FULL_TRANSITIVE judges v3 against v1 and v2, in both directions.
V1_BREAK = replace(BREAK, old_version=1, counterexample={"product_id": "p0"})
FORWARD = replace(
    BREAK,
    rule="READER_FIELD_MISSING_DEFAULT",
    direction="forward",
    message="field title has no default in the old version and v3 no longer writes it",
    pointer="/fields/1",
    pointer_side="old",
    file="schemas/catalog/ProductAdded/v2.avsc",
)
FORWARD_V1 = replace(FORWARD, old_version=1, file="schemas/catalog/ProductAdded/v1.avsc")


def grouped() -> GateReport:
    return report(
        CheckCase(
            "catalog.ProductAdded", "compatibility v3", (V1_BREAK, FORWARD_V1, BREAK, FORWARD)
        ),
        CheckCase("catalog.ProductListed", "supersedes", (NOTE,)),
    )


def test_one_entry_per_change_listing_the_pairs_it_breaks() -> None:
    text = render(grouped(), "text")
    assert text.count("READER_FIELD_MISSING_DEFAULT") == 2  # the new field, the removed one
    assert "READER_FIELD_MISSING_DEFAULT  v1, v2 → v3 (backward)  schemas/catalog/" in text
    assert "READER_FIELD_MISSING_DEFAULT  v1, v2 → v3 (forward)  schemas/" in text
    assert "FAILED: 2 breaking change(s), 0 warning(s), 1 info" in text
    md = render(grouped(), "markdown")
    assert md.count("**error** `READER_FIELD_MISSING_DEFAULT`") == 2
    assert "`READER_FIELD_MISSING_DEFAULT` v1, v2 → v3 (backward) `schemas/" in md
    assert "| ❌ `catalog.ProductAdded` | changed (new: v3) | FULL_TRANSITIVE | 2 | 0 | 0 |" in md
    errors = [x for x in render(grouped(), "github").splitlines() if x.startswith("::error")]
    assert len(errors) == 2 and "catalog.ProductAdded v1, v2 → v3 (backward):" in errors[0]
    junit = ET.fromstring(render(grouped(), "junit")).findall(".//testcase")[0]
    failure = junit.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.text.count("error: READER_FIELD_MISSING_DEFAULT v1, v2 → v3") == 2


def test_json_keeps_every_finding_and_adds_the_changes() -> None:
    data = json.loads(render(grouped(), "json"))
    assert len(data["findings"]) == 5 and data["summary"]["errors"] == 4
    assert data["summary"]["breaking_changes"] == 2 and data["summary"]["changes"] == 3
    first = data["changes"][0]
    assert first["rule"] == "READER_FIELD_MISSING_DEFAULT" and first["pointer"] == "/fields/3"
    assert first["breaks"] == [
        {"old_version": 1, "new_version": 3, "direction": "backward"},
        {"old_version": 2, "new_version": 3, "direction": "backward"},
    ]
    assert first["versions"] == "v1, v2 → v3 (backward)"
    assert first["counterexample"] == {"product_id": "p0"}
    assert [data["findings"][i]["old_version"] for i in first["findings"]] == [1, 2]
    assert data["changes"][1]["findings"] == [1, 3]
    assert "old_version" not in first and "direction" not in first


def test_directions_with_different_pairs_are_listed_apart() -> None:
    both = replace(BREAK, direction="forward")
    data = json.loads(
        render(report(CheckCase("catalog.ProductAdded", "c", (V1_BREAK, BREAK, both))), "json")
    )
    assert [c["versions"] for c in data["changes"]] == ["v1, v2 → v3 (backward); v2 → v3 (forward)"]
    same = report(CheckCase("catalog.ProductAdded", "c", (BREAK, both)))
    assert json.loads(render(same, "json"))["changes"][0]["versions"] == (
        "v2 → v3 (backward, forward)"
    )


STALE = Finding(
    rule="STALE_GENERATED_CODE",
    message="src/integration_events/_index.py is out of date with the schemas",
    fix="run `event-contracts generate` and commit the result",
    file="shop/src/integration_events/_index.py",
)
UNLOCKED = Finding(
    rule="LOCK_ENTRY_MISSING",
    message="v3 of catalog.ProductAdded is not recorded in shop/schemas/registry.lock",
    event_type="catalog.ProductAdded",
    new_version=3,
    file="shop/schemas/registry.lock",
)


def test_out_of_date_is_apart_from_breaking_with_the_exact_command() -> None:
    r = replace(
        report(
            CheckCase("catalog.ProductAdded", "lock", (UNLOCKED,)),
            CheckCase("generated code", "up to date", (STALE,)),
        ),
        root="shop",
    )
    assert r.exit_code == 1  # CI must fail until the result is committed
    text = render(r, "text")
    assert "error   LOCK_ENTRY_MISSING" not in text and "generated code" not in text
    assert "run `event-contracts --root shop lock`: 1 version(s) not recorded" in text
    assert "run `event-contracts --root shop generate`: 1 generated file(s) differ" in text
    assert text.rstrip().endswith(
        "FAILED: no breaking changes, 0 warning(s), 0 info; out of date: run "
        "`event-contracts --root shop lock && event-contracts --root shop generate`"
    )
    md = render(r, "markdown")
    assert "### ⏳ Out of date" in md
    assert "$ event-contracts --root shop lock && event-contracts --root shop generate" in md
    assert "#### " not in md  # no breaking details
    data = json.loads(render(r, "json"))
    assert data["changes"] == [] and data["summary"]["out_of_date"] == 2
    assert [(c["rule"], c["command"], c["items"]) for c in data["out_of_date"]] == [
        ("LOCK_ENTRY_MISSING", "event-contracts --root shop lock", ["catalog.ProductAdded v3"]),
        (
            "STALE_GENERATED_CODE",
            "event-contracts --root shop generate",
            ["shop/src/integration_events/_index.py"],
        ),
    ]
    gh = render(r, "github").splitlines()
    assert gh[0].startswith("::error file=shop/schemas/registry.lock,title=LOCK_ENTRY_MISSING::")
    assert "run `event-contracts --root shop lock`" in gh[0]


def test_both_directions_of_one_edit_are_one_change() -> None:
    # A field's type changed: backward points into v3, forward into v2, at the same place.
    backward = replace(BREAK, rule="TYPE_MISMATCH", pointer="/fields/3/type", message="int now")
    forward = replace(
        backward,
        direction="forward",
        pointer_side="old",
        file="schemas/catalog/ProductAdded/v2.avsc",
        message="string before",
    )
    r = report(CheckCase("catalog.ProductAdded", "compatibility v3", (backward, forward)))
    text = render(r, "text")
    assert (
        "TYPE_MISMATCH  v2 → v3 (backward, forward)  schemas/catalog/ProductAdded/v3.avsc" in text
    )
    assert "      int now\n      forward: string before\n" in text
    assert "FAILED: 1 breaking change(s)" in text
    assert "Forward: string before" in render(r, "markdown")
