"""Content ids of every file under a folder, cheaply: git's blob ids.

Where a file is tracked and git's index says it is unchanged (`git diff-files`, which compares
the files' stat data with the index), its id is read from the index (`git ls-files -s`): two git
calls for a whole folder, and no file read. Any other file (modified, untracked, outside a
repository, in a merge conflict) is read and hashed here the way git hashes a blob, so the ids
are the same either way; only the cost differs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from event_contracts.errors import ContractError, GitError

if TYPE_CHECKING:
    from event_contracts._schema.gitref import Started


def blob_id(content: bytes) -> str:
    """git's object id of a blob holding `content` (SHA-1 of `blob <size>\\0<content>`)."""
    digest = hashlib.sha1(b"blob %d\0" % len(content), usedforsecurity=False)
    digest.update(content)
    return digest.hexdigest()


def read_as(path: Path, blob: str | None) -> bytes:
    """The bytes of `path`, refused when they are not the blob `blob`: the id a command took
    for the file before reading it (None: no check). What a read finds is remembered by that
    id (`stored.py`, `_codegen/reuse.py`), so the text of a file saved again in between must
    not be remembered, nor rendered, under the old id."""
    data = path.read_bytes()
    if blob is not None and blob_id(data) != blob:
        raise ContractError(
            f"{path} changed while event-contracts was reading the files; run the command again"
        )
    return data


def text_of(data: bytes) -> str:
    """`data` read as `Path.read_text(encoding="utf-8")` reads a file: universal newlines."""
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_LISTING = (
    ("ls-files", "-s", "-z", "--", "."),
    ("diff-files", "--name-only", "--relative", "-z", "--", "."),
    # untracked files; a wholly untracked folder (empty ones too) as `name/`, walked here
    ("ls-files", "--others", "--directory", "-z", "--", "."),
)
Folders = dict[str, dict[str, bool]]
"""Folder (relative POSIX path, "" for the top) → its entries by name → whether the entry is a
regular file (else a folder), for the folders git vouches for whole (`folder_ids(dirs=)`)."""
_started: dict[Path, list[Started]] = {}


def prefetch(folder: Path) -> None:
    """Start git's listing of `folder` in the background, for the next `folder_ids(folder)`
    (the gate starts those of the schemas and of the generated package, then reads files while
    git works). The folder must not change in between; nothing in the process writes it."""
    key = folder.resolve()
    if key not in _started and folder.is_dir():
        from event_contracts._schema.gitref import start_git

        _started[key] = [start_git(folder, *args) for args in _LISTING]


def forget_prefetched() -> None:
    """Wait for listings nobody asked for (a run that stopped early), so no git is left over."""
    for started in _started.values():
        for command in started:
            with contextlib.suppress(GitError):
                command.output()
    _started.clear()


def folder_ids(
    folder: Path,
    *,
    skip_dirs: frozenset[str] = frozenset(),
    dirs: Folders | None = None,
    git: bool = True,
) -> dict[str, str]:
    """POSIX path relative to `folder` → blob id, for every regular file below it; folders
    named in `skip_dirs` or starting with a dot are not entered, files starting with a dot
    are left out.

    Inside a git work tree the files are listed by git (three calls, no walk in Python);
    anything git cannot vouch for (nested repositories, submodules) falls back to a walk.
    `dirs`, when given, receives what each folder holds, for the folders whose every entry
    (dot files included) git's index lists as unchanged: nothing untracked, edited, deleted,
    linked or in conflict at or below them. Their listing is then known without reading them.
    `git=False`: a folder known to be outside any repository (a temporary one) is walked
    without asking git first."""
    if dirs is not None:
        dirs.clear()
    listed = _listed_by_git(folder, skip_dirs, dirs) if git else None
    if listed is not None:
        known, others = listed
    else:
        if dirs is not None:
            dirs.clear()
        known, others = {}, _walk(folder, skip_dirs)
    ids: dict[str, str] = dict(known)
    for rel in others:
        path = folder / rel
        if path.is_symlink() or not path.is_file():
            continue
        try:
            ids[rel] = blob_id(path.read_bytes())
        except OSError:
            continue  # unreadable: no id, so whoever reads it reports why

    return dict(sorted(ids.items()))


def _walk(folder: Path, skip_dirs: frozenset[str]) -> list[str]:
    files: list[str] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip_dirs and not d.startswith("."))
        rel = Path(top).relative_to(folder).as_posix()
        prefix = "" if rel == "." else f"{rel}/"
        files += [prefix + n for n in names if not n.startswith(".")]
    return files


def _visible(rel: str, skip_dirs: frozenset[str]) -> bool:
    """Not a dot file, nor below a dot folder or a folder named in `skip_dirs`."""
    if rel.startswith(".") or "/." in rel:
        return False
    if not skip_dirs:
        return True
    # a folder `d` on the path is "/d/" in "/<rel>" (the file's own name has no "/" after it)
    wrapped = "/" + rel
    for d in skip_dirs:  # noqa: SIM110 - a loop: faster than any() over a generator here
        if "/" + d + "/" in wrapped:
            return False
    return True


_INDEX_ENTRY = re.compile(r"([0-7]+) ([0-9a-f]+) ([0-3])\t([^\0]*)\0")
"""One entry of `git ls-files -s -z`: mode, blob id, stage, path."""


def _listed_by_git(
    folder: Path, skip_dirs: frozenset[str], dirs: Folders | None = None
) -> tuple[dict[str, str], list[str]] | None:
    """(tracked files git sees unchanged → blob id, every other file to hash), or None
    outside git. Untracked files include ignored ones: they are in the folder all the same."""
    if not folder.is_dir():
        return {}, []
    # imported here: `blob_id` is on the runtime's first-use path, git (subprocess) is not
    from event_contracts._schema.gitref import start_git

    # The three run side by side (started by `prefetch`, or here).
    started = _started.pop(folder.resolve(), None)
    if started is None:
        started = [start_git(folder, *args) for args in _LISTING]
    outputs: list[bytes] = []
    failed = False
    for command in started:
        try:
            outputs.append(command.output())
        except GitError:
            failed = True  # still wait for the others
    if failed:
        return None
    staged, dirty, untracked = outputs
    changed = set(dirty.decode("utf-8", "surrogateescape").split("\0"))
    known: dict[str, str] = {}
    others: list[str] = []
    unsure: set[str] = set()  # paths git does not vouch for: their folders are read
    text = staged.decode("utf-8", "surrogateescape")
    entries = _INDEX_ENTRY.findall(text)
    if len(entries) != text.count("\0"):
        return None  # a line of a form not understood here: walk instead
    # a listing with no dot name and no skipped folder anywhere needs no test per path
    hidden = (
        "\t." in text
        or "/." in text
        or any(f"/{d}/" in text or f"\t{d}/" in text for d in skip_dirs)
    )
    folder_of: tuple[str, dict[str, bool]] | None = None  # the last file's (git lists by path)
    for mode, blob, stage, rel in entries:
        if mode == "160000":
            return None  # a submodule: its files are not in this index
        # regular files only (not links), stage 0 (not in a merge conflict)
        clean = (mode == "100644" or mode == "100755") and stage == "0" and rel not in changed
        if dirs is not None:
            if not clean:
                unsure.add(rel)
            elif folder_of is not None and rel.rpartition("/")[0] == folder_of[0]:
                folder_of[1][rel.rpartition("/")[2]] = True
            else:
                folder_of = _enter(dirs, rel)
        if hidden and not _visible(rel, skip_dirs):
            continue
        if clean:
            known[rel] = blob
        elif rel not in known:
            others.append(rel)  # edited, deleted, a link or in a conflict: look at the disk
    for raw in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if not raw:
            continue
        if raw == "./":  # the folder itself is untracked (or a nested repository)
            if dirs is not None:
                dirs.clear()
            return {}, _walk(folder, skip_dirs)
        unsure.add(raw.rstrip("/"))
        if raw.endswith("/"):  # a new folder, or a nested repository: walk it
            prefix = raw[:-1]
            if not _visible(f"{prefix}/x", skip_dirs):
                continue
            others += [f"{prefix}/{rel}" for rel in _walk(folder / prefix, skip_dirs)]
        elif _visible(raw, skip_dirs):
            others.append(raw)
    if dirs is not None:
        for rel in unsure:
            while True:
                rel = rel.rpartition("/")[0]
                dirs.pop(rel, None)
                if not rel:
                    break
    return known, sorted(set(others) - set(known))


def _enter(dirs: Folders, rel: str) -> tuple[str, dict[str, bool]]:
    """Note a file git vouches for in `dirs`: in its folder, and its folders in theirs.
    Returns (its folder, that folder's entries)."""
    parent, _, name = rel.rpartition("/")
    found = (parent, dirs.setdefault(parent, {}))
    found[1][name] = True
    while parent:
        parent, _, name = parent.rpartition("/")
        entries = dirs.setdefault(parent, {})
        if name in entries:
            break
        entries[name] = False
    return found
