"""Compatibility modes, findings and results: frozen data, rendered elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from event_contracts._vocab import Direction, Mode, Policy

__all__ = ["CompatResult", "Direction", "Finding", "Mode", "Policy", "Severity"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a change is (or may be) incompatible, or an informational note.

    The engine fills the first group; the gate adds the event context (second group).
    `pointer` is a JSON pointer into the schema named by `pointer_side` ("old" or "new");
    `counterexample` is JSON-friendly data written with the writer schema that the reader
    cannot read or reads wrongly (None when none could be built; `message` then says so).
    `registry_accepts` shows registry parity: True where our gate is stricter than the registry.
    """

    rule: str
    message: str
    direction: Direction = "none"
    severity: Severity = "error"
    pointer: str = ""
    pointer_side: Literal["old", "new"] = "new"
    line: int | None = None
    fix: str = ""
    counterexample: Any = None
    # Would Confluent Schema Registry accept the change this finding is about (same mode and
    # policy)? None where the question does not apply (Avro, lock and layout findings).
    registry_accepts: bool | None = None
    # event context, added by the gate
    event_type: str | None = None
    old_version: int | None = None
    new_version: int | None = None
    file: str | None = None
    subscribers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def breaking(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True, slots=True)
class CompatResult:
    """The verdict for one check; `compatible` is False iff any finding is an error."""

    mode: Mode
    findings: tuple[Finding, ...] = ()
    # what the counterexample searches cost (JSON Schema): documents tried, seconds spent
    searched: int = 0
    search_seconds: float = 0.0

    @property
    def compatible(self) -> bool:
        return not any(f.breaking for f in self.findings)
