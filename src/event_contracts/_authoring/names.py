"""Event type ids as users type them: `<module>.<EventName>`, checked against the conventions."""

from __future__ import annotations

from collections.abc import Iterable

from event_contracts._schema.names import (
    EVENT_NAME,
    MODULE_NAME,
    did_you_mean,
    pascal_case,
    snake_case,
)
from event_contracts.errors import UsageError


def parse_type_id(text: str) -> tuple[str, str]:
    """Split `catalog.ProductAdded`; UsageError naming the fix when it breaks the conventions."""
    parts = text.split(".")
    if len(parts) != 2 or not all(parts):
        raise UsageError(
            f"{text!r} is not an event type id; write it as <module>.<EventName>, "
            "for example catalog.ProductAdded"
        )
    module, name = parts
    if not MODULE_NAME.match(module):
        raise UsageError(
            f"module {module!r} in {text!r} is not lower_snake_case; "
            f"use {snake_case(module) or 'a lower_snake name'!r}, e.g. {snake_case(module)}.{name}"
        )
    if not EVENT_NAME.match(name):
        suggestion = pascal_case(name)
        hint = f"; use {module}.{suggestion}" if EVENT_NAME.match(suggestion) else ""
        raise UsageError(
            f"event name {name!r} in {text!r} is not PascalCase (a past-tense fact such as "
            f"ProductAdded){hint}"
        )
    return module, name


def check_module(module: str, known: Iterable[str], what: str = "module") -> None:
    """Refuse a module that is neither configured nor producing anything yet."""
    known = sorted(set(known))
    if not MODULE_NAME.match(module):
        raise UsageError(f"{what} {module!r} is not lower_snake_case; use {snake_case(module)!r}")
    if known and module not in known:
        raise UsageError(
            f"{what} {module!r} is not a known module{did_you_mean(module, known)}; add it to "
            "`modules` under [tool.event-contracts] in pyproject.toml first"
        )
