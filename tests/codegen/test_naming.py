"""Naming and literal rules hold for any text a schema could contain."""

from __future__ import annotations

import ast
import keyword

from hypothesis import given
from hypothesis import strategies as st

from event_contracts._codegen import naming
from event_contracts._codegen.literals import docstring, json_literal, py_bytes, py_str
from event_contracts._codegen.plan import field_names


@given(st.text())
def test_field_names_are_safe_identifiers(name: str) -> None:
    py = naming.field_name(name)
    assert py.isidentifier()
    assert not keyword.iskeyword(py) and not keyword.issoftkeyword(py)
    assert not py.startswith(("_", "model_"))
    assert py != "metadata"


@given(st.lists(st.text(max_size=6), unique=True, max_size=8))
def test_field_names_of_a_record_are_distinct_and_never_steal_a_wire_name(wires: list[str]) -> None:
    wires = [w for w in wires if w != "metadata"]
    names = field_names(wires, where="test", top_level=True)
    assert len(set(names)) == len(names)
    for wire, py in zip(wires, names, strict=True):
        assert py == wire or py not in wires


@given(st.text())
def test_class_and_member_names_are_identifiers(name: str) -> None:
    for made in (naming.class_name(name), naming.member_name(name)):
        assert made.isidentifier() and not keyword.iskeyword(made)
        assert not made.startswith("_")
    assert not hasattr(str, naming.member_name(name))


@given(st.text())
def test_string_literals_evaluate_to_the_text(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


@given(st.binary())
def test_bytes_literals_evaluate_to_the_bytes(data: bytes) -> None:
    assert ast.literal_eval(py_bytes(data)) == data


@given(st.text())
def test_docstrings_are_one_inert_string(text: str) -> None:
    source = "class C:\n" + "\n".join(docstring(text, "    "))
    tree = ast.parse(source)
    assert len(tree.body) == 1 and isinstance(tree.body[0], ast.ClassDef)
    body = tree.body[0].body
    assert len(body) == 1
    node = body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    value = node.value.value.split("\n")
    restored = [value[0]] + [line.removeprefix("    ") for line in value[1:]]
    if len(value) > 1:
        restored.pop()  # the closing quotes' own line
    assert "\n".join(restored) == "\n".join(lines)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(json_values)
def test_json_literals_evaluate_to_the_value(value: object) -> None:
    assert ast.literal_eval(json_literal(value, where="test")) == value
