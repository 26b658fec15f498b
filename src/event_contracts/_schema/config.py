"""`[tool.event-contracts]` in pyproject.toml."""

from __future__ import annotations

import keyword
import re
import tomllib
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any

from event_contracts._schema.model import FORMAT_SUFFIX, Config
from event_contracts._vocab import Mode, Policy
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
    "distribution",
    "version",
    "handlers",
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
    except (OSError, ValueError) as exc:  # TOMLDecodeError, UnicodeDecodeError, huge ints
        raise ConfigError(f"{path}: cannot read pyproject.toml: {exc}") from None
    tool = data.get("tool", {})
    table: Any = tool.get("event-contracts", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.event-contracts] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) in [tool.event-contracts]: {', '.join(unknown)}; "
            f"known keys: {', '.join(sorted(_KEYS))}"
        )
    return Config(
        schemas=_folder(table, "schemas", "schemas", path),
        package=_package(table, path),
        package_dir=_folder(table, "package-dir", "src", path),
        main_branch=_text(table, "main-branch", "main", path),
        default_mode=_mode(table.get("default-mode", "BACKWARD"), "default-mode", path),
        format_modes=MappingProxyType(_format_modes(table.get("modes", {}), path)),
        jsonschema_policy=_policy(table.get("jsonschema-policy", "STRICT"), path),
        modules=_modules(table.get("modules", []), path),
        distribution=_distribution(table, path),
        handlers=MappingProxyType(_handlers(table.get("handlers", {}), path)),
    )


# Each value is checked for its type: `str(5)` or `str([])` would silently become a folder,
# a branch or a package name that nobody wrote.
def _bad(path: Path, key: str, got: object, want: str) -> ConfigError:
    return ConfigError(f"{path}: [tool.event-contracts] {key} = {got!r}: expected {want}")


def _text(table: dict[str, Any], key: str, default: str, path: Path) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise _bad(path, key, value, "a non-empty string")
    return value


def _folder(table: dict[str, Any], key: str, default: str, path: Path) -> str:
    """A folder of the project, relative to pyproject.toml; never one outside it (an absolute
    path, `..`, or a symbolic link leading out), where reads and writes would land elsewhere."""
    value = _text(table, key, default, path)
    if any(ord(c) < 32 for c in value):
        raise _bad(path, key, value, "a folder name without control characters")
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive:
        raise _bad(path, key, value, "a folder inside the project, relative to pyproject.toml")
    root = path.parent.resolve()
    target = (root / value).resolve()
    if not target.is_relative_to(root):
        via = "a symbolic link" if ".." not in PurePosixPath(value).parts else "'..'"
        raise ConfigError(
            f"{path}: [tool.event-contracts] {key} = {value!r} leads outside the project (to "
            f"{target}, through {via}); keep it inside {root}"
        )
    return value


def _package(table: dict[str, Any], path: Path) -> str:
    name = _text(table, "package", "integration_events", path)
    if not name.isidentifier() or keyword.iskeyword(name):
        raise _bad(path, "package", name, "a Python package name such as integration_events")
    return name


def _distribution(table: dict[str, Any], path: Path) -> str | None:
    """The contracts distribution's name; its `version` is read where it is compared."""
    version = table.get("version", "0")
    if not isinstance(version, str) or not version.strip():
        raise _bad(path, "version", version, 'a version string such as "1.4.0"')
    if "distribution" not in table:
        return None
    name = _text(table, "distribution", "", path)
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", name):
        raise _bad(path, "distribution", name, "a distribution name such as integration-events")
    return name


def _mode(value: object, key: str, path: Path) -> Mode:
    if isinstance(value, str) and value.upper() in Mode.__members__:
        return Mode(value.upper())
    raise _bad(path, key, value, f"one of {', '.join(Mode)}")


def _format_modes(value: object, path: Path) -> dict[str, Mode]:
    if not isinstance(value, dict):
        raise _bad(path, "modes", value, 'a table such as { avro = "FULL_TRANSITIVE" }')
    unknown = sorted(set(value) - set(FORMAT_SUFFIX))
    if unknown:
        raise _bad(path, "modes", value, f"keys among {', '.join(FORMAT_SUFFIX)}")
    return {k: _mode(v, f"modes.{k}", path) for k, v in value.items()}


def _policy(value: object, path: Path) -> Policy:
    if isinstance(value, str) and value.upper() in Policy.__members__:
        return Policy(value.upper())
    raise _bad(path, "jsonschema-policy", value, f"one of {', '.join(Policy)}")


def _modules(value: object, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        raise _bad(path, "modules", value, 'a list of module names such as ["orders"]')
    return tuple(value)


def _handlers(value: object, path: Path) -> dict[str, str]:
    """`handlers = { orders = "src/orders/handlers" }`: each consuming module's handler folder."""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise _bad(path, "handlers", value, 'a table such as { orders = "src/orders/handlers" }')
    return dict(value)
