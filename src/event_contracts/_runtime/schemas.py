"""Every schema a contracts package ships, loaded once per package and parsed once per version.

A generated class lives in a package (e.g. `integration_events`) that carries `_schemas/` (a copy
of `schemas/` with its `registry.lock`). Event types are loaded as they are met (parse and
fingerprint only, one folder each), so the first encode or decode in a process reads the schemas
of the event in hand, not the whole package; the lock file is read when a schema id is first
needed, and the whole tree only to find a fingerprint no loaded type has. Everything loaded is
kept for the life of the process; fastavro-parsed schemas and JSON Schema validators are built
lazily, once per version.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastavro import parse_schema

from event_contracts._runtime.avro_defaults import patch_read_defaults
from event_contracts._runtime.avro_read import read_schema, strip_logical
from event_contracts._runtime.avro_scan import Scan, compile_scan
from event_contracts._schema.loader import LOCK_FILE, scan, scan_event_type
from event_contracts._schema.lock import read_lock
from event_contracts._schema.model import Catalog, Config, EventType, SchemaVersion
from event_contracts.errors import (
    ContractError,
    SchemaError,
    UnknownEventTypeError,
    UnknownVersionError,
)

if TYPE_CHECKING:
    from event_contracts._runtime.base import IntegrationEvent

SCHEMAS_DIR = "_schemas"
UPCASTERS_MODULE = "upcasters"


class PackageSchemas:
    """The catalog of one contracts package, with lookups the runtime needs on every message."""

    def __init__(
        self, package: str, root: Path, lock: Mapping[tuple[str, int], int] | None = None
    ) -> None:
        self.package = package
        self.root = root
        self._types = _LazyTypes(root, Config(package=package), self._index)
        self.catalog = Catalog(root, self._types.config, self._types)
        # Single-object encoding carries the 8 little-endian fingerprint bytes: index by them.
        self._fingerprints: dict[bytes, tuple[str, int]] = {}
        # Avro types loaded but not yet in `_fingerprints`: indexed on the first look-up, so a
        # caller that never meets a single-object payload (the gate's proof over a preloaded
        # catalog of thousands of types) does not pay for it
        self._unindexed: list[EventType] = []
        self._index_lock = threading.Lock()
        self._lock_ids: Mapping[tuple[str, int], int] | None = lock  # None: read when needed
        self._avro: dict[tuple[str, int], Any] = {}
        self._validators: dict[tuple[str, int], Any] = {}
        self._avro_read: dict[tuple[str, int], Any] = {}
        self._scans: dict[tuple[str, int, bool], Scan | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def of_catalog(
        cls, package: str, catalog: Catalog, lock: Mapping[tuple[str, int], int] | None = None
    ) -> PackageSchemas:
        """Over a catalog already loaded (the gate's working tree), nothing read lazily."""
        found = cls(package, catalog.root, lock)
        found._types.preload(catalog)
        return found

    def _index(self, t: EventType) -> None:
        if t.format == "avro":
            with self._index_lock:
                self._unindexed.append(t)

    def _by_fingerprint(self) -> dict[bytes, tuple[str, int]]:
        """`_fingerprints` with every type loaded so far in it, in the order they loaded."""
        with self._index_lock:
            for t in self._unindexed:
                for v in t.versions:
                    self._fingerprints[v.fingerprint_bytes] = (t.id, v.number)
            self._unindexed.clear()
            return self._fingerprints

    def find_fingerprint(self, fingerprint: bytes) -> tuple[str, int] | None:
        """The (type, version) an Avro single-object fingerprint names: among the types
        loaded so far, else (once) among all the package ships."""
        found = self._by_fingerprint().get(fingerprint)
        if found is None and not self._types.complete:
            self._types.load_all()
            found = self._by_fingerprint().get(fingerprint)
        return found

    @property
    def superseded_by(self) -> Mapping[str, str]:
        return {t.supersedes: t.id for t in self.catalog if t.supersedes is not None}

    @property
    def lock_ids(self) -> Mapping[tuple[str, int], int]:
        if self._lock_ids is None:
            entries = read_lock(self.root / LOCK_FILE)
            self._lock_ids = {(e.event_type, e.version): e.schema_id for e in entries}
        return self._lock_ids

    @property
    def lock_versions(self) -> Mapping[int, tuple[str, int]]:
        return {v: k for k, v in self.lock_ids.items()}

    def event_type(self, type_id: str, *, raw: bytes | str | None = None) -> EventType:
        try:
            return self.catalog.event_types[type_id]
        except KeyError:
            raise UnknownEventTypeError(
                f"event type {type_id!r} is not in package {self.package!r}; "
                "upgrade the contracts package or check the producer",
                event_type=type_id,
                raw=raw,
            ) from None

    def version(
        self, type_id: str, number: int, *, raw: bytes | str | None = None
    ) -> SchemaVersion:
        t = self.event_type(type_id, raw=raw)
        for v in t.versions:
            if v.number == number:
                return v
        raise UnknownVersionError(
            f"{type_id} has no version {number} in package {self.package!r} (known: "
            f"{', '.join(str(v.number) for v in t.versions)}); upgrade the contracts package",
            event_type=type_id,
            from_version=number,
            raw=raw,
        )

    def avro(self, type_id: str, number: int) -> Any:
        """fastavro's parsed schema for one version (parsed once, each in its own name space)."""
        key = (type_id, number)
        parsed = self._avro.get(key)
        if parsed is None:
            with self._lock:
                parsed = self._avro.get(key)
                if parsed is None:
                    schema = self.version(type_id, number).schema
                    parsed = patch_read_defaults(parse_schema(schema), schema, plain=False)
                    self._avro[key] = parsed
        return parsed

    def avro_plain(self, type_id: str, number: int) -> Any:
        """The parsed schema without logical types: the fast paths read and write plain
        values with it and convert logical types themselves (same bytes on the wire)."""
        key = (type_id, -number)
        parsed = self._avro.get(key)
        if parsed is None:
            with self._lock:
                parsed = self._avro.get(key)
                if parsed is None:
                    schema = self.version(type_id, number).schema
                    parsed = parse_schema(strip_logical(schema))
                    patch_read_defaults(parsed, schema, plain=True)
                    self._avro[key] = parsed
        return parsed

    def avro_read(self, type_id: str, number: int) -> Any:
        """The parsed schema the fast builders read one version's bytes with (see
        `avro_read.read_schema`: logical types stripped, enums read by index)."""
        key = (type_id, number)
        parsed = self._avro_read.get(key)
        if parsed is None:
            with self._lock:
                parsed = self._avro_read.get(key)
                if parsed is None:
                    parsed = parse_schema(read_schema(self.version(type_id, number).schema))
                    self._avro_read[key] = parsed
        return parsed

    def avro_scan(self, type_id: str, number: int, *, fast: bool = False) -> Scan | None:
        """The pre-read skip-scan one version's bytes need before fastavro reads them with
        `avro` (or with `avro_read`, `fast`), computed once; None for most schemas (see
        `avro_scan`: zero-width array items, enums and bytes decimals fastavro reads)."""
        key = (type_id, number, fast)
        if key not in self._scans:
            parsed = self.avro_read(type_id, number) if fast else self.avro(type_id, number)
            self._scans[key] = compile_scan(parsed)
        return self._scans[key]

    def validator(self, type_id: str, number: int) -> Any:
        """A jsonschema validator for one JSON Schema version (checks, off the hot path)."""
        key = (type_id, number)
        found = self._validators.get(key)
        if found is None:
            # judged as the generated classes judge (formats, exact multipleOf)
            from event_contracts._runtime.json_judge import FORMATS, validator_class

            schema = self.version(type_id, number).schema
            found = validator_class(schema)(schema, format_checker=FORMATS)
            self._validators[key] = found
        return found

    def class_for(self, type_id: str, number: int) -> type[IntegrationEvent] | None:
        """The generated class of one version: from the package's `_index` (importing it
        lazily) when it has one, else among the classes already imported."""
        try:
            index = importlib.import_module(f"{self.package}._index")
        except ModuleNotFoundError:
            index = None
        ref = getattr(index, "CLASSES", {}).get((type_id, number))
        if isinstance(ref, str) and ":" in ref:
            module, _, attr = ref.partition(":")
            found: type[IntegrationEvent] = getattr(importlib.import_module(module), attr)
            return found
        return _classes_of(self.package).get((type_id, number))


_CACHE: dict[str, PackageSchemas] = {}
_CACHE_LOCK = threading.RLock()


def for_package(package: str) -> PackageSchemas:
    """The schemas of `package` (loaded once); also imports its hand-written upcasters."""
    found = _CACHE.get(package)
    if found is not None:
        return found
    with _CACHE_LOCK:
        found = _CACHE.get(package)
        if found is None:
            found = _load(package)
            _CACHE[package] = found
            _import_upcasters(package)
    return found


def for_class(cls: type[Any]) -> PackageSchemas:
    """The schemas of the package a generated class belongs to."""
    return for_package(cls.__module__.split(".", 1)[0])


def _load(package: str) -> PackageSchemas:
    try:
        root = files(package) / SCHEMAS_DIR
    except ModuleNotFoundError:
        raise ContractError(f"cannot import contracts package {package!r}") from None
    if not isinstance(root, Path) or not root.is_dir():
        raise ContractError(
            f"package {package!r} ships no {SCHEMAS_DIR}/ folder on the file system; "
            "regenerate it with `event-contracts generate` (the runtime reads its schemas there)"
        )
    return PackageSchemas(package, root)


class _LazyTypes(Mapping[str, EventType]):
    """The event types under a package's `_schemas/`, each loaded when first asked for.
    (An explicit Config: never pick up the pyproject.toml of whatever project imports us.)"""

    def __init__(self, root: Path, config: Config, on_load: Callable[[EventType], None]) -> None:
        self.root = root
        self.config = config
        self._on_load = on_load
        self._loaded: dict[str, EventType] = {}
        self._absent: set[str] = set()
        self._lock = threading.RLock()
        self.complete = False

    def get(self, type_id: str, default: Any = None) -> Any:
        found = self._loaded.get(type_id)
        if found is not None:
            return found
        if self.complete or type_id in self._absent:
            return default
        with self._lock:
            if type_id in self._loaded:
                return self._loaded[type_id]
            t, problems = scan_event_type(self.root, self.config, type_id)
            if problems:
                raise SchemaError(problems)
            if t is None:
                self._absent.add(type_id)
                return default
            self._loaded[type_id] = t
            self._on_load(t)
            return t

    def __getitem__(self, type_id: str) -> EventType:
        found: EventType | None = self.get(type_id)
        if found is None:
            raise KeyError(type_id)
        return found

    def __contains__(self, type_id: object) -> bool:
        return isinstance(type_id, str) and self.get(type_id) is not None

    def preload(self, types: Iterable[EventType]) -> None:
        """Take these types as all there are (loaded already, by the caller)."""
        with self._lock:
            for t in types:
                self._loaded[t.id] = t
                self._on_load(t)
            self.complete = True

    def load_all(self) -> None:
        if self.complete:
            return
        with self._lock:
            catalog, problems = scan(self.root, config=self.config, deep=False)
            if problems:
                raise SchemaError(problems)
            for t in catalog:
                if t.id not in self._loaded:
                    self._loaded[t.id] = t
                    self._on_load(t)
            self.complete = True

    def __iter__(self) -> Iterator[str]:
        self.load_all()
        return iter(sorted(self._loaded))

    def __len__(self) -> int:
        self.load_all()
        return len(self._loaded)


def _import_upcasters(package: str) -> None:
    """Hand-written upcasters live in `<package>.upcasters`; import it so they register."""
    name = f"{package}.{UPCASTERS_MODULE}"
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return
    if spec is not None:
        importlib.import_module(name)


def _classes_of(package: str) -> dict[tuple[str, int], type[IntegrationEvent]]:
    from event_contracts._runtime.base import IntegrationEvent

    out: dict[tuple[str, int], type[IntegrationEvent]] = {}
    stack: list[type[IntegrationEvent]] = list(IntegrationEvent.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".", 1)[0] != package:
            continue
        type_id = cls.__dict__.get("EVENT_TYPE")
        version = cls.__dict__.get("EVENT_VERSION")
        if isinstance(type_id, str) and isinstance(version, int):
            out.setdefault((type_id, version), cls)
    return out


_ON_CLEAR: list[Callable[[], None]] = []


def on_clear(hook: Callable[[], None]) -> None:
    """Register a cache that `clear_cache` must empty too (plans, builders)."""
    _ON_CLEAR.append(hook)


def clear_cache() -> None:
    """Forget every loaded package and everything compiled from it (for tests)."""
    with _CACHE_LOCK:
        _CACHE.clear()
    for hook in _ON_CLEAR:
        hook()
