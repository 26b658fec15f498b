"""Hypothesis strategies: JSON Schemas, evolutions of them, and documents near them.

The schemas stay inside the part of JSON Schema where Confluent's STRICT rules are sound (every
type explicit, `required` only names declared properties, no `default`, unions as `anyOf`), so a
document valid under the writer and invalid under the reader always means a real error.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

NAMES = ["a", "b", "c"]
Schema = dict[str, Any]


def _maybe(key: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.just({}), values.map(lambda v: {key: v}))


def _merge(*parts: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    def join(dicts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for d in dicts:
            out.update(d)
        return out

    return st.tuples(*parts).map(join)


strings = _merge(
    st.just({"type": "string"}),
    _maybe("minLength", st.integers(0, 3)),
    _maybe("maxLength", st.integers(2, 6)),
    _maybe("pattern", st.sampled_from(["^a", "^[a-z]*$", "b"])),
)
integers = _merge(
    st.just({"type": "integer"}),
    _maybe("minimum", st.integers(-3, 3)),
    _maybe("maximum", st.integers(4, 9)),
    _maybe("multipleOf", st.sampled_from([1, 2, 3, 4])),
)
numbers = _merge(
    st.just({"type": "number"}),
    _maybe("minimum", st.integers(-3, 3)),
    _maybe("exclusiveMaximum", st.integers(4, 9)),
)
enums = st.lists(
    st.sampled_from(["a", "b", "", 1, 2, True, None]), min_size=1, max_size=3, unique_by=repr
).map(lambda values: {"enum": values})
leaves = st.one_of(
    strings,
    integers,
    numbers,
    st.just({"type": "boolean"}),
    st.just({"type": "null"}),
    enums,
    st.sampled_from([{"type": ["string", "null"]}, {"type": ["integer", "string"]}]),
)


def _objects(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    @st.composite
    def build(draw: st.DrawFn) -> Schema:
        names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
        props = {n: draw(children) for n in names}
        out: Schema = {"type": "object", "properties": props}
        required = [n for n in names if draw(st.booleans())]
        if required:
            out["required"] = required
        extra = draw(st.sampled_from(["absent", "closed", "open", "schema"]))
        if extra == "closed":
            out["additionalProperties"] = False
        elif extra == "open":
            out["additionalProperties"] = True
        elif extra == "schema":
            out["additionalProperties"] = draw(leaves)
        return out

    return build()


def _arrays(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    return _merge(
        st.just({"type": "array"}),
        _maybe("items", children),
        _maybe("minItems", st.integers(0, 2)),
        _maybe("maxItems", st.integers(2, 4)),
        _maybe("uniqueItems", st.just(True)),
    )


_nested: st.SearchStrategy[Schema] = st.recursive(
    leaves,
    lambda children: st.one_of(
        _objects(children),
        _arrays(children),
        st.lists(leaves, min_size=2, max_size=3).map(lambda subs: {"anyOf": subs}),
    ),
    max_leaves=6,
)
schemas: st.SearchStrategy[Schema] = st.one_of(_objects(_nested), _nested)  # objects, mostly


def _subschemas(schema: Schema, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths (key tuples) of every subschema, the root included."""
    out = [path]
    for name, sub in schema.get("properties", {}).items():
        out.extend(_subschemas(sub, (*path, "properties", name)))
    if isinstance(schema.get("items"), dict):
        out.extend(_subschemas(schema["items"], (*path, "items")))
    for i, sub in enumerate(schema.get("anyOf", [])):
        out.extend(_subschemas(sub, (*path, "anyOf", i)))
    if isinstance(schema.get("additionalProperties"), dict):
        out.extend(_subschemas(schema["additionalProperties"], (*path, "additionalProperties")))
    return out


def _at(schema: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        schema = schema[key]
    return schema


@st.composite
def _mutate(draw: st.DrawFn, schema: Schema) -> Schema:
    """One random change somewhere in the schema (the schema is copied)."""
    out = copy.deepcopy(schema)
    path = draw(st.sampled_from(_subschemas(out)))
    node = _at(out, path)
    kind = node.get("type")
    moves = ["replace"]  # one move in several retypes, the rest evolve
    if kind in ("string", "integer", "number", "array") or "enum" in node:
        moves += ["bound"] * 4
    if kind == "object":
        moves += ["add", "add", "remove", "remove", "require", "require", "extra", "extra"]
    move = draw(st.sampled_from(moves))
    if move == "replace":
        new = draw(leaves)
        node.clear()
        node.update(new)
    elif move == "bound":
        word = draw(
            st.sampled_from(
                {
                    "string": ["minLength", "maxLength", "pattern"],
                    "integer": ["minimum", "maximum", "multipleOf"],
                    "number": ["minimum", "exclusiveMaximum"],
                    "array": ["minItems", "maxItems", "uniqueItems"],
                }.get(kind, ["enum"])
            )
        )
        if word == "enum":
            node["enum"] = draw(enums)["enum"]
        elif word == "pattern":
            node[word] = draw(st.sampled_from(["^a", "^[a-z]*$", "b"]))
        elif word == "uniqueItems":
            node[word] = True
        elif word == "multipleOf":
            node[word] = draw(st.sampled_from([1, 2, 3, 4]))
        elif draw(st.booleans()) and word in node:
            del node[word]
        else:
            node[word] = draw(st.integers(0, 6))
    elif move == "add":
        free = [n for n in NAMES if n not in node["properties"]]
        if free:
            name = draw(st.sampled_from(free))
            node["properties"][name] = draw(leaves)
            if draw(st.booleans()):
                node.setdefault("required", []).append(name)
    elif move == "remove" and node["properties"]:
        name = draw(st.sampled_from(sorted(node["properties"])))
        del node["properties"][name]
        if name in node.get("required", []):
            node["required"].remove(name)
            if not node["required"]:
                del node["required"]
    elif move == "require" and node["properties"]:
        name = draw(st.sampled_from(sorted(node["properties"])))
        required = node.setdefault("required", [])
        if name in required:
            required.remove(name)
        else:
            required.append(name)
        if not required:
            del node["required"]
    elif move == "extra":
        choice = draw(st.sampled_from(["absent", "closed", "open", "schema"]))
        node.pop("additionalProperties", None)
        if choice != "absent":
            node["additionalProperties"] = {"closed": False, "open": True}.get(choice) or draw(
                leaves
            )
    return out


@st.composite
def evolutions(draw: st.DrawFn) -> tuple[Schema, Schema]:
    """(old, new): a schema and the same schema after one to three changes."""
    old = draw(schemas)
    new = old
    for _ in range(draw(st.integers(1, 3))):
        new = draw(_mutate(new))
    return old, new


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-4, 10),
    st.sampled_from([0.5, 1.5, -2.5]),
    st.text(alphabet="ab1", max_size=7),
)
json_values = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from([*NAMES, "z"]), inner, max_size=4),
    ),
    max_leaves=8,
)


def instances(schema: Any) -> st.SearchStrategy[Any]:
    """Documents shaped like `schema` (often valid, sometimes not), with some noise."""
    if not isinstance(schema, dict):
        return json_values
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), _SCALARS)
    if "anyOf" in schema:
        return st.one_of(*(instances(s) for s in schema["anyOf"]))
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        shaped = st.fixed_dictionaries(
            {},
            optional={
                **{name: instances(sub) for name, sub in props.items()},
                "z": json_values,
            },
        )
        return st.one_of(shaped, json_values)
    if kind == "array":
        return st.one_of(st.lists(instances(schema.get("items")), max_size=5), json_values)
    return st.one_of(_SCALARS, json_values)


_LOOSER = {"maxLength": 3, "maximum": 5, "exclusiveMaximum": 5, "maxItems": 2}


@st.composite
def _widen(draw: st.DrawFn, schema: Schema) -> Schema:
    """One change meant to keep BACKWARD compatibility (the engine decides if it does)."""
    out = copy.deepcopy(schema)
    node = _at(out, draw(st.sampled_from(_subschemas(out))))
    kind = node.get("type")
    if kind == "object":
        move = draw(st.sampled_from(["add", "remove", "unrequire", "open"]))
        free = [n for n in NAMES if n not in node["properties"]]
        closed = node.get("additionalProperties") is False
        if move == "add" and free and closed:
            node["properties"][draw(st.sampled_from(free))] = draw(leaves)
        elif move == "remove" and node["properties"] and not closed:
            name = draw(st.sampled_from(sorted(node["properties"])))
            del node["properties"][name]
            if name in node.get("required", []):
                node["required"].remove(name)
                if not node["required"]:
                    del node["required"]
        elif move == "unrequire":
            node.pop("required", None)
        elif move == "open":
            node.pop("additionalProperties", None)
    elif "enum" in node:
        node["enum"] = [*node["enum"], draw(st.sampled_from(["z", 7, False]))]
    elif kind == "integer" and draw(st.booleans()):
        node["type"] = "number"
        node.pop("multipleOf", None)
    elif isinstance(kind, str) and kind != "object":
        for word in ("minLength", "minimum", "minItems", "pattern", "uniqueItems", "multipleOf"):
            node.pop(word, None)
        for word, step in _LOOSER.items():
            if word in node:
                node[word] += step
    return out


@st.composite
def widenings(draw: st.DrawFn) -> tuple[Schema, Schema]:
    """(old, new): a schema and the same schema after one to three loosening changes."""
    old = draw(schemas)
    new = old
    for _ in range(draw(st.integers(1, 3))):
        new = draw(_widen(new))
    return old, new
