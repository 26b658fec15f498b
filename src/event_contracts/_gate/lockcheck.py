"""`schemas/registry.lock` against the working tree: catches edits even without git history.

The lock records each published version's fingerprint. A version whose file no longer has that
fingerprint was edited; a locked version that is gone was deleted; a lock whose earlier lines
changed was rewritten (it is append-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from event_contracts._compat.model import Finding
from event_contracts._gate.checks import Where
from event_contracts._gate.model import CheckCase
from event_contracts._schema.lock import LOCK_NAME, LockEntry, parse_lock, read_numbered
from event_contracts._schema.model import FORMAT_SUFFIX, Catalog

LOCK_CASE = LOCK_NAME  # the pseudo event type of checks on the whole lock file


@dataclass(frozen=True, slots=True)
class Lock:
    """A lock file's entries with the line each came from."""

    path: Path
    entries: tuple[LockEntry, ...]
    lines: tuple[int, ...]
    text: str | None = None
    """The text the entries were read from (as `read_text` gives it)."""

    @classmethod
    def read(cls, path: Path, *, earlier: Lock | None = None) -> Lock | None:
        """None when there is no lock file; SchemaError when a line cannot be read.
        `earlier`: a lock read before (the working tree's, when this is the base's); when this
        file's text is whole lines at the start of its text (an append-only history), its
        entries of those lines are this file's, and the text is not parsed again."""
        if not path.is_file():
            return None
        try:
            text: str | None = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None  # `read_numbered` says why
        if text is None:
            numbered = read_numbered(path)
        elif earlier is not None and earlier.text and _lines_at_start(text, earlier.text):
            last = len(text.splitlines())
            kept = [i for i, n in enumerate(earlier.lines) if n <= last]
            entries = tuple(earlier.entries[i] for i in kept)
            return cls(path, entries, tuple(earlier.lines[i] for i in kept), text)
        else:
            numbered = parse_lock(text, path)
        return cls(path, tuple(e for _, e in numbered), tuple(n for n, _ in numbered), text)

    def latest(self) -> dict[tuple[str, int], tuple[LockEntry, int]]:
        """Per (event type, version), the last entry and its line (later lines win)."""
        return {
            (e.event_type, e.version): (e, n) for e, n in zip(self.entries, self.lines, strict=True)
        }


def _lines_at_start(text: str, longer: str) -> bool:
    """`text` is whole lines at the start of `longer`: their first lines are the same."""
    return text.endswith("\n") and longer.startswith(text)


def lock_cases(
    head: Catalog,
    lock: Lock | None,
    *,
    base_lock: Lock | None = None,
    base: Catalog | None = None,
    where: Where,
) -> list[CheckCase]:
    """One `lock` case per event type with something to say, plus whole-file cases."""
    lock_rel = f"{where.schemas_rel}/{LOCK_NAME}"
    if lock is None:
        return [_no_lock(base_lock is not None, lock_rel)]
    cases: list[CheckCase] = []
    rewritten = _rewritten(lock, base_lock, lock_rel)
    if rewritten is not None:
        cases.append(CheckCase(LOCK_CASE, "append-only", (rewritten,)))
    locked = lock.latest()
    per_type: dict[str, list[Finding]] = {}
    for entry, line in locked.values():
        finding = _entry_finding(head, entry, line, base, base_lock, where)
        if finding is not None:
            per_type.setdefault(entry.event_type, []).append(finding)
    _unlocked(head, locked, base, lock_rel, per_type)
    for type_id in sorted(per_type):
        cases.append(CheckCase(type_id, "lock", tuple(per_type[type_id])))
    return cases


def _no_lock(deleted: bool, lock_rel: str) -> CheckCase:
    """No lock file: deleted on this branch (an error), or never written (info)."""
    if deleted:
        finding = Finding(
            rule="LOCK_REWRITTEN",
            message=f"{lock_rel} exists at the base but was deleted",
            fix=f"restore {lock_rel} from the base branch",
            file=lock_rel,
        )
        return CheckCase(LOCK_CASE, "append-only", (finding,))
    finding = Finding(
        rule="LOCK_MISSING",
        severity="info",
        message=f"there is no {lock_rel}; without it, edits to published "
        "versions are caught only where git history reaches",
        fix="run `event-contracts lock` and commit the file",
        file=lock_rel,
    )
    return CheckCase(LOCK_CASE, "present", (finding,))


def _entry_finding(
    head: Catalog,
    entry: LockEntry,
    line: int,
    base: Catalog | None,
    base_lock: Lock | None,
    where: Where,
) -> Finding | None:
    """What one lock entry says about the working tree: its type or file is gone, or edited."""
    lock_rel = f"{where.schemas_rel}/{LOCK_NAME}"
    type_id, number = entry.event_type, entry.version
    t = head.event_types.get(type_id)
    if t is None:
        if base is not None:  # with a base, the plan judges deleted types (deprecation known)
            return None
        return Finding(
            rule="LOCKED_TYPE_MISSING",
            severity="warning",
            message=f"{type_id} is in {lock_rel} (line {line}) but not in the "
            "schemas; without git history the gate cannot tell whether it was "
            "deprecated before removal",
            fix="run the check with the base branch fetched",
            event_type=type_id,
            old_version=number,
            file=lock_rel,
            line=line,
        )
    v = next((x for x in t.versions if x.number == number), None)
    if v is None:
        if base is not None and type_id in base.event_types:
            return None  # the plan reports the deleted version with the base's file
        suffix = FORMAT_SUFFIX["avro" if entry.format == "avro" else "jsonschema"]
        deleted = where.file(t, f"v{number}{suffix}")
        return Finding(
            rule="VERSION_DELETED",
            message=f"v{number} of {type_id} is published ({lock_rel} line {line}) "
            "and its file was deleted",
            fix=f"restore {deleted}",
            event_type=type_id,
            old_version=number,
            file=deleted,
            subscribers=t.subscribers,
        )
    if v.fingerprint == entry.fingerprint:
        return None
    base_keys = {(e.event_type, e.version) for e in base_lock.entries} if base_lock else set()
    unpublished = (type_id, number) not in base_keys and base_lock is not None
    return Finding(
        rule="LOCK_MISMATCH",
        message=f"{where.version(t, v)} has fingerprint {v.fingerprint} but "
        f"{lock_rel} line {line} records {entry.fingerprint} for v{number} of "
        f"{type_id}: the published version was edited",
        fix=(
            f"this entry was added on this branch and is not published yet: delete "
            f"line {line} of {lock_rel} and run `event-contracts lock` again"
            if unpublished
            else f"restore {where.version(t, v)} to the published schema, and put "
            "the change in a new version"
        ),
        event_type=type_id,
        old_version=number,
        new_version=number,
        file=where.version(t, v),
        line=1,
        subscribers=t.subscribers,
    )


def _unlocked(
    head: Catalog,
    locked: dict[tuple[str, int], tuple[LockEntry, int]],
    base: Catalog | None,
    lock_rel: str,
    per_type: dict[str, list[Finding]],
) -> None:
    """A LOCK_ENTRY_MISSING error per version missing from the lock, added to `per_type`.

    Out of date rather than breaking (the reports list it apart, with the command): the pull
    request that adds a version records it, and the package ships the lock file.
    """
    published_at_base = (
        {(t.id, v.number) for t in base for v in t.versions} if base is not None else set()
    )
    for t in head:
        for v in t.versions:
            if (t.id, v.number) in locked:
                continue
            where = (
                "is published at the base but not recorded"
                if (t.id, v.number) in published_at_base
                else "is not recorded"
            )
            per_type.setdefault(t.id, []).append(
                Finding(
                    rule="LOCK_ENTRY_MISSING",
                    message=f"v{v.number} of {t.id} {where} in {lock_rel}",
                    fix="run `event-contracts lock`, then `event-contracts generate` (the "
                    "package ships the lock file), and commit both",
                    event_type=t.id,
                    new_version=v.number,
                    file=lock_rel,
                    subscribers=t.subscribers,
                )
            )


def _rewritten(lock: Lock, base_lock: Lock | None, lock_rel: str) -> Finding | None:
    if base_lock is None:
        return None
    for i, old in enumerate(base_lock.entries):
        new = lock.entries[i] if i < len(lock.entries) else None
        if new != old:
            return Finding(
                rule="LOCK_REWRITTEN",
                message=f"{lock_rel} is append-only, but its entry "
                f"'{old.line()}' (line {base_lock.lines[i]} at the base) was "
                + ("removed" if new is None else f"changed to '{new.line()}'"),
                fix=f"restore {lock_rel} from the base branch, then run `event-contracts lock`",
                file=lock_rel,
                line=lock.lines[i] if i < len(lock.lines) else None,
            )
    return None
