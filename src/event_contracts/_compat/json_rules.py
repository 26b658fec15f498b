"""The JSON Schema rules: Confluent's difference names, what each means, and which are allowed.

Each rule is a small named record: its id (Confluent Schema Registry's `Difference.Type`, so users
can search the registry's own error text), a one-line purpose, an explanation in plain words
(`{writer}`, `{reader}` and `{where}` are filled in), and a fix. `STRICT` and `LENIENT` are the
sets of rules that do not break compatibility under each policy, as Confluent defines them.
"""

from __future__ import annotations

from types import MappingProxyType

from event_contracts._compat.json_policy import LENIENT, STRICT
from event_contracts._compat.json_rulebook import (
    Rule,
    bounds,
    rule,
)
from event_contracts._compat.json_rules_content import CONTENT_RULES

__all__ = ["LENIENT", "RULES", "RULE_BY_ID", "STRICT", "Rule"]

_CATALOGUE: list[Rule] = [
    rule("ID_CHANGED", "`$id` changed; it does not constrain data."),
    rule("DESCRIPTION_CHANGED", "`description` changed; it does not constrain data."),
    rule("TITLE_CHANGED", "`title` changed; it does not constrain data."),
    rule("DEFAULT_CHANGED", "`default` changed; JSON Schema validation does not use it."),
    rule(
        "SCHEMA_ADDED",
        "A subschema that was absent (anything allowed) now constrains data.",
        "{reader} has a schema at {where} where {writer} has none, so values {writer} allows "
        "there may be rejected.",
        "leave the subschema out, or make it accept everything the old schema accepted",
    ),
    rule("SCHEMA_REMOVED", "A subschema was removed; anything is accepted there now."),
    rule("TYPE_EXTENDED", "`integer` became `number`: every integer is still accepted."),
    rule(
        "TYPE_NARROWED",
        "`number` became `integer`.",
        "{reader} accepts only integers at {where}, but {writer} allows any number (1.5).",
        "keep `number`, or add an `integer` field beside it",
    ),
    rule(
        "TYPE_CHANGED",
        "The type (or kind of schema) changed.",
        "The schema at {where} has a different type in {reader} than in {writer}, so values "
        "written with {writer} do not match it.",
        "keep the type; to change it add a new property with the new type and deprecate the old",
    ),
    *bounds("MAX_LENGTH", "maxLength", ("ADDED", "DECREASED")),
    *bounds("MIN_LENGTH", "minLength", ("ADDED", "INCREASED")),
    rule(
        "PATTERN_ADDED",
        "A `pattern` was added.",
        "{reader} has a `pattern` at {where} that {writer} does not; strings {writer} allows may "
        "not match it.",
        "leave the pattern out, or validate it in the producer without changing the schema",
    ),
    rule("PATTERN_REMOVED", "A `pattern` was removed; every string is accepted now."),
    rule(
        "PATTERN_CHANGED",
        "The `pattern` changed.",
        "The `pattern` at {where} changed; strings that matched the old one may not match the "
        "new one.",
        "keep the old pattern (any change of it is treated as incompatible)",
    ),
    *bounds("MAXIMUM", "maximum", ("ADDED", "DECREASED")),
    *bounds("MINIMUM", "minimum", ("ADDED", "INCREASED")),
    *bounds("EXCLUSIVE_MAXIMUM", "exclusiveMaximum", ("ADDED", "DECREASED")),
    *bounds("EXCLUSIVE_MINIMUM", "exclusiveMinimum", ("ADDED", "INCREASED")),
    rule(
        "MULTIPLE_OF_ADDED",
        "A `multipleOf` was added.",
        "{reader} has `multipleOf` at {where} and {writer} does not; numbers {writer} allows may "
        "not be multiples.",
        "leave `multipleOf` out",
    ),
    rule("MULTIPLE_OF_REMOVED", "`multipleOf` was removed; every number is accepted now."),
    rule(
        "MULTIPLE_OF_EXPANDED",
        "`multipleOf` became a multiple of the old value (2 → 4).",
        "`multipleOf` at {where} in {reader} is a multiple of the one in {writer}: some numbers "
        "{writer} allows (2, when it is 2 in one and 4 in the other) are rejected.",
        "keep the old `multipleOf`, or use a divisor of it",
    ),
    rule("MULTIPLE_OF_REDUCED", "`multipleOf` became a divisor of the old value (4 → 2)."),
    rule(
        "MULTIPLE_OF_CHANGED",
        "`multipleOf` changed to a value that is neither a multiple nor a divisor.",
        "`multipleOf` at {where} differs between {writer} and {reader}; numbers {writer} allows "
        "are not all multiples of the value in {reader}.",
        "keep the old `multipleOf`, or use a divisor of it",
    ),
    *CONTENT_RULES,
    rule("ENUM_ARRAY_EXTENDED", "`enum` gained values."),
    rule(
        "ENUM_ARRAY_NARROWED",
        "`enum` lost values.",
        "The `enum` at {where} in {reader} lacks values that {writer} allows.",
        "keep every old value (mark retired ones in the description)",
    ),
    rule(
        "ENUM_ARRAY_CHANGED",
        "`enum` (or `const`) changed its values.",
        "The allowed values at {where} differ; values {writer} allows are rejected by {reader}.",
        "keep every old value; only add new ones",
    ),
    rule(
        "COMBINED_TYPE_EXTENDED",
        "`allOf`/`oneOf` became `anyOf` (or a single-branch combination changed keyword).",
    ),
    rule(
        "COMBINED_TYPE_CHANGED",
        "`allOf`/`anyOf`/`oneOf` changed keyword in a narrowing way.",
        "The combination at {where} changed keyword, so data matching {writer} may not match "
        "{reader}.",
        "keep the combination keyword, or move to `anyOf`",
    ),
    rule(
        "PRODUCT_TYPE_EXTENDED",
        "`allOf` gained a branch.",
        "The `allOf` at {where} has more branches in {reader} than in {writer}: data must "
        "match one more schema.",
        "do not add `allOf` branches; put the constraint in the producer",
    ),
    rule("PRODUCT_TYPE_NARROWED", "`allOf` lost a branch (fewer constraints)."),
    rule("SUM_TYPE_EXTENDED", "`anyOf`/`oneOf` (or a type list) gained a branch."),
    rule(
        "SUM_TYPE_NARROWED",
        "`anyOf`/`oneOf` (or a type list) lost a branch.",
        "The union at {where} has fewer branches in {reader} than in {writer}; data written with "
        "a missing branch is rejected.",
        "keep every branch of the union",
    ),
    rule(
        "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
        "The branches of `allOf`/`anyOf`/`oneOf` changed so that some old branch has no match.",
        "Some branch of the combination at {where} in {writer} has no compatible branch in "
        "{reader}.",
        "keep every old branch (changed only compatibly); add new branches beside them",
    ),
    rule(
        "NOT_TYPE_EXTENDED",
        "The schema under `not` accepts more, so the outer schema rejects more.",
        "The `not` at {where} excludes more values in {reader} than in {writer}.",
        "keep the `not` schema, or make it exclude less",
    ),
    rule(
        "NOT_TYPE_NARROWED",
        "The schema under `not` accepts less, so the outer schema accepts more.",
    ),
]

# Fixes that read differently when the new schema is the writer (FORWARD, and FULL's second half).
_FORWARD_FIXES = {
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "keep the property declared in the new schema (mark "
    "it deprecated in its description), or use the LENIENT policy",
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": "keep the property, required, in the new "
    "schema while old consumers require it",
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": "keep the property, required, in the new "
    "schema while old consumers require it",
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": "old consumers read a closed object and reject "
    "properties they do not declare, so under FORWARD or FULL it cannot gain properties (under "
    "either policy): evolve it under BACKWARD, or publish a new event type",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": "give the new property a "
    "schema within what the old `additionalProperties`/`patternProperties` allow",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": "keep the property declared in "
    "the new schema",
    "ADDITIONAL_PROPERTIES_REMOVED": "keep the object closed in the new schema "
    "(`additionalProperties: false`)",
    "ADDITIONAL_PROPERTIES_NARROWED": "keep the `additionalProperties` schema in the new schema",
    "REQUIRED_ATTRIBUTE_ADDED": "keep the property required in the new schema while old "
    "consumers require it",
    "SCHEMA_ADDED": "keep the subschema in the new schema",
    "SUM_TYPE_NARROWED": "old consumers reject the new branch: add branches under BACKWARD only, "
    "or publish a new event type",
    "ENUM_ARRAY_NARROWED": "old consumers reject the new values: add values under BACKWARD "
    "only, or publish a new event type",
    "TYPE_NARROWED": "keep `integer` while old consumers read it",
}
_FORWARD_DEFAULT = (
    "old consumers must accept everything the new schema allows: undo this change in the new "
    "schema, or publish it as a new event type"
)
_CATALOGUE = [
    Rule(r.id, r.purpose, r.explain, r.fix, _FORWARD_FIXES.get(r.id, _FORWARD_DEFAULT))
    for r in _CATALOGUE
]

RULE_BY_ID: MappingProxyType[str, Rule] = MappingProxyType({r.id: r for r in _CATALOGUE})

RULES: MappingProxyType[str, str] = MappingProxyType({r.id: r.purpose for r in _CATALOGUE})
