"""Finding fields computed on first read: `line`, `message`, `fix`, `counterexample`.

An engine may give one of these fields as `later(fn)`: `fn()` runs on the first read of the
field (the line from the schema's text, the counterexample by a fastavro round trip), so a
caller that only wants the verdict or the rule ids never pays for them. Reading the field,
equality, `repr`, pickling and `dataclasses.replace` see the value, as if it had been given;
`with_context` copies a finding without computing anything.

Importing this module wraps those slots of `Finding`; a `later` value only exists once it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Literal, TypeVar

from event_contracts._compat.model import Direction, Finding

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
    return _Later(fn)  # type: ignore[return-value]  # (not `cast`: a call per finding field)


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


LAZY = ("line", "message", "fix", "counterexample")
for _name in LAZY:
    if not isinstance(Finding.__dict__[_name], _LazySlot):
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
