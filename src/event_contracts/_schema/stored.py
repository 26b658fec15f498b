"""Shallow loads that read only what changed: results remembered by the files' git blob ids.

A shallow load (the gate's) of a version file checks its JSON, its kind and its names, and
computes its fingerprint. All of that depends on the file's text and its place (event type,
version number, format) only, so once a file loaded without a problem, the cache remembers its
fingerprint under those and its blob id. The next shallow load that knows the blob id (from
git's index: no read, see `filehash.folder_ids`) builds a `StoredVersion` from the cache, which
reads and parses the file only if someone asks for its text: in a pull request, the versions
the change touches. A JSON Schema whose `$ref`s reach other files is never remembered (whether
those resolve depends on the other files), nor is anything that had a problem.

`event.toml` files are remembered the same way: their checked contents, by blob id. Keys also
hold a hash of the code that decides a shallow load, so an edited checker trusts nothing old.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from event_contracts._schema import avro as avro_schema
from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.jsonrefs import reaches_files
from event_contracts._schema.jsontext import json_int
from event_contracts._schema.model import Format, SchemaVersion


class StoredVersion(SchemaVersion):
    """A version whose fingerprint a shallow load of the very same file computed before; its
    text, parsed JSON and canonical form are read from the file on first use."""

    __slots__ = ("_canonical", "_loaded")
    _canonical: str | None
    _loaded: tuple[str, Any] | None

    def __init__(self, number: int, fmt: Format, source: Path, fingerprint: str) -> None:
        # one statement per slot (frozen: no plain assignment); a shallow load makes 10,000
        put = object.__setattr__
        put(self, "number", number)
        put(self, "format", fmt)
        put(self, "source", source)
        put(self, "fingerprint", fingerprint)
        put(self, "_loaded", None)
        put(self, "_canonical", None)

    def _load(self) -> tuple[str, Any]:
        loaded = self._loaded
        if loaded is None:
            text = self.source.read_text(encoding="utf-8")
            loaded = (text, json.loads(text, parse_int=json_int))
            object.__setattr__(self, "_loaded", loaded)
        return loaded

    @property
    def text(self) -> str:
        return self._load()[0]

    @property
    def schema(self) -> Any:
        return self._load()[1]

    @property
    def canonical(self) -> str:
        found = self._canonical
        if found is None:
            text, schema = self._load()
            if self.format == "avro":
                found = cache.current().get(
                    "avro-canonical",
                    text,
                    lambda: avro_schema.canonical_and_fingerprint(schema, checked=True),
                    cache.pair,
                )[0]
            else:
                found = json_schema.canonical_and_fingerprint(schema)[0]
            object.__setattr__(self, "_canonical", found)
        return found


# The modules whose code decides what a shallow load accepts: an edit to any of them (a
# development install keeps its version number) starts the remembered results afresh.
_DECIDING = (
    "loader.py",
    "stored.py",
    "avro.py",
    "avro_canonical.py",
    "jsonschema.py",
    "jsonrefs.py",
    "jsontext.py",
    "names.py",
)


@functools.cache
def _code() -> str:
    digest = hashlib.sha256()
    for name in _DECIDING:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def version_key(type_id: str, number: int, fmt: Format, blob: str) -> str:
    return f"shallow-version:{_code()}:{type_id}:{number}:{fmt}:{blob}"


def stored_version(
    type_id: str, number: int, fmt: Format, path: Path, blob: str | None
) -> StoredVersion | None:
    """The version from the cache, when a shallow load of this very file succeeded before."""
    if blob is None:
        return None
    found = cache.current().find(version_key(type_id, number, fmt, blob))
    if not isinstance(found, str):
        return None
    return StoredVersion(number, fmt, path, found)


def remember_version(type_id: str, v: SchemaVersion, blob: str | None) -> None:
    """Note that a shallow load of `v` found nothing wrong (unless its refs reach files)."""
    if blob is None:
        return
    if v.format == "jsonschema" and reaches_files(v.schema, json_schema.draft_of(v.schema)):
        return
    cache.current().keep(version_key(type_id, v.number, v.format, blob), v.fingerprint)


def stored_toml(blob: str | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    found = cache.current().find(f"event-toml:{_code()}:{blob}")
    return found if isinstance(found, dict) else None


def remember_toml(blob: str | None, data: dict[str, Any]) -> None:
    """Note checked `event.toml` contents (only what JSON keeps exactly: strings, lists...)."""
    if blob is None:
        return
    try:
        same = json.loads(json.dumps(data)) == data
    except (TypeError, ValueError):
        return
    if same:
        cache.current().keep(f"event-toml:{_code()}:{blob}", data)
