"""Nothing written in a schema makes the generated code do anything but define data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.codegen.helpers import import_generated, make_project, run_cli

NASTY_DOC = 'He said """hi""" and \'bye\'\\n \\ end"; import os; os.system("false")  #'
NASTY_DEFAULT = '"); raise SystemExit("pwned") #\\x00 """'

AVRO = {
    "type": "record",
    "name": "OddThing",
    "namespace": "odd",
    "doc": NASTY_DOC,
    "fields": [
        {"name": "class", "type": "string", "doc": NASTY_DOC},
        {"name": "from", "type": "int"},
        {"name": "model_config", "type": "string"},
        {"name": "schema", "type": "string"},
        {"name": "_private", "type": "string"},
        {"name": "model_dump", "type": "string"},
        {"name": "self", "type": "string"},
        {"name": "eventId", "type": "string"},
        {"name": "event_id", "type": "string"},
        {"name": "text", "type": "string", "default": NASTY_DEFAULT},
        {"name": "raw", "type": "bytes", "default": '\u00ff\u0000"'},
        {
            "name": "inner",
            "type": {
                "type": "record",
                "name": "None",
                "fields": [
                    {"name": "metadata", "type": "string"},
                    {"name": "return", "type": ["null", "string"], "default": None},
                ],
            },
        },
        {
            "name": "choice",
            "type": {
                "type": "enum",
                "name": "IntegrationEvent",
                "symbols": ["None", "name", "_missing_", "value", "encode", "A"],
            },
            "default": "None",
        },
    ],
}

JSON = {
    "type": "object",
    "description": NASTY_DOC,
    "additionalProperties": False,
    "required": ["class", "a b", "1x"],
    "properties": {
        "class": {"type": "string", "description": NASTY_DOC},
        "a b": {"type": "string"},
        "1x": {"type": "integer"},
        "x-y": {"type": "string", "default": NASTY_DEFAULT},
        "__init__": {"type": "string"},
        "model_config": {"type": "string"},
        "pattern": {"type": "string", "pattern": "^[\"'\\\\]+$"},
        "kind": {"enum": ["with space", "'quote'", '"dq"', "None", ""]},
    },
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("adversarial")
    pkg = make_project(root, {"odd/OddThing/v1.avsc": AVRO, "odd/OddJson/v1.json": JSON})
    code, _, err = run_cli(root, "generate")
    assert code == 0, err
    return root, pkg


def test_avro_fields_with_hostile_names_keep_their_wire_names(generated: tuple[Path, str]) -> None:
    root, pkg = generated
    odd = import_generated(root, f"{pkg}.odd")
    wire = {
        "class": "c", "from": 1, "model_config": "m", "schema": "s", "_private": "p",
        "model_dump": "d", "self": "me", "eventId": "e1", "event_id": "e2",
        "inner": {"metadata": "x"},
    }  # fmt: skip
    event = odd.OddThing.model_validate(wire)
    dumped = event.model_dump(by_alias=True, exclude={"metadata"})
    assert {k: dumped[k] for k in wire if k != "inner"} == {
        k: v for k, v in wire.items() if k != "inner"
    }
    assert dumped["inner"] == {"metadata": "x", "return": None}
    assert dumped["text"] == NASTY_DEFAULT
    assert dumped["raw"] == b'\xff\x00"'
    assert event.choice.value == "None"
    picked = odd.OddThing.model_validate({**wire, "choice": "encode"}).choice
    assert picked == "encode" and picked.encode() == b"encode"
    assert odd.OddThing.__doc__.strip() == NASTY_DOC
    assert odd.OddThing.model_fields["class_"].description == NASTY_DOC


def test_json_properties_that_are_not_identifiers_get_aliases(generated: tuple[Path, str]) -> None:
    root, pkg = generated
    odd = import_generated(root, f"{pkg}.odd")
    wire = {"class": "c", "a b": "ab", "1x": 1, "__init__": "i", "model_config": "m",
            "pattern": "'\"\\", "kind": "'quote'"}  # fmt: skip
    event = odd.OddJson.model_validate(wire)
    dumped = event.model_dump(by_alias=True, mode="json", exclude={"metadata"})
    assert dumped == wire  # an absent optional property stays absent: no default written
    given = odd.OddJson.model_validate({**wire, "x-y": NASTY_DEFAULT})
    assert given.model_dump(by_alias=True, mode="json") == {**wire, "x-y": NASTY_DEFAULT}
    with pytest.raises(ValueError):
        odd.OddJson.model_validate({**wire, "pattern": "abc"})


def test_generated_code_passes_ruff(generated: tuple[Path, str]) -> None:
    root, pkg = generated
    ruff = Path(sys.executable).parent / "ruff"
    target = str(root / "src" / pkg)
    for args in (["check", "--no-cache", "--select", "E,F,W,I,B,UP,RUF", "--ignore", "E501"],
                 ["format", "--check", "--no-cache"]):  # fmt: skip
        result = subprocess.run([str(ruff), *args, target], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_top_level_metadata_field_is_refused(tmp_path: Path) -> None:
    schema = {**AVRO, "fields": [{"name": "metadata", "type": "string"}]}
    make_project(tmp_path, {"odd/OddThing/v1.avsc": schema})
    code, _, err = run_cli(tmp_path, "generate")
    assert code == 2
    assert "'metadata'" in err and "odd.OddThing" in err


@pytest.mark.slow
def test_generated_code_passes_mypy_strict(generated: tuple[Path, str]) -> None:
    root, pkg = generated
    config = root / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\nplugins = pydantic.mypy\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "-p", pkg],
        capture_output=True,
        text=True,
        cwd=root / "src",
    )
    assert result.returncode == 0, result.stdout + result.stderr
