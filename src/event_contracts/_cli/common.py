"""What several commands share: finding the project, its config and its schemas folder."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.config import load_config
from event_contracts._schema.model import Config
from event_contracts.errors import UsageError


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @property
    def schemas(self) -> Path:
        return self.root / self.config.schemas


def project(args: argparse.Namespace) -> Project:
    root = Path(args.root).resolve()
    return Project(root, load_config(root))


def against(value: object, option: str = "--against") -> str | None:
    """A base to compare with, as given (None: the default base). An empty value is usually
    an unset CI variable: comparing the tree with itself would pass every change, so it is
    refused, as is anything git would read as an option."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise UsageError(
            f"{option} is empty (an unset CI variable?): pass a git ref or a folder, or leave "
            f"{option} out to compare with the merge base of the main branch"
        )
    if value.startswith("-"):
        raise UsageError(f"{option} {value!r}: a git ref or folder cannot start with '-'")
    return value


def shown(path: Path | str, root: Path | None = None) -> str:
    """`path` relative to `root` (default: the current folder) when below it, else as given;
    POSIX separators, as in findings and CI annotations."""
    base = (root or Path.cwd()).resolve()
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(path).as_posix()


def deprecated(old: str, new: str) -> None:
    """Warn that a spelling goes away in 0.3 and name its replacement (stderr)."""
    print(f"warning: `{old}` is deprecated and goes in 0.3; use `{new}`", file=sys.stderr)
