"""`[tool.event-contracts]`: a value of the wrong type is a ConfigError naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_contracts._compat.model import Mode, Policy
from event_contracts._schema.config import load_config
from event_contracts.errors import ConfigError


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.event-contracts]\n{body}\n", encoding="utf-8")
    return tmp_path


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path,
            'schemas = "contracts"\npackage = "events"\nmain-branch = "trunk"\n'
            'default-mode = "full"\nmodes = { avro = "none" }\njsonschema-policy = "lenient"\n'
            'modules = ["orders"]',
        )
    )
    assert config.schemas == "contracts"
    assert config.package == "events"
    assert config.main_branch == "trunk"
    assert config.mode_for("avro") is Mode.NONE
    assert config.mode_for("jsonschema") is Mode.FULL
    assert config.jsonschema_policy is Policy.LENIENT
    assert config.modules == ("orders",)


@pytest.mark.parametrize(
    ("body", "key", "hint"),
    [
        ("schemas = 5", "schemas", "non-empty string"),
        ('package = "1bad"', "package", "Python package name"),
        ('package = "class"', "package", "Python package name"),
        ("main-branch = []", "main-branch", "non-empty string"),
        ("package-dir = 3", "package-dir", "non-empty string"),
        ('default-mode = "nope"', "default-mode", "BACKWARD_TRANSITIVE"),
        ("modes = 3", "modes", "a table"),
        ("modes = { avro = 3 }", "modes.avro", "FULL_TRANSITIVE"),
        ('modes = { protobuf = "FULL" }', "modes", "avro, jsonschema"),
        ('jsonschema-policy = "x"', "jsonschema-policy", "STRICT, LENIENT"),
        ('modules = "orders"', "modules", "a list"),
        ("modules = [1]", "modules", "a list"),
    ],
)
def test_bad_value_names_the_key_and_what_is_expected(
    tmp_path: Path, body: str, key: str, hint: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, body))
    assert f"[tool.event-contracts] {key} = " in str(info.value)
    assert hint in str(info.value)


def test_cli_reports_a_bad_value_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from event_contracts._cli.main import main

    _write(tmp_path, 'package = "1bad"')
    assert main(["--root", str(tmp_path), "list"]) == 2
    assert "package = '1bad'" in capsys.readouterr().err


def test_a_tool_key_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(tmp_path)
