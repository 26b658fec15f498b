"""What one scan of the schemas folder collects: problems, types, and where links may lead."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from event_contracts._schema.model import Config, EventType
from event_contracts.errors import Problem


@dataclass
class ScanState:
    root: Path
    config: Config
    deep: bool
    problems: list[Problem] = field(default_factory=list)
    types: dict[str, EventType] = field(default_factory=dict)
    # Every well-named type folder, loaded or not, so one broken file does not make
    # references to its type look dangling.
    declared: set[str] = field(default_factory=set)
    # Loaded type ids by their lower-case form: a case-only clash is one look-up, not a scan.
    folded: dict[str, str] = field(default_factory=dict)
    top: Path | None = None
    """The folder no symbolic link under the schemas folder may lead out of (the project)."""
    ids: Mapping[str, str] | None = None
    """Blob ids of the files (relative POSIX path → id) when a scan may take the results of
    files it loaded before (as deep) from the cache (`stored.py`)."""
    dirs: Mapping[str, Mapping[str, bool]] | None = None
    """What the folders git vouches for hold (`filehash.folder_ids(dirs=)`): not read again."""

    def blob(self, type_id: str, file: str) -> str | None:
        """The blob id of a file of an event type, for a scan given ids."""
        if self.ids is None:
            return None
        return self.ids.get(f"{type_id.replace('.', '/', 1)}/{file}")

    def leaves(self, path: Path) -> bool:
        """True (and a problem) when `path` is a symbolic link to outside the project: files
        there are not the project's, and writes through the link would land elsewhere."""
        if self.top is None or not path.is_symlink():
            return False
        target = path.resolve()
        if target.is_relative_to(self.top):
            return False
        self.problem(
            "LINK_OUTSIDE_PROJECT",
            path,
            f"a symbolic link to {target}, outside the project {self.top}; it is not read",
            "copy the files into the project, or link only to folders inside it",
        )
        return True

    def problem(
        self, code: str, file: Path | None, message: str, fix: str = "", **where: Any
    ) -> None:
        self.problems.append(Problem(code, file, message, fix, **where))
