"""Keywords a JSON Schema file's own draft does not define. Its validator skips them, and so do
the generated classes and the compatibility check: `"dependencies"` in a 2020-12 file or
`"dependentRequired"` in a draft-07 one constrains nothing. The file is valid all the same (a
draft allows unknown keywords), so `validate` warns: whoever wrote the keyword meant it to apply.

Only schema positions are read: the values of `properties`, `items`, `allOf` ..., never data
(`const`, `enum`, `default`, `examples`) nor property names.
"""

from __future__ import annotations

from typing import Any

from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.jsonrefs import spell as _spell
from event_contracts._schema.model import Catalog
from event_contracts.errors import Problem

CODE = "JSONSCHEMA_IGNORED_KEYWORD"
_ONE = frozenset(
    {
        "not",
        "if",
        "then",
        "else",
        "items",
        "additionalItems",
        "contains",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
"""Keywords whose value is one schema (`items` may also be a list: `_LIST`)."""
_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_MAP = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
"""Keywords whose value maps names to schemas (`dependencies` also to lists of names)."""

_FIX_2020 = {
    "dependencies": 'use "dependentRequired" (for lists of property names) or '
    '"dependentSchemas" (for schemas), or declare draft-07 with "$schema"',
    "additionalItems": 'use "prefixItems" for the leading items and "items" for the rest',
    "$recursiveRef": 'use "$dynamicRef", with a "$dynamicAnchor" where it should land',
}
_FIX_07 = {
    "dependentRequired": 'use "dependencies"',
    "dependentSchemas": 'use "dependencies"',
    "prefixItems": 'use "items" as a list of schemas (and "additionalItems" for the rest)',
}


def ignored_keywords(schema: Any, draft: str) -> list[tuple[str, str]]:
    """(JSON pointer, keyword) of each keyword at a schema position that `draft` ('2020-12' or
    '07') does not define, sorted; an ignored keyword's own value is not read further."""
    ignored = json_schema.IGNORED_BY_DRAFT[draft]
    found: list[tuple[str, str]] = []
    # each entry links to its parent's (key, parent): a pointer is spelled out only for what
    # is found, so a deep schema costs its size, not its size times its depth
    stack: list[tuple[Any, Any]] = [(schema, None)]
    while stack:  # a loop, not recursion: any depth `json` parsed is walked
        node, path = stack.pop()
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            here = (key, path)
            if key in ignored:
                found.append((_spell(here), key))
                continue
            if key in _ONE:
                stack.append((value, here))
            if key in _LIST and isinstance(value, list):
                stack += [(item, (i, here)) for i, item in enumerate(value)]
            if key in _MAP and isinstance(value, dict):
                stack += [(sub, (name, here)) for name, sub in value.items()]
    return sorted(found)


def remember(blob: str, schema: Any) -> list[tuple[str, str]]:
    """The ignored keywords of a version file whose text is `blob`, kept in the cache (a deep
    load calls this while it has the schema in memory, so `validate` need not read it)."""
    found = _find(schema)
    cache.current().keep(_key(blob), [list(p) for p in found])
    return found


def _find(schema: Any) -> list[tuple[str, str]]:
    return ignored_keywords(schema, json_schema.draft_of(schema))


def _key(blob: str) -> str:
    from event_contracts._schema.stored import code_hash  # stored.py imports this module

    return f"jsonschema-ignored:{code_hash()}:{blob}"


def keyword_warnings(catalog: Catalog) -> list[Problem]:
    """A warning for each ignored keyword in the catalog's JSON Schema versions. A file's
    findings are remembered by its git blob id, so an unchanged file is not read again."""
    from event_contracts._schema.version_file import _at

    ids = catalog.file_ids or {}
    out: list[Problem] = []
    for t in catalog:
        if t.format != "jsonschema":
            continue
        for v in t.versions:
            blob = ids.get(f"{t.module}/{t.name}/{v.source.name}")
            found = _pairs(cache.current().find(_key(blob))) if blob else None
            if found is None:
                found = remember(blob, v.schema) if blob else _find(v.schema)
            if not found:
                continue
            draft = json_schema.draft_of(v.schema)
            here = [
                Problem(
                    CODE,
                    v.source,
                    message(word, draft),
                    fix(word, draft),
                    pointer=ptr,
                    **_at(v.text, ptr),
                )
                for ptr, word in found
            ]
            out += sorted(here, key=lambda p: (p.line or 0, p.column or 0))
    return out


def _pairs(value: Any) -> list[tuple[str, str]] | None:
    if not isinstance(value, list):
        return None
    try:
        return [(str(ptr), str(word)) for ptr, word in value]
    except (TypeError, ValueError):
        return None  # a damaged entry: the file is read again


def message(word: str, draft: str) -> str:
    """What is wrong with `word` in a file of `draft`."""
    if draft == "07":
        return (
            f"{word!r} is a keyword of JSON Schema 2019-09 and 2020-12, not of draft-07 (this "
            "file's $schema): validation, the generated classes and the compatibility check "
            "ignore it"
        )
    return (
        f"{word!r} is not a keyword of JSON Schema 2020-12 (this file's draft): validation, "
        "the generated classes and the compatibility check ignore it"
    )


def fix(word: str, draft: str) -> str:
    """How to make `word` apply (or go) in a file of `draft`."""
    if draft == "07":
        switch = f'declare 2020-12 ("$schema": "{json_schema.DRAFT_2020_12}")'
        other = _FIX_07.get(word)
        return f"{switch}, or {other}" if other else switch
    return _FIX_2020.get(word, "remove it, or declare the draft that defines it")
