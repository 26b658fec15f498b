"""How often our JSON Schema verdicts part from the public suites' (and Confluent's), and why.

    .venv/bin/python bench/jsonschema_suites.py

For every pair in the suites under tests/compat_jsonschema/data (Confluent's SchemaDiff cases,
Karapace, AxonOps), each direction is checked and counted: compatible, breaking with a
counterexample document, or breaking by a conservative rule with no counterexample found (the
over-strict side: the change may be safe, the checker cannot prove it). Also counted: how many
breaking verdicts Confluent Schema Registry would accept (`registry_accepts`), with or without
a document to show for it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from event_contracts import check_compatibility
from event_contracts._compat.json_rules_sound import CONSERVATIVE
from event_contracts.errors import ContractError

DATA = Path(__file__).resolve().parents[1] / "tests" / "compat_jsonschema" / "data"


def pairs() -> list[tuple[str, Any, Any]]:
    out: list[tuple[str, Any, Any]] = []
    for line in (DATA / "confluent_diff_cases.jsonl").read_text().splitlines():
        row = json.loads(line)
        out.append(("confluent", row[2], row[3]))
    for name in ("confluent_combined_cases.jsonl", "confluent_schemadiff_tests.jsonl"):
        for line in (DATA / name).read_text().splitlines():
            row = json.loads(line)
            out.append(("confluent", row[1], row[2]))
    for line in (DATA / "karapace_cases.jsonl").read_text().splitlines():
        row = json.loads(line)
        out.append(("karapace", row["writer_schema"], row["reader_schema"]))
    for line in (DATA / "karapace_draft_cases.jsonl").read_text().splitlines():
        row = json.loads(line)
        out.append(("karapace", row["old"], row["new"]))
    for line in (DATA / "axonops_compatibility_cases.jsonl").read_text().splitlines():
        row = json.loads(line)
        if not row.get("refs"):
            out.append(("axonops", row["history"][-1], row["new"]))
    return out


def main() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    rules: Counter[str] = Counter()
    for suite, old, new in pairs():
        for mode in ("BACKWARD", "FORWARD"):
            try:
                result = check_compatibility(old, new, mode=mode, format="jsonschema")
            except ContractError:  # a schema the suite expects to be refused
                counts[(suite, "error (invalid schema)")] += 1
                continue
            errors = [f for f in result.findings if f.severity == "error"]
            if not errors:
                counts[(suite, "compatible")] += 1
                continue
            shown = any(
                f.counterexample is not None or "document null" in f.message for f in errors
            )
            ours = all(f.registry_accepts for f in errors)
            if shown:
                counts[(suite, "breaking, document shown")] += 1
            elif any(f.rule in CONSERVATIVE for f in errors):
                counts[(suite, "breaking, conservative, no document")] += 1
                rules.update(f.rule for f in errors if f.rule in CONSERVATIVE)
            else:
                counts[(suite, "breaking, no document (Confluent's rule)")] += 1
            if ours:
                key = "registry accepts, document shown" if shown else "registry accepts, none"
                counts[(suite, key)] += 1
    for (suite, what), n in sorted(counts.items()):
        print(f"  {suite:10} {what:45} {n:5}")
    print("  conservative rules without a document:", dict(rules))


if __name__ == "__main__":
    main()
