"""Property tests: the verdicts agree with what the `jsonschema` library does to real documents.

- Every breaking finding's counterexample is accepted by the writer and rejected by the reader
  (checked here with `jsonschema`, independently of the engine); a finding without one says so.
- A STRICT "compatible" verdict is never contradicted: no document valid under the writer is
  rejected by the reader, among documents from hypothesis and the engine's own aimed search.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from event_contracts._compat.json_data import Checker, Generator
from event_contracts._compat.jsonschema import RULES, _Side, check_jsonschema
from event_contracts._compat.model import Mode, Policy

from .strategies import evolutions, instances, widenings

Pair = tuple[dict[str, Any], dict[str, Any]]


def _aimed_documents(writer: Any, reader: Any) -> list[Any]:
    """The candidates the engine's own search would try, aimed at the reader's limits."""
    w, r = _Side(writer, None), _Side(reader, None)
    gen = Generator(w.loader, r.loader, Checker(w.doc, r.doc).writer)
    docs = []
    for i, doc in enumerate(gen.documents(w.root, r.root, [])):
        if i >= 300:
            break
        docs.append(doc)
    return docs


def _counterexamples_are_real(pair: Pair, mode: Mode) -> None:
    old, new = pair
    result = check_jsonschema(old, new, mode)
    for finding in result.findings:
        assert finding.severity == "error"
        assert finding.rule in RULES  # documented, with a fixture
        writer, reader = (old, new) if finding.direction == "backward" else (new, old)
        if finding.counterexample is None:
            assert "No counterexample" in finding.message or "document null" in (finding.message)
            continue
        assert Draft202012Validator(writer).is_valid(finding.counterexample), finding
        assert not Draft202012Validator(reader).is_valid(finding.counterexample), finding


def _strict_compatible_holds(pair: Pair, docs: list[Any]) -> None:
    old, new = pair
    if not check_jsonschema(old, new, Mode.BACKWARD, policy=Policy.STRICT).compatible:
        return
    writer, reader = Draft202012Validator(old), Draft202012Validator(new)
    for doc in [*docs, *_aimed_documents(old, new)]:
        if writer.is_valid(doc):
            assert reader.is_valid(doc), (old, new, doc)


@given(evolutions())
def test_every_counterexample_is_real(pair: Pair) -> None:
    _counterexamples_are_real(pair, Mode.BACKWARD)


@given(st.one_of(evolutions(), widenings()), st.data())
def test_strict_compatible_is_never_contradicted(pair: Pair, data: st.DataObject) -> None:
    docs = [data.draw(instances(pair[0])) for _ in range(10)]
    _strict_compatible_holds(pair, docs)


@given(evolutions())
def test_an_unchanged_schema_is_compatible_both_ways(pair: Pair) -> None:
    old, _ = pair
    assert check_jsonschema(old, old, Mode.FULL).findings == ()


@pytest.mark.slow
@settings(max_examples=500)
@given(evolutions())
def test_every_counterexample_is_real_full_mode_slow(pair: Pair) -> None:
    _counterexamples_are_real(pair, Mode.FULL)


@pytest.mark.slow
@settings(max_examples=500)
@given(st.one_of(evolutions(), widenings()), st.data())
def test_strict_compatible_is_never_contradicted_slow(pair: Pair, data: st.DataObject) -> None:
    docs = [data.draw(instances(pair[0])) for _ in range(40)]
    _strict_compatible_holds(pair, docs)


_KEYWORDS = st.sampled_from(
    [
        "type",
        "properties",
        "required",
        "items",
        "prefixItems",
        "additionalProperties",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "maxLength",
        "minimum",
        "multipleOf",
        "$ref",
        "patternProperties",
        "dependencies",
        "dependentSchemas",
        "uniqueItems",
        "a",
        "string",
    ]
)
_junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2, 5), st.sampled_from(["string", "x", "#"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_KEYWORDS, inner, max_size=4)
    ),
    max_leaves=10,
)


@given(_junk, _junk)
def test_malformed_schemas_never_crash(old: Any, new: Any) -> None:
    import contextlib

    from event_contracts.errors import ContractError

    if not isinstance(old, (dict, bool)) or not isinstance(new, (dict, bool)):
        return
    # a clear error (an unresolvable $ref, say) is fine; a traceback is not
    with contextlib.suppress(ContractError):
        check_jsonschema(old, new, Mode.FULL)
