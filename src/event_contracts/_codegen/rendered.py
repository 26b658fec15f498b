"""Rendered version files, remembered by their input key across runs and projects.

A version file is a function of its inputs (`writer._input_key`: the generator's source, the
package name, the event's metadata, the schema file's blob id and the files it references). When the
package folder is new or was deleted, `generate` must write every file, but it need not plan
and render the ones it rendered before (`bench/scaling.py` at 5,000 types: rendering every file
without writing one went from 3.9 s to 2.1 s).

The texts live in one pack file beside the schema cache (`_schema.cache`: outside the project,
safe to delete, off with `EVENT_CONTRACTS_NO_CACHE=1`), with a JSON index of where each one is
and its git blob id. An entry is used only when the bytes read back have that blob id, so a
damaged pack, or two runs appending at once, costs a render, never a wrong file. Library calls
(no cache folder) keep nothing.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from event_contracts._schema import cache
from event_contracts._schema.filehash import blob_id

PACK = "codegen-rendered-v1.pack"
INDEX = "codegen-rendered-v1.json"
LIMIT = 128 * 1024 * 1024
"""Pack size past which a save keeps only the entries this run used (old generator versions
and edited schemas leave texts nobody asks for again)."""

Entry = tuple[bytes, list[str]]
_TOOLS = ("event-contracts", "pydantic", "jsonschema", "fastavro")


@functools.cache
def _prefix() -> str:
    """The key's kind and the versions of what renders (the input key covers the generator's
    own source, not a release of the libraries under it): another install reads no entry."""
    return "codegen-rendered:" + "/".join(cache.dist_version(d) or "?" for d in _TOOLS) + ":"


class Rendered:
    """The pack in `folder` (None: remember nothing), read on first use."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._index: dict[str, list[Any]] | None = None
        self._fd: int | None = None
        self._new: list[tuple[str, bytes, list[str]]] = []
        self._used: set[str] = set()
        self._fresh: dict[str, Entry] = {}
        """Rendered in this run (by `writer._warm`'s helper too): found before the pack."""

    @property
    def index(self) -> dict[str, list[Any]]:
        if self._index is None:
            self._index = {}
            if self.folder is not None:
                try:
                    data = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = None
                entries = data.get("entries") if isinstance(data, dict) else None
                if isinstance(entries, dict):
                    self._index = entries
        return self._index

    def find(self, key: str) -> Entry | None:
        """The file rendered from `key`, and the names it exports; None if not (intact) here."""
        fresh = self._fresh.get(key)
        if fresh is not None:
            return fresh
        entry = self.index.get(_prefix() + key)
        if self.folder is None or not isinstance(entry, list) or len(entry) != 4:
            return None
        offset, length, sha, names = entry
        try:
            if self._fd is None:
                self._fd = os.open(self.folder / PACK, os.O_RDONLY)
            content = os.pread(self._fd, int(length), int(offset))
        except (OSError, TypeError, ValueError, OverflowError):
            return None
        if blob_id(content) != sha or not isinstance(names, list):
            return None
        self._used.add(key)
        return content, [str(n) for n in names]

    def keep(self, key: str, content: bytes, names: list[str]) -> None:
        if self.folder is not None:
            self._fresh[key] = (content, names)
            self._new.append((key, content, names))
            self._used.add(key)

    def save(self) -> None:
        """Append the new texts and write the index (atomically); errors only cost time."""
        if self.folder is None or not self._new:
            return
        try:
            self._save(self.folder)
        except OSError:
            pass  # a read-only cache folder: rendering again is the only cost
        finally:
            self._new = []
            self.close()

    def _save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        index = self.index
        pack = folder / PACK
        if pack.exists() and pack.stat().st_size > LIMIT:
            index = self._compact(folder)
        with pack.open("ab") as fh:
            offset = fh.seek(0, os.SEEK_END)
            for key, content, names in self._new:
                fh.write(content)  # one text at a time: no second copy of them all
                index[_prefix() + key] = [offset, len(content), blob_id(content), names]
                offset += len(content)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"entries": index}, out, separators=(",", ":"))
        Path(tmp).replace(folder / INDEX)

    def _compact(self, folder: Path) -> dict[str, list[Any]]:
        """A new pack of the entries this run used; the index of it."""
        kept: dict[str, list[Any]] = {}
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pack")
        with os.fdopen(fd, "wb") as out:
            for key in sorted(self._used - {k for k, _, _ in self._new}):
                found = self.find(key)
                if found is not None:
                    kept[_prefix() + key] = [out.tell(), len(found[0]), blob_id(found[0]), found[1]]
                    out.write(found[0])
        self.close()
        Path(tmp).replace(folder / PACK)
        self._index = kept
        return kept

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def for_cache() -> Rendered:
    """The pack beside the schema cache this process uses (none when it has no folder)."""
    path = cache.current().path
    return Rendered(None if path is None else path.parent)
