"""What the Avro rules share: the promotions, the direction's wording, a rule's `Verdict`.

A rule (`avro_rules`, `avro_rules_values`) returns a `Verdict` (what broke, where under the
reader node, how to fix it, and a hint for the counterexample) or None when the pair is fine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from event_contracts._compat.avro_nodes import Field, Node
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


def fix_keep(ctx: Ctx, what: str) -> str:
    """`what` names the old version's property: the new version has to keep it."""
    if ctx.direction == "backward":
        return f"{what} in the new version, or declare a new event type"
    return (
        f"{what} in the new version (consumers still read with the old one), "
        "or declare a new event type"
    )


def at_suffix(trail: Trail) -> str:
    """` at field `R.f`` inside a record; nothing for the top-level type."""
    return "" if trail is None else f" at {describe(trail)}"


def old_node(r: Node, w: Node, ctx: Ctx) -> Node:
    """The old version's node of the pair (the writer when checking backward)."""
    return w if ctx.direction == "backward" else r


def readable_as(kind: str) -> list[str]:
    """Types whose data a reader of `kind` reads: itself and what promotes to it."""
    return [kind, *sorted(k for k, to in PROMOTIONS.items() if kind in to)]


PairCheck = Callable[[Node, Node, Ctx, Trail], "Verdict | None"]
FieldCheck = Callable[[Field, Node, Ctx], "Verdict | None"]
