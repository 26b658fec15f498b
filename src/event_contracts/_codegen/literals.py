"""Python source for values taken from schemas: strings, JSON values, docstrings.

Everything a schema author writes reaches the generated code only through these functions,
which escape it into inert literals: no quote, backslash or newline can end a string early.
"""

from __future__ import annotations

import math
from typing import Any

from event_contracts.errors import CodegenError

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = str.maketrans(_ESCAPES)
_CHUNK = 1 << 16


def _escape_char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if c.isprintable():
        return c
    code = ord(c)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape(text: str) -> str:
    """`text` with every character a literal cannot hold as is escaped.

    By chunks, with `str.translate` and `isprintable` doing the work in C: a character at a
    time would hold a Python string per character, gigabytes for a 50 MB `doc`."""
    if len(text) <= _CHUNK:  # the usual case, without the loop
        done = text.translate(_TABLE)
        if done.isprintable():
            return done
    out = []
    for start in range(0, len(text), _CHUNK):
        chunk = text[start : start + _CHUNK].translate(_TABLE)
        if not chunk.isprintable():  # rare: control characters, unassigned code points
            chunk = "".join(c if c.isprintable() else _escape_char(c) for c in chunk)
        out.append(chunk)
    return "".join(out)


def py_str(text: str) -> str:
    """A double-quoted Python string literal equal to `text`."""
    if text.isidentifier():  # most are names: nothing to escape (module files hold 100,000s)
        return f'"{text}"'
    return '"' + _escape(text) + '"'


def py_bytes(data: bytes) -> str:
    """A bytes literal, printable ASCII kept readable."""
    out = []
    for b in data:
        c = chr(b)
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append(f"\\x{b:02x}")
    return 'b"' + "".join(out) + '"'


def json_literal(value: Any, *, where: str) -> str:
    """Python source for a JSON value (dict, list, str, int, float, bool, None)."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CodegenError(f"{where}: default {value!r} is not a finite number")
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json_literal(v, where=where) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(
            f"{py_str(str(k))}: {json_literal(v, where=where)}" for k, v in value.items()
        )
        return "{" + items + "}"
    raise CodegenError(f"{where}: default {value!r} is not a JSON value")


def docstring(text: str, indent: str) -> list[str]:
    """Lines of a triple-quoted docstring holding `text` (quotes and backslashes escaped)."""
    lines = [line.rstrip() for line in text.strip().splitlines()] or [""]
    body = [_escape(line) for line in lines]
    if len(body) == 1:
        return [f'{indent}"""{body[0]}"""']
    return [
        f'{indent}"""{body[0]}',
        *[f"{indent}{b}" if b else "" for b in body[1:]],
        f'{indent}"""',
    ]
