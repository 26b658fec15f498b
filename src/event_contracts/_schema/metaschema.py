"""The draft meta-schemas, built once, in the form `jsonschema` checks fastest.

Draft 2020-12's meta-schema is seven vocabulary documents joined by `allOf` and `$dynamicRef:
"#meta"`; `jsonschema` walks every one of them for every subschema, resolving each reference
through its registry (about 3.5 ms for a 20-property schema). Validating a *schema* against the
2020-12 meta-schema, every `$dynamicRef: "#meta"` lands on the 2020-12 root (the outermost
`$dynamicAnchor: meta` in scope), so the vocabularies can be merged into one document whose
`$dynamicRef`s are plain `$ref: "#"` without changing a verdict: same keywords, same
constraints, same messages, about 6 times faster. tests/foundation/test_metaschema.py compares
the two on generated schemas.

Most schemas are valid, and their subschemas repeat (`{"type": "string"}` ...): `meta_valid`
answers "valid?" remembering each subschema found valid. Every subschema reaches the meta-schema
through `$ref: "#"` (the root, in both drafts), so its verdict depends on its value alone: a
subschema equal (as JSON) to one found valid is valid, unchecked. Only an invalid schema is then
walked again, by the plain validator, for its messages.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from jsonschema import FormatChecker, validators

BASE_2020_12 = "https://json-schema.org/draft/2020-12/"
_DEF_REF = re.compile(r"(?:meta/[a-z-]+)?#/\$defs/(\w+)")


def _flatten(node: Any) -> Any:
    if isinstance(node, list):
        return [_flatten(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$dynamicRef" and value == "#meta":
            out["$ref"] = "#"
        elif key == "$ref" and isinstance(value, str) and (m := _DEF_REF.fullmatch(value)):
            out["$ref"] = f"#/$defs/{m[1]}"
        elif key in ("$ref", "$dynamicRef"):  # pragma: no cover - a new meta-schema release
            raise AssertionError(f"unexpected reference {value!r} in the 2020-12 meta-schema")
        elif key in ("properties", "$defs"):
            out[key] = _each(value)
        else:
            out[key] = _flatten(value)
    return out


def _each(schemas: dict[str, Any]) -> dict[str, Any]:
    return {name: _flatten(schema) for name, schema in schemas.items()}


@functools.cache
def flat_2020_12() -> dict[str, Any]:
    """The 2020-12 meta-schema as one document (vocabularies merged, `$dynamicRef` → `$ref`)."""
    from jsonschema_specifications import REGISTRY

    root: dict[str, Any] = REGISTRY.contents(BASE_2020_12 + "schema")
    properties: dict[str, Any] = {}
    defs: dict[str, Any] = {}
    for part in root["allOf"]:
        vocabulary = REGISTRY.contents(BASE_2020_12 + part["$ref"])
        assert vocabulary["type"] == root["type"] and set(properties).isdisjoint(
            vocabulary["properties"]
        )
        properties.update(_each(vocabulary["properties"]))
        defs.update(_each(vocabulary.get("$defs", {})))
    properties.update(_each(root["properties"]))
    return {
        "$schema": BASE_2020_12 + "schema",
        "type": root["type"],
        "properties": properties,
        "$defs": defs,
    }


@functools.cache
def meta_validator(draft: str) -> Any:
    """A validator of schemas of `draft` ('2020-12' or '07') against its meta-schema; only
    `format: regex` is asserted (patterns must compile, as the runtime compiles them)."""
    checker = FormatChecker(formats=["regex"])
    if draft == "07":
        cls = validators.Draft7Validator
        return cls(cls.META_SCHEMA, format_checker=checker)
    return validators.Draft202012Validator(flat_2020_12(), format_checker=checker)


_VALID: set[str] = set()
"""Subschemas (canonical JSON) found valid against their draft's meta-schema root: the drafts'
keywords differ, so the draft is the key's first character."""
_MAX_KEY = 4096
"""Larger subschemas are checked every time (their parts are remembered): bounded memory."""


def meta_valid(draft: str, schema: Any) -> bool:
    """Whether `schema` (a JSON value: parsed from text) follows `draft`'s meta-schema: exactly
    `meta_validator(draft)`'s verdict (a schema too deep to check raises RecursionError, as
    that validator does).

    A whole file's schema seldom repeats, but its members do (`"type": "object"`, a `required`
    list ...): where the meta-schema's root constrains an object only member by member
    (`_root_members`), each member is judged, and remembered, on its own."""
    validator = _memo_validator(draft)
    members = _root_members(draft)
    if members is None or not isinstance(schema, dict):
        return bool(validator.is_valid(schema))
    for name, value in schema.items():
        subschema = members.get(name)
        if subschema is None:  # a member the root does not name: free (an unknown keyword)
            continue
        key = _key(f"{draft[0]}\0{name}\0", value)
        if key in _VALID:
            continue
        for _ in validator.descend(value, subschema, path=name, schema_path=name):
            return False
        if key is not None and len(key) <= _MAX_KEY:
            _VALID.add(key)
    return True


_ROOT_ONLY = {"$schema", "$id", "$comment", "$defs", "definitions", "title", "default", "type"}
"""Keywords of a meta-schema's root that say nothing about an object's members together:
identifiers, annotations, definitions (reached by `$ref` only), and `type` (checked apart)."""


@functools.cache
def _root_members(draft: str) -> dict[str, Any] | None:
    """The root's `properties`, when the rest of the root accepts every object (it does in
    both drafts: `type: ["object", "boolean"]`); then an object is valid iff each member it
    has is valid against the root's subschema of that name, as the `properties` keyword
    judges it (None: a root this reasoning does not cover, checked whole)."""
    root = meta_validator(draft).schema
    kinds = root.get("type")
    if not set(root) <= _ROOT_ONLY | {"properties"} or "properties" not in root:
        return None  # pragma: no cover - a new meta-schema release
    if kinds != "object" and not (isinstance(kinds, list) and "object" in kinds):
        return None  # pragma: no cover
    members: dict[str, Any] = root["properties"]
    return members


def _key(tag: str, value: Any) -> str | None:
    """`tag` + `value` as canonical JSON; None for a value JSON cannot spell."""
    try:  # JSON values (parsed from text), whose keys are strings
        return tag + json.dumps(value, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None


@functools.cache
def _memo_validator(draft: str) -> Any:
    plain = meta_validator(draft)
    ref = type(plain).VALIDATORS["$ref"]
    tag = draft[0]

    def remembered(validator: Any, target: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if target != "#" or not isinstance(instance, dict):
            yield from ref(validator, target, instance, schema)
            return
        try:  # JSON values (parsed from text), whose keys are strings
            key = tag + json.dumps(instance, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):  # not one: checked without memory
            yield from ref(validator, target, instance, schema)
            return
        if key in _VALID:
            return
        failed = False
        for error in ref(validator, target, instance, schema):
            failed = True
            yield error
        if not failed and len(key) <= _MAX_KEY:
            _VALID.add(key)

    cls = validators.extend(type(plain), {"$ref": remembered})  # type: ignore[no-untyped-call]
    return cls(plain.schema, format_checker=plain.format_checker)
