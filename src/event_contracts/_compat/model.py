"""Compatibility modes, findings and results: frozen data, rendered elsewhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Direction = Literal["backward", "forward", "none"]
"""backward: the new schema reads data written with the old one (reader = new, writer = old);
forward: the old schema reads data written with the new one (reader = old, writer = new)."""


class Mode(StrEnum):
    """Confluent Schema Registry's compatibility levels."""

    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @property
    def transitive(self) -> bool:
        return self.value.endswith("_TRANSITIVE")

    @property
    def directions(self) -> tuple[Direction, ...]:
        """The directions a pair check must pass, in a fixed order."""
        return _DIRECTIONS[self]

    @classmethod
    def parse(cls, value: str | Mode) -> Mode:
        if isinstance(value, Mode):
            return value
        # A dict lookup: calling the enum class costs more than the rest of a cached check.
        found = _MODES.get(str(value).upper())
        if found is None:
            from event_contracts.errors import UsageError

            names = ", ".join(m.value for m in cls)
            raise UsageError(f"unknown compatibility mode {value!r}; use one of {names}")
        return found


_MODES: dict[str, Mode] = {m.value: m for m in Mode}
_BASE_DIRECTIONS: dict[str, tuple[Direction, ...]] = {
    "NONE": (),
    "BACKWARD": ("backward",),
    "FORWARD": ("forward",),
    "FULL": ("backward", "forward"),
}
# By member: `Mode.value` is a descriptor, slow enough to show in a cached check.
_DIRECTIONS: dict[Mode, tuple[Direction, ...]] = {
    m: _BASE_DIRECTIONS[m.value.removesuffix("_TRANSITIVE")] for m in Mode
}


class Policy(StrEnum):
    """Confluent's JSON Schema policies; LENIENT also accepts some content-model changes."""

    STRICT = "STRICT"
    LENIENT = "LENIENT"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a change is (or may be) incompatible, or an informational note.

    The engine fills the first group; the gate adds the event context (second group).
    `pointer` is a JSON pointer into the schema named by `pointer_side` ("old" or "new");
    `counterexample` is JSON-friendly data written with the writer schema that the reader
    cannot read or reads wrongly (None when none could be built; `message` then says so).
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

    @property
    def compatible(self) -> bool:
        return not any(f.breaking for f in self.findings)
