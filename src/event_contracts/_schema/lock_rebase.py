"""`registry.lock` after parallel pull requests: keep the base's entries, re-append ours.

Two branches that each add a version both append a line to the lock, with the same next
schema id. Merging main into a branch then conflicts on the lock (or, worse, merges into two
entries with one id). The main branch's entries are published (registries and payloads know
their schema ids), so they win as they are, byte for byte; this branch's versions are not
published yet, so they are appended again after them, with fresh ids, exactly as `lock` would
append them on top of main's lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.lock import HEADER, LockEntry, parse_lock, pending_entries
from event_contracts._schema.model import Catalog


@dataclass(frozen=True, slots=True)
class Rebased:
    text: str
    """The new lock file: the base's text unchanged, then the appended lines."""
    kept: tuple[LockEntry, ...]
    appended: tuple[LockEntry, ...]

    @property
    def entries(self) -> tuple[LockEntry, ...]:
        return self.kept + self.appended


def rebase_lock(base_text: str | None, catalog: Catalog, path: Path) -> Rebased:
    """The lock for `catalog` on top of the base's lock text (None: no lock at the base).

    `path` names the base's lock in messages (a corrupt base lock is a SchemaError).
    """
    kept = tuple(e for _, e in parse_lock(base_text, path)) if base_text else ()
    appended = tuple(pending_entries(catalog, kept))
    text = base_text if base_text else HEADER
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(e.line() + "\n" for e in appended)
    return Rebased(text, kept, appended)
