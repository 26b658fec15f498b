"""Schema ids for Confluent framing: from the lock file by default, or from a registry.

A registry client (or anything else) plugs in by implementing `SchemaIdResolver`; the runtime
asks it for the id to write and for the event type and version behind an id it reads.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from event_contracts._runtime.schemas import PackageSchemas
from event_contracts.errors import UnknownVersionError


@runtime_checkable
class SchemaIdResolver(Protocol):
    """Maps (event type, version) to a registry schema id and back."""

    def id_for(self, event_type: str, version: int) -> int: ...

    def version_for(self, schema_id: int) -> tuple[str, int]: ...


class LockFileIds:
    """Ids as recorded in the package's `_schemas/registry.lock` (`event-contracts lock`)."""

    def __init__(self, schemas: PackageSchemas) -> None:
        self._schemas = schemas

    def id_for(self, event_type: str, version: int) -> int:
        try:
            return self._schemas.lock_ids[(event_type, version)]
        except KeyError:
            raise UnknownVersionError(
                f"{event_type} v{version} has no schema id in {self._schemas.package}'s "
                "registry.lock; run `event-contracts lock` and regenerate, or pass an id resolver",
                event_type=event_type,
                from_version=version,
            ) from None

    def version_for(self, schema_id: int) -> tuple[str, int]:
        try:
            return self._schemas.lock_versions[schema_id]
        except KeyError:
            raise UnknownVersionError(
                f"schema id {schema_id} is not in {self._schemas.package}'s registry.lock; "
                "upgrade the contracts package or pass an id resolver backed by the registry",
            ) from None
