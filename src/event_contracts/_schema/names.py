"""Naming conventions shared by the loader, authoring and codegen: what a module or event name
may be, and the snake_case / PascalCase spellings offered as fixes or used as identifiers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

MODULE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# PascalCase: a capital first, letters and digits, some lower case (acronyms allowed:
# HttpRequestReceived and HTTPRequestReceived both pass; ORDER_PLACED and orderPlaced do not).
EVENT_NAME = re.compile(r"^[A-Z](?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]*$")

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENT = re.compile(r"[^0-9a-zA-Z_]+")


def snake_case(name: str) -> str:
    """`eventId` → `event_id`, `HTTPCode` → `http_code`, `a-b c` → `a_b_c`."""
    words = _WORD_BOUNDARY.sub("_", name)
    words = _NOT_IDENT.sub("_", words)
    return re.sub(r"_+", "_", words).strip("_").lower()


def pascal_case(name: str) -> str:
    """`order_line` → `OrderLine`, `OrderLine` stays, `sales-channel` → `SalesChannel`."""
    parts = [p for p in _NOT_IDENT.sub("_", _WORD_BOUNDARY.sub("_", name)).split("_") if p]
    return "".join(p[:1].upper() + p[1:] for p in parts)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
