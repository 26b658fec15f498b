"""The rules past Confluent's: what JSON Schema means where Confluent's SchemaDiff does not look.

Same records as `json_rules` (id, purpose, explanation, fix). `SOUND_OK` are the ones that do not
break compatibility: they only record that a keyword changed and was judged safe (so the
counterexample search still looks there). The others are errors under every policy: Confluent
Schema Registry would accept these changes, and data shows, or the checker cannot rule out, a
document the writer accepts and the reader rejects.
"""

from __future__ import annotations

from event_contracts._compat.json_rules import Rule

_UNDO = "undo the change in {reader}, or publish a new event type"


def _rule(rule_id: str, purpose: str, explain: str = "", fix: str = _UNDO) -> Rule:
    text = explain or purpose.replace("{", "{{").replace("}", "}}")
    return Rule(rule_id, purpose, text, fix, fix)


SOUND_RULES: list[Rule] = [
    _rule(
        "ENUM_VALUE_REJECTED",
        "A value the writer's `enum`/`const` lists is rejected by the reader.",
        "{writer} allows a fixed set of values at {where} (`enum`, `const`, `boolean` or "
        "`null`), and {reader} rejects at least one of them (checked value by value).",
        "make {reader} accept every value {writer} lists at that place",
    ),
    _rule(
        "TYPES_NARROWED",
        "The reader admits fewer JSON types than the writer (a `type` was added or narrowed).",
        "{reader} restricts the JSON types at {where}; {writer} allows other types there "
        "(a schema without `type` accepts every type, whatever its other keywords).",
        "keep `type` as wide as in {writer}, or add the constraint in the producer",
    ),
    _rule(
        "FORMAT_NARROWED",
        "The reader checks a `format` (`date-time`, `date`, `uuid`) the writer did not.",
        "{reader} has a `format` at {where} that the generated classes check (`date-time`, "
        "`date` or `uuid`), and {writer} has none there, or another: strings {writer} allows "
        "fail to decode. JSON Schema and Confluent call `format` an annotation; the runtime "
        "does not.",
        "keep the format of {writer} at that place (or none)",
    ),
    _rule(
        "ONE_OF_NOT_EXCLUSIVE",
        "A `oneOf` whose branches may overlap: data matching two branches is rejected.",
        "The `oneOf` at {where} in {reader} has branches that the checker cannot prove "
        "exclusive; a document {writer} allows may match two of them, and `oneOf` rejects it.",
        "use `anyOf`, or make the branches exclusive (different types, or a discriminating "
        "required property with different `const` values)",
    ),
    _rule(
        "CONDITIONAL_NARROWED",
        "With the same `if`, the reader's `then` or `else` accepts less.",
        "The `then`/`else` at {where} accepts less in {reader} than in {writer}, under the "
        "same `if`.",
    ),
    _rule(
        "CONDITIONAL_CHANGED",
        "The `if` condition changed and the branches do not accept the same data.",
        "The `if` at {where} differs between {writer} and {reader}, and a branch of {writer} "
        "does not fit every branch of {reader}; data may take another branch and be rejected.",
        "keep the `if` condition; change `then`/`else` only to accept more",
    ),
    _rule(
        "CONDITIONAL_ADDED",
        "`if`/`then`/`else` was added and a branch rejects data the writer allows.",
        "{reader} adds a condition at {where}: data that meets its `if` must match `then` "
        "(else `else`), and {writer} allows data that does not.",
        "leave the condition out, or make its branches accept what {writer} allows",
    ),
    _rule(
        "CONDITIONAL_EXTENDED", "`if`/`then`/`else` changed; the reader accepts at least as much."
    ),
    _rule(
        "LOWER_BOUND_NARROWED",
        "The effective lower bound is higher (draft-04 boolean `exclusiveMinimum` included).",
        "{reader} excludes numbers at the low end of {where} that {writer} allows (compare "
        "`minimum` with draft-04's boolean `exclusiveMinimum`).",
        "keep the lower bound of {writer} (inclusive if it was)",
    ),
    _rule(
        "UPPER_BOUND_NARROWED",
        "The effective upper bound is lower (draft-04 boolean `exclusiveMaximum` included).",
        "{reader} excludes numbers at the high end of {where} that {writer} allows (compare "
        "`maximum` with draft-04's boolean `exclusiveMaximum`).",
        "keep the upper bound of {writer} (inclusive if it was)",
    ),
    _rule(
        "REQUIRED_NAME_ADDED",
        "The reader requires a name the writer does not, declared under `properties` or not.",
        "{reader} requires {where}; {writer} lets data leave it out (`required` applies to "
        "any name, whether `properties` declares it or not).",
        "do not require the name in {reader}",
    ),
    _rule(
        "REQUIRED_WITH_DEFAULT_ADDED",
        "The reader requires a property with a `default`: validation does not apply defaults.",
        "{reader} requires {where}, which {writer} lets data leave out; its `default` is an "
        "annotation, so a document without it is rejected (Confluent accepts this change).",
        "keep the property optional and let consumers use the default",
    ),
    _rule(
        "PROPERTY_NAMES_NARROWED",
        "`propertyNames` accepts fewer names than the writer may send.",
        "{reader}'s `propertyNames` at {where} rejects names that {writer} allows.",
        "make `propertyNames` in {reader} accept every name {writer} allows",
    ),
    _rule(
        "PROPERTY_NAMES_REJECTS_DECLARED",
        "`propertyNames` rejects a property the writer declares.",
        "{writer} declares {where}, and {reader}'s `propertyNames` rejects that name.",
        "make `propertyNames` in {reader} accept every property {writer} declares",
    ),
    _rule("PROPERTY_NAMES_EXTENDED", "`propertyNames` changed and accepts every name it did."),
    _rule(
        "PATTERN_PROPERTY_ADDED",
        "A new `patternProperties` entry rejects values the writer allows under matching names.",
        "{reader} adds the pattern {where}; undeclared properties {writer} allows may match it "
        "with values its schema rejects.",
        "give the pattern a schema that accepts what {writer} allowed, or leave it out",
    ),
    _rule(
        "PATTERN_PROPERTY_NARROWED",
        "The schema of a `patternProperties` entry accepts less.",
        "The pattern {where} accepts fewer values in {reader} than in {writer}.",
        "keep the pattern's schema as wide as in {writer}",
    ),
    _rule(
        "PATTERN_PROPERTY_REMOVED",
        "A `patternProperties` entry was removed and what now applies to its names accepts less.",
        "{reader} drops the pattern {where}; names that matched it now meet "
        "`additionalProperties` or other patterns, which reject values {writer} allows. "
        "Patterns overlap unless their literal prefixes differ.",
        "keep the pattern, or let `additionalProperties` accept what it accepted",
    ),
    _rule(
        "PATTERN_PROPERTY_REJECTS_DECLARED",
        "A reader pattern matches a property the writer declares and rejects its values.",
        "A `patternProperties` entry of {reader} matches {where}, declared by {writer}, and "
        "rejects values {writer} allows there (patterns apply to declared properties too).",
        "narrow the pattern so it does not match the property, or widen its schema",
    ),
    _rule(
        "PATTERN_PROPERTIES_EXTENDED",
        "`patternProperties` changed; every name keeps accepting what it did.",
    ),
    _rule(
        "PROPERTY_ADDED_OUTSIDE_PATTERNS",
        "A property declared where the writer's patterns leave any value allowed.",
        "{reader} declares {where}; {writer} has `patternProperties` but none matches this "
        "name and `additionalProperties` is open, so any value was allowed.",
        "give the property a schema that accepts any value, or close {writer} first",
    ),
    _rule(
        "CONTAINS_ADDED",
        "`contains` was added: arrays must hold a matching item.",
        "{reader} requires a matching item (`contains`) at {where}; {writer} does not.",
        "leave `contains` out, or give it `minContains: 0`",
    ),
    _rule(
        "CONTAINS_NARROWED",
        "The `contains` schema accepts fewer items.",
        "The `contains` at {where} matches fewer items in {reader} than in {writer}, so "
        "arrays {writer} allows may hold no item {reader} counts.",
        "keep the `contains` schema as wide as in {writer}",
    ),
    _rule(
        "MIN_CONTAINS_NOT_GUARANTEED",
        "The reader counts more matching items (`minContains`) than the writer guarantees.",
        "{reader} needs more items matching `contains` at {where} than {writer} guarantees "
        "(`minContains` defaults to 1; `minContains: 0` makes `contains` always pass).",
        "keep `minContains` as low as in {writer}",
    ),
    _rule(
        "MAX_CONTAINS_NOT_GUARANTEED",
        "The reader allows fewer matching items (`maxContains`) than the writer may send.",
        "{reader} allows at most `maxContains` items matching `contains` at {where}; arrays "
        "{writer} allows may hold more.",
        "keep `maxContains` as high as in {writer}, or leave it out",
    ),
    _rule("CONTAINS_EXTENDED", "`contains` or its counts changed; the reader accepts as much."),
    _rule(
        "COUNTEREXAMPLE_FOUND",
        "The rules found the change compatible, yet a document tells the schemas apart.",
        "The counterexample search found a document {writer} accepts and {reader} rejects, "
        "although no rule flagged the change at {where}.",
        "make {reader} accept the counterexample, or publish a new event type",
    ),
]

SOUND_OK: frozenset[str] = frozenset(
    {
        "CONDITIONAL_EXTENDED",
        "PROPERTY_NAMES_EXTENDED",
        "PATTERN_PROPERTIES_EXTENDED",
        "CONTAINS_EXTENDED",
    }
)
# rules that may flag a safe change: they say "cannot prove it safe" when no document shows it
CONSERVATIVE: frozenset[str] = frozenset(
    {
        "ONE_OF_NOT_EXCLUSIVE",
        "CONDITIONAL_ADDED",
        "CONDITIONAL_CHANGED",
        "CONDITIONAL_NARROWED",
        "PROPERTY_NAMES_NARROWED",
        "PATTERN_PROPERTY_ADDED",
        "PATTERN_PROPERTY_REMOVED",
        "PATTERN_PROPERTY_NARROWED",
        "PATTERN_PROPERTY_REJECTS_DECLARED",
        "PROPERTY_ADDED_OUTSIDE_PATTERNS",
        "CONTAINS_NARROWED",
        "MAX_CONTAINS_NOT_GUARANTEED",
        "TYPES_NARROWED",
    }
)
