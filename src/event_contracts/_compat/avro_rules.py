"""The Avro compatibility rules: small named records, each judging one reader/writer pair.

A rule never recurses: the walker (`avro_walk`) pairs the nodes and asks the rules. A rule
returns a `Verdict` (what broke, where under the reader node, how to fix it, and a hint for
the counterexample) or None when the pair is fine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from event_contracts._compat.avro_names import Field, Node, names_match
from event_contracts._compat.avro_trail import Trail
from event_contracts._compat.avro_trail import where as describe
from event_contracts._schema.avro import (
    LOGICAL_BASE,  # the underlying types each logical type may annotate
)

# Writer type -> reader types it is promoted to (Avro 1.12 "Schema Resolution").
PROMOTIONS: dict[str, frozenset[str]] = {
    "int": frozenset({"long", "float", "double"}),
    "long": frozenset({"float", "double"}),
    "float": frozenset({"double"}),
    "string": frozenset({"bytes"}),
    "bytes": frozenset({"string"}),
}


NON_UTF8 = b"\xff\xfe"


class Ctx:
    """Direction-specific wording: which version reads and which one wrote."""

    __slots__ = ("direction", "reader", "writer")

    def __init__(self, direction: str) -> None:
        self.direction = direction
        backward = direction == "backward"
        self.reader = "the new version" if backward else "the old version"
        self.writer = "the old version" if backward else "the new version"


class Verdict:
    """A rule's judgement: `suffix` is appended to the reader pointer of the pair; `hint` is a
    raw writer value that shows the break (None: any value does).

    The words (`message`, `fix`) are written on first read: `words()` gives them. A check
    that finds a break reports its rule and place at once, and its words when they are read.
    """

    __slots__ = ("_words", "hint", "suffix")

    def __init__(
        self, words: Callable[[], tuple[str, str]], suffix: str = "", hint: Any = None
    ) -> None:
        self._words: Callable[[], tuple[str, str]] | tuple[str, str] = words
        self.suffix, self.hint = suffix, hint

    def words(self) -> tuple[str, str]:
        words = self._words
        if not isinstance(words, tuple):
            words = self._words = words()
        return words

    @property
    def message(self) -> str:
        return self.words()[0]

    @property
    def fix(self) -> str:
        return self.words()[1]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    purpose: str
    effect: str  # "fails": fastavro raises; "misreads": the reader sees another value


def logical_of(node: Node) -> str | None:
    """The logical type a reader honours: known, on an allowed base, with valid parameters."""
    lt = node.logical
    if lt is None:
        return None
    base = LOGICAL_BASE.get(lt)
    if base is None or node.kind not in base:
        return None
    if lt == "decimal":
        if node.precision < 1 or not 0 <= node.scale <= node.precision:
            return None
        if node.kind == "fixed" and node.precision > _max_digits(node.size):
            return None
    return lt


def _max_digits(size: int) -> int:
    return len(str(2 ** (8 * size - 1) - 1)) - 1 if size > 0 else 0


def shallow_match(reader: Node, writer: Node) -> bool:
    """Would fastavro pick this reader branch for this writer type? (its `match_types`)."""
    rk, wk = reader.kind, writer.kind
    if rk == "union" or wk == "union":
        return True
    if rk == wk:
        if rk in ("array", "map"):
            assert reader.items is not None and writer.items is not None
            return shallow_match(reader.items, writer.items)
        if rk == "fixed" and reader.size != writer.size:
            return False
        return not reader.named or names_match(reader, writer)
    if reader.named and writer.named:
        return names_match(reader, writer)  # fastavro matches named types by name alone
    return rk in PROMOTIONS.get(wk, ())


def pick_branch(reader: Node, writer: Node) -> int | None:
    """Index of the reader union branch a non-union writer type resolves to: the first match."""
    for i, branch in enumerate(reader.branches):
        if shallow_match(branch, writer):
            return i
    return None


def _fix_keep(ctx: Ctx, what: str) -> str:
    """`what` names the old version's property: the new version has to keep it."""
    if ctx.direction == "backward":
        return f"{what} in the new version, or declare a new event type"
    return (
        f"{what} in the new version (consumers still read with the old one), "
        "or declare a new event type"
    )


def _at(trail: Trail) -> str:
    """` at field `R.f`` inside a record; nothing for the top-level type."""
    return "" if trail is None else f" at {describe(trail)}"


def _old(r: Node, w: Node, ctx: Ctx) -> Node:
    """The old version's node of the pair (the writer when checking backward)."""
    return w if ctx.direction == "backward" else r


def _readable_as(kind: str) -> list[str]:
    """Types whose data a reader of `kind` reads: itself and what promotes to it."""
    return [kind, *sorted(k for k, to in PROMOTIONS.items() if kind in to)]


# --- pair rules --------------------------------------------------------------------------


def _type_mismatch(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind == w.kind or r.kind in PROMOTIONS.get(w.kind, ()):
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        if ctx.direction == "backward":
            promos = sorted(PROMOTIONS.get(w.kind, ()))
            also = f" (or a type it promotes to: {', '.join(promos)})" if promos else ""
            fix = _fix_keep(ctx, f"keep {where} as {w.label()}{also}")
        else:
            ok = _readable_as(r.kind) if not r.named else [r.label()]
            fix = _fix_keep(ctx, f"make {where} one of {', '.join(ok)}")
        return (
            f"{where} is {r.label()} in {ctx.reader} but {w.label()} in {ctx.writer}; "
            f"Avro cannot read {w.label()} data as {r.label()}",
            fix,
        )

    return Verdict(words)


def _name_mismatch(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if not r.named or r.kind != w.kind or names_match(r, w):
        return None
    return Verdict(
        lambda: (
            f"the {r.kind}{_at(trail)} is named `{r.fullname}` in {ctx.reader} but "
            f"`{w.fullname}` in {ctx.writer}; named types resolve by name",
            (
                f"keep the name `{w.short}`, or list `{w.fullname}` in the new type's "
                '"aliases", or declare a new event type'
            )
            if ctx.direction == "backward"
            else _fix_keep(ctx, f"keep the name `{r.short}` (old readers know no other)"),
        ),
        "/name",
    )


def _fixed_size(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind != "fixed" or w.kind != "fixed" or r.size == w.size:
        return None
    return Verdict(
        lambda: (
            f"the fixed `{r.short}`{_at(trail)} has {r.size} bytes in {ctx.reader} but "
            f"{w.size} in {ctx.writer}",
            _fix_keep(ctx, f"keep size {_old(r, w, ctx).size}"),
        ),
        "/size",
    )


def _enum_symbol(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind != "enum" or w.kind != "enum":
        return None
    known = set(r.symbols)
    missing = [s for s in w.symbols if s not in known]
    if not missing or (r.default is not None and r.default in known):
        return None

    def words() -> tuple[str, str]:
        names = ", ".join(f"`{s}`" for s in missing)
        return (
            f"the enum `{r.short}`{_at(trail)} lacks symbol(s) {names} in {ctx.reader}, "
            f"which {ctx.writer} may write",
            (
                f'keep symbol(s) {names}, or give the enum `{r.short}` a "default" symbol in '
                "the new version, or declare a new event type"
            )
            if ctx.direction == "backward"
            else (
                f"do not add symbol(s) {names} until every consumer reads with a version whose "
                f'enum `{r.short}` declares a "default" symbol, or declare a new event type'
            ),
        )

    return Verdict(words, "/symbols", missing[0])


def _bytes_to_string(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if w.kind != "bytes" or r.kind != "string":
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"{where} is string in {ctx.reader} but bytes in {ctx.writer}; the specification "
            "allows it, but bytes that are not UTF-8 cannot be read as a string (fastavro "
            "raises UnicodeDecodeError, Java substitutes U+FFFD)",
            _fix_keep(ctx, f"keep {where} as {_old(r, w, ctx).kind}"),
        )

    return Verdict(words, "", NON_UTF8)


_TIME_HINTS: dict[str, int] = {
    "date": 19_723,  # 2024-01-01
    "time-millis": 45_296_789,  # 12:34:56.789
    "time-micros": 45_296_789_012,
    "timestamp-millis": 1_704_112_496_789,  # 2024-01-01T12:34:56.789Z
    "timestamp-micros": 1_704_112_496_789_012,
    "timestamp-nanos": 1_704_112_496_789_012_345,
}


def logical_hint(w: Node, r: Node) -> Any:
    """A raw writer value whose meaning changes under the reader's logical type."""
    lt = logical_of(w)
    if lt is not None and lt.startswith("local-"):
        lt = lt[len("local-") :]
    if lt in _TIME_HINTS:
        return _TIME_HINTS[lt]
    if lt == "decimal":
        return decimal_bytes(w, 10 ** max(w.precision - 1, 0) + 12345 % 10**w.precision)
    if w.kind in ("int", "long"):
        rl = logical_of(r) or ""
        return _TIME_HINTS.get(rl.removeprefix("local-"), 19_723) if w.kind == "long" else 19_723
    if lt == "uuid":
        return "123e4567-e89b-42d3-a456-426614174000" if w.kind == "string" else b"\x12" * 16
    if w.kind == "string":
        return "not-a-uuid"
    if w.kind == "fixed":
        return b"\x80" + b"\x01" * (w.size - 1)
    return b"\x80\x01"


def decimal_bytes(node: Node, unscaled: int) -> bytes:
    """Two's-complement big-endian bytes of `unscaled`, sized for bytes or fixed."""
    length = node.size if node.kind == "fixed" else max(1, (unscaled.bit_length() + 8) // 8)
    return unscaled.to_bytes(length, "big", signed=True)


def _logical_changed(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    lw, lr = logical_of(w), logical_of(r)
    if lw == lr or (lw == "uuid" and lr is None and r.kind == "string"):
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        old = logical_of(_old(r, w, ctx))
        return (
            f"{where} is {r.label()} in {ctx.reader} but {w.label()} in {ctx.writer}; the "
            "bytes still decode, but the reader takes them to mean something else",
            _fix_keep(ctx, f"keep the logical type of {where} as {old}")
            + " (add a new field for the new unit instead)",
        )

    return Verdict(words, "", logical_hint(w, r))


def _decimal_scale(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if logical_of(r) != "decimal" or logical_of(w) != "decimal" or r.scale == w.scale:
        return None

    def words() -> tuple[str, str]:
        where, off = describe(trail), abs(r.scale - w.scale)
        return (
            f"the decimal {where} has scale {r.scale} in {ctx.reader} but {w.scale} in "
            f"{ctx.writer}; the same unscaled digits would mean a value 10^{off} times off",
            _fix_keep(ctx, f"keep scale {_old(r, w, ctx).scale}"),
        )

    return Verdict(words, "", decimal_bytes(w, 12345 % 10**w.precision or 1))


def _decimal_precision(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if logical_of(r) != "decimal" or logical_of(w) != "decimal" or r.scale != w.scale:
        return None
    if r.precision >= w.precision:
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"the decimal {where} has precision {r.precision} in {ctx.reader} but "
            f"{w.precision} in {ctx.writer}; values with more digits cannot be held",
            _fix_keep(ctx, f"keep precision {w.precision} (or more)")
            if ctx.direction == "backward"
            else _fix_keep(ctx, f"keep precision {r.precision} (or less)"),
        )

    return Verdict(words, "", decimal_bytes(w, 10**w.precision - 1))


# --- field rules (a reader field without a writer field) ---------------------------------


def _missing_default(field: Field, record: Node, ctx: Ctx) -> Verdict | None:
    if field.has_default:
        return None

    def words() -> tuple[str, str]:
        if ctx.direction == "backward":
            return (
                f"field `{field.name}` of `{record.short}` is new in the new version and has "
                "no default, so data written with the old version cannot be read",
                f"give field `{field.name}` a default in the new version, or declare a new "
                "event type",
            )
        return (
            f"field `{field.name}` of `{record.short}` has no default in the old version and "
            "the new version no longer writes it, so consumers on the old version cannot read "
            "new data",
            f"keep field `{field.name}` in the new version, or declare a new event type",
        )

    return Verdict(words)


def default_fits(node: Node, value: Any) -> bool:
    """Is `value` a valid (JSON-encoded) default for `node`? Unions: any branch, as fastavro."""
    k = node.kind
    if k == "union":
        return any(default_fits(b, value) for b in node.branches)
    if k == "null":
        return value is None
    if k == "boolean":
        return isinstance(value, bool)
    if k in ("int", "long"):
        bound = 2**31 if k == "int" else 2**63
        return type(value) is int and -bound <= value < bound
    if k in ("float", "double"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if k in ("string", "bytes"):
        return isinstance(value, str)
    if k == "fixed":
        return isinstance(value, str) and len(value) == node.size
    if k == "enum":
        return isinstance(value, str) and value in node.symbols
    if k in ("array", "map"):
        assert node.items is not None
        items = node.items
        if k == "array":
            return isinstance(value, list) and all(default_fits(items, v) for v in value)
        return isinstance(value, dict) and all(default_fits(items, v) for v in value.values())
    if k == "record":
        if not isinstance(value, dict):
            return False
        return all(
            default_fits(f.type, value[f.name]) if f.name in value else f.has_default
            for f in node.fields
        )
    return True


def _default_invalid(field: Field, record: Node, ctx: Ctx) -> Verdict | None:
    if not field.has_default or default_fits(field.type, field.default):
        return None
    return Verdict(
        lambda: (
            f"field `{field.name}` of `{record.short}` is missing from {ctx.writer}, and its "
            f"default {field.default!r} in {ctx.reader} is not a valid {field.type.label()}; "
            "fastavro hands the reader that value unchecked, Java refuses the schema",
            f"give field `{field.name}` a default of its own type in the new version"
            if ctx.direction == "backward"
            else f"keep writing field `{field.name}` in the new version",
        ),
        "/default",
    )


def _union_branch(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind != "union" or pick_branch(r, w) is not None:
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"{where} is a union of {_labels(r)} in {ctx.reader}, with no branch that can "
            f"read the {w.label()} that {ctx.writer} writes",
            _fix_keep(ctx, f"add {w.label()} to the union at {where}")
            if ctx.direction == "backward"
            else _fix_keep(ctx, f"make {where} one of {_labels(r)}"),
        )

    return Verdict(words)


def writer_branch_unreadable(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict:
    """A writer union branch the (non-union) reader type cannot read."""

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"{where} is {r.label()} in {ctx.reader}, which cannot read the {w.label()} "
            f"branch of the union {ctx.writer} writes",
            _fix_keep(ctx, f"make {where} a union that includes {w.label()}")
            if ctx.direction == "backward"
            else _fix_keep(ctx, f"drop the {w.label()} branch from {where}"),
        )

    return Verdict(words)


def _labels(union: Node) -> str:
    return "[" + ", ".join(b.label() for b in union.branches) + "]"


PairCheck = Callable[[Node, Node, Ctx, Trail], "Verdict | None"]
FieldCheck = Callable[[Field, Node, Ctx], "Verdict | None"]

RULE_TABLE: tuple[Rule, ...] = (
    Rule("TYPE_MISMATCH", "the reader's type cannot read the writer's type", "fails"),
    Rule("NAME_MISMATCH", "a record, enum or fixed was renamed without an alias", "fails"),
    Rule("FIXED_SIZE_MISMATCH", "a fixed type changed its size", "fails"),
    Rule(
        "ENUM_SYMBOL_MISSING",
        "the writer may send an enum symbol the reader lacks and the reader has no default",
        "fails",
    ),
    Rule(
        "READER_FIELD_MISSING_DEFAULT",
        "the reader has a field the writer lacks, without a default",
        "fails",
    ),
    Rule(
        "READER_DEFAULT_INVALID",
        "the reader fills a missing field with a default that is not of the field's type",
        "misreads",
    ),
    Rule(
        "UNION_BRANCH_MISSING",
        "a type the writer may send (a union branch) has no matching reader type",
        "fails",
    ),
    Rule("BYTES_TO_STRING", "bytes read as string fail on data that is not UTF-8", "fails"),
    Rule(
        "LOGICAL_TYPE_CHANGED",
        "a logical type was added, removed or changed: the same bytes mean another value",
        "misreads",
    ),
    Rule(
        "DECIMAL_SCALE_CHANGED",
        "a decimal's scale changed: values shift by powers of 10",
        "misreads",
    ),
    Rule(
        "DECIMAL_PRECISION_NARROWED",
        "a decimal's precision shrank: the reader cannot hold every value written",
        "misreads",
    ),
)
RULES_BY_ID = {r.id: r for r in RULE_TABLE}

# The checks the walker runs on a pair of nodes of one position, in order.
TYPE_MISMATCH: PairCheck = _type_mismatch
NAMED_CHECKS: tuple[tuple[str, PairCheck], ...] = (
    ("NAME_MISMATCH", _name_mismatch),
    ("FIXED_SIZE_MISMATCH", _fixed_size),
    ("ENUM_SYMBOL_MISSING", _enum_symbol),
)
VALUE_CHECKS: tuple[tuple[str, PairCheck], ...] = (
    ("BYTES_TO_STRING", _bytes_to_string),
    ("LOGICAL_TYPE_CHANGED", _logical_changed),
    ("DECIMAL_SCALE_CHANGED", _decimal_scale),
    ("DECIMAL_PRECISION_NARROWED", _decimal_precision),
)
UNION_BRANCH: PairCheck = _union_branch
FIELD_CHECKS: tuple[tuple[str, FieldCheck], ...] = (
    ("READER_FIELD_MISSING_DEFAULT", _missing_default),
    ("READER_DEFAULT_INVALID", _default_invalid),
)
