"""Compatibility modes, findings and results: frozen data, rendered elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal, TypeVar, cast

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

    `line`, `message`, `fix` and `counterexample` may be computed on first read (see
    `later`): the line from the schema's text, the counterexample by a fastavro round trip. A caller
    that only wants the verdict or the rule ids never pays for them; the values, equality,
    `repr` and `dataclasses.replace` are as if they had been given.
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


T = TypeVar("T")


class _Later:
    """A field value not computed yet: `fn()` gives it, once (copies of a finding share it)."""

    __slots__ = ("fn", "value")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn: Callable[[], Any] | None = fn
        self.value: Any = None

    def get(self) -> Any:
        if self.fn is not None:
            self.value, self.fn = self.fn(), None
        return self.value


def later(fn: Callable[[], T]) -> T:
    """A value for a lazy `Finding` field (`line`, `message`, `fix`, `counterexample`):
    `fn()` runs on the first read of the field (typed as the value, which readers see)."""
    return cast(T, _Later(fn))


class _LazySlot:
    """Wraps a slot of `Finding`: a `_Later` stored in it is computed and stored on first read."""

    __slots__ = ("slot",)

    def __init__(self, slot: Any) -> None:
        self.slot = slot

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, owner)
        if type(value) is _Later:
            value = value.get()
            self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self.slot.__set__(obj, value)  # the dataclass `__init__`; `frozen` still forbids users


_LAZY = ("line", "message", "fix", "counterexample")
for _name in _LAZY:
    setattr(Finding, _name, _LazySlot(Finding.__dict__[_name]))
_SLOTS = {f.name: Finding.__dict__[f.name] for f in fields(Finding)}
_RAW = {n: s.slot if isinstance(s, _LazySlot) else s for n, s in _SLOTS.items()}


def with_context(finding: Finding, **changes: Any) -> Finding:
    """`dataclasses.replace` that leaves fields not yet computed uncomputed."""
    values = {n: changes[n] if n in changes else raw.__get__(finding) for n, raw in _RAW.items()}
    return Finding(**values)


_ENGINE_FIELDS = (
    "rule",
    "message",
    "direction",
    "pointer",
    "pointer_side",
    "line",
    "fix",
    "counterexample",
)
_ENGINE_SET = tuple(_RAW[n].__set__ for n in _ENGINE_FIELDS)
_TEMPLATE = Finding(rule="", message="")  # the defaults of the other fields
_CONTEXT_SET = tuple(
    (raw.__set__, raw.__get__(_TEMPLATE)) for n, raw in _RAW.items() if n not in _ENGINE_FIELDS
)


def engine_finding(
    rule: str,
    message: str,
    direction: Direction,
    pointer: str,
    pointer_side: Literal["old", "new"],
    line: int | None,
    fix: str,
    counterexample: Any,
) -> Finding:
    """`Finding(...)` with the engine's fields (the rest at their defaults), built in half the
    time of the dataclass `__init__`: a breaking pair check builds a few per direction."""
    finding = object.__new__(Finding)
    values = (rule, message, direction, pointer, pointer_side, line, fix, counterexample)
    for put, value in zip(_ENGINE_SET, values, strict=True):
        put(finding, value)
    for put, default in _CONTEXT_SET:
        put(finding, default)
    return finding


def pending(finding: Finding, name: str) -> bool:
    """Is the field `name` of `finding` still to be computed? (for tests and benchmarks)"""
    return type(_RAW[name].__get__(finding)) is _Later


@dataclass(frozen=True, slots=True)
class CompatResult:
    """The verdict for one check; `compatible` is False iff any finding is an error."""

    mode: Mode
    findings: tuple[Finding, ...] = ()

    @property
    def compatible(self) -> bool:
        return not any(f.breaking for f in self.findings)
