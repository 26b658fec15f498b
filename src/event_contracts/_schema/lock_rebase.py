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


def merge_locks(ours: str, theirs: str, main: str | None, path: Path) -> str | None:
    """A git merge driver's answer for two lock texts, or None when they truly conflict.

    The side that holds the main branch's lock (`main`, None when unknown) keeps its text; by
    default that is `theirs`, the branch being merged in (merging main into a branch, the
    documented flow). The other side's entries it lacks are appended with fresh schema ids.
    The same version with two different fingerprints is a real conflict (None).
    """
    mine = tuple(e for _, e in parse_lock(ours, path))
    other = tuple(e for _, e in parse_lock(theirs, path))
    published = tuple(e for _, e in parse_lock(main, path)) if main else None
    keep_ours = published is not None and _starts(mine, published) and not _starts(other, published)
    kept_text, kept, extra = (ours, mine, other) if keep_ours else (theirs, other, mine)
    known = {(e.event_type, e.version): e.fingerprint for e in kept}
    next_id = max((e.schema_id for e in kept), default=0) + 1
    lines: list[str] = []
    for e in extra:
        fingerprint = known.get((e.event_type, e.version))
        if fingerprint == e.fingerprint:
            continue
        if fingerprint is not None:
            return None
        known[(e.event_type, e.version)] = e.fingerprint
        lines.append(LockEntry(next_id, e.event_type, e.version, e.format, e.fingerprint).line())
        next_id += 1
    text = kept_text or HEADER
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(line + "\n" for line in lines)


def _starts(entries: tuple[LockEntry, ...], prefix: tuple[LockEntry, ...]) -> bool:
    return entries[: len(prefix)] == prefix
