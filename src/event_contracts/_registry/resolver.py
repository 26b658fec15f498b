"""Schema ids for Confluent framing, from any Registry, cached.

The runtime's Confluent framing needs two answers: which id to write in front of an event
(`id_for`) and which event type and version an id read off the wire stands for (`version_for`).
`RegistryIdResolver` answers both from a registry (a ConfluentClient, or the FileRegistry) and
remembers every answer, so a service asks the server once per schema. Ids never change meaning
in a registry, so the cache never expires. No httpx here: the runtime may import this module.
"""

from __future__ import annotations

import threading
from pathlib import Path

from event_contracts._registry.model import Registry, schema_text, schema_type_of
from event_contracts._registry.naming import SubjectNaming
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.model import Catalog
from event_contracts.errors import RegistryError, UnknownEventTypeError, UnknownVersionError


class RegistryIdResolver:
    """`id_for(event_type, version) -> id`; `version_for(schema_id) -> (event_type, version)`."""

    def __init__(
        self,
        registry: Registry,
        catalog: Catalog | str | Path,
        *,
        naming: SubjectNaming | None = None,
    ) -> None:
        """`catalog`: the loaded catalog, or a schemas folder (such as the contracts
        package's `_schemas/`) to load it from."""
        self.registry = registry
        self.catalog = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
        self.naming = naming or SubjectNaming()
        self._ids: dict[tuple[str, int], int] = {}
        self._versions: dict[int, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def id_for(self, event_type: str, version: int) -> int:
        key = (event_type, version)
        found = self._ids.get(key)
        if found is not None:
            return found
        try:
            local = self.catalog[event_type].version(version)
        except KeyError:
            if event_type not in self.catalog.event_types:
                raise UnknownEventTypeError(
                    f"unknown event type {event_type!r}", event_type=event_type
                ) from None
            raise UnknownVersionError(
                f"{event_type} has no version {version}",
                event_type=event_type,
                from_version=version,
            ) from None
        subject = self.naming.subject_of(self.catalog[event_type])
        registered = self.registry.lookup(subject, schema_text(local), schema_type_of(local.format))
        if registered is None:
            # The same error the lock-file ids raise, so the runtime handles both alike.
            raise UnknownVersionError(
                f"{event_type} v{version} is not registered under subject {subject!r}; "
                "run `event-contracts registry push` first",
                event_type=event_type,
                from_version=version,
            )
        self._remember(key, registered.schema_id)
        return registered.schema_id

    def version_for(self, schema_id: int) -> tuple[str, int]:
        found = self._versions.get(schema_id)
        if found is not None:
            return found
        try:
            registered = self.registry.schema_by_id(schema_id)
        except RegistryError as exc:
            if exc.error_code != 40403:
                raise
            raise UnknownVersionError(
                f"schema id {schema_id} is not in the registry: the payload is corrupt or "
                "comes from another registry",
            ) from None
        match = self.catalog.by_fingerprint().get(registered.fingerprint())
        if match is None:
            raise UnknownVersionError(
                f"schema id {schema_id} is a schema this package does not know (a newer "
                "version, or another producer's type); upgrade the contracts package",
            )
        event_type, version = match
        answer = (event_type.id, version.number)
        self._remember(answer, schema_id)
        return answer

    def _remember(self, key: tuple[str, int], schema_id: int) -> None:
        with self._lock:
            self._ids[key] = schema_id
            self._versions[schema_id] = key
