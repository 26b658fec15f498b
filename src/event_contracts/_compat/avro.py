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

from event_contracts._compat.avro_data import counterexample
from event_contracts._compat.avro_names import Indexed, index
from event_contracts._compat.avro_rules import RULE_TABLE
from event_contracts._compat.avro_walk import Issue, Walker
from event_contracts._compat.lazy import Deferred, engine_finding
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
    lines: dict[str, LazyLines | None] = {}
    for direction in mode.directions:
        reader, writer = (new_i, old_i) if direction == "backward" else (old_i, new_i)
        issues = Walker(direction).run(reader.root, writer.root)
        if issues:
            if not lines:
                lines = {"old": _lines(old_text), "new": _lines(new_text)}
            findings.extend(_findings(issues, reader, writer, direction, lines))
    return CompatResult(mode, tuple(findings))


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
    lines: dict[str, LazyLines | None],
) -> list[Finding]:
    side: Literal["old", "new"] = "new" if direction == "backward" else "old"
    text_lines = lines[side]
    out: list[Finding] = []
    # One finding per rule, pointer and message. A message is written on first read, so
    # only issues that share rule and pointer have theirs compared (a record pair judged
    # once and reached twice gives the very same issue twice).
    kept: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        key = (issue.rule, issue.pointer)
        same = kept.get(key)
        if same is None:
            kept[key] = [issue]
        elif any(k is issue or k.verdict.message == issue.verdict.message for k in same):
            continue
        else:
            same.append(issue)
        # One `Deferred` in the lazy fields stands for the values it computes.
        report: Any = _Report(writer, reader, issue, text_lines)
        line = None if text_lines is None else report
        out.append(
            engine_finding(issue.rule, report, direction, issue.pointer, side, line, report, report)
        )
    return out


class _Report(Deferred):
    """What a finding reports beyond its rule and place, computed on the first read of each:
    its line (in the text of the reader's side), its counterexample (a fastavro round trip)
    and the message that depends on it, its fix."""

    __slots__ = ("built", "found", "issue", "lines", "reader", "writer")

    def __init__(
        self, writer: Indexed, reader: Indexed, issue: Issue, lines: LazyLines | None
    ) -> None:
        self.writer, self.reader, self.issue, self.lines = writer, reader, issue, lines
        if lines is not None:
            lines.pointers.add(issue.pointer)  # scanned with the others on the first read
        self.built = False
        self.found: tuple[Any, str] | None = None

    def get(self, name: str) -> Any:
        if name == "line":
            return None if self.lines is None else self.lines.line(self.issue.pointer)
        if name == "message":
            return self.message()
        if name == "fix":
            return self.issue.verdict.fix
        found = self._found()  # the counterexample
        return found[0] if found else None

    def _found(self) -> tuple[Any, str] | None:
        if not self.built:
            issue = self.issue
            leaf = None if issue.rule.startswith("READER_") else issue.reader
            self.found = counterexample(self.writer, self.reader, issue, leaf)
            self.built = True
        return self.found

    def message(self) -> str:
        v = self.issue.verdict
        message = f"{v.message}; {v.fix}"
        if self._found() is None:
            message += " (no payload was found that fastavro fails on; the break is by the spec)"
        return message
