"""JSON Schema → `VersionPlan`: objects become frozen models, string enums `StrEnum`s.

Supported: `type` (one or a list), `properties`/`required`/`additionalProperties`, local
`$ref` (`#/$defs/...`, `#/definitions/...`, `#`), `enum`, `const`, `anyOf`/`oneOf`, a single
`allOf`, `items`, string/number/array bounds, `pattern`, `uniqueItems`, formats `uuid`,
`date-time` and `date`, `default`, `description`. Anything else that constrains data raises
`CodegenError` naming the keyword and its place, rather than generating a class that accepts
more than the schema does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from event_contracts._codegen import naming
from event_contracts._codegen.literals import json_literal, py_str
from event_contracts._codegen.plan import EnumPlan, FieldPlan, ModelPlan, Names, field_names, union
from event_contracts.errors import CodegenError

_UNSUPPORTED = (
    "not", "if", "then", "else", "patternProperties", "propertyNames", "dependentRequired",
    "dependentSchemas", "dependencies", "prefixItems", "contains", "unevaluatedProperties",
    "unevaluatedItems", "minProperties", "maxProperties", "$dynamicRef", "$recursiveRef",
    "additionalItems",
)  # fmt: skip
_FORMATS = {"uuid": "_uuid.UUID", "date-time": "_ecs.AwareDatetime", "date": "_ecs.Date"}
_SIMPLE = {
    "boolean": "_pd.StrictBool",
    "null": "None",
}


@dataclass
class _Planner:
    root: dict[str, Any]
    where: str
    event_class: str
    names: Names = field(default_factory=Names)
    refs: dict[str, str] = field(default_factory=dict)  # pointer → class name
    definitions: list[ModelPlan | EnumPlan] = field(default_factory=list)
    event: ModelPlan | None = None

    def fail(self, pointer: str, message: str) -> CodegenError:
        return CodegenError(f"{self.where} at {pointer or '/'}: {message}")

    # -- types -----------------------------------------------------------------------------
    def annotation(self, schema: Any, pointer: str, hint: str) -> str:
        if schema is True or schema == {}:
            return "_t.Any"
        if schema is False:
            raise self.fail(pointer, "a `false` schema accepts nothing; remove the property")
        if not isinstance(schema, dict):
            raise self.fail(pointer, f"not a schema: {schema!r}")
        for key in _UNSUPPORTED:
            if key in schema:
                raise self.fail(pointer, f"keyword {key!r} is not supported by the generator")
        if "$ref" in schema:
            return self.ref(str(schema["$ref"]), pointer)
        if "const" in schema:
            return f"_t.Literal[{self.literal(schema['const'], pointer)}]"
        if "enum" in schema:
            return self.enum(schema, pointer, hint)
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                branches = [
                    self.annotation(s, f"{pointer}/{combinator}/{i}", f"{hint}{i}")
                    for i, s in enumerate(schema[combinator])
                ]
                return union(branches)
        if "allOf" in schema:
            if len(schema["allOf"]) != 1:
                raise self.fail(pointer, "`allOf` with several schemas is not supported")
            return self.annotation(schema["allOf"][0], f"{pointer}/allOf/0", hint)
        kinds = schema.get("type")
        if kinds is None:
            kinds = "object" if "properties" in schema else None
        if kinds is None:
            return "_t.Any"
        if isinstance(kinds, list):
            return union([self.typed(str(k), schema, pointer, hint) for k in kinds])
        return self.typed(str(kinds), schema, pointer, hint)

    def typed(self, kind: str, schema: dict[str, Any], pointer: str, hint: str) -> str:
        if kind in _SIMPLE:
            return _SIMPLE[kind]
        if kind == "string":
            if schema.get("format") in _FORMATS:
                return _FORMATS[str(schema["format"])]
            return _constrained("_pd.StrictStr", _string_bounds(schema))
        if kind in ("integer", "number"):
            base = "_ecs.JsonInt" if kind == "integer" else "_pd.StrictFloat"
            return _constrained(base, _number_bounds(schema))
        if kind == "array":
            items = schema.get("items", True)
            if isinstance(items, list):
                raise self.fail(pointer, "tuple-style `items` (a list) is not supported")
            item = self.annotation(items, f"{pointer}/items", f"{hint}Item")
            bounds = {"min_length": schema.get("minItems"), "max_length": schema.get("maxItems")}
            extra = ["_ecs.unique_items"] if schema.get("uniqueItems") is True else []
            return _constrained(f"tuple[{item}, ...]", bounds, extra)
        if kind == "object":
            return self.object(schema, pointer, hint)
        raise self.fail(pointer, f"unknown type {kind!r}")

    def object(self, schema: dict[str, Any], pointer: str, hint: str) -> str:
        extra = schema.get("additionalProperties", True)
        if "properties" not in schema:
            value = self.annotation(extra, f"{pointer}/additionalProperties", f"{hint}Value")
            return f"_ecs.FrozenMap[str, {value}]"
        if extra not in (True, False, {}):
            raise self.fail(pointer, "`additionalProperties` with a schema beside `properties`")
        name = self.names.claim(str(schema.get("title") or hint))
        self.refs.setdefault(pointer, name)
        self.definitions.append(self.model(schema, pointer, name, top_level=False))
        return name

    def model(
        self, schema: dict[str, Any], pointer: str, name: str, *, top_level: bool
    ) -> ModelPlan:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        wires = [str(k) for k in props]
        py_names = field_names(
            wires, where=f"{self.where} at {pointer or '/'}", top_level=top_level
        )
        fields = []
        for wire, py_name in zip(wires, py_names, strict=True):
            sub = props[wire]
            ptr = f"{pointer}/properties/{_escape(wire)}"
            annotation = self.annotation(sub, ptr, naming.pascal_case(wire) or "Field")
            fields.append(self.field(sub, wire, py_name, annotation, wire in required, ptr))
        missing = sorted(required - set(wires))
        if missing and schema.get("additionalProperties", True) is False:
            raise self.fail(pointer, f"required {missing} not among the closed properties")
        is_open = schema.get("additionalProperties", True) is not False
        return ModelPlan(name, _description(schema), tuple(fields), open=is_open)

    def field(
        self, sub: Any, wire: str, py_name: str, annotation: str, required: bool, ptr: str
    ) -> FieldPlan:
        description = _description(sub) if isinstance(sub, dict) else None
        nullable = self.nullable(sub)
        plan = FieldPlan(py_name, wire, annotation, description=description)
        if required:
            return plan
        if isinstance(sub, dict) and "default" in sub:
            literal = json_literal(sub["default"], where=f"{self.where} at {ptr}")
            return FieldPlan(py_name, wire, annotation, literal, True, description)
        if nullable:
            return FieldPlan(py_name, wire, annotation, "None", False, description)
        return FieldPlan(
            py_name,
            wire,
            f"_t.Annotated[{annotation} | None, _ecs.not_null]",
            "None",
            False,
            description,
            omit_if_none=True,
        )

    def ref(self, ref: str, pointer: str) -> str:
        if ref == "#":
            return self.event_class
        if not ref.startswith("#/"):
            raise self.fail(pointer, f"only local references are supported, not {ref!r}")
        target_ptr = ref[1:]
        if target_ptr in self.refs:
            return self.refs[target_ptr]
        target: Any = self.root
        for part in target_ptr.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise self.fail(pointer, f"reference {ref!r} points nowhere")
            target = target[part]
        hint = target_ptr.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and "properties" in target:
            name = self.names.claim(hint)
            self.refs[target_ptr] = name  # before the body: recursive references resolve
            self.definitions.append(self.model(target, target_ptr, name, top_level=False))
            return name
        return self.annotation(target, target_ptr, naming.pascal_case(hint) or "Def")

    def nullable(self, schema: Any, depth: int = 0) -> bool:
        """Whether `null` is a valid instance of the (already planned) schema."""
        if schema is True or schema == {} or depth > 50:
            return schema is True or schema == {}
        if not isinstance(schema, dict):
            return False
        if "$ref" in schema:
            ref = str(schema["$ref"])
            if ref == "#":
                return False
            target: Any = self.root
            for part in ref[1:].split("/")[1:]:
                target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
            return self.nullable(target, depth + 1)
        if "const" in schema:
            return schema["const"] is None
        if "enum" in schema:
            return None in schema["enum"]
        for combinator in ("anyOf", "oneOf"):
            if combinator in schema:
                return any(self.nullable(s, depth + 1) for s in schema[combinator])
        if "allOf" in schema:
            return all(self.nullable(s, depth + 1) for s in schema["allOf"])
        kinds = schema.get("type")
        if kinds is None:
            return "properties" not in schema
        return kinds == "null" or (isinstance(kinds, list) and "null" in kinds)

    def enum(self, schema: dict[str, Any], pointer: str, hint: str) -> str:
        values = list(schema["enum"])
        strings = [v for v in values if isinstance(v, str)]
        if strings and len(strings) == len([v for v in values if v is not None]):
            name = self.names.claim(str(schema.get("title") or hint))
            taken: set[str] = set()
            members = tuple((naming.unique(naming.member_name(v), taken), v) for v in strings)
            self.definitions.append(EnumPlan(name, _description(schema), members))
            return f"{name} | None" if None in values else name
        return f"_t.Literal[{', '.join(self.literal(v, pointer) for v in values)}]"

    def literal(self, value: Any, pointer: str) -> str:
        if value is None or isinstance(value, bool | int | str):
            return json_literal(value, where=self.where)
        raise self.fail(pointer, f"enum/const value {value!r} cannot be a typed literal")


def plan_jsonschema(
    schema: Any, *, event_class: str, where: str
) -> tuple[tuple[ModelPlan | EnumPlan, ...], ModelPlan]:
    """Nested definitions (dependency order) and the event model for a JSON Schema."""
    if not isinstance(schema, dict) or "properties" not in schema:
        raise CodegenError(f"{where}: a JSON Schema event must be an object with `properties`")
    if schema.get("type", "object") != "object":
        raise CodegenError(f"{where}: a JSON Schema event must have `type: object`")
    planner = _Planner(schema, where, event_class)
    planner.names.taken.add(event_class)
    planner.refs[""] = event_class
    for key in _UNSUPPORTED:
        if key in schema:
            raise planner.fail("", f"keyword {key!r} is not supported by the generator")
    event = planner.model(schema, "", event_class, top_level=True)
    return tuple(planner.definitions), event


def _description(schema: dict[str, Any]) -> str | None:
    text = schema.get("description")
    return str(text) if isinstance(text, str) and text.strip() else None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _string_bounds(schema: dict[str, Any]) -> dict[str, Any]:
    pattern = schema.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise CodegenError(f"pattern {pattern!r} is not a regular expression: {exc}") from None
    return {
        "min_length": schema.get("minLength"),
        "max_length": schema.get("maxLength"),
        "pattern": schema.get("pattern"),
    }


def _number_bounds(schema: dict[str, Any]) -> dict[str, Any]:
    bounds: dict[str, Any] = {
        "ge": schema.get("minimum"),
        "le": schema.get("maximum"),
        "multiple_of": schema.get("multipleOf"),
    }
    for key, name, inclusive in (("exclusiveMinimum", "gt", "minimum"),
                                 ("exclusiveMaximum", "lt", "maximum")):  # fmt: skip
        value = schema.get(key)
        if value is True:  # draft 4: a flag on minimum/maximum
            bounds[name], bounds["ge" if name == "gt" else "le"] = schema.get(inclusive), None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            bounds[name] = value
    return bounds


def _constrained(base: str, bounds: dict[str, Any], extra: list[str] | None = None) -> str:
    args = []
    for key, value in bounds.items():
        if value is None or isinstance(value, bool):
            continue
        literal = py_str(value) if isinstance(value, str) else json_literal(value, where=key)
        args.append(f"{key}={literal}")
    metadata = ([f"_pd.Field({', '.join(args)})"] if args else []) + (extra or [])
    return f"_t.Annotated[{base}, {', '.join(metadata)}]" if metadata else base
