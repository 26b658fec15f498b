"""Schema text is read by the JSON scanner directly; every malformed text still gets the error
(message, line, column) that `json` itself gives."""

from __future__ import annotations

import json

import pytest

from event_contracts import SchemaError, check_compatibility

GOOD = '{"type": "string"}'


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "string"} x',
        '{"type": "string"}{}',
        '{"type": "string",}',
        '{"type": "string"',
        '[{"type": "string"}, ]',
        '"string" "int"',
        '{"type": "fixed", "name": "F", "size": 1' + "0" * 5000 + "}",
        '{"type": "strin\\g"}',
    ],
)
def test_malformed_text_gives_the_json_error(text: str) -> None:
    try:
        json.loads(text)
    except ValueError as exc:
        expected = exc
    else:  # pragma: no cover
        raise AssertionError(text)
    for old, new in ((text, GOOD), (GOOD, text)):
        with pytest.raises(SchemaError) as caught:
            check_compatibility(old, new, mode="FULL", format="avro")
        problem = caught.value.problems[0]
        assert problem.code == "MALFORMED_JSON"
        if isinstance(expected, json.JSONDecodeError):
            assert expected.msg in problem.message
            assert (problem.line, problem.column) == (expected.lineno, expected.colno)
        else:  # past Python's digit limit
            assert "digits" in problem.message
