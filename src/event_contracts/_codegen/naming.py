"""Pure naming rules: schema names in, safe Python identifiers out.

A Python name never starts with `_` (pydantic would make it private), is never a keyword,
never shadows a `BaseModel` attribute or the `metadata` field, and never starts with `model_`
(pydantic's protected namespace). When the Python name differs from the schema name, the field
carries the schema name as its alias, so data keeps its wire names.
"""

from __future__ import annotations

import functools
import keyword
import re

# Re-exported: codegen's modules take every naming rule from here.
from event_contracts._schema.names import pascal_case as pascal_case
from event_contracts._schema.names import snake_case as snake_case

_NOT_IDENT = re.compile(r"[^0-9a-zA-Z_]+")

# Names a field must not take: pydantic's public BaseModel attributes (a fixed list, so the
# output does not depend on the installed pydantic), our metadata field, `self`/`cls`, and the
# builtin types annotations name bare (`tuple[...]`, `FrozenMap[str, ...]`): a field's default
# is a class attribute, and pydantic resolves the class's annotations in its namespace, where
# a field called `tuple` would stand for its default instead of the builtin.
_RESERVED_FIELDS = frozenset(
    {
        "cls", "construct", "copy", "dict", "fields", "from_orm", "json", "metadata",
        "parse_file", "parse_obj", "parse_raw", "schema", "schema_json", "self",
        "update_forward_refs", "validate",
        "bool", "bytes", "float", "frozenset", "int", "list", "object", "set", "str", "tuple",
    }
)  # fmt: skip
_RESERVED_CLASSES = frozenset({"Any", "ClassVar", "Enum", "IntegrationEvent", "EventMetadata"})
# Enum members must not shadow Enum's own names or str methods (members are class attributes,
# so a member called `encode` would break `member.encode()` in any library writing the value).
_RESERVED_MEMBERS = frozenset(
    {
        "name", "value", "mro",
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
        "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
        "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper",
        "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix",
        "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip",
        "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper",
        "zfill",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=8192)  # field names repeat across a project's schemas
def field_name(schema_name: str) -> str:
    """The Python attribute for a schema field (may equal the schema name)."""
    name = snake_case(schema_name) or "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if name.startswith("model_"):
        name = f"f_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED_FIELDS:
        name = f"{name}_"
    return name


def class_name(schema_name: str) -> str:
    """A PascalCase class name for a record, enum or object definition."""
    name = pascal_case(schema_name.rsplit(".", 1)[-1]) or "Model"
    if name[0].isdigit():
        name = f"M{name}"
    if keyword.iskeyword(name) or name in _RESERVED_CLASSES:
        name = f"{name}_"
    return name


def member_name(symbol: str) -> str:
    """An enum member name for a symbol (symbols are usually already UPPER_SNAKE)."""
    name = _NOT_IDENT.sub("_", symbol).strip("_") or "EMPTY"
    if name[0].isdigit():
        name = f"V_{name}"
    if keyword.iskeyword(name) or name in _RESERVED_MEMBERS:
        name = f"{name}_"
    return name


def module_file(event_name: str, version: int) -> str:
    """`ProductAdded`, 2 → `_product_added_v2` (private: users import from the module)."""
    return f"_{snake_case(event_name)}_v{version}"


def version_class(event_name: str, version: int) -> str:
    """`ProductAdded`, 2 → `ProductAddedV2`."""
    return f"{event_name}V{version}"


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`… whichever is free; records it as taken."""
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{name.rstrip('_')}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


_DIGITS = re.compile(r"(\d+)")


def isort_key(name: str) -> tuple[int, list[int | str]]:
    """The order ruff (RUF022) wants in `__all__`: CONSTANTS, then Classes, then the rest,
    each in natural order (`Item2` before `Item10`)."""
    group = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    parts: list[int | str] = _DIGITS.split(name)
    # text and numbers alternate (text first, "" where a number starts or ends the name), so
    # two keys never compare a number with text, and "" sorts a shorter name first
    parts[1::2] = [int(p) for p in parts[1::2]]
    return group, parts
