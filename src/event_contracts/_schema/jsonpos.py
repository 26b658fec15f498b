"""Line and column of every JSON value, by JSON pointer.

The standard `json` module gives no positions; findings and problems want them. This scanner
runs only on the error path (or when a report needs lines), never on the hot path.
"""

from __future__ import annotations

import contextlib
import json
import re

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_DECODER = json.JSONDecoder()


def escape(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape(str(t)) for t in tokens)


def positions(text: str) -> dict[str, tuple[int, int]]:
    """Map each JSON pointer in `text` to the 1-based (line, column) where its value starts.

    Returns what it could scan before any syntax error (the caller reports that via `json`).
    """
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)

    def where(offset: int) -> tuple[int, int]:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - line_starts[lo] + 1

    out: dict[str, tuple[int, int]] = {}

    def skip(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def value(i: int, path: str) -> int:
        i = skip(i)
        out[path] = where(i)
        ch = text[i : i + 1]
        if ch == "{":
            i = skip(i + 1)
            if text[i : i + 1] == "}":
                return i + 1
            while True:
                key, i = _DECODER.raw_decode(text, skip(i))
                i = skip(i)
                if text[i : i + 1] != ":":
                    raise ValueError("expected ':'")
                i = skip(value(i + 1, path + "/" + escape(str(key))))
                if text[i : i + 1] == ",":
                    i += 1
                    continue
                if text[i : i + 1] == "}":
                    return i + 1
                raise ValueError("expected ',' or '}'")
        if ch == "[":
            i = skip(i + 1)
            if text[i : i + 1] == "]":
                return i + 1
            n = 0
            while True:
                i = skip(value(i, f"{path}/{n}"))
                n += 1
                if text[i : i + 1] == ",":
                    i += 1
                    continue
                if text[i : i + 1] == "]":
                    return i + 1
                raise ValueError("expected ',' or ']'")
        if ch == '"':
            _, end = _DECODER.raw_decode(text, i)
            return int(end)
        for word in ("true", "false", "null"):
            if text.startswith(word, i):
                return i + len(word)
        m = _NUMBER.match(text, i)
        if m:
            return m.end()
        raise ValueError("unexpected character")

    with contextlib.suppress(ValueError, IndexError, RecursionError):
        value(0, "")
    return out


def line_of(text: str, ptr: str) -> int | None:
    """The line of the value at `ptr`, or of its nearest ancestor that exists."""
    table = positions(text)
    while True:
        if ptr in table:
            return table[ptr][0]
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]
