"""Loads that read only what changed: results remembered by the files' git blob ids.

A shallow load (the gate's) of a version file checks its JSON, its kind and its names, and
computes its fingerprint. All of that depends on the file's text and its place (event type,
version number, format) only, so once a file loaded without a problem, the cache remembers its
fingerprint under those and its blob id. The next shallow load that knows the blob id (from
git's index: no read, see `filehash.folder_ids`) builds a `StoredVersion` from the cache, which
reads and parses the file only if someone asks for its text: in a pull request, the versions
the change touches. A JSON Schema whose `$ref`s reach other files is never remembered (whether
those resolve depends on the other files), nor is anything that had a problem.

A deep load (`validate`, `generate`) is remembered the same way under keys of its own, once
the file passed every check that depends on the file alone (the Avro specification's rules, the
JSON Schema meta-schema, names); with the fingerprint it keeps the names of the file's nested
Avro types, which the checks across types (`loader._cross_checks`) compare with the others.

`event.toml` files are remembered the same way: their checked contents, by blob id. Keys also
hold a hash of the code that decides a load, so an edited checker trusts nothing old.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from event_contracts._schema import avro as avro_schema
from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.filehash import read_as, text_of
from event_contracts._schema.ignored_keywords import remember as remember_ignored
from event_contracts._schema.jsonrefs import reaches_files
from event_contracts._schema.jsontext import json_int
from event_contracts._schema.model import Format, SchemaVersion


class StoredVersion(SchemaVersion):
    """A version whose fingerprint a shallow load of the very same file computed before; its
    text, parsed JSON and canonical form are read from the file on first use."""

    __slots__ = ("_canonical", "_loaded", "blob", "nested")
    _canonical: str | None
    _loaded: tuple[str, Any] | None
    nested: tuple[tuple[str, str], ...] | None
    """A deep load's: the nested named types (full name, JSON pointer), as `nested_types`."""
    blob: str | None
    """The file's blob id when it was remembered: the text read later must be that one."""

    def __init__(
        self,
        number: int,
        fmt: Format,
        source: Path,
        fingerprint: str,
        nested: tuple[tuple[str, str], ...] | None = None,
        blob: str | None = None,
    ) -> None:
        # one statement per slot (frozen: no plain assignment); a shallow load makes 10,000
        put = object.__setattr__
        put(self, "number", number)
        put(self, "format", fmt)
        put(self, "source", source)
        put(self, "fingerprint", fingerprint)
        put(self, "_loaded", None)
        put(self, "_canonical", None)
        put(self, "nested", nested)
        put(self, "blob", blob)

    def _load(self) -> tuple[str, Any]:
        loaded = self._loaded
        if loaded is None:
            text = text_of(read_as(self.source, self.blob))
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
    "version_file.py",
    "event_toml.py",
    "stored.py",
    "avro.py",
    "avro_check.py",
    "avro_canonical.py",
    "avro_defaults.py",
    "avro_leaf.py",
    "avro_spec.py",
    "jsonschema.py",
    "metaschema.py",
    "jsonrefs.py",
    "jsontext.py",
    "names.py",
    "ignored_keywords.py",
)


@functools.cache
def code_hash() -> str:
    """A hash of the code that decides a load (`_DECIDING`): part of every key made here, and
    of the keys of other results remembered by blob id (`ignored_keywords`)."""
    digest = hashlib.sha256()
    for name in _DECIDING:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def check_kind(fmt: Format) -> str:
    """The cache kind of a file's own checks (the Avro specification's, the JSON Schema
    meta-schema's), whose results are kept by the text: with `code_hash`, so an edited checker
    (a development install keeps its version number) trusts no old result."""
    return f"{'avro-check' if fmt == 'avro' else 'jsonschema-meta'}-{code_hash()}"


def version_key(type_id: str, number: int, fmt: Format, blob: str, *, deep: bool = False) -> str:
    kind = "deep-version" if deep else "shallow-version"
    return f"{kind}:{code_hash()}:{type_id}:{number}:{fmt}:{blob}"


_VERSION_PATH = re.compile(r"([^/]+)/([^/]+)/v([1-9][0-9]*)\.(avsc|json)")


def unknown_types(ids: Mapping[str, str], *, probe: int = 64) -> list[str]:
    """The type folders (`module/Name`, sorted) holding a version file that no deep load
    remembers, by the files' blob ids: what a cold run must check. None when `probe` files
    spread over the tree are all remembered: a warm cache costs `probe` look-ups, not one
    per file, and a few new types are not worth a helper process (`helper.py`)."""
    items = list(ids.items())
    sample = items[:: max(1, len(items) // probe)]
    if not _unknown(sample):
        return []
    return _unknown(items)


def _unknown(items: Sequence[tuple[str, str]]) -> list[str]:
    known = cache.current()
    found: set[str] = set()
    for rel, blob in items:
        m = _VERSION_PATH.fullmatch(rel)
        if m is None:
            continue
        module, name, number, ext = m.groups()
        fmt: Format = "avro" if ext == "avsc" else "jsonschema"
        key = version_key(f"{module}.{name}", int(number), fmt, blob, deep=True)
        if known.find(key) is None:
            found.add(f"{module}/{name}")
    return sorted(found)


def nested_types(v: SchemaVersion) -> tuple[tuple[str, str], ...]:
    """(full name, pointer) of each named type an Avro version defines below its top record
    (none for JSON Schema): remembered by a deep load, else read from the schema."""
    if isinstance(v, StoredVersion) and v.nested is not None:
        return v.nested
    if v.format != "avro":
        return ()
    return tuple((full, ptr) for full, ptr in avro_schema.named_types(v.schema) if ptr)


def stored_version(
    type_id: str, number: int, fmt: Format, path: Path, blob: str | None, *, deep: bool = False
) -> StoredVersion | None:
    """The version from the cache, when a load of this very file (as deep) succeeded before."""
    if blob is None:
        return None
    found = cache.current().find(version_key(type_id, number, fmt, blob, deep=deep))
    if not deep:
        return (
            StoredVersion(number, fmt, path, found, blob=blob) if isinstance(found, str) else None
        )
    try:
        fingerprint, nested = found
        names = tuple((str(full), str(ptr)) for full, ptr in nested)
    except (TypeError, ValueError):
        return None  # none, or a damaged entry: the file is read
    return StoredVersion(number, fmt, path, str(fingerprint), names, blob)


def remember_version(
    type_id: str, v: SchemaVersion, blob: str | None, *, deep: bool = False
) -> None:
    """Note that a load of `v` found nothing wrong (unless its refs reach files, whose checks
    depend on those files too)."""
    if blob is None:
        return
    if v.format == "jsonschema" and reaches_files(v.schema, json_schema.draft_of(v.schema)):
        return
    key = version_key(type_id, v.number, v.format, blob, deep=deep)
    if deep:
        cache.current().keep(key, [v.fingerprint, [list(pair) for pair in nested_types(v)]])
        if v.format == "jsonschema":  # what `validate` warns about, found while it is parsed
            remember_ignored(blob, v.schema)
    else:
        cache.current().keep(key, v.fingerprint)


def stored_toml(blob: str | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    found = cache.current().find(f"event-toml:{code_hash()}:{blob}")
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
        cache.current().keep(f"event-toml:{code_hash()}:{blob}", data)


def type_key(
    type_id: str, rel: str, listing: Mapping[str, bool], ids: Mapping[str, str]
) -> str | None:
    """The key of a shallow load of a whole event type folder (`rel` under the schemas folder):
    its id, and every entry's name and blob id. None when an entry is a folder or has no id
    (the full scan reads and reports those)."""
    parts = [type_id]
    for name in sorted(listing):
        blob = ids.get(f"{rel}/{name}") if listing[name] else None
        if blob is None:
            return None
        parts.append(f"{name}\0{blob}")
    digest = hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"shallow-type:{code_hash()}:{digest}"


StoredType = tuple[dict[str, Any], list[tuple[int, Format, str]]]
"""A type folder's shallow load: its checked `event.toml` and (number, format, fingerprint) of
each version, in order."""


def stored_type(key: str | None) -> StoredType | None:
    """The type folder's load remembered under `key` (`type_key`), if any."""
    found = cache.current().find(key) if key is not None else None
    try:
        meta, versions = found  # type: ignore[misc]
        out = [(int(n), _FORMATS[fmt], str(fp)) for n, fmt, fp in versions]
    except (TypeError, ValueError, KeyError):
        return None  # none, or a damaged entry: the folder is scanned
    return (meta, out) if isinstance(meta, dict) and out else None


_FORMATS: dict[str, Format] = {"avro": "avro", "jsonschema": "jsonschema"}


def remember_type(
    key: str | None,
    type_id: str,
    toml_blob: str | None,
    versions: Sequence[SchemaVersion],
    blobs: Sequence[str | None],
) -> None:
    """Remember a type folder that loaded without a problem, when each of its files is
    remembered on its own (`stored_toml`, `stored_version`): the record only bundles them, so
    it holds nothing a file-by-file load would not trust."""
    if key is None:
        return
    meta = stored_toml(toml_blob)
    if meta is None:
        return
    for v, blob in zip(versions, blobs, strict=True):
        if (
            blob is None
            or cache.current().find(version_key(type_id, v.number, v.format, blob)) != v.fingerprint
        ):
            return
    cache.current().keep(key, [meta, [[v.number, v.format, v.fingerprint] for v in versions]])
