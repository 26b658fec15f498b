"""The JSON Schema rules: Confluent's difference names, what each means, and which are allowed.

Each rule is a small named record: its id (Confluent Schema Registry's `Difference.Type`, so users
can search the registry's own error text), a one-line purpose, an explanation in plain words
(`{writer}`, `{reader}` and `{where}` are filled in), and a fix. `STRICT` and `LENIENT` are the
sets of rules that do not break compatibility under each policy, as Confluent defines them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

_OPEN = (
    "An object has an open content model when `additionalProperties` is absent or true and it has "
    "no `patternProperties`: data may carry any undeclared property, of any type."
)
_CLOSED = (
    "An object has a closed content model when `additionalProperties` is false: data may carry "
    "only the declared properties."
)
_PARTIAL = (
    "An object has a partially open content model when `additionalProperties` is a schema or it "
    "has `patternProperties`: undeclared properties are allowed if they match that schema."
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    purpose: str
    explain: str
    fix: str  # for BACKWARD findings (the new schema is the reader)
    fix_forward: str = ""  # for FORWARD findings (the new schema is the writer), if different

    def fix_for(self, direction: str, writer: str, reader: str) -> str:
        template = self.fix_forward if direction == "forward" and self.fix_forward else self.fix
        return template.format(writer=writer, reader=reader)


def _r(rule_id: str, purpose: str, explain: str = "", fix: str = "") -> Rule:
    """A rule; `explain` is a str.format template (`{writer}`, `{reader}`, `{where}`)."""
    return Rule(rule_id, purpose, explain or purpose.replace("{", "{{").replace("}", "}}"), fix)


_LOOSEN_FIX = "make the keyword in {reader} accept everything it accepts in {writer}"
_TIGHT = (
    "{reader} accepts fewer values at {where} than {writer} allows, so some data written with "
    "{writer} is rejected."
)
_VERB = {"ADDED": "added", "REMOVED": "removed", "INCREASED": "raised", "DECREASED": "lowered"}
_COMPARED = {  # direction-neutral: in FORWARD the reader is the old schema
    "ADDED": "{reader} sets `%s` at {where} and {writer} does not",
    "REMOVED": "{reader} has no `%s` at {where} and {writer} does",
    "INCREASED": "`%s` at {where} is higher in {reader} than in {writer}",
    "DECREASED": "`%s` at {where} is lower in {reader} than in {writer}",
}


def _bounds(stem: str, word: str, tighter: tuple[str, ...]) -> list[Rule]:
    """ADDED/REMOVED/INCREASED/DECREASED rules for one bound keyword."""
    out = []
    for change in ("ADDED", "REMOVED", "INCREASED", "DECREASED"):
        rule_id = f"{stem}_{change}"
        purpose = f"`{word}` was {_VERB[change]}."
        if change in tighter:
            explain = _COMPARED[change] % word + ", so some data written with {writer} is rejected."
            out.append(_r(rule_id, purpose, explain, _LOOSEN_FIX))
        else:
            out.append(_r(rule_id, purpose + " The reader accepts at least what it did."))
    return out


_CATALOGUE: list[Rule] = [
    _r("ID_CHANGED", "`$id` changed; it does not constrain data."),
    _r("DESCRIPTION_CHANGED", "`description` changed; it does not constrain data."),
    _r("TITLE_CHANGED", "`title` changed; it does not constrain data."),
    _r("DEFAULT_CHANGED", "`default` changed; JSON Schema validation does not use it."),
    _r(
        "SCHEMA_ADDED",
        "A subschema that was absent (anything allowed) now constrains data.",
        "{reader} has a schema at {where} where {writer} has none, so values {writer} allows "
        "there may be rejected.",
        "leave the subschema out, or make it accept everything the old schema accepted",
    ),
    _r("SCHEMA_REMOVED", "A subschema was removed; anything is accepted there now."),
    _r("TYPE_EXTENDED", "`integer` became `number`: every integer is still accepted."),
    _r(
        "TYPE_NARROWED",
        "`number` became `integer`.",
        "{reader} accepts only integers at {where}, but {writer} allows any number (1.5).",
        "keep `number`, or add an `integer` field beside it",
    ),
    _r(
        "TYPE_CHANGED",
        "The type (or kind of schema) changed.",
        "The schema at {where} has a different type in {reader} than in {writer}, so values "
        "written with {writer} do not match it.",
        "keep the type; to change it add a new property with the new type and deprecate the old",
    ),
    *_bounds("MAX_LENGTH", "maxLength", ("ADDED", "DECREASED")),
    *_bounds("MIN_LENGTH", "minLength", ("ADDED", "INCREASED")),
    _r(
        "PATTERN_ADDED",
        "A `pattern` was added.",
        "{reader} has a `pattern` at {where} that {writer} does not; strings {writer} allows may "
        "not match it.",
        "leave the pattern out, or validate it in the producer without changing the schema",
    ),
    _r("PATTERN_REMOVED", "A `pattern` was removed; every string is accepted now."),
    _r(
        "PATTERN_CHANGED",
        "The `pattern` changed.",
        "The `pattern` at {where} changed; strings that matched the old one may not match the "
        "new one.",
        "keep the old pattern (any change of it is treated as incompatible)",
    ),
    *_bounds("MAXIMUM", "maximum", ("ADDED", "DECREASED")),
    *_bounds("MINIMUM", "minimum", ("ADDED", "INCREASED")),
    *_bounds("EXCLUSIVE_MAXIMUM", "exclusiveMaximum", ("ADDED", "DECREASED")),
    *_bounds("EXCLUSIVE_MINIMUM", "exclusiveMinimum", ("ADDED", "INCREASED")),
    _r(
        "MULTIPLE_OF_ADDED",
        "A `multipleOf` was added.",
        "{reader} has `multipleOf` at {where} and {writer} does not; numbers {writer} allows may "
        "not be multiples.",
        "leave `multipleOf` out",
    ),
    _r("MULTIPLE_OF_REMOVED", "`multipleOf` was removed; every number is accepted now."),
    _r(
        "MULTIPLE_OF_EXPANDED",
        "`multipleOf` became a multiple of the old value (2 → 4).",
        "`multipleOf` at {where} in {reader} is a multiple of the one in {writer}: some numbers "
        "{writer} allows (2, when it is 2 in one and 4 in the other) are rejected.",
        "keep the old `multipleOf`, or use a divisor of it",
    ),
    _r("MULTIPLE_OF_REDUCED", "`multipleOf` became a divisor of the old value (4 → 2)."),
    _r(
        "MULTIPLE_OF_CHANGED",
        "`multipleOf` changed to a value that is neither a multiple nor a divisor.",
        "`multipleOf` at {where} differs between {writer} and {reader}; numbers {writer} allows "
        "are not all multiples of the value in {reader}.",
        "keep the old `multipleOf`, or use a divisor of it",
    ),
    _r(
        "REQUIRED_ATTRIBUTE_ADDED",
        "An existing property became required.",
        "{reader} requires {where}, but {writer} lets data leave it out.",
        "keep the property optional (handle its absence in the consumer), or give it a "
        "`default` so Confluent accepts the change",
    ),
    _r(
        "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
        "An existing property with a `default` became required (Confluent accepts this).",
    ),
    _r("REQUIRED_ATTRIBUTE_REMOVED", "A required property became optional."),
    *_bounds("MAX_PROPERTIES", "maxProperties", ("ADDED", "DECREASED")),
    *_bounds("MIN_PROPERTIES", "minProperties", ("ADDED", "INCREASED")),
    _r("ADDITIONAL_PROPERTIES_ADDED", "Undeclared properties are now allowed."),
    _r(
        "ADDITIONAL_PROPERTIES_REMOVED",
        "Undeclared properties are no longer allowed (`additionalProperties: false`).",
        "{reader} is closed at {where} (`additionalProperties: false`) but {writer} lets data "
        "carry undeclared properties, which {reader} rejects. " + _CLOSED,
        "keep the object open, or use the LENIENT policy if producers never send undeclared "
        "properties",
    ),
    _r("ADDITIONAL_PROPERTIES_EXTENDED", "`additionalProperties` went from a schema to allowed."),
    _r(
        "ADDITIONAL_PROPERTIES_NARROWED",
        "`additionalProperties` went from allowed to a schema.",
        "{reader} gives undeclared properties a schema at {where}; {writer} allows them with "
        "any value, so some are rejected. " + _PARTIAL,
        "keep `additionalProperties` absent or true, or use the LENIENT policy",
    ),
    _r(
        "DEPENDENCY_ARRAY_ADDED",
        "A property dependency (`dependencies`/`dependentRequired`) was added.",
        "{reader} has a dependency at {where} that {writer} does not: data that has the property "
        "but not its dependents is rejected.",
        "leave the dependency out",
    ),
    _r("DEPENDENCY_ARRAY_REMOVED", "A property dependency was removed."),
    _r(
        "DEPENDENCY_ARRAY_EXTENDED",
        "A property dependency lists more properties.",
        "The dependency at {where} lists more properties in {reader}; data without them is "
        "rejected.",
        "keep the old list of dependent properties",
    ),
    _r("DEPENDENCY_ARRAY_NARROWED", "A property dependency lists fewer properties."),
    _r(
        "DEPENDENCY_ARRAY_CHANGED",
        "A property dependency lists different properties.",
        "The dependency at {where} lists other properties in {reader}; data without them is "
        "rejected.",
        "keep the old list of dependent properties",
    ),
    _r(
        "DEPENDENCY_SCHEMA_ADDED",
        "A schema dependency (`dependencies`/`dependentSchemas`) was added.",
        "{reader} has a schema dependency at {where} that {writer} does not; data that has the "
        "property may not match it.",
        "leave the schema dependency out",
    ),
    _r("DEPENDENCY_SCHEMA_REMOVED", "A schema dependency was removed."),
    _r(
        "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "An optional property was added to an object with an open content model.",
        "{reader} declares {where}, which {writer} does not, and {writer} has an open content "
        "model: data written with it may carry that property with any value, which {reader} "
        "would reject. "
        + _OPEN
        + " (Confluent 8 reports this as OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL.)",
        'close the object with `"additionalProperties": false` from its first version (a closed '
        "object may gain optional properties), give the new property the empty schema `{{}}`, or "
        "use the LENIENT policy if producers never send undeclared properties",
    ),
    _r(
        "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "A required property was added to an object with an open content model.",
        "{reader} requires {where}, which {writer} does not declare: data written with {writer} "
        "may lack it, or carry it with any value. " + _OPEN,
        "make the property optional and close the object (`additionalProperties: false`), or "
        "add it as a new event version",
    ),
    _r(
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
        "A required property with a `default` was added to an object with an open content model.",
        "{reader} declares {where}, but {writer} has an open content model, so data may already "
        "carry that property with any value. " + _OPEN,
        'close the object with `"additionalProperties": false`, or use the LENIENT policy',
    ),
    _r(
        "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "A property with the empty schema (`{}` or `true`) was added to an open object.",
    ),
    _r(
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "A required property without a `default` was added to a closed or partially open object.",
        "{reader} requires {where}, which {writer} does not declare, so data written with "
        "{writer} never has it. " + _CLOSED,
        "make the new property optional (a closed object may gain optional properties), or give "
        "it a `default`",
    ),
    _r(
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "A required property with a `default` was added to a closed object (Confluent accepts it).",
    ),
    _r(
        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "An optional property was added to a closed or partially open object.",
    ),
    _r(
        "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "A property was removed from an object that is open in the reader.",
    ),
    _r(
        "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A property declared `false` (never present) was removed from a closed object.",
    ),
    _r(
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A property was removed from an object that is closed in the reader.",
        "{reader} does not declare {where}, which {writer} declares, and {reader} has a closed "
        "content model, so data written with {writer} that carries the property is rejected. "
        + _CLOSED,
        "keep the property in the schema (mark it deprecated in its description), or open the "
        "object",
    ),
    _r(
        "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed property is still accepted by the reader's additional or pattern properties.",
    ),
    _r(
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed property is not accepted by the reader's additional or pattern properties.",
        "{reader} does not declare {where}, which {writer} declares; in {reader} undeclared "
        "properties must match its additional/pattern properties schema, and values {writer} "
        "allows for that property do not. " + _PARTIAL,
        "keep the property declared, or widen `additionalProperties`/`patternProperties` so it "
        "covers the old definition",
    ),
    _r(
        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added property accepts all the writer's additional or pattern properties allowed.",
    ),
    _r(
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added property is narrower than the writer's additional or pattern properties.",
        "{reader} declares {where}, but {writer} already allowed that property through its "
        "additional/pattern properties schema, with values the new definition rejects. " + _PARTIAL,
        "declare the property with a schema that accepts everything the old "
        "`additionalProperties`/`patternProperties` allowed",
    ),
    _r("UNEVALUATED_PROPERTIES_ADDED", "`unevaluatedProperties: false` was dropped."),
    _r(
        "UNEVALUATED_PROPERTIES_REMOVED",
        "`unevaluatedProperties: false` was added.",
        "{reader} rejects unevaluated properties at {where}; {writer} allowed them.",
        "keep `unevaluatedProperties` absent",
    ),
    _r("UNEVALUATED_PROPERTIES_EXTENDED", "`unevaluatedProperties` went from a schema to allowed."),
    _r(
        "UNEVALUATED_PROPERTIES_NARROWED",
        "`unevaluatedProperties` went from allowed to a schema.",
        "{reader} constrains unevaluated properties at {where}; {writer} allowed any.",
        "keep `unevaluatedProperties` absent",
    ),
    *_bounds("MAX_ITEMS", "maxItems", ("ADDED", "DECREASED")),
    *_bounds("MIN_ITEMS", "minItems", ("ADDED", "INCREASED")),
    *_bounds("MAX_CONTAINS", "maxContains", ("ADDED", "DECREASED")),
    *_bounds("MIN_CONTAINS", "minContains", ("ADDED", "INCREASED")),
    _r(
        "UNIQUE_ITEMS_ADDED",
        "`uniqueItems: true` was added.",
        "{reader} requires unique items at {where}; {writer} allowed repeats.",
        "leave `uniqueItems` out and deduplicate in the consumer",
    ),
    _r("UNIQUE_ITEMS_REMOVED", "`uniqueItems` was removed; repeats are accepted now."),
    _r("ADDITIONAL_ITEMS_ADDED", "Items beyond the tuple are now allowed."),
    _r(
        "ADDITIONAL_ITEMS_REMOVED",
        "Items beyond the tuple are no longer allowed.",
        "{reader} forbids items beyond the listed ones at {where}; {writer} allowed them.",
        "keep extra items allowed",
    ),
    _r("ADDITIONAL_ITEMS_EXTENDED", "Extra items went from a schema to allowed."),
    _r(
        "ADDITIONAL_ITEMS_NARROWED",
        "Extra items went from allowed to a schema.",
        "{reader} constrains items beyond the tuple at {where}; {writer} allowed any.",
        "keep extra items unconstrained",
    ),
    _r("UNEVALUATED_ITEMS_ADDED", "`unevaluatedItems: false` was dropped."),
    _r(
        "UNEVALUATED_ITEMS_REMOVED",
        "`unevaluatedItems: false` was added.",
        "{reader} rejects unevaluated items at {where}; {writer} allowed them.",
        "keep `unevaluatedItems` absent",
    ),
    _r("UNEVALUATED_ITEMS_EXTENDED", "`unevaluatedItems` went from a schema to allowed."),
    _r(
        "UNEVALUATED_ITEMS_NARROWED",
        "`unevaluatedItems` went from allowed to a schema.",
        "{reader} constrains unevaluated items at {where}; {writer} allowed any.",
        "keep `unevaluatedItems` absent",
    ),
    _r(
        "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
        "A tuple position was added to an array whose writer allows any extra items.",
        "{reader} gives {where} a schema, but {writer} allows any extra items there, so data may "
        "already hold values {reader} rejects.",
        "close the tuple in its first version (`additionalItems: false`, or `items: false` in "
        "2020-12), or give the new position the empty schema",
    ),
    _r(
        "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "A tuple position with the empty schema was added to an open array.",
    ),
    _r("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "A tuple position was added to a closed array."),
    _r(
        "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "A tuple position was removed; the reader allows any extra items.",
    ),
    _r(
        "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A tuple position declared `false` was removed from a closed array.",
    ),
    _r(
        "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A tuple position was removed from an array that is closed in the reader.",
        "{reader} does not list {where}, which {writer} lists, and forbids extra items, so data "
        "with that item is rejected.",
        "keep the tuple position",
    ),
    _r(
        "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed tuple position is still accepted by the reader's schema for extra items.",
    ),
    _r(
        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed tuple position is not accepted by the reader's schema for extra items.",
        "{reader} does not list {where}, which {writer} lists; extra items must match its schema "
        "for them, and values {writer} allows there do not.",
        "keep the tuple position, or widen the schema for extra items",
    ),
    _r(
        "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added tuple position accepts everything the writer's extra-items schema allowed.",
    ),
    _r(
        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added tuple position is narrower than the writer's extra-items schema.",
        "{reader} lists {where} with a schema narrower than what {writer} allowed for extra items.",
        "give the new position a schema that accepts what the old extra-items schema allowed",
    ),
    _r("ENUM_ARRAY_EXTENDED", "`enum` gained values."),
    _r(
        "ENUM_ARRAY_NARROWED",
        "`enum` lost values.",
        "The `enum` at {where} in {reader} lacks values that {writer} allows.",
        "keep every old value (mark retired ones in the description)",
    ),
    _r(
        "ENUM_ARRAY_CHANGED",
        "`enum` (or `const`) changed its values.",
        "The allowed values at {where} differ; values {writer} allows are rejected by {reader}.",
        "keep every old value; only add new ones",
    ),
    _r(
        "COMBINED_TYPE_EXTENDED",
        "`allOf`/`oneOf` became `anyOf` (or a single-branch combination changed keyword).",
    ),
    _r(
        "COMBINED_TYPE_CHANGED",
        "`allOf`/`anyOf`/`oneOf` changed keyword in a narrowing way.",
        "The combination at {where} changed keyword, so data matching {writer} may not match "
        "{reader}.",
        "keep the combination keyword, or move to `anyOf`",
    ),
    _r(
        "PRODUCT_TYPE_EXTENDED",
        "`allOf` gained a branch.",
        "The `allOf` at {where} has more branches in {reader} than in {writer}: data must "
        "match one more schema.",
        "do not add `allOf` branches; put the constraint in the producer",
    ),
    _r("PRODUCT_TYPE_NARROWED", "`allOf` lost a branch (fewer constraints)."),
    _r("SUM_TYPE_EXTENDED", "`anyOf`/`oneOf` (or a type list) gained a branch."),
    _r(
        "SUM_TYPE_NARROWED",
        "`anyOf`/`oneOf` (or a type list) lost a branch.",
        "The union at {where} has fewer branches in {reader} than in {writer}; data written with "
        "a missing branch is rejected.",
        "keep every branch of the union",
    ),
    _r(
        "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
        "The branches of `allOf`/`anyOf`/`oneOf` changed so that some old branch has no match.",
        "Some branch of the combination at {where} in {writer} has no compatible branch in "
        "{reader}.",
        "keep every old branch (changed only compatibly); add new branches beside them",
    ),
    _r(
        "NOT_TYPE_EXTENDED",
        "The schema under `not` accepts more, so the outer schema rejects more.",
        "The `not` at {where} excludes more values in {reader} than in {writer}.",
        "keep the `not` schema, or make it exclude less",
    ),
    _r(
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

# Confluent's SchemaDiff.COMPATIBLE_CHANGES (STRICT): every other difference breaks compatibility.
STRICT: frozenset[str] = frozenset(
    {
        "ID_CHANGED",
        "DESCRIPTION_CHANGED",
        "TITLE_CHANGED",
        "DEFAULT_CHANGED",
        "SCHEMA_REMOVED",
        "TYPE_EXTENDED",
        "MAX_LENGTH_INCREASED",
        "MAX_LENGTH_REMOVED",
        "MIN_LENGTH_DECREASED",
        "MIN_LENGTH_REMOVED",
        "PATTERN_REMOVED",
        "MAXIMUM_INCREASED",
        "MAXIMUM_REMOVED",
        "MINIMUM_DECREASED",
        "MINIMUM_REMOVED",
        "EXCLUSIVE_MAXIMUM_INCREASED",
        "EXCLUSIVE_MAXIMUM_REMOVED",
        "EXCLUSIVE_MINIMUM_DECREASED",
        "EXCLUSIVE_MINIMUM_REMOVED",
        "MULTIPLE_OF_REDUCED",
        "MULTIPLE_OF_REMOVED",
        "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
        "REQUIRED_ATTRIBUTE_REMOVED",
        "DEPENDENCY_ARRAY_NARROWED",
        "DEPENDENCY_ARRAY_REMOVED",
        "DEPENDENCY_SCHEMA_REMOVED",
        "MAX_PROPERTIES_INCREASED",
        "MAX_PROPERTIES_REMOVED",
        "MIN_PROPERTIES_DECREASED",
        "MIN_PROPERTIES_REMOVED",
        "ADDITIONAL_PROPERTIES_ADDED",
        "ADDITIONAL_PROPERTIES_EXTENDED",
        "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "UNEVALUATED_PROPERTIES_ADDED",
        "UNEVALUATED_PROPERTIES_EXTENDED",
        "MAX_ITEMS_INCREASED",
        "MAX_ITEMS_REMOVED",
        "MIN_ITEMS_DECREASED",
        "MIN_ITEMS_REMOVED",
        "MAX_CONTAINS_INCREASED",
        "MAX_CONTAINS_REMOVED",
        "MIN_CONTAINS_DECREASED",
        "MIN_CONTAINS_REMOVED",
        "UNIQUE_ITEMS_REMOVED",
        "ADDITIONAL_ITEMS_ADDED",
        "ADDITIONAL_ITEMS_EXTENDED",
        "UNEVALUATED_ITEMS_ADDED",
        "UNEVALUATED_ITEMS_EXTENDED",
        "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL",
        "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "ENUM_ARRAY_EXTENDED",
        "COMBINED_TYPE_EXTENDED",
        "PRODUCT_TYPE_NARROWED",
        "SUM_TYPE_EXTENDED",
        "NOT_TYPE_NARROWED",
    }
)

# Confluent's COMPATIBLE_CHANGES_LENIENT: STRICT plus ADDITIONAL_PROPERTIES_NARROWED and _REMOVED,
# PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL, PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL (already in
# STRICT) and the two NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL rules. It does not accept
# PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: a closed reader rejects a property its writer
# declares, which breaks producers that follow their schema. The required-with-default addition
# to an open model is the part of Confluent's PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL that
# Confluent 8 names apart, so it is accepted too.
LENIENT: frozenset[str] = STRICT | {
    "ADDITIONAL_PROPERTIES_NARROWED",
    "ADDITIONAL_PROPERTIES_REMOVED",
    "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
}

RULES: MappingProxyType[str, str] = MappingProxyType({r.id: r.purpose for r in _CATALOGUE})
