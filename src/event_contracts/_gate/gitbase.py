"""The base side from git, reading only what changed.

The blob ids of the files at the base (`git ls-tree`, one call) and in the working tree (from
the head load) name the event-type folders that differ from the base; only those are read from
git (`git archive` of just those folders). Every other type is
byte-for-byte the same at the base, so its already-loaded head copy stands in for it. In a
repository of a thousand types this turns seconds of extracting and parsing into milliseconds.
"""

from __future__ import annotations

import contextlib
import io
import re
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from event_contracts._gate.lockcheck import Lock
from event_contracts._schema.filehash import folder_ids
from event_contracts._schema.gitref import run_git, start_git
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
    base_ids: dict[str, str]
    """Blob ids of the regular files under the schemas folder at the base (relative paths)."""


_LINK = "link"  # stands for a file at the base that is not a regular file


def base_ids(repo: Path, commit: str, rel: str) -> dict[str, str]:
    """Path relative to `rel` → blob id of every file below it at `commit` (one git call)."""
    prefix = rel.rstrip("/") + "/" if rel not in ("", ".") else ""
    listing = run_git(repo, "ls-tree", "-r", "-z", "--full-name", commit, "--", rel or ".")
    ids: dict[str, str] = {}
    cut = len(prefix)
    for mode, kind, blob, path in _TREE_ENTRY.findall(listing.decode("utf-8", "surrogateescape")):
        if path.startswith(prefix):
            regular = kind == "blob" and mode in ("100644", "100755")
            ids[path[cut:]] = blob if regular else _LINK
    return ids


_TREE_ENTRY = re.compile(r"([0-7]+) ([a-z]+) ([0-9a-f]+)\t([^\0]*)\0")
"""One entry of `git ls-tree -z`: mode, object type, object id, path."""


def changed(head_ids: Mapping[str, str], at_base: dict[str, str]) -> Changed:
    """Compare the files' blob ids: a type folder is unchanged when it holds the very same
    files (names and contents) at the base and in the working tree."""

    # the files only one side has, or with other contents (a set operation, in C): their
    # folders are the changed types; the rest of the repository costs nothing here
    differ = head_ids.items() ^ at_base.items()
    dirs = set()
    for path, _blob in differ:
        parts = path.split("/", 2)
        if len(parts) == 3:
            dirs.add(f"{parts[0]}/{parts[1]}")
    lock = head_ids.get(LOCK_NAME) != at_base.get(LOCK_NAME)
    return Changed(frozenset(dirs), lock, at_base)


@dataclass(frozen=True, slots=True)
class Fetched:
    """What `base_catalog` reads from git for one working tree: the changed folders (`git
    archive`) and the base's lock file (`git show`), fetched together (`fetch`)."""

    head_ids: Mapping[str, str]
    """The working tree's blob ids these were fetched for."""
    diff: Changed
    tars: tuple[bytes, ...]
    lock: bytes | None
    """The base's `registry.lock` when the change touches it (None: unchanged, or none)."""


def fetch(
    repo: Path, commit: str, rel: str, head_ids: Mapping[str, str], at_base: dict[str, str]
) -> Fetched:
    """The git side of `base_catalog`: its calls run side by side. `check` runs this in a
    thread while the working tree loads (`source.BaseProbe`)."""
    diff = changed(head_ids, at_base)
    prefix = f"{rel}/" if rel not in ("", ".") else ""
    folders = {"/".join(p.split("/")[:2]) for p in diff.base_ids if p.count("/") >= 2}
    present = sorted(prefix + d for d in diff.type_dirs & folders)
    archives = [
        start_git(repo, "archive", "--format=tar", commit, "--", *present[i : i + _CHUNK])
        for i in range(0, len(present), _CHUNK)
    ]
    shown = start_git(repo, "show", f"{commit}:{prefix}{LOCK_NAME}") if diff.lock else None
    tars, failed = [], None
    for started in archives:  # every one waited for: no git left running
        try:
            tars.append(started.output())
        except GitError as exc:
            failed = failed or exc
    lock = None
    if shown is not None:
        with contextlib.suppress(GitError):  # no lock file at the base
            lock = shown.output()
    if failed is not None:
        raise failed
    return Fetched(head_ids, diff, tuple(tars), lock)


@contextmanager
def base_catalog(
    repo: Path,
    commit: str,
    rel: str,
    head: Catalog,
    config: Config,
    head_lock: Lock | None,
    *,
    base_files: dict[str, str] | None = None,
    fetched: Fetched | None = None,
) -> Iterator[tuple[Catalog, Lock | None, bool]]:
    """(base catalog, base lock, whether the schemas folder exists at the base); `base_files`:
    `base_ids(repo, commit, rel)`, and `fetched`: `fetch` for this working tree, when the
    caller has them already."""
    head_ids = head.file_ids if head.file_ids is not None else folder_ids(head.root)
    if fetched is None or fetched.head_ids is not head_ids:
        at_base = base_ids(repo, commit, rel) if base_files is None else base_files
        fetched = fetch(repo, commit, rel, head_ids, at_base)
    diff = fetched.diff
    prefix = f"{rel}/" if rel not in ("", ".") else ""
    root_exists = bool(diff.base_ids) or not prefix
    with tempfile.TemporaryDirectory(prefix="event-contracts-base-") as tmp:
        folder = Path(tmp) / rel
        folder.mkdir(parents=True, exist_ok=True)
        for data in fetched.tars:
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter="data")
        extracted = {
            path: blob
            for path, blob in diff.base_ids.items()
            if blob != _LINK and "/".join(path.split("/")[:2]) in diff.type_dirs
        }
        partial, _problems = scan(folder, config=config, deep=False, ids=extracted)
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
        elif fetched.lock is None:
            base_lock = None  # no lock file at the base
        else:
            (folder / LOCK_NAME).write_bytes(fetched.lock)
            base_lock = Lock.read(folder / LOCK_NAME, earlier=head_lock)
        yield catalog, base_lock, root_exists
