"""Line and column of every JSON value, by JSON pointer.

The standard `json` module gives no positions; findings and problems want them. These scanners
run only on the error path (or when a report needs lines), never on the hot path: `positions`
maps every value, `lines_of` finds only the pointers a report names.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import cast

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
    return lines_of(text, (ptr,))[ptr]


def lines_of(text: str, pointers: Iterable[str]) -> dict[str, int | None]:
    """`line_of` for several pointers in one pass that descends only along their paths.

    Values off those paths are skipped by the C decoder, so the cost follows the depth of
    what is asked for, not the size of the document (findings are few, schemas large).
    """
    wanted = set(pointers)
    on_path: set[str] = set()
    for ptr in wanted:
        while ptr not in on_path:
            on_path.add(ptr)
            if not ptr:
                break
            ptr = ptr.rsplit("/", 1)[0]
    found: dict[str, int] = {}
    # What `raw_decode` calls, without its wrapper: (value, end) or StopIteration.
    scan = cast("Callable[[str, int], tuple[object, int]]", _DECODER.scan_once)  # type: ignore[attr-defined]
    ws = cast("Callable[[str, int], re.Match[str]]", _WS.match)

    def value(i: int, path: str) -> int:
        i = ws(text, i).end()  # the pattern matches the empty string too
        if path not in on_path:
            return int(scan(text, i)[1])
        found[path] = i
        ch = text[i : i + 1]
        if ch == "{":
            m = _EMPTY_OBJECT.match(text, i)
            if m:
                return m.end()
            i += 1
            while True:
                m = _KEY.match(text, i)
                if not m:
                    raise ValueError("expected a key")
                key = m.group(1)
                if "\\" in key:
                    key = json.loads(f'"{key}"')
                m = _OBJECT_NEXT.match(text, value(m.end(), path + "/" + escape(key)))
                if not m:
                    raise ValueError("expected ',' or '}'")
                if m.group(1) == "}":
                    return m.end()
                i = m.end()
        if ch == "[":
            m = _EMPTY_ARRAY.match(text, i)
            if m:
                return m.end()
            i, n = i + 1, 0
            while True:
                m = _ARRAY_NEXT.match(text, value(i, f"{path}/{n}"))
                if not m:
                    raise ValueError("expected ',' or ']'")
                if m.group(1) == "]":
                    return m.end()
                i, n = m.end(), n + 1
        return int(scan(text, i)[1])

    with contextlib.suppress(ValueError, IndexError, RecursionError, StopIteration):
        value(0, "")
    out: dict[str, int | None] = {}
    for ptr in wanted:
        at = ptr
        while at not in found and at:
            at = at.rsplit("/", 1)[0]
        out[ptr] = text.count("\n", 0, found[at]) + 1 if at in found else None
    return out


# The grammar around values, for `lines_of`: JSON whitespace, an object key (a string
# without raw control characters) and its colon, the separator after a member or element.
_KEY = re.compile(r'[ \t\n\r]*"((?:[^"\\\x00-\x1f]|\\.)*)"[ \t\n\r]*:')
_OBJECT_NEXT = re.compile(r"[ \t\n\r]*([,}])")
_ARRAY_NEXT = re.compile(r"[ \t\n\r]*([,\]])")
_EMPTY_OBJECT = re.compile(r"\{[ \t\n\r]*\}")
_EMPTY_ARRAY = re.compile(r"\[[ \t\n\r]*\]")


class LazyLines:
    """`lines_of` for one text, deferred: ask for pointers with `want`, read the lines later.

    The first read scans once for every pointer asked until then (a report's findings), so a
    caller that never reads a line never scans.
    """

    __slots__ = ("pointers", "table", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pointers: set[str] = set()  # (not `set[str]()`: a generic alias per call)
        self.table: dict[str, int | None] = {}

    def want(self, ptr: str) -> Callable[[], int | None]:
        """A function giving the line of `ptr` (scanning on its first call)."""
        self.pointers.add(ptr)
        return partial(self.line, ptr)

    def line(self, ptr: str) -> int | None:
        if ptr not in self.table:
            self.pointers.add(ptr)
            self.table = lines_of(self.text, self.pointers)
        return self.table[ptr]
