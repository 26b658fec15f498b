"""Write one fixture folder per JSON Schema rule: old.json, new.json, expected.json.

    .venv/bin/python tests/compat_jsonschema/make_fixtures.py

Each pair below is the smallest schema change that shows its rule, checked BACKWARD (the new
schema reads data written with the old one) unless a mode is given. `expected.json` records the
verdict and findings as the engine gives them; the script refuses to write a fixture whose pair
does not produce its rule. Review the diff of expected.json files after running it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from event_contracts._compat.api import check_compatibility
from event_contracts._compat.jsonschema import RULES, diff_jsonschema

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "compat" / "jsonschema"
D7 = "http://json-schema.org/draft-07/schema#"
S: dict[str, Any] = {"type": "string"}
N: dict[str, Any] = {"type": "number"}
I: dict[str, Any] = {"type": "integer"}  # noqa: E741


def obj(props: dict[str, Any], *, closed: bool = False, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if closed:
        out["additionalProperties"] = False
    out.update(extra)
    return out


def arr(**kw: Any) -> dict[str, Any]:
    return {"type": "array", **kw}


def bounds(stem: str, word: str, base: dict[str, Any], low: int, high: int) -> dict[str, Any]:
    return {
        f"{stem}_ADDED": (base, {**base, word: low}),
        f"{stem}_REMOVED": ({**base, word: low}, base),
        f"{stem}_INCREASED": ({**base, word: low}, {**base, word: high}),
        f"{stem}_DECREASED": ({**base, word: high}, {**base, word: low}),
    }


PAIRS: dict[str, tuple[Any, Any]] = {
    "ID_CHANGED": ({"$schema": D7, "$id": "urn:a", **S}, {"$schema": D7, "$id": "urn:b", **S}),
    "DESCRIPTION_CHANGED": ({**S, "description": "a"}, {**S, "description": "b"}),
    "TITLE_CHANGED": ({**S, "title": "A"}, {**S, "title": "B"}),
    "DEFAULT_CHANGED": ({**S, "default": "a"}, {**S, "default": "b"}),
    "SCHEMA_ADDED": (arr(), arr(items=S)),
    "SCHEMA_REMOVED": (arr(items=S), arr()),
    "TYPE_EXTENDED": (obj({"n": I}), obj({"n": N})),
    "TYPE_NARROWED": (obj({"n": N}), obj({"n": I})),
    "TYPE_CHANGED": (obj({"id": S}), obj({"id": I})),
    **bounds("MAX_LENGTH", "maxLength", S, 5, 10),
    **bounds("MIN_LENGTH", "minLength", S, 1, 3),
    "PATTERN_ADDED": (S, {**S, "pattern": "^[a-z]+$"}),
    "PATTERN_REMOVED": ({**S, "pattern": "^[a-z]+$"}, S),
    "PATTERN_CHANGED": ({**S, "pattern": "^[a-z]+$"}, {**S, "pattern": "^[0-9]+$"}),
    **bounds("MAXIMUM", "maximum", N, 10, 20),
    **bounds("MINIMUM", "minimum", N, 0, 5),
    **bounds("EXCLUSIVE_MAXIMUM", "exclusiveMaximum", N, 10, 20),
    **bounds("EXCLUSIVE_MINIMUM", "exclusiveMinimum", N, 0, 5),
    "MULTIPLE_OF_ADDED": (I, {**I, "multipleOf": 5}),
    "MULTIPLE_OF_REMOVED": ({**I, "multipleOf": 5}, I),
    "MULTIPLE_OF_EXPANDED": ({**I, "multipleOf": 2}, {**I, "multipleOf": 4}),
    "MULTIPLE_OF_REDUCED": ({**I, "multipleOf": 4}, {**I, "multipleOf": 2}),
    "MULTIPLE_OF_CHANGED": ({**I, "multipleOf": 2}, {**I, "multipleOf": 3}),
    "REQUIRED_ATTRIBUTE_ADDED": (obj({"a": S}), obj({"a": S}, required=["a"])),
    "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED": (
        obj({"a": {**S, "default": "x"}}),
        obj({"a": {**S, "default": "x"}}, required=["a"]),
    ),
    "REQUIRED_ATTRIBUTE_REMOVED": (obj({"a": S}, required=["a"]), obj({"a": S})),
    **bounds("MAX_PROPERTIES", "maxProperties", {"type": "object"}, 2, 4),
    **bounds("MIN_PROPERTIES", "minProperties", {"type": "object"}, 1, 2),
    "ADDITIONAL_PROPERTIES_ADDED": (obj({"a": S}, closed=True), obj({"a": S})),
    "ADDITIONAL_PROPERTIES_REMOVED": (obj({"a": S}), obj({"a": S}, closed=True)),
    "ADDITIONAL_PROPERTIES_EXTENDED": (
        obj({"a": S}, additionalProperties=S),
        obj({"a": S}, additionalProperties=True),
    ),
    "ADDITIONAL_PROPERTIES_NARROWED": (obj({"a": S}), obj({"a": S}, additionalProperties=S)),
    "DEPENDENCY_ARRAY_ADDED": (
        obj({"a": S, "b": S}),
        obj({"a": S, "b": S}, dependentRequired={"a": ["b"]}),
    ),
    "DEPENDENCY_ARRAY_REMOVED": (
        obj({"a": S, "b": S}, dependentRequired={"a": ["b"]}),
        obj({"a": S, "b": S}),
    ),
    "DEPENDENCY_ARRAY_EXTENDED": (
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["b"]}),
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["b", "c"]}),
    ),
    "DEPENDENCY_ARRAY_NARROWED": (
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["b", "c"]}),
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["b"]}),
    ),
    "DEPENDENCY_ARRAY_CHANGED": (
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["b"]}),
        obj({"a": S, "b": S, "c": S}, dependentRequired={"a": ["c"]}),
    ),
    "DEPENDENCY_SCHEMA_ADDED": (
        obj({"a": S}),
        obj({"a": S}, dependentSchemas={"a": {"required": ["b"]}}),
    ),
    "DEPENDENCY_SCHEMA_REMOVED": (
        obj({"a": S}, dependentSchemas={"a": {"required": ["b"]}}),
        obj({"a": S}),
    ),
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (obj({"a": S}), obj({"a": S, "b": I})),
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        obj({"a": S}),
        obj({"a": S, "b": I}, required=["b"]),
    ),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": (
        obj({"a": S}),
        obj({"a": S, "b": {**I, "default": 0}}, required=["b"]),
    ),
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": (
        obj({"a": S}),
        obj({"a": S, "b": {}}),
    ),
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        obj({"a": S}, closed=True),
        obj({"a": S, "b": I}, closed=True, required=["b"]),
    ),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        obj({"a": S}, closed=True),
        obj({"a": S, "b": {**I, "default": 0}}, closed=True, required=["b"]),
    ),
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        obj({"a": S}, closed=True),
        obj({"a": S, "b": I}, closed=True),
    ),
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": (obj({"a": S, "b": I}), obj({"a": S})),
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        obj({"a": S, "b": False}, closed=True),
        obj({"a": S}, closed=True),
    ),
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        obj({"a": S, "b": I}, closed=True),
        obj({"a": S}, closed=True),
    ),
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        obj({"a": S, "b": I}, closed=True),
        obj({"a": S}, additionalProperties=N),
    ),
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        obj({"a": S, "b": I}, closed=True),
        obj({"a": S}, additionalProperties=S),
    ),
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        obj({"a": S}, patternProperties={"^n_": I}, additionalProperties=False),
        obj({"a": S, "n_count": N}, patternProperties={"^n_": I}, additionalProperties=False),
    ),
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        obj({"a": S}, additionalProperties=N),
        obj({"a": S, "b": I}, additionalProperties=N),
    ),
    "UNEVALUATED_PROPERTIES_ADDED": (obj({"a": S}, unevaluatedProperties=False), obj({"a": S})),
    "UNEVALUATED_PROPERTIES_REMOVED": (obj({"a": S}), obj({"a": S}, unevaluatedProperties=False)),
    "UNEVALUATED_PROPERTIES_EXTENDED": (obj({"a": S}, unevaluatedProperties=I), obj({"a": S})),
    "UNEVALUATED_PROPERTIES_NARROWED": (obj({"a": S}), obj({"a": S}, unevaluatedProperties=I)),
    **bounds("MAX_ITEMS", "maxItems", arr(items=S), 2, 5),
    **bounds("MIN_ITEMS", "minItems", arr(items=S), 1, 2),
    **bounds("MAX_CONTAINS", "maxContains", arr(contains=S), 2, 5),
    **bounds("MIN_CONTAINS", "minContains", arr(contains=S), 2, 3),
    "UNIQUE_ITEMS_ADDED": (arr(items=S), arr(items=S, uniqueItems=True)),
    "UNIQUE_ITEMS_REMOVED": (arr(items=S, uniqueItems=True), arr(items=S)),
    "ADDITIONAL_ITEMS_ADDED": (arr(prefixItems=[S], items=False), arr(prefixItems=[S])),
    "ADDITIONAL_ITEMS_REMOVED": (arr(prefixItems=[S]), arr(prefixItems=[S], items=False)),
    "ADDITIONAL_ITEMS_EXTENDED": (arr(prefixItems=[S], items=I), arr(prefixItems=[S])),
    "ADDITIONAL_ITEMS_NARROWED": (arr(prefixItems=[S]), arr(prefixItems=[S], items=I)),
    "UNEVALUATED_ITEMS_ADDED": (arr(unevaluatedItems=False), arr()),
    "UNEVALUATED_ITEMS_REMOVED": (arr(), arr(unevaluatedItems=False)),
    "UNEVALUATED_ITEMS_EXTENDED": (arr(unevaluatedItems=I), arr()),
    "UNEVALUATED_ITEMS_NARROWED": (arr(), arr(unevaluatedItems=I)),
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": (arr(prefixItems=[S]), arr(prefixItems=[S, I])),
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": (
        arr(prefixItems=[S]),
        arr(prefixItems=[S, {}]),
    ),
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL": (
        arr(prefixItems=[S], items=False),
        arr(prefixItems=[S, I], items=False),
    ),
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL": (arr(prefixItems=[S, I]), arr(prefixItems=[S])),
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        arr(prefixItems=[S, False], items=False),
        arr(prefixItems=[S], items=False),
    ),
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        arr(prefixItems=[S, I], items=False),
        arr(prefixItems=[S], items=False),
    ),
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        arr(prefixItems=[S, I], items=False),
        arr(prefixItems=[S], items=N),
    ),
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        arr(prefixItems=[S, I], items=False),
        arr(prefixItems=[S], items=S),
    ),
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        arr(prefixItems=[S], items=I),
        arr(prefixItems=[S, N], items=I),
    ),
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        arr(prefixItems=[S], items=N),
        arr(prefixItems=[S, I], items=N),
    ),
    "ENUM_ARRAY_EXTENDED": ({"enum": ["A", "B"]}, {"enum": ["A", "B", "C"]}),
    "ENUM_ARRAY_NARROWED": ({"enum": ["A", "B", "C"]}, {"enum": ["A", "B"]}),
    "ENUM_ARRAY_CHANGED": ({"enum": ["A", "B"]}, {"enum": ["A", "C"]}),
    "COMBINED_TYPE_EXTENDED": ({"oneOf": [S, I]}, {"anyOf": [S, I]}),
    "COMBINED_TYPE_CHANGED": ({"anyOf": [N, I]}, {"oneOf": [N, I]}),
    "PRODUCT_TYPE_EXTENDED": ({"allOf": [S]}, {"allOf": [S, {"maxLength": 5}]}),
    "PRODUCT_TYPE_NARROWED": ({"allOf": [S, {"maxLength": 5}]}, {"allOf": [S]}),
    "SUM_TYPE_EXTENDED": ({"type": "string"}, {"type": ["string", "null"]}),
    "SUM_TYPE_NARROWED": ({"type": ["string", "integer"]}, {"type": ["string"]}),
    "COMBINED_TYPE_SUBSCHEMAS_CHANGED": ({"anyOf": [S, I]}, {"anyOf": [S, {"type": "boolean"}]}),
    "NOT_TYPE_EXTENDED": ({"not": I}, {"not": N}),
    "NOT_TYPE_NARROWED": ({"not": N}, {"not": I}),
}


D4 = "http://json-schema.org/draft-04/schema#"
S20 = "https://json-schema.org/draft/2020-12/schema"
OBJ: dict[str, Any] = {"type": "object"}
IF_K: dict[str, Any] = {"properties": {"k": {"const": 1}}}

# Rules past Confluent's: each pair breaks BACKWARD with the rule (or, for the *_EXTENDED ones and
# where noted, is compatible); the fixture also records the FORWARD verdict (the other direction).
SOUND_PAIRS: dict[str, tuple[Any, Any]] = {
    "ENUM_VALUE_REJECTED": ({"enum": ["a"]}, {"oneOf": [{"enum": ["a"]}, S]}),
    "TYPES_NARROWED": ({"minimum": 5}, {**N, "minimum": 5}),
    "FORMAT_NARROWED": (S, {**S, "format": "date-time"}),
    "ONE_OF_NOT_EXCLUSIVE": (
        {"oneOf": [S, I]},
        {"oneOf": [S, I, N]},
    ),
    "CONDITIONAL_NARROWED": (
        {**OBJ, "if": IF_K, "then": {"required": ["a"]}},
        {**OBJ, "if": IF_K, "then": {"required": ["a", "b"]}},
    ),
    "CONDITIONAL_CHANGED": (
        {**OBJ, "if": IF_K, "then": {"required": ["a"]}},
        {**OBJ, "if": {"properties": {"k": {"const": 2}}}, "then": {"required": ["a"]}},
    ),
    "CONDITIONAL_ADDED": (OBJ, {**OBJ, "if": IF_K, "then": {"required": ["a"]}}),
    "CONDITIONAL_EXTENDED": (
        {**OBJ, "if": IF_K, "then": {"required": ["a", "b"]}},
        {**OBJ, "if": IF_K, "then": {"required": ["a"]}},
    ),
    "LOWER_BOUND_NARROWED": (
        {"$schema": D4, **N, "minimum": 10},
        {"$schema": D4, **N, "minimum": 10, "exclusiveMinimum": True},
    ),
    "UPPER_BOUND_NARROWED": (
        {"$schema": D4, **N, "maximum": 10},
        {"$schema": D4, **N, "maximum": 10, "exclusiveMaximum": True},
    ),
    "REQUIRED_NAME_ADDED": (OBJ, {**OBJ, "required": ["a"]}),
    "REQUIRED_WITH_DEFAULT_ADDED": (
        obj({"a": {**S, "default": "x"}}),
        obj({"a": {**S, "default": "x"}}, required=["a"]),
    ),
    "PROPERTY_NAMES_NARROWED": (
        {**OBJ, "propertyNames": {"minLength": 1}},
        {**OBJ, "propertyNames": {"minLength": 3}},
    ),
    "PROPERTY_NAMES_REJECTS_DECLARED": (
        obj({"id": S}, closed=True),
        obj({"id": S}, closed=True, propertyNames={"enum": ["name"]}),
    ),
    "PROPERTY_NAMES_EXTENDED": (
        {**OBJ, "propertyNames": {"minLength": 3}},
        {**OBJ, "propertyNames": {"minLength": 1}},
    ),
    "PATTERN_PROPERTY_ADDED": (OBJ, {**OBJ, "patternProperties": {"^x": S}}),
    "PATTERN_PROPERTY_NARROWED": (
        {**OBJ, "patternProperties": {"^x": N}},
        {**OBJ, "patternProperties": {"^x": I}},
    ),
    "PATTERN_PROPERTY_REMOVED": (
        {**OBJ, "patternProperties": {"^x": S, "x$": S}, "additionalProperties": False},
        {**OBJ, "patternProperties": {"^x": S}, "additionalProperties": False},
    ),
    "PATTERN_PROPERTY_REJECTS_DECLARED": (
        obj({"xa": I}),
        obj({"xa": I}, patternProperties={"^x": S}),
    ),
    "PATTERN_PROPERTIES_EXTENDED": (
        {**OBJ, "patternProperties": {"^a": S, "^b": I}, "additionalProperties": False},
        {**OBJ, "patternProperties": {"^a": S, "^b": N}, "additionalProperties": False},
    ),
    "PROPERTY_ADDED_OUTSIDE_PATTERNS": (
        {**OBJ, "patternProperties": {"^x": S}},
        {**OBJ, "patternProperties": {"^x": S}, "properties": {"note": S}},
    ),
    "CONTAINS_ADDED": (arr(), arr(contains=S)),
    "CONTAINS_NARROWED": (arr(contains=S), arr(contains={**S, "minLength": 2})),
    "MIN_CONTAINS_NOT_GUARANTEED": (
        {"$schema": S20, **arr(contains=S, minContains=0)},
        {"$schema": S20, **arr(contains=S)},
    ),
    "MAX_CONTAINS_NOT_GUARANTEED": (
        {"$schema": S20, **arr(contains={**S, "minLength": 1}, maxContains=2, minContains=0)},
        {"$schema": S20, **arr(contains=S, maxContains=2, minContains=0)},
    ),
    "CONTAINS_EXTENDED": (arr(contains={**S, "minLength": 2}), arr(contains=S)),
    # one keyword, two meanings: 1.0 is an integer to 2020-12, not to draft-04. No rule compares
    # the two drafts' `integer`: the search, run because the drafts differ, finds 1.0.
    "COUNTEREXAMPLE_FOUND": (
        {"$schema": S20, "type": "integer"},
        {"$schema": D4, "type": "integer"},
    ),
}


def expected(old: Any, new: Any, mode: str = "BACKWARD") -> dict[str, Any]:
    result = check_compatibility(old, new, mode=mode, format="jsonschema")
    findings = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "direction": f.direction,
            "pointer": f.pointer,
            "pointer_side": f.pointer_side,
            "has_counterexample": f.counterexample is not None,
        }
        for f in result.findings
    ]
    return {
        "mode": mode,
        "compatible": result.compatible,
        "findings": findings,
        "differences": sorted(d.confluent() for d in diff_jsonschema(old, new)),
    }


def _findings(old: Any, new: Any, mode: str) -> tuple[bool, list[dict[str, Any]]]:
    result = check_compatibility(old, new, mode=mode, format="jsonschema")
    return result.compatible, [
        {"rule": f.rule, "registry_accepts": f.registry_accepts} for f in result.findings
    ]


def expected_sound(old: Any, new: Any) -> dict[str, Any]:
    """A rule past Confluent's: the BACKWARD findings, and the FORWARD verdict too."""
    exp = expected(old, new)
    exp["registry_accepts"] = [f["registry_accepts"] for f in _findings(old, new, "BACKWARD")[1]]
    compatible, findings = _findings(old, new, "FORWARD")
    exp["forward"] = {"compatible": compatible, "findings": findings}
    return exp


def main() -> None:
    missing = sorted(set(RULES) - set(PAIRS) - set(SOUND_PAIRS))
    if missing:
        raise SystemExit(f"no pair for: {', '.join(missing)}")
    for rule, (old, new) in sorted({**PAIRS, **SOUND_PAIRS}.items()):
        exp = expected(old, new) if rule in PAIRS else expected_sound(old, new)
        if rule in PAIRS and not any(d.startswith(rule + " ") for d in exp["differences"]):
            raise SystemExit(f"{rule}: the pair gives {exp['differences']}")
        shown = rule in [f["rule"] for f in exp["findings"]]
        marker = rule.endswith("_EXTENDED") and exp["compatible"]
        if rule in SOUND_PAIRS and not shown and not marker:
            raise SystemExit(f"{rule}: the pair gives {exp['findings']}")
        folder = ROOT / rule
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in (("old.json", old), ("new.json", new), ("expected.json", exp)):
            (folder / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(PAIRS) + len(SOUND_PAIRS)} fixtures under {ROOT}")


if __name__ == "__main__":
    main()


# ------------------------------------------------------------------------------ docs/rules.md

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
START = "## JSON Schema rules\n"
END = "\n## Rules common to both formats"


def _verdict(rule: str) -> str:
    from event_contracts._compat.json_rules import LENIENT, STRICT
    from event_contracts._compat.json_rules_sound import SOUND_OK

    if rule in SOUND_OK:
        return "Not breaking (beyond Confluent)."
    if rule in SOUND_PAIRS:
        return (
            "Breaking under both policies; beyond Confluent (the registry accepts the change: "
            "`registry_accepts: true`)."
        )
    if rule in STRICT:
        return "Not breaking."
    if rule in LENIENT:
        return "Breaking under STRICT (the default); accepted under the LENIENT policy."
    return "Breaking under both policies."


def _compact(schema: Any) -> str:
    return json.dumps(schema, separators=(", ", ": "))


def rules_section() -> str:
    from event_contracts._compat.json_rules import STRICT
    from event_contracts._compat.json_rules_sound import SOUND_OK
    from event_contracts._compat.jsonschema import RULE_BY_ID, _where

    out = [
        START,
        "Rule ids are Confluent Schema Registry's own names for JSON Schema differences, so the",
        "registry's error text and these pages can be searched with the same words. The rules",
        "marked *beyond Confluent* are ours: they judge keywords Confluent does not compare",
        "(`propertyNames`, `patternProperties`, `contains`, `if`/`then`/`else`, `oneOf`",
        "exclusivity, draft-04 boolean bounds, `required` names, `enum`/`const` value by value).",
        "Each rule",
        "below says whether it breaks compatibility, what it means, a BACKWARD example (the new",
        "schema reads data written with the old one), and the fix. [JSON Schema",
        "compatibility](jsonschema-compat.md) explains content models, modes and policies.",
        "",
    ]
    pairs = {**PAIRS, **SOUND_PAIRS}
    for rule_id in sorted(pairs):
        rule = RULE_BY_ID[rule_id]
        old, new = pairs[rule_id]
        found = diff_jsonschema(old, new, sound=rule_id in SOUND_PAIRS)
        paths = [d.path for d in found if d.rule == rule_id]
        where = _where(paths[0] if paths else "")
        explain = rule.explain.format(
            writer="the writer (old) schema", reader="the reader (new) schema", where=where
        )
        out += [f"### {rule_id}", "", f"{_verdict(rule_id)} {rule.purpose}", ""]
        if explain != rule.purpose:
            out += [explain[0].upper() + explain[1:], ""]
        out += [f"Example: `{_compact(old)}` → `{_compact(new)}`", ""]
        if rule_id not in STRICT and rule_id not in SOUND_OK:
            names = ("the writer (old) schema", "the reader (new) schema")
            out += [f"Fix: {rule.fix_for('backward', *names)}.", ""]
    return "\n".join(out)


def write_docs() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(START)
    end = text.index(END)
    DOCS.write_text(text[:start] + rules_section() + text[end:], encoding="utf-8")
    print(f"wrote the JSON Schema section of {DOCS}")


if __name__ == "__main__":
    write_docs()
