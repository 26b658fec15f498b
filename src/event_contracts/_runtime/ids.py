"""Schema ids for Confluent framing: the registry is the authority for them.

A registry assigns ids as schemas arrive, so the same schema has different ids in different
registries, and `registry.lock`'s ids (assigned locally by `event-contracts lock`) are the
registry's only when it assigned the same ones. Confluent framing therefore needs the caller to
say where ids come from: a `SchemaIdResolver` (`RegistryIdResolver` asks the registry, once per
schema), or `ids="lock"` to write the lock's ids on purpose (`event-contracts registry verify`
says whether the registry agrees). Without either, encode and decode refuse and say so: an id
the registry has not confirmed is never written silently.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from event_contracts._runtime.schemas import PackageSchemas
from event_contracts.errors import UnknownVersionError, UsageError


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


Ids = SchemaIdResolver | Literal["lock"] | None
"""What `encode`/`decode` accept as `ids=`."""


def resolver_for(ids: Ids, schemas: PackageSchemas, what: str) -> SchemaIdResolver:
    """The resolver to use for Confluent framing; `what` says what for ("reads schema id 7")."""
    if ids == "lock":
        return LockFileIds(schemas)
    if ids is None:
        raise UsageError(
            f"Confluent framing {what}; the registry assigns schema ids and no ids were given: "
            "pass ids=RegistryIdResolver(ConfluentClient(url), catalog) to "
            "take them from your registry (asked once, cached), or ids='lock' to use "
            "registry.lock's ids, right only where `event-contracts registry verify` finds "
            "no id drift (see docs/registry.md)"
        )
    if isinstance(ids, str):
        raise UsageError(f"ids={ids!r}: pass a SchemaIdResolver or 'lock'")
    return ids
