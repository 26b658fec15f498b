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


def _twin_builder(
    cls: type, params: tuple[str, ...], defaults: dict[str, Any], check: Any
) -> Callable[..., Any]:
    """A fast constructor for the frozen slots dataclass `cls`: a twin class with the very
    same slots (same names, same order: the same memory layout) stores them the plain way
    (one bytecode per slot; a frozen class forbids that, and a slot's `__set__` is a call
    each: four times the time), then the object becomes a `cls` (`__class__` assignment,
    which CPython allows between classes of one layout). Fields not in `params` take
    `defaults`. Checked on `check` (a `cls` made by its own `__init__`, with the same
    values): anything amiss and the builder is one slot store per field instead.
    """
    names = [f.name for f in fields(cls)]
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": tuple(names)})
    scope: dict[str, Any] = {"cls": cls}
    body = []
    for name in names:
        if name in params:
            body.append(f"    self.{name} = {name}")
        else:
            scope[f"default_{name}"] = defaults[name]
            body.append(f"    self.{name} = default_{name}")
    exec(  # (source built from the dataclass's own field names)
        f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
        "    self.__class__ = cls\n",
        scope,
    )
    twin.__init__ = scope["__init__"]  # type: ignore[misc]
    try:
        made = twin(*(_RAW_OF[cls][n].__get__(check) for n in params))
        if type(made) is cls and all(
            _RAW_OF[cls][n].__get__(made) is _RAW_OF[cls][n].__get__(check) for n in names
        ):
            built: Callable[..., Any] = twin
            return built
    except TypeError:  # a layout CPython will not switch between
        pass
    return _slot_builder(cls, params, defaults)


def _slot_builder(
    cls: type, params: tuple[str, ...], defaults: dict[str, Any]
) -> Callable[..., Any]:
    """The fallback of `_twin_builder`: `object.__new__`, then a slot store per field."""
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = []
    for i, (name, raw) in enumerate(_RAW_OF[cls].items()):
        scope[f"put{i}"] = raw.__set__
        if name in params:
            lines.append(f"    put{i}(f, {name})")
        else:
            scope[f"default{i}"] = defaults[name]
            lines.append(f"    put{i}(f, default{i})")
    source = (
        f"def build({', '.join(params)}):\n    f = new(cls)\n"
        + "\n".join(lines)
        + "\n    return f\n"
    )
    exec(source, scope)  # (source built above from the dataclass's own fields)
    build: Callable[..., Any] = scope["build"]
    return build


_RAW_OF: dict[type, dict[str, Any]] = {
    Finding: _RAW,
    CompatResult: {f.name: CompatResult.__dict__[f.name] for f in fields(CompatResult)},
}
# Distinct values, one per field a builder takes: its check sees each land in its own slot.
_ODD: tuple[Any, ...] = tuple(object() for _ in _ENGINE_FIELDS)

EngineFinding = Callable[
    [str, str, Direction, str, Literal["old", "new"], "int | None", str, Any], Finding
]
engine_finding: EngineFinding = _twin_builder(
    Finding,
    _ENGINE_FIELDS,
    {n: raw.__get__(_TEMPLATE) for n, raw in _RAW.items()},
    Finding(**dict(zip(_ENGINE_FIELDS, _ODD, strict=True))),
)
"""`engine_finding(rule, message, direction, pointer, pointer_side, line, fix,
counterexample)`: `Finding(...)` with the engine's fields (the rest at their defaults), built
in a quarter of the time of the dataclass `__init__`."""

_EMPTY_RESULT = CompatResult(Mode.NONE)
engine_result: Callable[[Mode, tuple[Finding, ...]], CompatResult] = _twin_builder(
    CompatResult,
    ("mode", "findings"),
    {n: raw.__get__(_EMPTY_RESULT) for n, raw in _RAW_OF[CompatResult].items()},
    CompatResult(_ODD[0], _ODD[1]),
)
"""`CompatResult(mode, findings)` without the frozen dataclass's `__init__` (a third of
the time; every check makes one)."""


def pending(finding: Finding, name: str) -> bool:
    """Is the field `name` of `finding` still to be computed? (for tests and benchmarks)"""
    return isinstance(_RAW[name].__get__(finding), Deferred)
