"""Finding fields computed on first read: `line`, `message`, `fix`, `counterexample`.

An engine may give one of these fields as `later(fn)`: `fn()` runs on the first read of the
field (the line from the schema's text, the counterexample by a fastavro round trip), so a
caller that only wants the verdict or the rule ids never pays for them; or as one `Deferred`
object for several fields (its `get(name)` gives each: one object per finding instead of
one per field, what a breaking check pays for each finding). Reading the field,
equality, `repr`, pickling and `dataclasses.replace` see the value, as if it had been given;
`with_context` copies a finding without computing anything.

Importing this module wraps those slots of `Finding`; a `later` value only exists once it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Literal, TypeVar

from event_contracts._compat.model import CompatResult, Direction, Finding, Mode

T = TypeVar("T")


class Deferred:
    """Field values of a finding not computed yet: `get(name)` computes the field `name`.

    It may be stored in several lazy fields of a finding (and of its copies, which share it):
    `get` must give the same value each time it is asked for a field.
    """

    __slots__ = ()

    def get(self, name: str) -> Any:
        raise NotImplementedError


class _Later(Deferred):
    """One field value not computed yet: `fn()` gives it, once (copies of a finding share it)."""

    __slots__ = ("fn", "value")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn: Callable[[], Any] | None = fn
        self.value: Any = None

    def get(self, name: str = "") -> Any:
        if self.fn is not None:
            self.value, self.fn = self.fn(), None
        return self.value


def later(fn: Callable[[], T]) -> T:
    """A value for a lazy `Finding` field (`line`, `message`, `fix`, `counterexample`):
    `fn()` runs on the first read of the field (typed as the value, which readers see)."""
    return _Later(fn)  # type: ignore[return-value]  # (not `cast`: a call per finding field)


class _LazySlot:
    """Wraps a slot of `Finding`: a `Deferred` stored in it is computed and stored on first read."""

    __slots__ = ("name", "slot")

    def __init__(self, name: str, slot: Any) -> None:
        self.name, self.slot = name, slot

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = self.slot.__get__(obj, owner)
        if isinstance(value, Deferred):
            value = value.get(self.name)
            self.slot.__set__(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self.slot.__set__(obj, value)  # the dataclass `__init__`; `frozen` still forbids users


LAZY = ("line", "message", "fix", "counterexample")
for _name in LAZY:
    if not isinstance(Finding.__dict__[_name], _LazySlot):
        setattr(Finding, _name, _LazySlot(_name, Finding.__dict__[_name]))
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
_TEMPLATE = Finding(rule="", message="")  # the defaults of the other fields


def _engine_builder() -> Callable[..., Finding]:
    """`engine_finding`'s body, one slot store per field, written out for the fields `Finding`
    has (a loop over them costs twice as much: a breaking check builds a few per direction)."""
    scope: dict[str, Any] = {"new": object.__new__, "Finding": Finding}
    lines = []
    for i, (name, raw) in enumerate(_RAW.items()):
        scope[f"put{i}"] = raw.__set__
        if name in _ENGINE_FIELDS:
            lines.append(f"    put{i}(f, {name})")
        else:
            scope[f"default{i}"] = raw.__get__(_TEMPLATE)
            lines.append(f"    put{i}(f, default{i})")
    source = (
        f"def build({', '.join(_ENGINE_FIELDS)}):\n    f = new(Finding)\n"
        + "\n".join(lines)
        + "\n    return f\n"
    )
    exec(source, scope)  # (source built above from the dataclass's own fields)
    build: Callable[..., Finding] = scope["build"]
    return build


EngineFinding = Callable[
    [str, str, Direction, str, Literal["old", "new"], "int | None", str, Any], Finding
]
engine_finding: EngineFinding = _engine_builder()
"""`engine_finding(rule, message, direction, pointer, pointer_side, line, fix,
counterexample)`: `Finding(...)` with the engine's fields (the rest at their defaults), built
in a fifth of the time of the dataclass `__init__`."""


_RESULT_PUT = {f.name: CompatResult.__dict__[f.name].__set__ for f in fields(CompatResult)}
_PUT_MODE, _PUT_FINDINGS = _RESULT_PUT.pop("mode"), _RESULT_PUT.pop("findings")
_RESULT_REST = [(put, getattr(CompatResult(Mode.NONE), n)) for n, put in _RESULT_PUT.items()]


def engine_result(mode: Mode, findings: tuple[Finding, ...]) -> CompatResult:
    """`CompatResult(mode, findings)` without the frozen dataclass's `__init__` (a third of
    the time; every check makes one)."""
    result = object.__new__(CompatResult)
    _PUT_MODE(result, mode)
    _PUT_FINDINGS(result, findings)
    for put, default in _RESULT_REST:
        put(result, default)
    return result


def pending(finding: Finding, name: str) -> bool:
    """Is the field `name` of `finding` still to be computed? (for tests and benchmarks)"""
    return isinstance(_RAW[name].__get__(finding), Deferred)
