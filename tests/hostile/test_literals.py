"""Escaping schema text into Python literals: the chunked, C-speed escaper agrees with the
character-at-a-time reference, and what it writes evaluates back to the text."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from event_contracts._codegen.literals import _escape_char, docstring, py_str

TEXTS = st.text() | st.text(alphabet=st.sampled_from('a"\\\n\r\t\x00\x7f\u2028é\ud800'))


@settings(max_examples=30)
@given(TEXTS, st.booleans())
def test_py_str_matches_the_per_character_reference(text: str, long: bool) -> None:
    if long:  # past one 64 K chunk, so chunk edges are crossed
        text = text * (1 + 70_000 // max(len(text), 1))
    assert py_str(text) == '"' + "".join(_escape_char(c) for c in text) + '"'
    if "\ud800" not in text:
        assert ast.literal_eval(py_str(text)) == text


@given(TEXTS)
def test_docstrings_hold_any_text_inertly(text: str) -> None:
    source = "\n".join(["def f():", *docstring(text, "    "), "    return 1"])
    tree = ast.parse(source)
    assert isinstance(tree.body[0], ast.FunctionDef)
