"""A warning for an Avro union that Avro's readers resolve differently.

A union that lists a type before a narrower type that promotes to it (`["bytes", "string"]`,
`["float", "int"]`) is read one way by fastavro and Apache Avro's Python reader (the first
branch that matches, promotions included: a string written by another version comes back as
bytes) and another by Apache Avro's Java reader, Confluent's deserializers and the generated
classes (the value's own type first). Both are compatible, so no check fails; the warning says
which consumers will see which value, and the order that makes them agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from event_contracts._compat.avro_verdict import PROMOTIONS
from event_contracts._compat.model import Finding
from event_contracts._gate.checks import Where
from event_contracts._gate.model import CheckCase
from event_contracts._gate.plan import TypeChange
from event_contracts._schema.jsonpos import lines_of


def shadowing(schema: Any) -> Iterator[tuple[str, str, str, str]]:
    """(JSON pointer of the union, field path, the later type, the earlier type it promotes
    to) for each such union in an Avro schema, as written or as fastavro parses it."""
    yield from _walk(schema, "", "")


def _walk(node: Any, ptr: str, path: str) -> Iterator[tuple[str, str, str, str]]:
    if isinstance(node, list):
        kinds = [_kind(b) for b in node]
        for i, kind in enumerate(kinds):
            earlier = next((k for k in kinds[:i] if k in PROMOTIONS.get(kind, ())), None)
            if earlier is not None:
                yield ptr, path, kind, earlier
                break
        for i, branch in enumerate(node):
            yield from _walk(branch, f"{ptr}/{i}", path)
    elif isinstance(node, dict):
        for key in ("type", "items", "values"):
            if key in node:
                yield from _walk(node[key], f"{ptr}/{key}", path)
        fields = node.get("fields")
        if isinstance(fields, list):
            for i, field in enumerate(fields):
                if isinstance(field, dict):
                    name = str(field.get("name", i))
                    inner = f"{path}.{name}" if path else name
                    yield from _walk(field.get("type"), f"{ptr}/fields/{i}/type", inner)


def _kind(branch: Any) -> str:
    kind = branch.get("type") if isinstance(branch, dict) else branch
    return kind if isinstance(kind, str) else ""


def union_order_cases(tc: TypeChange, where: Where) -> list[CheckCase]:
    """A warning per such union in a new Avro version."""
    t = tc.head
    if t is None or t.format != "avro":
        return []
    findings = []
    for vc in tc.by_status("new"):
        v = vc.head
        assert v is not None
        found = list(shadowing(v.schema))
        lines = lines_of(v.text, [ptr for ptr, *_ in found]) if found else {}
        for ptr, path, later, earlier in found:
            at = f"field `{path}`" if path else "the top-level union"
            findings.append(
                Finding(
                    rule="UNION_READS_DIFFER",
                    severity="warning",
                    message=f"{at} in v{vc.number} is a union listing {earlier} before "
                    f"{later}: where a reader resolves data of another version, a {later} "
                    f"comes back as {earlier} in fastavro and Apache Avro's Python reader, "
                    f"but stays a {later} in Apache Avro's Java reader, Confluent's "
                    "deserializers and the generated classes",
                    fix=_fix(later, earlier),
                    pointer=ptr,
                    event_type=t.id,
                    new_version=vc.number,
                    file=where.version(t, v),
                    line=lines[ptr],
                    subscribers=t.subscribers,
                )
            )
    return [CheckCase(t.id, "union order", tuple(findings))] if findings else []


def _fix(later: str, earlier: str) -> str:
    when = "(in a new version, or before this one is published)"
    if {later, earlier} == {"string", "bytes"}:
        # each promotes to the other: no order makes the readers agree
        return (
            "keep string and bytes out of one union: wrap one of them in a record "
            f"(or use a fixed) {when}"
        )
    return f"list {later} before {earlier} in the union {when}"
