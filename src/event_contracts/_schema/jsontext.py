"""Reading JSON schema text without a traceback: what `json.loads` lets through or raises
outside `JSONDecodeError` (integers past Python's digit limit, unpaired surrogate escapes)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str, schema: Any) -> str | None:
    """The first decoded string holding an unpaired surrogate (a `\\ud800` escape): it cannot
    be written as UTF-8, so neither generated code nor a catalog page could hold it."""
    if not _SURROGATE_ESCAPE.search(text):
        return None  # paired escapes decode to one character; lone ones need this escape
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str) and _SURROGATE.search(node):
            return node if len(node) <= 40 else node[:37] + "..."
    return None


def json_int(digits: str) -> int:
    """A JSON integer; past Python's conversion limit a JSONDecodeError, not a ValueError."""
    try:
        return int(digits)
    except ValueError:
        raise json.JSONDecodeError(
            f"an integer of {len(digits)} digits is longer than Python reads "
            f"({sys.get_int_max_str_digits()})",
            "",
            0,
        ) from None
