"""`event-contracts compat OLD NEW --mode M`: exit 0 compatible, 1 incompatible, 2 bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_contracts._cli.main import main

V1 = {"type": "record", "name": "a.Thing", "fields": [{"name": "x", "type": "int"}]}
V2_OK = {
    "type": "record",
    "name": "a.Thing",
    "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "string", "default": ""}],
}
V2_BAD = {
    "type": "record",
    "name": "a.Thing",
    "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "string"}],
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, schema in (("v1", V1), ("ok", V2_OK), ("bad", V2_BAD)):
        path = tmp_path / f"{name}.avsc"
        path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
        out[name] = path
    return out


def test_compatible_pair_exits_0(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compat", str(files["v1"]), str(files["ok"]), "--mode", "FULL"]) == 0
    assert "compatible under FULL" in capsys.readouterr().out


def test_incompatible_pair_exits_1_with_rule_line_and_payload(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compat", str(files["v1"]), str(files["bad"]), "--mode", "BACKWARD"]) == 1
    out = capsys.readouterr().out
    assert "READER_FIELD_MISSING_DEFAULT" in out
    assert "bad.avsc:" in out
    assert "breaks on:" in out
    # Forward alone passes: old readers ignore the new field.
    assert main(["compat", str(files["v1"]), str(files["bad"]), "--mode", "FORWARD"]) == 0


def test_json_output_is_data(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    main(["compat", str(files["v1"]), str(files["bad"]), "--mode", "FULL", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["compatible"] is False
    [finding] = data["findings"]
    assert (finding["rule"], finding["direction"], finding["pointer"]) == (
        "READER_FIELD_MISSING_DEFAULT",
        "backward",
        "/fields/1",
    )
    assert finding["counterexample"] == {"x": 0}


@pytest.mark.parametrize("mode", ["SIDEWAYS", "backward_transitive"])
def test_modes_are_checked(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], mode: str
) -> None:
    code = main(["compat", str(files["v1"]), str(files["ok"]), "--mode", mode])
    assert code == (2 if mode == "SIDEWAYS" else 0)


def test_missing_or_broken_files_exit_2(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compat", str(tmp_path / "nope.avsc"), str(files["ok"])]) == 2
    broken = tmp_path / "broken.avsc"
    broken.write_text("{", encoding="utf-8")
    assert main(["compat", str(broken), str(files["ok"])]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_invalid_schemas_are_refused_with_file_and_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"type": "object",\n "properties": {"a": {"type": "strin"}}}')
    ok_json = tmp_path / "ok.json"
    ok_json.write_text('{"type": "object"}')
    assert main(["compat", str(bad_json), str(ok_json)]) == 2
    assert "bad.json:2 (/properties/a/type): invalid JSON Schema" in capsys.readouterr().err
    bad_avro = tmp_path / "bad.avsc"
    bad_avro.write_text(
        '{"type": "record", "name": "x", "fields": [{"name": "a", "type": "Nope"}]}'
    )
    assert main(["compat", str(bad_avro), str(bad_avro)]) == 2
    assert "unknown type 'Nope'" in capsys.readouterr().err
