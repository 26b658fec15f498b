"""What several commands share: finding the project, its config and its schemas folder."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.config import load_config
from event_contracts._schema.model import Config


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


def shown(path: Path | str, root: Path | None = None) -> str:
    """`path` relative to `root` (default: the current folder) when below it, else as given;
    POSIX separators, as in findings and CI annotations."""
    base = (root or Path.cwd()).resolve()
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(path).as_posix()
