"""JSON Schema files: the draft's meta-schema and the canonical form (`$ref`s: jsonrefs.py)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from event_contracts._schema.jsonpos import pointer

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SUPPORTED_DRAFTS = {
    DRAFT_2020_12: "2020-12",
    DRAFT_2020_12 + "#": "2020-12",
    DRAFT_07: "07",
    DRAFT_07.rstrip("#"): "07",
}

SINCE_2019 = frozenset(
    {
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
        "prefixItems",
    }
)
"""Keywords 2019-09 added that draft-07 (and earlier) validators ignore."""
DYNAMIC_REFS = frozenset({"$dynamicRef", "$recursiveRef"})
IGNORED_BY_DRAFT = {
    "2020-12": frozenset({"dependencies", "additionalItems", "$recursiveRef"}),
    "07": SINCE_2019 | DYNAMIC_REFS,
}
"""Keywords a supported draft's validator (`validator_class`) skips that another draft defines."""


TOO_DEEP = "the schema nests too deeply to check (Python's limit is about 1000 levels)"
META_FIX = "correct the keyword so the schema follows its draft's meta-schema"


def meta_fix(message: str) -> str:
    """The fix for a meta-schema problem: flattening for one too deep to check."""
    if message == TOO_DEEP:
        return "flatten the schema: define nested parts once under $defs and refer to them"
    return META_FIX


def canonical_and_fingerprint(schema: Any) -> tuple[str, str]:
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draft_of(schema: Any) -> str:
    """'2020-12' or '07' (the default is 2020-12); raises KeyError for another draft."""
    if isinstance(schema, dict) and "$schema" in schema:
        return SUPPORTED_DRAFTS[str(schema["$schema"])]
    return "2020-12"


def validator_class(schema: Any) -> Any:
    from jsonschema import validators  # imported when used: the runtime only fingerprints

    if draft_of(schema) == "07":
        return validators.Draft7Validator
    return validators.Draft202012Validator


def meta_errors(schema: Any) -> Iterator[tuple[str, str]]:
    """(pointer, message) for each way `schema` breaks its draft's meta-schema."""
    # Only "regex" is asserted: `pattern`s must compile, as the runtime validator compiles them
    # with Python's re. Other formats (uri-reference ...) would depend on optional packages.
    from event_contracts._schema.metaschema import meta_valid, meta_validator

    meta = meta_validator(draft_of(schema))
    seen: set[tuple[str, str]] = set()
    try:
        if meta_valid(draft_of(schema), schema):  # most are: then no walk for messages
            return
        errors = sorted(meta.iter_errors(schema), key=lambda e: list(map(str, e.absolute_path)))
    except RecursionError:  # the meta-schema check recurses once per level, as parsers do
        yield "", TOO_DEEP
        return
    for err in errors:
        if err.validator == "format":
            message = f"{err.instance!r} is not a valid regular expression ({_regex_error(err)})"
        else:
            message = err.message
        # 2020-12 reaches each keyword through several vocabulary meta-schemas: report it once.
        found = (pointer(*err.absolute_path), message)
        if found not in seen:
            seen.add(found)
            yield found


def _regex_error(err: Any) -> str:
    try:
        re.compile(err.instance)
    except re.error as exc:
        return str(exc)
    return "rejected"
