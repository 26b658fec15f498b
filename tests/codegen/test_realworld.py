"""Real-world schemas: each generates, imports, and its class accepts exactly what the schema does.

Sources and licenses: tests/codegen/data/realworld/README.md. References: fastavro (binary
round trip and validation) for Avro, jsonschema (the schema's own draft) for JSON Schema.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastavro
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.codegen.helpers import import_generated, make_project, run_cli
from tests.codegen.realworld import (
    MODULE,
    avro_datum,
    event_name,
    files,
    json_candidate,
    wrap_avro,
    wrap_json,
)

# Schemas the generator refuses on purpose, with the reason its error must name.
REFUSED: dict[str, str] = {
    # a reference to a file the schema does not ship with: `validate` refuses it first
    "cdevents_artifact_packaged": "links/embeddedlinksarray",
}

AVRO = [pytest.param(p, id=p.stem) for p in files("avro")]
JSON = [pytest.param(p, id=p.stem) for p in files("jsonschema")]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _generate(tmp: Path, path: Path) -> Any:
    fmt = "avro" if path.suffix == ".avsc" else "jsonschema"
    schema = wrap_avro(path) if fmt == "avro" else wrap_json(path)
    name = event_name(path)
    rel = f"{MODULE}/{name}/v1.{'avsc' if fmt == 'avro' else 'json'}"
    package = make_project(tmp, {rel: schema})
    code, out, err = run_cli(tmp, "generate")
    if path.stem in REFUSED:
        assert code == 2, out + err
        assert REFUSED[path.stem] in err, err
        pytest.skip(f"refused on purpose: {REFUSED[path.stem]}")
    assert code == 0, out + err
    index = import_generated(tmp, f"{package}._index")
    return schema, index.class_for(f"{MODULE}.{name}", 1)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", AVRO)
def test_avro_class_round_trips_what_fastavro_reads(tmp_path: Path, path: Path) -> None:
    schema, cls = _generate(tmp_path, path)
    parsed = fastavro.parse_schema(schema)

    @SETTINGS
    @given(avro_datum(schema))
    def check(datum: dict[str, Any]) -> None:
        buf = io.BytesIO()
        fastavro.schemaless_writer(buf, parsed, datum)
        buf.seek(0)
        read = fastavro.schemaless_reader(buf, parsed)
        instance = cls.model_validate(read)
        dumped = _plain(instance.model_dump(by_alias=True, exclude={"metadata"}))
        assert fastavro.validation.validate(dumped, parsed, raise_errors=False)
        assert dumped == _plain(read)
        hash(instance)

    check()


@pytest.mark.parametrize("path", AVRO)
def test_avro_class_rejects_what_fastavro_rejects(tmp_path: Path, path: Path) -> None:
    schema, cls = _generate(tmp_path, path)
    parsed = fastavro.parse_schema(schema)
    bad = st.sampled_from([None, "text", 3, 2**40, 1.5, True, b"\x00", [1], {"a": 1}])

    @SETTINGS
    @given(bad)
    def check(value: Any) -> None:
        broken = {"payload": value}
        if fastavro.validation.validate(broken, parsed, raise_errors=False):
            return
        with pytest.raises(ValidationError):
            cls.model_validate(broken)

    check()


@pytest.mark.parametrize("path", JSON)
def test_json_class_accepts_exactly_what_the_schema_accepts(tmp_path: Path, path: Path) -> None:
    schema, cls = _generate(tmp_path, path)
    validator_cls = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft202012Validator
    )
    from tests.codegen.test_differential import FORMATS

    validator = validator_cls(schema, format_checker=FORMATS)
    accepted = [0]

    @SETTINGS
    @given(json_candidate(schema, schema))
    def check(instance: Any) -> None:
        expected = validator.is_valid(instance)
        try:
            model = cls.model_validate(instance)
        except ValidationError as exc:
            assert not expected, (instance, str(exc))
            return
        assert expected, instance
        accepted[0] += 1
        dumped = json.loads(model.model_dump_json(by_alias=True, exclude={"metadata"}))
        assert validator.is_valid(dumped), (instance, dumped)
        assert cls.model_validate(dumped) == model

    check()
    assert accepted[0], "no candidate was valid: the strategy does not fit this schema"


@pytest.mark.slow
def test_generated_realworld_package_passes_mypy_strict_and_ruff(tmp_path: Path) -> None:
    schemas: dict[str, Any] = {}
    for path in files("avro") + files("jsonschema"):
        if path.stem in REFUSED:
            continue
        if path.suffix == ".avsc":
            schemas[f"{MODULE}/{event_name(path)}/v1.avsc"] = wrap_avro(path)
        else:
            schemas[f"{MODULE}/{event_name(path)}/v1.json"] = wrap_json(path)
    package = make_project(tmp_path, schemas, package="rw_events")
    code, out, err = run_cli(tmp_path, "generate")
    assert code == 0, out + err
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "-p", package],
        cwd=tmp_path / "src",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lint = [sys.executable, "-m", "ruff", "check", "--isolated", "--line-length", "100"]
    lint += ["--select", "E,F,W,I,B,UP,SIM,RUF,C4", "--ignore", "E501,RUF001,RUF002,RUF003"]
    lint += ["--config", f"lint.isort.known-first-party=['event_contracts', '{package}']"]
    result = subprocess.run(
        [*lint, "--target-version", "py311", package],
        cwd=tmp_path / "src",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
