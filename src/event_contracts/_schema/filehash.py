"""Content ids of every file under a folder, cheaply: git's blob ids.

Where a file is tracked and git's index says it is unchanged (`git diff-files`, which compares
the files' stat data with the index), its id is read from the index (`git ls-files -s`): two git
calls for a whole folder, and no file read. Any other file (modified, untracked, outside a
repository, in a merge conflict) is read and hashed here the way git hashes a blob, so the ids
are the same either way; only the cost differs.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from event_contracts._schema.gitref import run_git
from event_contracts.errors import GitError


def blob_id(content: bytes) -> str:
    """git's object id of a blob holding `content` (SHA-1 of `blob <size>\\0<content>`)."""
    digest = hashlib.sha1(b"blob %d\0" % len(content), usedforsecurity=False)
    digest.update(content)
    return digest.hexdigest()


def folder_ids(folder: Path, *, skip_dirs: frozenset[str] = frozenset()) -> dict[str, str]:
    """POSIX path relative to `folder` → blob id, for every regular file below it; folders
    named in `skip_dirs` or starting with a dot are not entered."""
    files: list[str] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip_dirs and not d.startswith("."))
        rel = Path(top).relative_to(folder).as_posix()
        prefix = "" if rel == "." else f"{rel}/"
        files += [prefix + n for n in names if not n.startswith(".")]
    known = _clean_in_index(folder) if files else {}
    ids: dict[str, str] = {}
    for rel in sorted(files):
        found = known.get(rel)
        if found is None:
            path = folder / rel
            if path.is_symlink() or not path.is_file():
                continue
            found = blob_id(path.read_bytes())
        ids[rel] = found
    return ids


def _clean_in_index(folder: Path) -> dict[str, str]:
    """Tracked files below `folder` that git sees unchanged, with their blob ids."""
    try:
        staged = run_git(folder, "ls-files", "-s", "-z", "--", ".")
        dirty = run_git(folder, "diff-files", "--name-only", "--relative", "-z", "--", ".")
    except GitError:
        return {}
    changed = set(dirty.decode("utf-8", "surrogateescape").split("\0"))
    out: dict[str, str] = {}
    for entry in staged.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, rel = entry.partition("\t")
        parts = meta.split()
        # regular files only (not links or submodules), stage 0 (not in a merge conflict)
        regular = len(parts) == 3 and parts[0] in ("100644", "100755") and parts[2] == "0"
        if regular and rel not in changed:
            out[rel] = parts[1]
    return out
