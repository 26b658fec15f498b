"""The Avro compatibility rules: small named records, each judging one reader/writer pair.

A rule never recurses: the walker (`avro_walk`) pairs the nodes and asks the rules. A rule
returns a `Verdict` (`avro_verdict`) or None when the pair is fine. The rules on values
(bytes, logical types, decimals) are in `avro_rules_values`.
"""

from __future__ import annotations

from typing import Any

from event_contracts._compat.avro_nodes import PRIMITIVE_NODES, Field, Node, names_match
from event_contracts._compat.avro_rules_values import (
    bytes_to_string,
    decimal_precision,
    decimal_scale,
    logical_changed,
)
from event_contracts._compat.avro_trail import Trail
from event_contracts._compat.avro_trail import where as describe
from event_contracts._compat.avro_verdict import (
    PROMOTIONS,
    Ctx,
    FieldCheck,
    PairCheck,
    Rule,
    Verdict,
    at_suffix,
    fix_keep,
    old_node,
    readable_as,
)


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


# --- pair rules --------------------------------------------------------------------------


def _type_mismatch(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind == w.kind or r.kind in PROMOTIONS.get(w.kind, ()):
        return None

    def words() -> tuple[str, str]:
        where = describe(trail)
        if ctx.direction == "backward":
            promos = sorted(PROMOTIONS.get(w.kind, ()))
            also = f" (or a type it promotes to: {', '.join(promos)})" if promos else ""
            fix = fix_keep(ctx, f"keep {where} as {w.label()}{also}")
        else:
            ok = readable_as(r.kind) if not r.named else [r.label()]
            fix = fix_keep(ctx, f"make {where} one of {', '.join(ok)}")
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
            f"the {r.kind}{at_suffix(trail)} is named `{r.fullname}` in {ctx.reader} but "
            f"`{w.fullname}` in {ctx.writer}; named types resolve by name",
            (
                f"keep the name `{w.short}`, or list `{w.fullname}` in the new type's "
                '"aliases", or declare a new event type'
            )
            if ctx.direction == "backward"
            else fix_keep(ctx, f"keep the name `{r.short}` (old readers know no other)"),
        ),
        "/name",
    )


def _fixed_size(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict | None:
    if r.kind != "fixed" or w.kind != "fixed" or r.size == w.size:
        return None
    return Verdict(
        lambda: (
            f"the fixed `{r.short}`{at_suffix(trail)} has {r.size} bytes in {ctx.reader} but "
            f"{w.size} in {ctx.writer}",
            fix_keep(ctx, f"keep size {old_node(r, w, ctx).size}"),
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
            f"the enum `{r.short}`{at_suffix(trail)} lacks symbol(s) {names} in {ctx.reader}, "
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


def alias_ambiguous(field: Field, record: Node, ctx: Ctx, claimed: list[str]) -> Verdict:
    """`field` of the reader `record` takes writer fields by name or alias that another
    reader field takes too, or takes more than one (`claimed`: those writer fields)."""

    def words() -> tuple[str, str]:
        names = ", ".join(f"`{n}`" for n in claimed)
        return (
            f"field `{field.name}` of `{record.short}` in {ctx.reader} reads {names} of "
            f"{ctx.writer} by its name or its aliases, and so does another field or the same "
            "field twice: Avro's readers disagree on which field receives the data (the "
            "specification renames by alias first, fastavro matches the name first), so a "
            "field is left without data or receives another's",
            f"give each field of `{record.short}` aliases that no other field has as name or "
            "alias, or declare a new event type",
        )

    return Verdict(words)


def default_fits(node: Node, value: Any) -> bool:
    """Is `value` a valid (JSON-encoded) default for `node`? Unions: any branch, as fastavro."""
    k = node.kind
    if k == "union":
        if value is None and _NULL in node.branches:  # the usual optional field, at once
            return True
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


_NULL = PRIMITIVE_NODES["null"]


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
            fix_keep(ctx, f"add {w.label()} to the union at {where}")
            if ctx.direction == "backward"
            else fix_keep(ctx, f"make {where} one of {_labels(r)}"),
        )

    return Verdict(words)


def writer_branch_unreadable(r: Node, w: Node, ctx: Ctx, trail: Trail) -> Verdict:
    """A writer union branch the (non-union) reader type cannot read."""

    def words() -> tuple[str, str]:
        where = describe(trail)
        return (
            f"{where} is {r.label()} in {ctx.reader}, which cannot read the {w.label()} "
            f"branch of the union {ctx.writer} writes",
            fix_keep(ctx, f"make {where} a union that includes {w.label()}")
            if ctx.direction == "backward"
            else fix_keep(ctx, f"drop the {w.label()} branch from {where}"),
        )

    return Verdict(words)


def _labels(union: Node) -> str:
    return "[" + ", ".join(b.label() for b in union.branches) + "]"


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
    Rule(
        "FIELD_ALIAS_AMBIGUOUS",
        "two reader fields take one writer field (by name or alias), or one takes two",
        "misreads",
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
# Those that can find something when both nodes are of a kind (the others return None).
NAMED_CHECKS_FOR: dict[str, tuple[tuple[str, PairCheck], ...]] = {
    "record": NAMED_CHECKS[:1],
    "fixed": NAMED_CHECKS[:2],
    "enum": (NAMED_CHECKS[0], NAMED_CHECKS[2]),
}
VALUE_CHECKS: tuple[tuple[str, PairCheck], ...] = (
    ("BYTES_TO_STRING", bytes_to_string),
    ("LOGICAL_TYPE_CHANGED", logical_changed),
    ("DECIMAL_SCALE_CHANGED", decimal_scale),
    ("DECIMAL_PRECISION_NARROWED", decimal_precision),
)
UNION_BRANCH: PairCheck = _union_branch
FIELD_CHECKS: tuple[tuple[str, FieldCheck], ...] = (
    ("READER_FIELD_MISSING_DEFAULT", _missing_default),
    ("READER_DEFAULT_INVALID", _default_invalid),
)
