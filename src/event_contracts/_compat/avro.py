"""Avro compatibility: the Avro 1.12 schema-resolution rules, plus the breaks data proves.

    index (avro_names) -> walk reader/writer pairs (avro_walk) -> rules judge each pair
    (avro_rules) -> counterexample per finding, confirmed with fastavro (avro_data)

BACKWARD: the new schema reads data written with the old one; FORWARD: the old schema
reads data written with the new one; FULL: both; NONE: always passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from event_contracts._compat.avro_names import index
from event_contracts._compat.avro_nodes import Indexed
from event_contracts._compat.avro_rules import RULE_TABLE
from event_contracts._compat.avro_walk import Issue, Walker
from event_contracts._compat.lazy import engine_finding, engine_result
from event_contracts._compat.model import CompatResult, Direction, Finding, Mode
from event_contracts._schema.jsonpos import LazyLines

RULES: Mapping[str, str] = MappingProxyType({r.id: r.purpose for r in RULE_TABLE})
"""Every Avro rule id and its one-line purpose (documented in docs/rules.md)."""


def check_avro(
    old_i: Indexed,
    new_i: Indexed,
    mode: Mode,
    old_text: str | None = None,
    new_text: str | None = None,
) -> CompatResult:
    """Judge `new_i` against `old_i` under `mode` (schemas indexed by `avro_names`).

    With the JSON texts of the schemas, each finding's `line` is found in its text when first
    read; a finding's counterexample and message are built when first read, too.
    """
    if not mode.directions:
        return CompatResult(mode)
    findings: list[Finding] = []
    old_lines: LazyLines | None = None
    new_lines: LazyLines | None = None
    for direction in mode.directions:
        reader, writer = (new_i, old_i) if direction == "backward" else (old_i, new_i)
        issues = Walker(direction).run(reader.root, writer.root)
        if issues:
            if old_lines is None and new_lines is None:
                old_lines, new_lines = _lines(old_text), _lines(new_text)
            lines = new_lines if direction == "backward" else old_lines
            findings.extend(_findings(issues, reader, writer, direction, lines))
    return engine_result(mode, tuple(findings))


def _lines(text: str | None) -> LazyLines | None:
    return LazyLines(text) if text is not None else None


def incompatibilities(reader: Any, writer: Any) -> list[Issue]:
    """The raw issues of one reader/writer pair (for tests and benchmarks): no counterexamples."""
    return Walker("backward").run(index(reader).root, index(writer).root)


def _findings(
    issues: list[Issue],
    reader: Indexed,
    writer: Indexed,
    direction: Direction,
    lines: LazyLines | None,
) -> list[Finding]:
    side: Literal["old", "new"] = "new" if direction == "backward" else "old"
    scope = (writer, reader, lines)
    out: list[Finding] = []
    # One finding per rule, pointer and message. A message is written on first read, so
    # only issues that share rule and pointer have theirs compared (a record pair judged
    # once and reached twice gives the very same issue twice).
    seen: set[tuple[str, str]] = set()
    kept: list[Issue] = []
    for issue in issues:
        key = (issue.rule, issue.pointer)
        if key not in seen:
            seen.add(key)
        elif any(
            k is issue
            or (
                (k.rule == issue.rule and k.pointer == issue.pointer)
                and k.verdict.message == issue.verdict.message
            )
            for k in kept
        ):
            continue
        kept.append(issue)
        # The issue computes the finding's line, message, fix and counterexample when read.
        issue.scope = scope
        later: Any = issue
        if lines is not None:
            lines.pointers.add(issue.pointer)  # scanned with the others on the first read
        out.append(
            engine_finding(
                issue.rule,
                later,
                direction,
                issue.pointer,
                side,
                None if lines is None else later,
                later,
                later,
            )
        )
    return out
