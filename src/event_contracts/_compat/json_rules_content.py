"""Confluent's content-model rules: objects (required, properties, extras) and arrays."""

from __future__ import annotations

from event_contracts._compat.json_rulebook import (
    CLOSED,
    OPEN,
    PARTIAL,
    Rule,
    bounds,
    rule,
)

CONTENT_RULES: list[Rule] = [
    rule(
        "REQUIRED_ATTRIBUTE_ADDED",
        "An existing property became required.",
        "{reader} requires {where}, but {writer} lets data leave it out.",
        "keep the property optional (handle its absence in the consumer), or give it a "
        "`default` so Confluent accepts the change",
    ),
    rule(
        "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
        "An existing property with a `default` became required (Confluent accepts this).",
    ),
    rule("REQUIRED_ATTRIBUTE_REMOVED", "A required property became optional."),
    *bounds("MAX_PROPERTIES", "maxProperties", ("ADDED", "DECREASED")),
    *bounds("MIN_PROPERTIES", "minProperties", ("ADDED", "INCREASED")),
    rule("ADDITIONAL_PROPERTIES_ADDED", "Undeclared properties are now allowed."),
    rule(
        "ADDITIONAL_PROPERTIES_REMOVED",
        "Undeclared properties are no longer allowed (`additionalProperties: false`).",
        "{reader} is closed at {where} (`additionalProperties: false`) but {writer} lets data "
        "carry undeclared properties, which {reader} rejects. " + CLOSED,
        "keep the object open, or use the LENIENT policy if producers never send undeclared "
        "properties",
    ),
    rule("ADDITIONAL_PROPERTIES_EXTENDED", "`additionalProperties` went from a schema to allowed."),
    rule(
        "ADDITIONAL_PROPERTIES_NARROWED",
        "`additionalProperties` went from allowed to a schema.",
        "{reader} gives undeclared properties a schema at {where}; {writer} allows them with "
        "any value, so some are rejected. " + PARTIAL,
        "keep `additionalProperties` absent or true, or use the LENIENT policy",
    ),
    rule(
        "DEPENDENCY_ARRAY_ADDED",
        "A property dependency (`dependencies`/`dependentRequired`) was added.",
        "{reader} has a dependency at {where} that {writer} does not: data that has the property "
        "but not its dependents is rejected.",
        "leave the dependency out",
    ),
    rule("DEPENDENCY_ARRAY_REMOVED", "A property dependency was removed."),
    rule(
        "DEPENDENCY_ARRAY_EXTENDED",
        "A property dependency lists more properties.",
        "The dependency at {where} lists more properties in {reader}; data without them is "
        "rejected.",
        "keep the old list of dependent properties",
    ),
    rule("DEPENDENCY_ARRAY_NARROWED", "A property dependency lists fewer properties."),
    rule(
        "DEPENDENCY_ARRAY_CHANGED",
        "A property dependency lists different properties.",
        "The dependency at {where} lists other properties in {reader}; data without them is "
        "rejected.",
        "keep the old list of dependent properties",
    ),
    rule(
        "DEPENDENCY_SCHEMA_ADDED",
        "A schema dependency (`dependencies`/`dependentSchemas`) was added.",
        "{reader} has a schema dependency at {where} that {writer} does not; data that has the "
        "property may not match it.",
        "leave the schema dependency out",
    ),
    rule("DEPENDENCY_SCHEMA_REMOVED", "A schema dependency was removed."),
    rule(
        "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "An optional property was added to an object with an open content model.",
        "{reader} declares {where}, which {writer} does not, and {writer} has an open content "
        "model: data written with it may carry that property with any value, which {reader} "
        "would reject. "
        + OPEN
        + " (Confluent 8 reports this as OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL.)",
        'close the object with `"additionalProperties": false` from its first version (a closed '
        "object may gain optional properties), give the new property the empty schema `{{}}`, or "
        "use the LENIENT policy if producers never send undeclared properties",
    ),
    rule(
        "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "A required property was added to an object with an open content model.",
        "{reader} requires {where}, which {writer} does not declare: data written with {writer} "
        "may lack it, or carry it with any value. " + OPEN,
        "make the property optional and close the object (`additionalProperties: false`), or "
        "add it as a new event version",
    ),
    rule(
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
        "A required property with a `default` was added to an object with an open content model.",
        "{reader} declares {where}, but {writer} has an open content model, so data may already "
        "carry that property with any value. " + OPEN,
        'close the object with `"additionalProperties": false`, or use the LENIENT policy',
    ),
    rule(
        "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "A property with the empty schema (`{}` or `true`) was added to an open object.",
    ),
    rule(
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "A required property without a `default` was added to a closed or partially open object.",
        "{reader} requires {where}, which {writer} does not declare, so data written with "
        "{writer} never has it. " + CLOSED,
        "make the new property optional (a closed object may gain optional properties), or give "
        "it a `default`",
    ),
    rule(
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "A required property with a `default` was added to a closed object (Confluent accepts it).",
    ),
    rule(
        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "An optional property was added to a closed or partially open object.",
    ),
    rule(
        "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "A property was removed from an object that is open in the reader.",
    ),
    rule(
        "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A property declared `false` (never present) was removed from a closed object.",
    ),
    rule(
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A property was removed from an object that is closed in the reader.",
        "{reader} does not declare {where}, which {writer} declares, and {reader} has a closed "
        "content model, so data written with {writer} that carries the property is rejected. "
        + CLOSED,
        "keep the property in the schema (mark it deprecated in its description), or open the "
        "object",
    ),
    rule(
        "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed property is still accepted by the reader's additional or pattern properties.",
    ),
    rule(
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed property is not accepted by the reader's additional or pattern properties.",
        "{reader} does not declare {where}, which {writer} declares; in {reader} undeclared "
        "properties must match its additional/pattern properties schema, and values {writer} "
        "allows for that property do not. " + PARTIAL,
        "keep the property declared, or widen `additionalProperties`/`patternProperties` so it "
        "covers the old definition",
    ),
    rule(
        "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added property accepts all the writer's additional or pattern properties allowed.",
    ),
    rule(
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added property is narrower than the writer's additional or pattern properties.",
        "{reader} declares {where}, but {writer} already allowed that property through its "
        "additional/pattern properties schema, with values the new definition rejects. " + PARTIAL,
        "declare the property with a schema that accepts everything the old "
        "`additionalProperties`/`patternProperties` allowed",
    ),
    rule("UNEVALUATED_PROPERTIES_ADDED", "`unevaluatedProperties: false` was dropped."),
    rule(
        "UNEVALUATED_PROPERTIES_REMOVED",
        "`unevaluatedProperties: false` was added.",
        "{reader} rejects unevaluated properties at {where}; {writer} allowed them.",
        "keep `unevaluatedProperties` absent",
    ),
    rule(
        "UNEVALUATED_PROPERTIES_EXTENDED",
        "`unevaluatedProperties` went from a schema to allowed.",
    ),
    rule(
        "UNEVALUATED_PROPERTIES_NARROWED",
        "`unevaluatedProperties` went from allowed to a schema.",
        "{reader} constrains unevaluated properties at {where}; {writer} allowed any.",
        "keep `unevaluatedProperties` absent",
    ),
    *bounds("MAX_ITEMS", "maxItems", ("ADDED", "DECREASED")),
    *bounds("MIN_ITEMS", "minItems", ("ADDED", "INCREASED")),
    *bounds("MAX_CONTAINS", "maxContains", ("ADDED", "DECREASED")),
    *bounds("MIN_CONTAINS", "minContains", ("ADDED", "INCREASED")),
    rule(
        "UNIQUE_ITEMS_ADDED",
        "`uniqueItems: true` was added.",
        "{reader} requires unique items at {where}; {writer} allowed repeats.",
        "leave `uniqueItems` out and deduplicate in the consumer",
    ),
    rule("UNIQUE_ITEMS_REMOVED", "`uniqueItems` was removed; repeats are accepted now."),
    rule("ADDITIONAL_ITEMS_ADDED", "Items beyond the tuple are now allowed."),
    rule(
        "ADDITIONAL_ITEMS_REMOVED",
        "Items beyond the tuple are no longer allowed.",
        "{reader} forbids items beyond the listed ones at {where}; {writer} allowed them.",
        "keep extra items allowed",
    ),
    rule("ADDITIONAL_ITEMS_EXTENDED", "Extra items went from a schema to allowed."),
    rule(
        "ADDITIONAL_ITEMS_NARROWED",
        "Extra items went from allowed to a schema.",
        "{reader} constrains items beyond the tuple at {where}; {writer} allowed any.",
        "keep extra items unconstrained",
    ),
    rule("UNEVALUATED_ITEMS_ADDED", "`unevaluatedItems: false` was dropped."),
    rule(
        "UNEVALUATED_ITEMS_REMOVED",
        "`unevaluatedItems: false` was added.",
        "{reader} rejects unevaluated items at {where}; {writer} allowed them.",
        "keep `unevaluatedItems` absent",
    ),
    rule("UNEVALUATED_ITEMS_EXTENDED", "`unevaluatedItems` went from a schema to allowed."),
    rule(
        "UNEVALUATED_ITEMS_NARROWED",
        "`unevaluatedItems` went from allowed to a schema.",
        "{reader} constrains unevaluated items at {where}; {writer} allowed any.",
        "keep `unevaluatedItems` absent",
    ),
    rule(
        "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
        "A tuple position was added to an array whose writer allows any extra items.",
        "{reader} gives {where} a schema, but {writer} allows any extra items there, so data may "
        "already hold values {reader} rejects.",
        "close the tuple in its first version (`additionalItems: false`, or `items: false` in "
        "2020-12), or give the new position the empty schema",
    ),
    rule(
        "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
        "A tuple position with the empty schema was added to an open array.",
    ),
    rule("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "A tuple position was added to a closed array."),
    rule(
        "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL",
        "A tuple position was removed; the reader allows any extra items.",
    ),
    rule(
        "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A tuple position declared `false` was removed from a closed array.",
    ),
    rule(
        "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "A tuple position was removed from an array that is closed in the reader.",
        "{reader} does not list {where}, which {writer} lists, and forbids extra items, so data "
        "with that item is rejected.",
        "keep the tuple position",
    ),
    rule(
        "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed tuple position is still accepted by the reader's schema for extra items.",
    ),
    rule(
        "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "A removed tuple position is not accepted by the reader's schema for extra items.",
        "{reader} does not list {where}, which {writer} lists; extra items must match its schema "
        "for them, and values {writer} allows there do not.",
        "keep the tuple position, or widen the schema for extra items",
    ),
    rule(
        "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added tuple position accepts everything the writer's extra-items schema allowed.",
    ),
    rule(
        "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "An added tuple position is narrower than the writer's extra-items schema.",
        "{reader} lists {where} with a schema narrower than what {writer} allowed for extra items.",
        "give the new position a schema that accepts what the old extra-items schema allowed",
    ),
]
