"""The base side from git, reading only what changed.

`git diff <base>` (plus untracked files) names the event-type folders that differ from the
base; only those are read from git (`git archive` of just those folders). Every other type is
byte-for-byte the same at the base, so its already-loaded head copy stands in for it. In a
repository of a thousand types this turns seconds of extracting and parsing into milliseconds.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from event_contracts._gate.lockcheck import Lock
from event_contracts._schema.filehash import folder_ids
from event_contracts._schema.gitref import run_git
from event_contracts._schema.loader import scan
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog, Config, EventType
from event_contracts.errors import GitError

_CHUNK = 200  # pathspecs per git call, well under any command-line limit


@dataclass(frozen=True, slots=True)
class Changed:
    """What differs between the base commit and the working tree, under the schemas folder."""

    type_dirs: frozenset[str]
    """`<module>/<EventName>` folders with any added, changed or deleted file."""
    lock: bool


def changed(repo: Path, commit: str, rel: str) -> Changed:
    tracked = run_git(repo, "diff", "--name-only", "-z", "--no-renames", commit, "--", rel)
    untracked = run_git(repo, "ls-files", "--others", "--exclude-standard", "-z", "--", rel)
    dirs: set[str] = set()
    lock = False
    prefix = rel.rstrip("/") + "/" if rel not in ("", ".") else ""
    for raw in (tracked + untracked).split(b"\0"):
        path = raw.decode("utf-8", errors="surrogateescape")
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix) :].split("/")
        if len(parts) >= 3:
            dirs.add(f"{parts[0]}/{parts[1]}")
        elif parts == [LOCK_NAME]:
            lock = True
    return Changed(frozenset(dirs), lock)


def _existing(repo: Path, commit: str, paths: Sequence[str]) -> list[str]:
    found: list[str] = []
    for i in range(0, len(paths), _CHUNK):
        out = run_git(
            repo, "ls-tree", "-d", "--name-only", "-z", commit, "--", *paths[i : i + _CHUNK]
        )
        found += [p.decode() for p in out.split(b"\0") if p]
    return found


@contextmanager
def base_catalog(
    repo: Path, commit: str, rel: str, head: Catalog, config: Config, head_lock: Lock | None
) -> Iterator[tuple[Catalog, Lock | None, bool]]:
    """(base catalog, base lock, whether the schemas folder exists at the base)."""
    diff = changed(repo, commit, rel)
    prefix = f"{rel}/" if rel not in ("", ".") else ""
    root_exists = bool(_existing(repo, commit, [rel])) if prefix else True
    with tempfile.TemporaryDirectory(prefix="event-contracts-base-") as tmp:
        folder = Path(tmp) / rel
        folder.mkdir(parents=True, exist_ok=True)
        wanted = sorted(prefix + d for d in diff.type_dirs)
        present = _existing(repo, commit, wanted) if wanted and root_exists else []
        for i in range(0, len(present), _CHUNK):
            data = run_git(repo, "archive", "--format=tar", commit, "--", *present[i : i + _CHUNK])
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter="data")
        partial, _problems = scan(folder, config=config, deep=False, ids=folder_ids(folder))
        # Base problems are not this change's fault: a type that failed to load counts as new.
        types: dict[str, EventType] = {
            t.id: t for t in head if f"{t.module}/{t.name}" not in diff.type_dirs
        }
        if not root_exists:
            types = {}
        types.update(partial.event_types)
        catalog = Catalog(folder, config, MappingProxyType(dict(sorted(types.items()))))
        if not diff.lock:
            base_lock = head_lock
        else:
            try:
                text = run_git(repo, "show", f"{commit}:{prefix}{LOCK_NAME}")
            except GitError:
                base_lock = None  # no lock file at the base
            else:
                (folder / LOCK_NAME).write_bytes(text)
                base_lock = Lock.read(folder / LOCK_NAME)
        yield catalog, base_lock, root_exists
