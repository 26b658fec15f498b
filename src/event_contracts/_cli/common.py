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
