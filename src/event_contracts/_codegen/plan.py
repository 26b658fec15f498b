"""The plan: what one generated version file defines, independent of the schema format.

Parsers (`avro.py`, `jsonschema.py`) turn a schema into a `VersionPlan`; `render.py` turns the
plan into text. Annotations and defaults are already Python source here, written against the
module aliases every generated file may import (see `render.IMPORTS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from event_contracts._codegen import naming
from event_contracts.errors import CodegenError


@dataclass(frozen=True, slots=True)
class FieldPlan:
    py_name: str
    wire_name: str
    annotation: str
    default: str | None = None
    """Python source of the default, or None when the field is required."""
    validate_default: bool = False
    description: str | None = None
    omit_if_none: bool = False
    """JSON Schema: may be absent but not null; dropped from dumps while None."""
    omit_if_unset: bool = False
    """JSON Schema: an optional property, dumped only when the instance was given it."""
    exclude: bool = False
    """Never dumped (the event's `metadata`: it travels in the envelope, not the payload)."""


@dataclass(frozen=True, slots=True)
class ModelPlan:
    name: str
    doc: str | None
    fields: tuple[FieldPlan, ...]
    open: bool = False
    """Accepts unknown properties (JSON Schema open content model)."""
    extra: str | None = None
    """The type of unknown properties (`additionalProperties: <schema>`), None for any."""
    checks: tuple[str, ...] = ()
    """Event only: `pointer: keyword` the types do not express; the class checks the schema."""


@dataclass(frozen=True, slots=True)
class EnumPlan:
    name: str
    doc: str | None
    members: tuple[tuple[str, str], ...]
    """(member name, string value) in schema order."""


@dataclass(frozen=True, slots=True)
class VersionPlan:
    """One event version: its nested definitions in dependency order, then the event class."""

    type_id: str
    version: int
    format: str
    fingerprint: str
    resource: str
    source: str
    definitions: tuple[ModelPlan | EnumPlan, ...]
    event: ModelPlan


@dataclass
class Names:
    """Class names handed out within one generated file."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str) -> str:
        return naming.unique(naming.class_name(wanted), self.taken)


def field_names(wire_names: list[str], *, where: str, top_level: bool) -> list[str]:
    """Python names for a record's fields: safe, distinct, never another field's wire name."""
    if top_level and "metadata" in wire_names:
        raise CodegenError(
            f"{where}: field 'metadata' clashes with the trace metadata every event class "
            "carries outside its payload; rename the field (e.g. 'meta' or 'attributes')"
        )
    wires = set(wire_names)
    taken: set[str] = set()
    out = []
    for wire in wire_names:
        name = naming.field_name(wire)
        while name in taken or (name in wires and name != wire):
            name = naming.unique(name, taken | wires)
            taken.discard(name)
        taken.add(name)
        out.append(name)
    return out


FLAT_UNION = 64
"""Past this many branches a union is `_t.Union[A, B, ...]`: `A | B | ...` nests one
expression per branch and CPython's compiler gives up near a thousand (RecursionError)."""


def union(branches: list[str]) -> str:
    """`A | B`, duplicates dropped, `None` last (schema order otherwise kept)."""
    unique = list(dict.fromkeys(branches))
    ordered = [b for b in unique if b != "None"] + [b for b in unique if b == "None"]
    if len(ordered) > FLAT_UNION:
        return "_t.Union[" + ", ".join(ordered) + "]"
    return " | ".join(ordered)
