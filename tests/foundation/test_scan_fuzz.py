"""Whatever bytes sit in a version file or event.toml, `scan` returns Problems, never raises,
and every Problem names its file, a place (line or pointer), what is wrong and a fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.foundation.avro_strategies import avro_schemas

from event_contracts._schema.loader import scan

# Strings that break URL and path handling (found crashing the $ref resolver once).
NASTY = [
    "http://[",
    "#/a/%ZZ",
    "\x00",
    "a\x00b.json",
    "//",
    "#/%",
    "file:///etc/passwd",
    "/etc/passwd",
    "urn:",
    "#foo",
    "v1.json#/x",
    "../../../../x.json",
    "#/$defs/~2",
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(NASTY),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
# JSON Schema-ish objects: real keywords with random values, so the meta-schema and $ref
# walkers see odd shapes, not just random keys.
KEYWORDS = [
    "type",
    "title",
    "$ref",
    "$id",
    "$schema",
    "$defs",
    "properties",
    "items",
    "pattern",
    "enum",
    "$anchor",
    "required",
]
SCHEMA_LIKE = st.dictionaries(st.sampled_from(KEYWORDS), JSON_VALUES, max_size=6)
TOML_LINES = st.lists(
    st.sampled_from(
        [
            'description = "x"',
            "subscribers = []",
            'subscribers = ["orders", 3]',
            'mode = "FULL"',
            "mode = 3",
            'supersedes = "catalog.Nope"',
            "deprecated = true",
            "deprecated = [1]",
            "[table]",
            "description = ",
            "x = 1",
            '"\\u0000" = 1',
        ]
    ),
    max_size=5,
).map("\n".join)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "pyproject.toml").write_text(
        '[tool.event-contracts]\nmodules = ["catalog", "orders"]\n', encoding="utf-8"
    )
    for type_id, filename in (
        ("catalog.ProductAdded", "v1.avsc"),
        ("orders.OrderPlaced", "v1.json"),
    ):
        folder = root / "schemas" / type_id.replace(".", "/")
        folder.mkdir(parents=True)
        (folder / "event.toml").write_text('description = "x"\n', encoding="utf-8")
        (folder / filename).write_text("{}", encoding="utf-8")
    return root


def run(base: Path, tmp: Path, avsc: bytes, json_file: bytes, toml: bytes) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(base, tmp)
    (tmp / "schemas/catalog/ProductAdded/v1.avsc").write_bytes(avsc)
    (tmp / "schemas/orders/OrderPlaced/v1.json").write_bytes(json_file)
    (tmp / "schemas/orders/OrderPlaced/event.toml").write_bytes(toml)
    _, problems = scan(tmp / "schemas")
    for p in problems:
        assert p.file is not None and p.message and p.fix, p
        assert (
            p.line is not None
            or p.pointer
            or p.file.is_dir()
            or p.code in {"EMPTY_FILE", "UNREADABLE_FILE", "MISSING_DESCRIPTION"}
        ), p


def encoded(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8")


@given(st.binary(max_size=64), st.binary(max_size=64), st.binary(max_size=32))
def test_random_bytes_give_problems_not_tracebacks(
    base: Path, tmp_path_factory: pytest.TempPathFactory, avsc: bytes, js: bytes, toml: bytes
) -> None:
    run(base, tmp_path_factory.mktemp("b"), avsc, js, toml)


@given(JSON_VALUES, SCHEMA_LIKE, TOML_LINES)
def test_random_json_and_toml_give_problems_not_tracebacks(
    base: Path, tmp_path_factory: pytest.TempPathFactory, avsc: Any, js: Any, toml: str
) -> None:
    run(base, tmp_path_factory.mktemp("j"), encoded(avsc), encoded(js), toml.encode())


@given(avro_schemas(), SCHEMA_LIKE)
def test_generated_schemas_give_problems_not_tracebacks(
    base: Path, tmp_path_factory: pytest.TempPathFactory, avsc: Any, js: Any
) -> None:
    run(base, tmp_path_factory.mktemp("g"), encoded(avsc), encoded(js), b'description = "x"\n')


@pytest.mark.slow
@settings(max_examples=1500)
@given(JSON_VALUES | avro_schemas(), SCHEMA_LIKE, TOML_LINES)
def test_fuzzing_at_length(
    base: Path, tmp_path_factory: pytest.TempPathFactory, avsc: Any, js: Any, toml: str
) -> None:
    run(base, tmp_path_factory.mktemp("s"), encoded(avsc), encoded(js), toml.encode())


def test_nan_and_infinity_are_not_json(base: Path, tmp_path: Path) -> None:
    """Python's json accepts them; JSON and every other schema tool do not."""
    run(base, tmp_path / "p", b"{}", b'{\n  "default": 1,\n  "maximum": -Infinity\n}', b"")
    _, problems = scan(tmp_path / "p" / "schemas")
    [p] = [p for p in problems if p.code == "MALFORMED_JSON"]
    assert (p.line, p.column) == (3, 14)
    assert "-Infinity is not a JSON value" in p.message


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_deep_nesting_is_a_problem_not_a_recursion_error(
    base: Path, tmp_path: Path, depth: int
) -> None:
    nested = '{"type": "array", "items": ' * depth + '"int"' + "}" * depth
    avsc = '{"type": "record", "name": "ProductAdded", "namespace": "catalog", "fields": ['
    avsc += '{"name": "a", "type": ' + nested + "}]}"
    toml = 'description = "x"\nx = ' + "[" * depth + "]" * depth
    run(base, tmp_path / "p", avsc.encode(), b"{}", toml.encode())
    _, problems = scan(tmp_path / "p" / "schemas")
    assert {p.code for p in problems} >= {"MALFORMED_TOML"}
    assert any(p.file is not None and p.file.name == "v1.avsc" for p in problems)
