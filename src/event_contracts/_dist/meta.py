"""What the contracts distribution is called, which version it is, and what it depends on.

The contracts (generated classes, upcasters, schemas, lock) ship apart from the engine, with a
version of their own in `[tool.event-contracts] version`. Generated code calls the engine's
runtime, so the contracts require the engine release line they were generated with.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.model import Config
from event_contracts.errors import ConfigError

ENGINE = "event-contracts"


@dataclass(frozen=True, slots=True)
class Contracts:
    name: str
    """The distribution name (`integration-events`)."""
    version: str
    package: str
    """The import name (`integration_events`)."""
    source: Path
    """The package folder in the project."""
    requires: str
    """The engine requirement, e.g. `event-contracts>=0.1.0,<0.2`."""

    @property
    def stem(self) -> str:
        """The file-name form of the name (PEP 427/625: normalised, `-` → `_`)."""
        return self.name.replace("-", "_").replace(".", "_").lower()


def contracts(root: Path, config: Config) -> Contracts:
    return Contracts(
        name=config.distribution or config.package.replace("_", "-"),
        version=contracts_version(root / "pyproject.toml"),
        package=config.package,
        source=root / config.package_dir / config.package,
        requires=engine_requirement(engine_version()),
    )


def contracts_version(pyproject: Path, text: str | None = None) -> str:
    """`[tool.event-contracts] version`, else `[project] version` (a project whose own
    distribution is the contracts package); statically declared either way."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8") if text is None else text)
    except (OSError, ValueError) as exc:  # TOMLDecodeError, UnicodeDecodeError, huge ints
        raise ConfigError(f"{pyproject}: cannot read it: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("event-contracts", {}) if isinstance(tool, dict) else {}
    version = table.get("version") if isinstance(table, dict) else None
    if version is None:
        project = data.get("project", {})
        version = project.get("version") if isinstance(project, dict) else None
    if not isinstance(version, str) or not version.strip():
        raise ConfigError(
            f'{pyproject}: no static contracts version; set version = "0.1.0" under '
            "[tool.event-contracts] (or a static [project] version: a dynamic one cannot be "
            "checked)"
        )
    return version.strip()


def engine_version() -> str:
    from importlib import metadata  # here: every CLI command imports this module

    try:
        return metadata.version(ENGINE)
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree never installed
        raise ConfigError(
            f"{ENGINE} is not installed as a distribution; install it (pip install -e .) so "
            "the contracts can name the engine release they need"
        ) from None


def engine_requirement(version: str) -> str:
    """The engine release line the generated code runs on: from this release, up to the next
    minor below 1.0 and the next major from 1.0 (the generated code uses the runtime's private
    helpers, which change only then)."""
    match = re.match(r"(\d+)(?:\.(\d+))?", version)
    if match is None:
        raise ConfigError(f"{ENGINE} reports version {version!r}, which has no release number")
    major, minor = int(match[1]), int(match[2] or 0)
    upper = f"0.{minor + 1}" if major == 0 else f"{major + 1}"
    return f"{ENGINE}>={version},<{upper}"
