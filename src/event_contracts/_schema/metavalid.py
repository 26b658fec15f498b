"""A fast proof that a schema meets its draft's meta-schema, one distinct subschema at a time.

The meta-schemas check a subschema wherever one may stand through `$ref: "#"` (the flattened
2020-12 one as much as draft-07's): at those places a schema is valid exactly when the schema
itself is. So a schema is valid when its *skeleton* (every such subschema replaced by `true`,
which every draft since 06 accepts there) is valid and each subschema is, recursively. Each
distinct subschema is checked once per process: the 5,000 schemas of a repository share most
of theirs (`{"type": "string", "format": "uuid"}` ...), and a cold `check --full` no longer
walks the meta-schema through every one of them again.

Only a proof of validity is given here. Anything else (an invalid schema, an unexpected
meta-schema, recursion too deep) answers False and the caller checks the whole schema the usual
way, so errors and their messages are exactly as before.
"""

from __future__ import annotations

from typing import Any

__all__ = ["proven_valid"]

_ANNOTATIONS = frozenset({"$comment", "default", "deprecated", "description", "title"})
_ROOT_KEYS = frozenset({"$schema", "$id", "type", "properties", "$defs", "definitions"})
_SELF = {"$ref": "#"}
_MAX_MEMO = 50_000

Places = dict[str, str]
"""Keyword → 'one' (a subschema), 'map' (an object of them; 'names' when the meta-schema also
checks their names) or 'list' (a non-empty array of them)."""

_places: dict[int, Places | None] = {}
_memo: dict[tuple[Any, ...], bool] = {}
_checks: dict[tuple[int, str], Any] = {}


def proven_valid(meta: Any, schema: Any) -> bool:
    """True only if `schema` is valid under `meta` (a validator of a draft's meta-schema)."""
    places = _places_of(meta)
    if places is None or not isinstance(schema, dict):
        return False
    try:
        return _valid(meta, places, schema)
    except Exception:  # nesting too deep, unusual values: the whole check decides
        return False


def _valid(meta: Any, places: Places, schema: dict[str, Any]) -> bool:
    skeleton: dict[str, Any] = {}
    subs: list[dict[str, Any]] = []
    for word, value in schema.items():
        place = places.get(word)
        if place is None:
            skeleton[word] = value
        elif place == "one" and _schema_like(value):
            _collect(value, subs)  # valid exactly when the subschema is: checked on its own
        elif place in ("map", "names") and isinstance(value, dict):
            if not all(map(_schema_like, value.values())):
                skeleton[word] = value
                continue
            for sub in value.values():
                _collect(sub, subs)
            skeleton[word] = dict.fromkeys(value, True) if place == "names" else {}
        elif place == "list" and _schema_list(value):
            for sub in value:
                _collect(sub, subs)
        else:
            skeleton[word] = value  # not a schema where one must stand: the meta-schema says why
    # The meta-schema's root checks only `type` (a dict passes) and `properties`, one keyword
    # each: the skeleton is valid when each of its keywords is.
    ok = all(_keyword_valid(meta, word, value) for word, value in skeleton.items())
    return ok and all(_memo_valid(meta, places, s) for s in subs)


def _keyword_valid(meta: Any, word: str, value: Any) -> bool:
    key = (id(meta), word, _key(value))
    found = _memo.get(key)
    if found is None:
        check = _keyword_validator(meta, word)
        found = check is None or bool(check.is_valid(value))
        _remember(key, found)
    return found


def _keyword_validator(meta: Any, word: str) -> Any:
    key = (id(meta), word)
    if key not in _checks:
        spec = meta.schema.get("properties", {}).get(word)
        _checks[key] = None if spec is None else meta.evolve(schema=spec)
    return _checks[key]


def _remember(key: tuple[Any, ...], found: bool) -> None:
    if len(_memo) >= _MAX_MEMO:
        _memo.clear()
    _memo[key] = found


def _memo_valid(meta: Any, places: Places, schema: dict[str, Any]) -> bool:
    key = (id(meta), _key(schema))
    found = _memo.get(key)
    if found is None:
        found = _valid(meta, places, schema)
        _remember(key, found)
    return found


def _key(value: Any) -> str:
    """Equal texts for equal JSON values (`repr` tells 1, 1.0 and True apart, as validation
    does); the same value written in another key order is merely checked once more."""
    return repr(value)


def _schema_like(value: Any) -> bool:
    return isinstance(value, (dict, bool))


def _schema_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(map(_schema_like, value))


def _collect(value: Any, subs: list[dict[str, Any]]) -> None:
    if isinstance(value, dict):  # `true` and `false` are valid schemas as they are
        subs.append(value)


def _places_of(meta: Any) -> Places | None:
    if id(meta) not in _places:
        _places[id(meta)] = _find_places(meta.schema)
    return _places[id(meta)]


def _bare(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    return {k: v for k, v in schema.items() if k not in _ANNOTATIONS}


def _find_places(root: Any) -> Places | None:
    """Where the meta-schema checks a subschema with the root itself; None if it is not shaped
    as expected (the root checks only `type` and `properties`, and accepts `true`)."""
    if not isinstance(root, dict) or not set(_bare(root)) <= _ROOT_KEYS:
        return None
    types = root.get("type")
    if not isinstance(types, list) or "boolean" not in types or "object" not in types:
        return None
    places: Places = {}
    for word, spec in root.get("properties", {}).items():
        spec = _bare(spec)
        if spec == _SELF:
            places[word] = "one"
        elif (
            isinstance(spec, dict)
            and spec.get("type") == "object"
            and spec.get("additionalProperties") == _SELF
            and set(spec) <= {"type", "additionalProperties", "propertyNames"}
        ):
            places[word] = "names" if "propertyNames" in spec else "map"  # names checked too
        elif isinstance(spec, dict) and set(spec) == {"$ref"} and _is_schema_array(spec, root):
            places[word] = "list"
    return places


def _is_schema_array(spec: dict[str, Any], root: dict[str, Any]) -> bool:
    ref = spec["$ref"]
    parts = ref.split("/") if isinstance(ref, str) else []
    if len(parts) != 3 or parts[0] != "#" or parts[1] not in ("$defs", "definitions"):
        return False
    defs = root.get(parts[1])
    target = _bare(defs.get(parts[2])) if isinstance(defs, dict) else None
    # no uniqueItems: `true` in place of distinct subschemas would make them equal
    return (
        isinstance(target, dict)
        and target.get("type") == "array"
        and target.get("items") == _SELF
        and set(target) <= {"type", "items", "minItems"}
    )
