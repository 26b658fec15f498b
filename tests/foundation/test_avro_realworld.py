"""Real-world Avro schemas (tests/foundation/data/avro, see its README) and Apache Avro's own
test examples: valid ones pass our checks and the loader, invalid ones are caught."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.foundation.conftest import write_event

from event_contracts._schema.avro import canonical_and_fingerprint, check
from event_contracts._schema.loader import scan

DATA = Path(__file__).parent / "data" / "avro"
FILES = sorted(p for p in DATA.glob("*/*") if p.suffix in (".avsc", ".json"))
NOT_JSON = {"reserved.avsc"}  # ends in "}," : Apache's Java tools read only the first value


def inputs(name: str) -> list[tuple[str, Any, dict[str, str]]]:
    """(case id, schema, expectations) for each <<INPUT block of an Apache test list."""
    text = (DATA / "apache" / name).read_text(encoding="utf-8")
    cases = []
    parts = re.split(r"^// (\d+)\s*$", text, flags=re.M)
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        m = re.search(r"^<<INPUT\n(.*?)^INPUT$", body, flags=re.M | re.S) or re.search(
            r"^<<INPUT (.*)$", body, flags=re.M
        )
        assert m, number
        expect = dict(re.findall(r"^<<(canonical|fingerprint) (.*)$", body, flags=re.M))
        cases.append((number, json.loads(m.group(1)), expect))
    return cases


SCHEMA_TESTS = inputs("schema-tests.txt")
CUSTOM_TESTS = inputs("custom-schema-tests.txt")
# schema-tests.txt case 026 gives the boolean field f1 the default "true" (a string); the
# specification and Java's default validation reject that (standard-schema-tests.txt, its
# successor, says `true`). Apache's Python parser never validates defaults.
STRING_FOR_BOOLEAN = "026"


def codes(schema: Any) -> list[str]:
    return [i.code for i in check(schema)]


@pytest.mark.parametrize(("number", "schema", "expect"), SCHEMA_TESTS, ids=lambda v: str(v))
def test_apache_schema_tests_pass_with_their_canonical_form_and_fingerprint(
    number: str, schema: Any, expect: dict[str, str]
) -> None:
    if number == STRING_FOR_BOOLEAN:
        assert codes(schema) == ["AVRO_BAD_DEFAULT"]
    else:
        assert codes(schema) == []
    canonical, fingerprint = canonical_and_fingerprint(schema)
    assert canonical == expect["canonical"]
    if "fingerprint" in expect:
        signed = int(expect["fingerprint"])
        assert fingerprint == f"{signed & (2**64 - 1):016x}"


@pytest.mark.parametrize(("number", "schema", "expect"), CUSTOM_TESTS, ids=lambda v: str(v))
def test_apache_custom_property_tests_pass(
    number: str, schema: Any, expect: dict[str, str]
) -> None:
    assert codes(schema) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_real_world_schema_files_pass(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name in NOT_JSON:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
        schema, _ = json.JSONDecoder().raw_decode(text)
    else:
        schema = json.loads(text)
    assert codes(schema) == []


def test_real_world_schemas_load_as_event_types(tmp_path: Path) -> None:
    """Each file wrapped as an event type (a record named after its folder) loads cleanly."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.event-contracts]\nmodules = ["realworld"]\n', encoding="utf-8"
    )
    for i, path in enumerate(FILES, 1):
        schema, _ = json.JSONDecoder().raw_decode(path.read_text(encoding="utf-8"))
        wrapped = {
            "type": "record",
            "name": f"Sample{i}",
            "namespace": "realworld",
            "fields": [{"name": "payload", "type": schema}],
        }
        write_event(tmp_path, f"realworld.Sample{i}", 'description = "x"\n', v1_avsc=wrapped)
    catalog, problems = scan(tmp_path / "schemas")
    assert problems == []
    assert len(catalog) == len(FILES)


def apache_python_examples() -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from avro.test import test_schema  # shipped inside the `avro` wheel (Apache-2.0)
    return list(test_schema.EXAMPLES)


def apache_expects_valid(example: Any) -> bool:
    """Valid, and no logical type that Apache would silently drop (we reject those)."""
    if not example.valid:
        return False
    dropped = [w for w in example.warnings or [] if not str(w).startswith("Unknown")]
    return not dropped


@pytest.mark.parametrize("example", apache_python_examples(), ids=lambda e: str(e)[:60])
def test_apache_python_examples_get_the_same_verdict(example: Any) -> None:
    try:
        schema = json.loads(str(example))
    except json.JSONDecodeError:
        assert not example.valid  # such as True: not JSON, so not a schema
        return
    assert (codes(schema) == []) == apache_expects_valid(example), codes(schema)


def test_the_data_folder_names_its_sources() -> None:
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert path.name in readme
