"""JSON Schema → `VersionPlan`: objects become frozen models, string enums `StrEnum`s.

Typed: `type` (one or a list), `properties`/`required`, `additionalProperties` (a schema types
the extra items), local `$ref` (`#/$defs/...`, `#/definitions/...`, `#`, recursive ones too),
`enum`, `const`, `anyOf`/`oneOf`, `allOf` (object schemas merged into one model), `items`,
string/number/array bounds, `pattern`, `uniqueItems`, formats `uuid`, `date-time` and `date`,
`default`, `description`.

Keywords no Python type expresses exactly (`not`, `if`/`then`/`else`, `patternProperties`,
`dependentRequired`, `propertyNames`, a `oneOf` whose branches overlap, conflicting `allOf`
parts, ...) are typed by the nearest wider type, and the event class derives from
`SchemaChecked`, which validates its wire form against the schema file with `jsonschema`: the
class then accepts exactly what the schema accepts. The places are listed in the class's
`SCHEMA_CHECKED`. Only references outside the file stop generation (`CodegenError`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from event_contracts._codegen import json_keywords as kw
from event_contracts._codegen import naming
from event_contracts._codegen.json_bundle import bundle
from event_contracts._codegen.json_document import SchemaDocument, bare_ref
from event_contracts._codegen.literals import json_literal, py_str
from event_contracts._codegen.plan import EnumPlan, FieldPlan, ModelPlan, Names, field_names, union
from event_contracts.errors import CodegenError

# Constrain data, but no Python type says so: typed without them, then checked against the schema.
_CHECKED = (
    "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "dependencies",
    "propertyNames", "minProperties", "maxProperties", "contains", "minContains", "maxContains",
    "unevaluatedItems", "unevaluatedProperties", "patternProperties",
)  # fmt: skip
# Checked as jsonschema's format checker does (RFC 3339, RFC 4122), written back as they came.
_FORMATS = {"uuid": "_ecs.JsonUuid", "date-time": "_ecs.JsonDateTime", "date": "_ecs.JsonDate"}
EVERY_TYPE = ("null", "boolean", "number", "string", "array", "object")
"""What a schema without `type` admits (`integer` is in `number`)."""
_SIMPLE = {
    "boolean": "_pd.StrictBool",
    "null": "None",
}


@dataclass
class _Planner(SchemaDocument):
    root: dict[str, Any]
    where: str
    event_class: str
    names: Names = field(default_factory=Names)
    refs: dict[str, str] = field(default_factory=dict)  # pointer → class name
    definitions: list[ModelPlan | EnumPlan] = field(default_factory=list)
    event: ModelPlan | None = None
    checks: list[str] = field(default_factory=list)  # "pointer: keyword" checked at runtime
    resolving: set[str] = field(default_factory=set)  # refs being planned (recursion guard)

    def check(self, pointer: str, keyword: str) -> None:
        entry = f"{pointer or '/'}: {keyword}"
        if entry not in self.checks:
            self.checks.append(entry)

    # -- types -----------------------------------------------------------------------------
    def annotation(self, schema: Any, pointer: str, hint: str) -> str:
        if schema is True or schema == {}:
            return "_t.Any"
        if schema is False:
            self.check(pointer, "false")
            return "_t.Any"
        if not isinstance(schema, dict):
            raise self.fail(pointer, f"not a schema: {schema!r}")
        for key in _CHECKED:
            if key in schema:
                self.check(pointer, key)
        if "$dynamicRef" in schema or "$recursiveRef" in schema:
            self.check(pointer, "$dynamicRef" if "$dynamicRef" in schema else "$recursiveRef")
            return "_t.Any"
        if "$ref" in schema:
            siblings = kw.constraints(schema, "$ref")
            if siblings and not self.draft07:  # 2020-12: $ref is one more conjunct
                rest = {k: v for k, v in schema.items() if k != "$ref"}
                return self.annotation({**rest, "allOf": [{"$ref": schema["$ref"]}]}, pointer, hint)
            return self.ref(str(schema["$ref"]), pointer)
        if "allOf" in schema:
            merged = self.merge_all_of(schema, pointer)
            return self.annotation(merged, pointer, str(merged.get("title") or hint))
        if "const" in schema:
            return self.literal(schema, [schema["const"]], pointer)
        if "enum" in schema:
            return self.enum(schema, pointer, hint)
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                if kw.constraints(schema, combinator):  # siblings constrain every branch
                    self.check(pointer, combinator)
                    rest = {k: v for k, v in schema.items() if k != combinator}
                    return self.annotation(rest, pointer, hint)
                branches = schema[combinator]
                if combinator == "oneOf" and not self.disjoint(branches):
                    self.check(pointer, "oneOf")
                annotations = [
                    self.annotation(s, f"{pointer}/{combinator}/{i}", f"{hint}{i}")
                    for i, s in enumerate(branches)
                ]
                tag = self.tag_field(branches, annotations)
                if tag is not None:  # a pydantic discriminated union: same instances, one try
                    return f"_t.Annotated[{union(annotations)}, _pd.Field(discriminator={tag})]"
                return union(annotations)
        kinds = schema.get("type")
        if kinds is None and kw.constraints(schema, *_CHECKED, "format"):
            # keywords of some JSON types (`properties`, `minLength`, `items`): each applies to
            # its type and lets every other pass (`{"minLength": 2}` accepts 5), so the value
            # is any JSON type, each typed with its own keywords
            kinds = list(EVERY_TYPE)
        if kinds is None:
            if schema.get("format") in _FORMATS:  # on strings only: no type says that
                self.check(pointer, "format")
            return "_t.Any"
        if isinstance(kinds, list):
            if not kinds:
                self.check(pointer, "type")
                return "_t.Any"
            # "object" last: a map's serializer would turn a string member into {} when tried
            # first in pydantic's union serialization (the JSON types are disjoint, so the
            # order never changes what validates).
            ordered = sorted(kinds, key=lambda k: k == "object")
            return union([self.typed(str(k), schema, pointer, hint) for k in ordered])
        return self.typed(str(kinds), schema, pointer, hint)

    def merge_all_of(self, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        """One schema for the conjunction; parts that cannot merge exactly are checked."""
        parts: list[Any] = [{k: v for k, v in schema.items() if k != "allOf"}]
        pending = list(schema["allOf"])
        seen: set[str] = set()
        while pending:
            part = pending.pop(0)
            if isinstance(part, dict) and "$ref" in part:
                ref = str(part["$ref"])
                rest = {k: v for k, v in part.items() if k != "$ref"}
                if ref in seen or ref == "#":
                    self.check(pointer, "allOf")
                    continue
                seen.add(ref)
                pending.insert(0, self.resolve(ref, pointer))
                part = rest
            if isinstance(part, dict) and "allOf" in part:
                pending[:0] = list(part["allOf"])
                part = {k: v for k, v in part.items() if k != "allOf"}
            parts.append(part)
        merged: dict[str, Any] = {}
        with_props = [p for p in parts if isinstance(p, dict) and "properties" in p]
        for part in parts:
            if part is True or part == {}:
                continue
            if not isinstance(part, dict):
                self.check(pointer, "allOf")
                continue
            for key, value in part.items():
                if key == "properties":
                    props = dict(merged.get("properties", {}))
                    for name, sub in value.items():
                        old = props.get(name)
                        props[name] = sub if old is None or old == sub else {"allOf": [old, sub]}
                    merged["properties"] = props
                elif key == "required":
                    merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
                elif key == "additionalProperties" and len(with_props) > 1:
                    self.check(pointer, "allOf additionalProperties")  # sees only its part
                elif key not in merged:
                    merged[key] = value
                elif merged[key] != value and key not in kw.ANNOTATIONS:
                    self.check(pointer, f"allOf {key}")
        return merged

    def tag_field(self, branches: list[Any], annotations: list[str]) -> str | None:
        """The Python name of the string-constant property that tells the model branches apart."""
        key = self.discriminated(branches)
        if key is None or len(branches) < 2 or len(set(annotations)) != len(annotations):
            return None
        models = {d.name: d for d in self.definitions if isinstance(d, ModelPlan)}
        names = set()
        for annotation in annotations:
            model = models.get(annotation)
            found = [f for f in model.fields if f.wire_name == key] if model else []
            if not found or not found[0].annotation.startswith("_t.Literal["):
                return None
            names.add(found[0].py_name)
        return py_str(names.pop()) if len(names) == 1 else None

    def typed(self, kind: str, schema: dict[str, Any], pointer: str, hint: str) -> str:
        if kind in _SIMPLE:
            return _SIMPLE[kind]
        if kind == "string":
            if schema.get("format") in _FORMATS:
                if any(k in schema for k in ("pattern", "minLength", "maxLength")):
                    self.check(pointer, "format with string bounds")
                return _FORMATS[str(schema["format"])]
            return kw.constrained("_pd.StrictStr", kw.string_bounds(schema))
        if kind in ("integer", "number"):
            base = "_ecs.JsonInt" if kind == "integer" else "_ecs.JsonNumber"
            step = schema.get("multipleOf")
            exact = [f"_ecs.MultipleOf({json_literal(step, where=self.where)})"]
            ok = isinstance(step, int | float) and not isinstance(step, bool) and step > 0
            return kw.constrained(base, kw.number_bounds(schema), exact if ok else None)
        if kind == "array":
            items = schema.get("items", True)
            if isinstance(items, list) or "prefixItems" in schema or "additionalItems" in schema:
                self.check(pointer, "prefixItems" if "prefixItems" in schema else "items")
                items = True  # positional items: any item, checked against the schema
            item = self.annotation(items, f"{pointer}/items", f"{hint}Item")
            bounds = {"min_length": schema.get("minItems"), "max_length": schema.get("maxItems")}
            extra = ["_ecs.unique_items"] if schema.get("uniqueItems") is True else []
            return kw.constrained(f"tuple[{item}, ...]", bounds, extra)
        if kind == "object":
            return self.object(schema, pointer, hint)
        raise self.fail(pointer, f"unknown type {kind!r}")

    def object(self, schema: dict[str, Any], pointer: str, hint: str) -> str:
        extra = schema.get("additionalProperties", True)
        if "properties" not in schema:
            if schema.get("required"):  # names a map cannot require: checked
                self.check(pointer, "required")
            if "patternProperties" in schema or extra is False:
                value = "_t.Any"  # keys decide the value's schema: checked against the schema
                self.check(pointer, "patternProperties" if extra is not False else "false")
            else:
                value = self.annotation(extra, f"{pointer}/additionalProperties", f"{hint}Value")
            return f"_ecs.FrozenMap[str, {value}]"
        name = self.names.claim(str(schema.get("title") or hint))
        self.refs.setdefault(pointer, name)
        self.definitions.append(self.model(schema, pointer, name, top_level=False))
        return name

    def model(
        self, schema: dict[str, Any], pointer: str, name: str, *, top_level: bool
    ) -> ModelPlan:
        for key in _CHECKED:
            if key in schema:
                self.check(pointer, key)
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        wires = [str(k) for k in props]
        py_names = field_names(
            wires, where=f"{self.where} at {pointer or '/'}", top_level=top_level
        )
        fields = []
        for wire, py_name in zip(wires, py_names, strict=True):
            sub = props[wire]
            ptr = f"{pointer}/properties/{kw.escape(wire)}"
            annotation = self.annotation(sub, ptr, naming.pascal_case(wire) or "Field")
            fields.append(self.field(sub, wire, py_name, annotation, wire in required, ptr))
        if required - set(wires):  # names no property declares: the schema check requires them
            self.check(pointer, "required")
        extra = schema.get("additionalProperties", True)
        keyed = "patternProperties" in schema or "unevaluatedProperties" in schema
        is_open = extra is not False or keyed
        extra_type = None
        if extra not in (True, False, {}) and not keyed:
            ptr = f"{pointer}/additionalProperties"
            extra_type = self.annotation(extra, ptr, f"{name}Value")
        return ModelPlan(
            name, kw.description(schema), tuple(fields), open=is_open, extra=extra_type
        )

    def field(
        self, sub: Any, wire: str, py_name: str, annotation: str, required: bool, ptr: str
    ) -> FieldPlan:
        description = kw.description(sub) if isinstance(sub, dict) else None
        if isinstance(sub, dict) and "default" in sub and self.valid(sub["default"], sub):
            # Required: filled when absent (Confluent's rule lets a new version require a
            # property that has a default) and always written. Optional: written only if given.
            literal = json_literal(sub["default"], where=f"{self.where} at {ptr}")
            return FieldPlan(
                py_name, wire, annotation, literal, True, description, omit_if_unset=not required
            )
        if required:
            return FieldPlan(py_name, wire, annotation, description=description)
        if self.nullable(sub):
            return FieldPlan(
                py_name, wire, annotation, "None", False, description, omit_if_unset=True
            )
        return FieldPlan(
            py_name,
            wire,
            # `union`: a type that is only null (`null` and `string` in an allOf: nothing but
            # absence is valid) stays `None`; Python refuses `None | None`
            f"_t.Annotated[{union([annotation, 'None'])}, _ecs.not_null]",
            "None",
            False,
            description,
            omit_if_none=True,
            omit_if_unset=True,
        )

    def ref(self, ref: str, pointer: str) -> str:
        if ref == "#":
            return self.event_class
        target = self.resolve(ref, pointer)
        self.refuse_bare_cycle(ref, target, pointer)
        # A chain of bare references is the schema it ends at: followed in a loop (a call per
        # link would recurse as deep as the chain is long), each link then names the result
        aliases: list[str] = []
        while bare_ref(target) and target["$ref"] != "#":
            if ref[1:] in self.refs or ref[1:] in self.resolving:
                break
            aliases.append(ref[1:])
            pointer, ref = ref[1:], str(target["$ref"])
            target = self.resolve(ref, pointer)
        self.resolving.update(aliases)
        try:
            result = self._target(ref, target, pointer)
        finally:
            self.resolving.difference_update(aliases)
        for alias in aliases:
            self.refs[alias] = result
        return result

    def _target(self, ref: str, target: Any, pointer: str) -> str:
        """The annotation of the schema `ref` names (resolved: `target`), planned once."""
        target_ptr = ref[1:]
        if target_ptr in self.refs:
            return self.refs[target_ptr]
        if target_ptr in self.resolving:  # a cycle through no model: typed loosely, checked
            self.check(pointer, "$ref")
            return "_t.Any"
        hint = target_ptr.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        plain = isinstance(target, dict) and not any(
            k in target for k in ("allOf", "anyOf", "oneOf", "$ref", "enum", "const")
        )
        if plain and "properties" in target and target.get("type", "object") == "object":
            name = self.names.claim(hint)
            self.refs[target_ptr] = name  # before the body: recursive references resolve
            self.definitions.append(self.model(target, target_ptr, name, top_level=False))
            return name
        self.resolving.add(target_ptr)
        try:
            result = self.annotation(target, target_ptr, naming.pascal_case(hint) or "Def")
        finally:
            self.resolving.discard(target_ptr)
        self.refs[target_ptr] = result  # one enum or model per definition, however often used
        return result

    def enum(self, schema: dict[str, Any], pointer: str, hint: str) -> str:
        values = list(schema["enum"])
        if kw.constraints(schema, "enum", "type") or not kw.types_fit(schema, values):
            self.check(pointer, "enum")
        strings = [v for v in values if isinstance(v, str)]
        if strings and len(strings) == len([v for v in values if v is not None]):
            name = self.names.claim(str(schema.get("title") or hint))
            taken: set[str] = set()
            members = tuple((naming.unique(naming.member_name(v), taken), v) for v in strings)
            self.definitions.append(EnumPlan(name, kw.description(schema), members))
            return f"{name} | None" if None in values else name
        return self.literal(schema, values, pointer)

    def literal(self, schema: dict[str, Any], values: list[Any], pointer: str) -> str:
        if values and all(v is None or isinstance(v, bool | int | str) for v in values):
            literals = ", ".join(json_literal(v, where=self.where) for v in values)
            if kw.constraints(schema, "const", "enum", "type"):
                self.check(pointer, "const" if "const" in schema else "enum")
            if any(isinstance(v, bool | int) for v in values):  # JSON: true is not 1
                return f"_t.Annotated[_t.Literal[{literals}], _ecs.json_equal({literals})]"
            return f"_t.Literal[{literals}]"
        self.check(pointer, "const" if "const" in schema else "enum")  # floats, objects, lists
        return "_t.Any"


def plan_jsonschema(
    schema: Any, *, event_class: str, where: str, source: Path | None = None
) -> tuple[tuple[ModelPlan | EnumPlan, ...], ModelPlan]:
    """Nested definitions (dependency order) and the event model for a JSON Schema.

    `source` is the schema's file: references to other files (`../common.json#/$defs/x`) are
    resolved from it and planned like the file's own definitions.
    """
    if not isinstance(schema, dict):
        raise CodegenError(f"{where}: a JSON Schema event must be an object schema")
    if source is not None:
        schema = bundle(schema, source, where=where)
    planner = _Planner(schema, where, event_class)
    planner.names.taken.add(event_class)
    planner.refs[""] = event_class
    body = schema
    if "$ref" in body:  # the event is (also) the referenced object
        ref = {"$ref": body["$ref"]}
        rest = {k: v for k, v in body.items() if k != "$ref"}
        body = {**rest, "allOf": [ref, *rest.get("allOf", [])]} if not planner.draft07 else ref
    if "allOf" in body:
        body = planner.merge_all_of(body, "")
    for combinator in ("anyOf", "oneOf"):
        if combinator in body:  # typed as what every branch shares, checked against the schema
            planner.check("", combinator)
    kinds = body.get("type", "object")
    if kinds != "object" and kinds != ["object"]:
        raise CodegenError(f"{where}: a JSON Schema event must have `type: object`")
    event = planner.model(body, "", event_class, top_level=True)
    return tuple(planner.definitions), replace(event, checks=tuple(planner.checks))
