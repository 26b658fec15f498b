"""Every problem in an Avro schema, each at a JSON pointer: names, namespaces, references,
unions, fields, enums, fixed sizes, logical types and defaults (Avro 1.12 specification).

fastavro's parser runs afterwards as a backstop; it misses most of these (union duplicates,
invalid namespaces and aliases, nested default values) and stops at the first it finds.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from event_contracts._schema.avro_defaults import default_error
from event_contracts._schema.avro_leaf import NAME_FIX, LeafChecks, json_text
from event_contracts._schema.avro_spec import (
    NAMED,
    ORDERS,
    PRIMITIVES,
    AvroIssue,
    is_fullname,
    is_name,
)


class Checker(LeafChecks):
    """Walks one schema in definition order, as a parser would, collecting issues."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, Mapping[str, Any]] = {}

    def resolve(self, ref: str, ns: str | None) -> tuple[Mapping[str, Any], str] | None:
        full = ref if "." in ref or not ns else f"{ns}.{ref}"
        node = self.names.get(full)
        return None if node is None else (node, full)

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, node: Any, at: str, ns: str | None) -> str | None:
        """Check `node`; return its identity inside a union (type name or fullname)."""
        if isinstance(node, str):
            return self.reference(node, at, ns)
        if isinstance(node, list):
            self.union(node, at, ns)
            return None
        if not isinstance(node, Mapping):
            self.add(
                "AVRO_INVALID",
                at,
                f"{json_text(node)} is not a schema",
                'write a type name ("string"), a JSON object ({"type": ...}) or a union array',
            )
            return None
        kind = node.get("type")
        if not isinstance(kind, str):
            self.add(
                "AVRO_INVALID",
                f"{at}/type" if "type" in node else at,
                "a schema object needs a string `type`"
                + (f", not {json_text(kind)}" if "type" in node else ""),
                'set "type" to a primitive type, record, enum, fixed, array or map',
            )
            return None
        if kind in PRIMITIVES:
            self.logical(node, at)
            return kind
        if kind in NAMED:
            return self.named(node, kind, at, ns)
        if kind in ("array", "map"):
            key = "items" if kind == "array" else "values"
            if key not in node:
                self.add(
                    "AVRO_INVALID",
                    at,
                    f"an {kind} needs `{key}`" if kind == "array" else f"a map needs `{key}`",
                    f'add "{key}": <schema>',
                )
            else:
                self.schema(node[key], f"{at}/{key}", ns)
            self.logical(node, at)
            return kind
        self.add(
            "AVRO_UNKNOWN_TYPE",
            f"{at}/type",
            f"{kind!r} is not a type: an object's `type` must be a primitive type, record, "
            "enum, fixed, array or map",
            f'to refer to a named type, write its name as the whole schema: "{kind}"',
        )
        return None

    def reference(self, ref: str, at: str, ns: str | None) -> str | None:
        if ref in PRIMITIVES:
            return ref
        found = self.resolve(ref, ns)
        if found is not None:
            return found[1]
        full = ref if "." in ref or not ns else f"{ns}.{ref}"
        close = difflib.get_close_matches(full, [*self.names, *PRIMITIVES], n=1)
        self.add(
            "AVRO_UNKNOWN_TYPE",
            at,
            f"unknown type {ref!r}"
            + (f" (looked up as {full!r} in the enclosing namespace)" if full != ref else ""),
            "define the named type before this point, or use a primitive type"
            + (f" (did you mean {close[0]!r}?)" if close else ""),
        )
        return None

    def union(self, branches: list[Any], at: str, ns: str | None) -> None:
        seen: dict[str, int] = {}
        for i, branch in enumerate(branches):
            here = f"{at}/{i}"
            if isinstance(branch, list):
                self.add(
                    "AVRO_BAD_UNION",
                    here,
                    "a union may not directly contain another union",
                    "merge the inner union's branches into the outer one",
                )
                continue
            key = self.schema(branch, here, ns)
            if key is None:
                continue
            if key in seen:
                self.add(
                    "AVRO_BAD_UNION",
                    here,
                    f"the union holds {key!r} twice (branches {seen[key]} and {i}); a union may "
                    "hold each primitive type, array, map and named type only once",
                    "remove the duplicate branch (a logical type does not make a new branch)",
                )
            else:
                seen[key] = i

    # -- named types -----------------------------------------------------------------------

    def named(self, node: Mapping[str, Any], kind: str, at: str, ns: str | None) -> str | None:
        name = node.get("name")
        if not isinstance(name, str) or not is_fullname(name):
            self.add(
                "AVRO_BAD_NAME",
                f"{at}/name" if "name" in node else at,
                f"{kind} needs a valid name, not {json_text(name)}"
                if "name" in node
                else f"a {kind} needs a name",
                NAME_FIX + " (dots only between namespace parts)",
            )
            return None
        space = ns
        if "namespace" in node and "." not in name:  # a fullname's namespace attribute is ignored
            raw = node["namespace"]
            if raw is not None and not (isinstance(raw, str) and (raw == "" or is_fullname(raw))):
                self.add(
                    "AVRO_BAD_NAME",
                    f"{at}/namespace",
                    f"namespace {json_text(raw)} is not dot-separated Avro names",
                    NAME_FIX + ', separated by dots (or "" for no namespace)',
                )
            space = raw if isinstance(raw, str) else None
        full = name if "." in name or not space else f"{space}.{name}"
        if full in PRIMITIVES:
            self.add(
                "AVRO_BAD_NAME",
                f"{at}/name",
                f"a {kind} may not be named {full!r}: that is a primitive type",
                "choose another name, or give the type a namespace",
            )
        elif full in self.names:
            self.add(
                "AVRO_DUPLICATE_NAME",
                f"{at}/name",
                f"the named type {full!r} is defined twice",
                "define it once and refer to it by name afterwards",
            )
        else:
            self.names[full] = node
        self.aliases(node, at, full=True)
        if kind != "fixed":  # the specification gives fixed no doc: there it is any property
            self.doc(node, at)
        inner = full.rpartition(".")[0] or None
        if kind in ("record", "error"):
            self.fields(node, at, inner)
        elif kind == "enum":
            self.enum(node, at)
        else:
            size = node.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                self.add(
                    "AVRO_INVALID",
                    f"{at}/size" if "size" in node else at,
                    f"a fixed needs a non-negative integer size, not {json_text(size)}",
                    'set "size" to the number of bytes, e.g. 16',
                )
        self.logical(node, at)
        return full

    def fields(self, node: Mapping[str, Any], at: str, ns: str | None) -> None:
        fields = node.get("fields")
        if not isinstance(fields, list):
            self.add(
                "AVRO_INVALID",
                f"{at}/fields" if "fields" in node else at,
                f"a record needs a `fields` array, not {json_text(fields)}",
                'add "fields": [] listing the fields',
            )
            return
        seen: set[str] = set()
        for i, field in enumerate(fields):
            here = f"{at}/fields/{i}"
            if not isinstance(field, Mapping):
                self.add(
                    "AVRO_INVALID",
                    here,
                    "a field is a JSON object",
                    'write {"name": ..., "type": ...}',
                )
                continue
            name = field.get("name")
            if not is_name(name):
                self.add(
                    "AVRO_BAD_NAME",
                    f"{here}/name" if "name" in field else here,
                    f"field name {json_text(name)} is not a valid Avro name"
                    if "name" in field
                    else "a field needs a name",
                    NAME_FIX,
                )
            elif name in seen:
                self.add(
                    "AVRO_DUPLICATE_FIELD",
                    f"{here}/name",
                    f"field {name!r} is declared twice",
                    "rename or remove one of the two fields",
                )
            if isinstance(name, str):
                seen.add(name)
            self.aliases(field, here, full=False)
            self.doc(field, here)
            if "order" in field and field["order"] not in ORDERS:
                self.add(
                    "AVRO_INVALID",
                    f"{here}/order",
                    f"field order {json_text(field['order'])} is not ascending, descending "
                    "or ignore",
                    'use "ascending" (the default), "descending" or "ignore"',
                )
            if "type" not in field:
                self.add("AVRO_INVALID", here, "a field needs a type", 'add "type": <schema>')
                continue
            before = len(self.issues)
            self.schema(field["type"], f"{here}/type", ns)
            if "default" in field and len(self.issues) == before:
                self.default(field, here, ns)

    def default(self, field: Mapping[str, Any], at: str, ns: str | None) -> None:
        ftype, value = field["type"], field["default"]
        why = default_error(ftype, value, self.resolve, ns)
        if why is None:
            return
        name = field.get("name")
        if isinstance(ftype, list) and ftype:
            fits = [b for b in ftype[1:] if default_error(b, value, self.resolve, ns) is None]
            if fits:
                first = _label(ftype[0])
                self.add(
                    "AVRO_UNION_DEFAULT_NOT_FIRST_BRANCH",
                    f"{at}/default",
                    f"the default of union field {name!r} ({json_text(value)}) does not match the "
                    f"union's first branch {first!r}; the Avro specification, Java and Confluent "
                    "Schema Registry require the default to match the first branch (fastavro "
                    "accepts it, others reject it)",
                    "reorder the union so the default's type comes first (e.g. "
                    '["null", ...] with default null)',
                )
                return
        self.add(
            "AVRO_BAD_DEFAULT",
            f"{at}/default",
            f"the default of field {name!r} is not a valid {_label(ftype)}: {why}",
            "make the default a value of the field's type (bytes and fixed: a string of "
            "\\u0000-\\u00ff characters; union: a value of the first branch)",
        )


def check_schema(schema: Any) -> list[AvroIssue]:
    checker = Checker()
    checker.schema(schema, "", None)
    return checker.issues


def _label(schema: Any) -> str:
    if isinstance(schema, str):
        return schema
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, Mapping):
        kind = schema.get("type")
        name = schema.get("name")
        return f"{kind} {name}" if isinstance(name, str) else str(kind)
    return json_text(schema)
