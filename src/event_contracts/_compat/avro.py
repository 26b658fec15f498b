"""Avro compatibility: the Avro 1.12 schema-resolution rules, plus the breaks data proves.

    index (avro_names) -> walk reader/writer pairs (avro_walk) -> rules judge each pair
    (avro_rules) -> counterexample per finding, confirmed with fastavro (avro_data)

BACKWARD: the new schema reads data written with the old one; FORWARD: the old schema
reads data written with the new one; FULL: both; NONE: always passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from event_contracts._compat.avro_data import counterexample
from event_contracts._compat.avro_names import Indexed, index
from event_contracts._compat.avro_rules import RULE_TABLE
from event_contracts._compat.avro_walk import Issue, Walker
from event_contracts._compat.model import CompatResult, Direction, Finding, Mode

RULES: Mapping[str, str] = MappingProxyType({r.id: r.purpose for r in RULE_TABLE})
"""Every Avro rule id and its one-line purpose (documented in docs/rules.md)."""


def check_avro(old_i: Indexed, new_i: Indexed, mode: Mode) -> CompatResult:
    """Judge `new_i` against `old_i` under `mode` (schemas indexed by `avro_names`)."""
    if not mode.directions:
        return CompatResult(mode)
    findings: list[Finding] = []
    for direction in mode.directions:
        reader, writer = (new_i, old_i) if direction == "backward" else (old_i, new_i)
        issues = Walker(direction).run(reader.root, writer.root)
        if issues:
            findings.extend(_findings(issues, reader, writer, direction))
    return CompatResult(mode, tuple(findings))


def incompatibilities(reader: Any, writer: Any) -> list[Issue]:
    """The raw issues of one reader/writer pair (for tests and benchmarks): no counterexamples."""
    return Walker("backward").run(index(reader).root, index(writer).root)


def _findings(
    issues: list[Issue], reader: Indexed, writer: Indexed, direction: Direction
) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for issue in issues:
        key = (issue.rule, issue.pointer, issue.verdict.message)
        if key in seen:
            continue
        seen.add(key)
        v = issue.verdict
        leaf = None if issue.rule.startswith("READER_") else issue.reader
        found = counterexample(writer, reader, issue, leaf)
        message = f"{v.message}; {v.fix}"
        if found is None:
            message += " (no payload was found that fastavro fails on; the break is by the spec)"
        out.append(
            Finding(
                rule=issue.rule,
                message=message,
                direction=direction,
                pointer=issue.pointer,
                pointer_side="new" if direction == "backward" else "old",
                fix=v.fix,
                counterexample=found[0] if found else None,
            )
        )
    return out
