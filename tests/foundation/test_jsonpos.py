"""`jsonpos.positions` against `json.loads`: every pointer lands on its value's first character,
whatever the whitespace, escapes and nesting."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from event_contracts._schema.jsonpos import line_of, lines_of, pointer, positions

KEYS = st.text(
    alphabet=st.sampled_from(
        ["a", "/", "~", "0", "1", "é", "\u20ac", "\U0001f600", '"', "\\", " "]
    ),
    max_size=4,
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)
WHITESPACE = st.lists(st.sampled_from([" ", "\t", "\n", "\r\n", "\r"]), max_size=3).map("".join)


def encode_string(data: st.DataObject, text: str) -> str:
    """A JSON string literal for `text`, each character either plain or escaped."""
    out = ['"']
    for ch in text:
        plain = json.dumps(ch, ensure_ascii=False)[1:-1]
        if plain != ch or data.draw(st.booleans()):
            escaped = json.dumps(ch, ensure_ascii=True)[1:-1]  # \uXXXX, surrogate pairs too
            out.append(data.draw(st.sampled_from([plain, escaped])))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dump(data: st.DataObject, value: Any) -> str:
    ws = lambda: data.draw(WHITESPACE)  # noqa: E731
    if isinstance(value, dict):
        items = [
            f"{ws()}{encode_string(data, k)}{ws()}:{ws()}{dump(data, v)}{ws()}"
            for k, v in value.items()
        ]
        return "{" + (",".join(items) if items else ws()) + "}"
    if isinstance(value, list):
        return "[" + (",".join(f"{ws()}{dump(data, v)}{ws()}" for v in value) or ws()) + "]"
    if isinstance(value, str):
        return encode_string(data, value)
    return json.dumps(value)


def walk(value: Any, at: str = "") -> list[tuple[str, Any]]:
    out = [(at, value)]
    if isinstance(value, dict):
        for k, v in value.items():
            out += walk(v, at + pointer(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += walk(v, at + pointer(i))
    return out


def offset(text: str, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts[line - 1] + column - 1


@given(VALUES, st.data())
def test_every_pointer_points_at_its_value(value: Any, data: st.DataObject) -> None:
    text = data.draw(WHITESPACE) + dump(data, value) + data.draw(WHITESPACE)
    assert json.loads(text) == value
    table = positions(text)
    for at, expected in walk(value):
        line, column = table[at]
        start = offset(text, line, column)
        found, _ = json.JSONDecoder().raw_decode(text, start)
        assert found == expected, (at, text)
        assert line_of(text, at) == line


def test_a_broken_document_still_gives_what_comes_before_the_break() -> None:
    text = '{\n  "a": 1,\n  "b": [true, \n  oops\n'
    table = positions(text)
    assert table["/a"] == (2, 8)
    assert table["/b/0"] == (3, 9)
    assert line_of(text, "/b/5") == 3  # the nearest ancestor that exists


@given(VALUES, st.data())
def test_lines_of_agrees_with_the_full_table(value: Any, data: st.DataObject) -> None:
    """`lines_of` (one pass along the asked pointers) gives what the full table gives, for
    pointers that exist, pointers that do not, and documents cut short anywhere."""
    text = data.draw(WHITESPACE) + dump(data, value) + data.draw(WHITESPACE)
    text = text[: data.draw(st.integers(0, len(text)))] if data.draw(st.booleans()) else text
    table = positions(text)
    existing = [at for at, _ in walk(value)]
    asked = data.draw(st.lists(st.sampled_from(existing), max_size=4))
    asked += [at + "/0/x" for at in asked[:2]] + ["/nowhere"]

    def expected(ptr: str) -> int | None:
        while ptr not in table:
            if not ptr:
                return None
            ptr = ptr.rsplit("/", 1)[0]
        return table[ptr][0]

    assert lines_of(text, asked) == {ptr: expected(ptr) for ptr in asked}
