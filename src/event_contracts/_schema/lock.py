"""`schemas/registry.lock`: the append-only record of published versions.

One line per published version, oldest first, whitespace-separated:

    <schema id> <event type id> <version> <format> <fingerprint>

The schema id is the embedded registry's id (used by Confluent framing without a server):
1 for the first line, then one more per line, never past 2147483647 (Confluent framing carries
a signed 32-bit id). Lines starting with `#` are comments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.model import Catalog
from event_contracts.errors import ContractError, Problem, SchemaError

LOCK_NAME = "registry.lock"
MAX_SCHEMA_ID = 2**31 - 1
"""The largest id Confluent framing can carry (4 bytes, signed)."""
_FIX = "restore the line from git history; never edit registry.lock by hand"
HEADER = (
    "# event-contracts registry.lock: published versions, append-only; written by "
    "`event-contracts lock`.\n# <schema id> <event type> <version> <format> <fingerprint>\n"
)


@dataclass(frozen=True, slots=True)
class LockEntry:
    schema_id: int
    event_type: str
    version: int
    format: str
    fingerprint: str

    def line(self) -> str:
        return f"{self.schema_id} {self.event_type} {self.version} {self.format} {self.fingerprint}"


def read_lock(path: Path) -> tuple[LockEntry, ...]:
    """The entries of a lock file (empty when it does not exist); raises on a corrupt line."""
    return tuple(entry for _, entry in read_numbered(path))


def read_numbered(path: Path) -> tuple[tuple[int, LockEntry], ...]:
    """(line number, entry) for each entry of a lock file, for messages that point at a line."""
    if not path.is_file():
        return ()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fix = "restore it from git history; never edit registry.lock by hand"
        raise SchemaError([Problem("BAD_LOCK_LINE", path, f"cannot read it: {exc}", fix)]) from None
    return parse_lock(text, path)


CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def parse_lock(text: str, path: Path) -> tuple[tuple[int, LockEntry], ...]:
    """(line number, entry) for each entry of a lock file's text; SchemaError naming the lines
    that cannot be read, or, for git conflict markers, the command that resolves them."""
    entries: list[tuple[int, LockEntry]] = []
    problems: list[Problem] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(CONFLICT_MARKERS):
            raise SchemaError([_conflict(path, n)])
        parts = line.split()
        try:
            sid, type_id, version, fmt, fp = parts
            entry = LockEntry(int(sid), type_id, int(version), fmt, fp)
        except ValueError:  # wrong field count, not a number, a number of 5,000 digits
            problems.append(
                Problem(
                    "BAD_LOCK_LINE",
                    path,
                    f"cannot read line {n!r}: expected "
                    "'<schema id> <event type> <version> <format> <fingerprint>'",
                    _FIX,
                    line=n,
                )
            )
            continue
        if not 1 <= entry.schema_id <= MAX_SCHEMA_ID:
            problems.append(
                Problem(
                    "BAD_LOCK_LINE",
                    path,
                    f"schema id {entry.schema_id} on line {n} is outside 1..{MAX_SCHEMA_ID}, "
                    "the ids Confluent framing can carry",
                    _FIX,
                    line=n,
                )
            )
            continue
        entries.append((n, entry))
    if problems:
        raise SchemaError(problems)
    return tuple(entries)


def _conflict(path: Path, line: int) -> Problem:
    return Problem(
        "LOCK_CONFLICT",
        path,
        "has git conflict markers: this branch and the branch merged into it both appended "
        "versions (each pull request that adds a version appends to the lock)",
        "run `event-contracts lock --rebase`: it keeps the main branch's entries as they are "
        "and re-appends this branch's versions with fresh schema ids; then run "
        "`event-contracts generate` and commit (docs/gate.md, 'Parallel pull requests')",
        line=line,
    )


def pending_entries(catalog: Catalog, existing: Iterable[LockEntry]) -> list[LockEntry]:
    """Entries for every catalog version not yet in the lock, in catalog order."""
    existing = list(existing)
    known = {(e.event_type, e.version) for e in existing}
    next_id = max((e.schema_id for e in existing), default=0) + 1
    out: list[LockEntry] = []
    for t in catalog:
        for v in t.versions:
            if (t.id, v.number) not in known:
                if next_id > MAX_SCHEMA_ID:
                    raise ContractError(
                        f"cannot lock {t.id} v{v.number}: its schema id would be {next_id}, past "
                        f"{MAX_SCHEMA_ID}, the largest id Confluent framing carries; nothing was "
                        "written (restore registry.lock from git history if an id was edited)"
                    )
                out.append(LockEntry(next_id, t.id, v.number, v.format, v.fingerprint))
                next_id += 1
    return out


def append_lock(path: Path, entries: Iterable[LockEntry]) -> None:
    """Append entries (creating the file with its header when needed); never rewrites."""
    lines = "".join(e.line() + "\n" for e in entries)
    if not lines:
        return
    if path.is_symlink():
        raise ContractError(f"{path} is a symbolic link; lock never writes through a link")
    if not path.exists():
        path.write_text(HEADER, encoding="utf-8")
    elif not _ends_with_newline(path):
        lines = "\n" + lines  # a file saved without its final newline: never glue two lines
    with path.open("a", encoding="utf-8") as fh:
        fh.write(lines)


def mismatched_versions(catalog: Catalog, existing: Sequence[LockEntry], rel: str) -> list[str]:
    """A line per version whose file no longer has its locked fingerprint (later lines win)."""
    latest = {(e.event_type, e.version): e for e in existing}
    return [
        f"{t.id} v{v.number}: {rel} records {entry.fingerprint} but {v.source.name} has "
        f"{v.fingerprint} (the published version was edited; restore it and put the change "
        "in a new version)"
        for t in catalog
        for v in t.versions
        if (entry := latest.get((t.id, v.number))) is not None
        and entry.fingerprint != v.fingerprint
    ]


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        if fh.seek(0, 2) == 0:
            return True
        fh.seek(-1, 2)
        return fh.read(1) == b"\n"
