"""Knowing a generated file is on disk as it should be, without reading or rendering it.

`generate` gets the package's files with their git blob ids (`filehash.folder_ids`: from git's
index where git knows a file is unchanged, else hashed). The schema cache (safe to delete,
never in the project) remembers, by content:
- the names a version file exports (its `__all__`), by the file's blob id;
- the blob id of a module file (`__init__.py`, `_events.py`, `_index.py`) rendered from given
  inputs, by a hash of those inputs (the generator's source hash among them).
A missing, damaged or stale entry only costs a read or a render: an entry is used only when
it names exactly the bytes on disk.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

from event_contracts._schema import cache
from event_contracts._schema.filehash import blob_id, read_as

_ALL = re.compile(rb"^__all__ = (\[.*\])$", re.MULTILINE)


def exported(content: bytes) -> list[str]:
    """The `__all__` of a version file (one line, as `render_version` writes it)."""
    match = _ALL.search(content)
    return list(ast.literal_eval(match[1].decode())) if match else []


def exported_names(path: Path, output: str) -> list[str]:
    """The `__all__` of the version file at `path`, whose blob id is `output`."""
    key = f"codegen-all:{output}"
    found = cache.current().find(key)
    if isinstance(found, list) and all(isinstance(n, str) for n in found):
        return found
    names = exported(read_as(path, output))
    cache.current().keep(key, names)
    return names


def _key(rel: str, inputs: str) -> str:
    return "codegen-text:" + hashlib.sha256(f"{rel}\0{inputs}".encode()).hexdigest()


def known_output(rel: str, inputs: str, on_disk: str | None) -> bool:
    """Whether the file `rel` rendered from `inputs` is the one on disk (blob id `on_disk`)."""
    return on_disk is not None and cache.current().find(_key(rel, inputs)) == on_disk


def remember_output(rel: str, inputs: str, content: bytes) -> None:
    cache.current().keep(_key(rel, inputs), blob_id(content))
