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


def main() -> None:
    missing = sorted(set(RULES) - set(PAIRS))
    if missing:
        raise SystemExit(f"no pair for: {', '.join(missing)}")
    for rule, (old, new) in sorted(PAIRS.items()):
        exp = expected(old, new)
        if not any(d.startswith(rule + " ") for d in exp["differences"]):
            raise SystemExit(f"{rule}: the pair gives {exp['differences']}")
        folder = ROOT / rule
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in (("old.json", old), ("new.json", new), ("expected.json", exp)):
            (folder / name).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(PAIRS)} fixtures under {ROOT}")


if __name__ == "__main__":
    main()


# ------------------------------------------------------------------------------ docs/rules.md

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
START = "## JSON Schema rules\n"
END = "\n## Rules common to both formats"


def _verdict(rule: str) -> str:
    from event_contracts._compat.json_rules import LENIENT, STRICT

    if rule in STRICT:
        return "Not breaking."
    if rule in LENIENT:
        return "Breaking under STRICT (the default); accepted under the LENIENT policy."
    return "Breaking under both policies."


def _compact(schema: Any) -> str:
    return json.dumps(schema, separators=(", ", ": "))


def rules_section() -> str:
    from event_contracts._compat.json_rules import RULE_BY_ID, STRICT
    from event_contracts._compat.jsonschema import _where

    out = [
        START,
        "Rule ids are Confluent Schema Registry's own names for JSON Schema differences, so the",
        "registry's error text and these pages can be searched with the same words. Each rule",
        "below says whether it breaks compatibility, what it means, a BACKWARD example (the new",
        "schema reads data written with the old one), and the fix. [JSON Schema",
        "compatibility](jsonschema-compat.md) explains content models, modes and policies.",
        "",
    ]
    for rule_id in sorted(PAIRS):
        rule = RULE_BY_ID[rule_id]
        old, new = PAIRS[rule_id]
        paths = [d.path for d in diff_jsonschema(old, new) if d.rule == rule_id]
        where = _where(paths[0] if paths else "")
        explain = rule.explain.format(
            writer="the writer (old) schema", reader="the reader (new) schema", where=where
        )
        out += [f"### {rule_id}", "", f"{_verdict(rule_id)} {rule.purpose}", ""]
        if explain != rule.purpose:
            out += [explain[0].upper() + explain[1:], ""]
        out += [f"Example: `{_compact(old)}` → `{_compact(new)}`", ""]
        if rule_id not in STRICT:
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
