"""The frozen, typed catalog that every other part of the package reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from event_contracts._vocab import Mode, Policy

Format = Literal["avro", "jsonschema"]
FORMAT_SUFFIX: Mapping[Format, str] = MappingProxyType({"avro": ".avsc", "jsonschema": ".json"})


@dataclass(frozen=True, slots=True)
class Config:
    """`[tool.event-contracts]` in pyproject.toml, with defaults."""

    schemas: str = "schemas"
    package: str = "integration_events"
    package_dir: str = "src"
    main_branch: str = "main"
    default_mode: Mode = Mode.BACKWARD
    format_modes: Mapping[str, Mode] = field(default_factory=lambda: MappingProxyType({}))
    jsonschema_policy: Policy = Policy.STRICT
    modules: tuple[str, ...] = ()
    """Known modules; empty means any lower_snake name is accepted."""
    distribution: str | None = None
    """The contracts distribution's name (default: `package` with dashes)."""
    handlers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Consuming module -> folder of its bus handlers (relative to the project root), read by
    `validate` for handler coverage and by `new subscriber`."""

    def mode_for(self, fmt: Format) -> Mode:
        return self.format_modes.get(fmt, self.default_mode)


@dataclass(frozen=True, slots=True)
class SchemaVersion:
    """One version file of an event type."""

    number: int
    format: Format
    schema: Any
    """The parsed JSON of the file, as written (not expanded or normalised)."""
    source: Path
    text: str
    fingerprint: str
    """Avro: CRC-64-AVRO of the Parsing Canonical Form as 16 hex digits (the 64-bit value,
    most significant first, as Java's `parsingFingerprint64` prints it); JSON Schema: SHA-256
    hex of the canonical JSON (sorted keys, no whitespace)."""
    canonical: str
    """Avro: Parsing Canonical Form; JSON Schema: canonical JSON."""

    @property
    def fingerprint_bytes(self) -> bytes:
        """Avro single-object encoding's 8 fingerprint bytes (little-endian)."""
        return bytes.fromhex(self.fingerprint)[::-1]


@dataclass(frozen=True, slots=True)
class EventType:
    """One kind of fact published by one module, with every version it has had."""

    id: str
    module: str
    name: str
    format: Format
    mode: Mode
    description: str
    subscribers: tuple[str, ...]
    versions: tuple[SchemaVersion, ...]
    path: Path
    supersedes: str | None = None
    deprecated: str | None = None
    """None, or the reason/notice for the deprecation."""
    policy: Policy = Policy.STRICT
    mode_explicit: bool = False
    partition_key: str | None = None
    """The field whose value keys the event's messages on the bus (None: the event id)."""

    @property
    def latest(self) -> SchemaVersion:
        return self.versions[-1]

    def version(self, number: int) -> SchemaVersion:
        for v in self.versions:
            if v.number == number:
                return v
        raise KeyError(f"{self.id} has no version {number}")


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every event type under a schemas folder, keyed by id (sorted)."""

    root: Path
    config: Config
    event_types: Mapping[str, EventType]
    file_ids: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """The git blob ids of the files under `root` when the load had them (`scan(ids=...)`)."""

    def __iter__(self) -> Any:
        return iter(self.event_types.values())

    def __len__(self) -> int:
        return len(self.event_types)

    def __getitem__(self, type_id: str) -> EventType:
        return self.event_types[type_id]

    def by_fingerprint(self) -> Mapping[str, tuple[EventType, SchemaVersion]]:
        return MappingProxyType(
            {v.fingerprint: (t, v) for t in self.event_types.values() for v in t.versions}
        )
