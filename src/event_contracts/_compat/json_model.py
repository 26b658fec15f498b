"""The typed shape of a JSON Schema as Confluent's diff sees it: kinds, nodes, documents.

`json_parse` builds nodes from raw schemas, `json_nodes.Loader` caches them and follows `$ref`s.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from event_contracts._schema import jsonschema as json_schema

if TYPE_CHECKING:
    from event_contracts._compat.json_nodes import Loader

DRAFT_07 = "07"
DRAFT_2020 = "2020-12"

_MISSING: Any = object()
_LOCAL_REF = ('"#/$defs/', '"#/definitions/')
_REF_TEXT = re.compile(r'"\$(?:ref|dynamicRef|recursiveRef)": ("(?:[^"\\]|\\.)*")')
# an enum or const that may hold true/false (or values nested deeper, checked conservatively)
_BOOL_VALUE = re.compile(
    r'"const": (?:true|false|\[|\{)|"enum": \[(?:[^\]"]|"(?:[^"\\]|\\.)*")*?(?:true|false|\[|\{)'
)


class Kind(Enum):
    EMPTY = "empty"
    FALSE = "false"
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"
    OBJECT = "object"
    ARRAY = "array"
    ENUM = "enum"
    CONST = "const"
    COMBINED = "combined"
    NOT = "not"
    CONDITIONAL = "conditional"
    REF = "ref"


# `json.dumps` with these options, without building an encoder per call (the counterexample
# search keys every candidate value by it: a million calls in a `check --full` of 5,000 types)
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def canonical(value: Any) -> str:
    """A key for JSON equality (1 and 1.0 and true stay distinct, as in Java)."""
    return _CANONICAL.encode(value)


@dataclass(eq=False, slots=True)
class Node:
    """One schema as Confluent's diff sees it. Identity matters: pairs are memoised by `id`."""

    kind: Kind
    raw: Any
    ptr: str  # JSON pointer of `raw` inside its document
    doc: Document
    # common to every kind (everit puts them on the outermost node of a schema object)
    id: Any = None
    title: Any = None
    description: Any = None
    default: Any = _MISSING
    # string
    min_length: Any = None
    max_length: Any = None
    pattern: Any = None
    # number
    integer: bool = False
    minimum: Any = None
    maximum: Any = None
    excl_minimum: Any = None
    excl_maximum: Any = None
    multiple_of: Any = None
    # object
    properties: dict[str, Any] = field(default_factory=dict)  # name -> raw subschema
    required: frozenset[str] = frozenset()
    pattern_props: tuple[tuple[str, Any], ...] = ()
    permits_additional: bool = True
    additional: Any = None  # raw schema of additionalProperties / additionalItems, or None
    uneval: Any = None  # raw unevaluatedProperties / unevaluatedItems, or None
    min_props: Any = None
    max_props: Any = None
    prop_deps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schema_deps: dict[str, Any] = field(default_factory=dict)
    deps_word: str = "dependencies"
    # array
    all_items: Any = None  # raw schema applying to every item, or None
    tuple_items: tuple[Any, ...] | None = None
    tuple_word: str = "items"
    items_word: str = "items"
    additional_word: str = "additionalItems"
    min_items: Any = None
    max_items: Any = None
    unique: bool = False
    min_contains: Any = None
    max_contains: Any = None
    # enum / const
    values: frozenset[str] = frozenset()
    const: Any = None
    # combined / not / ref
    criterion: str = ""
    subs: tuple[Node, ...] = ()
    synthetic: bool = False
    negated: Any = None  # raw schema under `not`
    ref: str = ""
    facet: str = ""  # which part of a shared raw object this node is ("enum", "type:string", ...)

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING


@dataclass(eq=False, slots=True)
class Document:
    """One JSON Schema file (or in-memory schema) and how its `$ref`s resolve."""

    raw: Any
    uri: str
    base: Path | None
    draft: str  # how Confluent loads it: "2020-12" (json-sKema, translated) or "07" (everit)
    loader: Loader
    prefix: str = ""  # "" for the schema under check; "other.json#" for a sibling file
    dialect: str = DRAFT_2020  # the draft its documents are validated with (`dialect_of`)
    ignored: frozenset[str] = frozenset()
    """What its validator ignores (`ignored_by`): a sound walk reads the schema without."""
    judge: str = ""
    """A sound walk's: the name of its validator class (`validator_class`). Equal schemas
    mean the same data only under one validator: draft-04's `integer` refuses 1.0."""
    _scan: tuple[bool, bool] | None = None
    embedded: str | None = None
    """The pointer of its first embedded resource ("" for none; None: not looked for yet)."""

    @property
    def local_refs(self) -> bool:
        """Every `$ref` in the document points into its `$defs`/`definitions`."""
        return self._scanned()[0]

    @property
    def bool_values(self) -> bool:
        """Some `enum`/`const` holds true or false (which Python's == confuses with 1 and 0)."""
        return self._scanned()[1]

    def _scanned(self) -> tuple[bool, bool]:
        # One pass over the JSON text (json.dumps runs in C; a Python walk costs 3x more).
        # Both answers err on the safe side: a false "no" would only cost speed, never truth.
        if self._scan is None:
            try:
                text = json.dumps(self.raw)
            except (TypeError, ValueError):
                text = '"$ref": "?" "enum": [true]'
            local = all(r.startswith(_LOCAL_REF) for r in _REF_TEXT.findall(text))
            self._scan = (local, _BOOL_VALUE.search(text) is not None)
        return self._scan


def draft_of(raw: Any) -> str:
    """The draft Confluent reads a document as: 2020-12 (or 2019-09) only when `$schema` says so.

    Without `$schema` Confluent's loader (everit) reads draft-07; the two differ only in small
    ways (`$id`, an empty `properties`, a lone boolean `items`). Validation of counterexamples
    uses `dialect_of`, whose default is 2020-12, as everywhere else in event-contracts.
    """
    if isinstance(raw, dict):
        uri = raw.get("$schema")
        if isinstance(uri, str) and ("2020-12" in uri or "2019-09" in uri):
            return DRAFT_2020
    return DRAFT_07


def validator_class(raw: Any) -> Any:
    """The `jsonschema` validator class that judges a document's data: the one its `$schema`
    names (2020-12 without one), and draft-07 for an unknown draft-0x URI (the nearest)."""
    from jsonschema import validators  # here: the Confluent-only walk never validates data

    cls = validators.validator_for(raw, default=validators.Draft202012Validator)
    if cls is validators.Draft202012Validator and dialect_of(raw) == DRAFT_07:
        cls = validators.Draft7Validator
    return cls


# Keywords the parser reads that a draft's validator does not apply: it ignores them, and so
# must a walk that judges data (Confluent's loaders read some of them whatever the draft).
_SINCE_2019 = json_schema.SINCE_2019
_DYNAMIC = json_schema.DYNAMIC_REFS
_BEFORE_06 = frozenset({"const", "contains", "propertyNames"})
_IGNORED_BY = {
    "Draft3Validator": _SINCE_2019 | _DYNAMIC | _BEFORE_06 | {"if", "then", "else"},
    "Draft4Validator": _SINCE_2019 | _DYNAMIC | _BEFORE_06 | {"if", "then", "else"},
    "Draft6Validator": _SINCE_2019 | _DYNAMIC | {"if", "then", "else"},
    "Draft7Validator": _SINCE_2019 | _DYNAMIC,
    "Draft201909Validator": frozenset({"dependencies", "prefixItems", "$dynamicRef"}),
    "Draft202012Validator": json_schema.IGNORED_BY_DRAFT["2020-12"],
}


def ignored_by(judge: str) -> frozenset[str]:
    """The keywords validator class `judge` (a `validator_class` name) ignores, of those the
    parser reads."""
    return _IGNORED_BY.get(judge, frozenset())


def dialect_of(raw: Any) -> str:
    """The draft to validate documents with: '07' for draft-04/06/07, else 2020-12."""
    if isinstance(raw, dict):
        uri = raw.get("$schema")
        if isinstance(uri, str) and "draft-0" in uri:
            return DRAFT_07
    return DRAFT_2020
