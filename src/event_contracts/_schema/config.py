"""`[tool.event-contracts]` in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from event_contracts._compat.model import Mode, Policy
from event_contracts._schema.model import Config
from event_contracts.errors import ConfigError

_KEYS = {
    "schemas",
    "package",
    "package-dir",
    "main-branch",
    "default-mode",
    "modes",
    "jsonschema-policy",
    "modules",
}


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding a pyproject.toml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return None


def load_config(project_root: Path | None) -> Config:
    if project_root is None:
        return Config()
    path = project_root / "pyproject.toml"
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read pyproject.toml: {exc}") from None
    table: Any = data.get("tool", {}).get("event-contracts", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.event-contracts] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) in [tool.event-contracts]: {', '.join(unknown)}; "
            f"known keys: {', '.join(sorted(_KEYS))}"
        )
    try:
        modes = {str(k): Mode(str(v).upper()) for k, v in dict(table.get("modes", {})).items()}
        return Config(
            schemas=str(table.get("schemas", "schemas")),
            package=str(table.get("package", "integration_events")),
            package_dir=str(table.get("package-dir", "src")),
            main_branch=str(table.get("main-branch", "main")),
            default_mode=Mode(str(table.get("default-mode", "BACKWARD")).upper()),
            format_modes=MappingProxyType(modes),
            jsonschema_policy=Policy(str(table.get("jsonschema-policy", "STRICT")).upper()),
            modules=tuple(str(m) for m in table.get("modules", ())),
        )
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{path}: bad value in [tool.event-contracts]: {exc}") from None
