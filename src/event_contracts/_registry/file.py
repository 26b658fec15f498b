"""The embedded registry: `schemas/` plus `schemas/registry.lock`, no server needed.

Ids and the order of versions come from the lock file (append-only, written by `event-contracts
lock`); schemas come from the catalog. Only locked versions are registered here, and a locked
version whose file no longer has the locked fingerprint is refused rather than served.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from event_contracts._compat.model import Mode
from event_contracts._registry import codes
from event_contracts._registry.model import (
    RegisteredSchema,
    SchemaType,
    VersionRef,
    canonical_form,
    schema_text,
    schema_type_of,
)
from event_contracts._registry.naming import SubjectNaming
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.lock import LOCK_NAME, LockEntry, read_lock
from event_contracts._schema.model import Catalog, Format, SchemaVersion
from event_contracts.errors import RegistryError, UnknownVersionError


def _not_found(code: int, message: str) -> RegistryError:
    return RegistryError(message, status=404, error_code=code)


class FileRegistry:
    """A read-only Registry over a catalog and its lock entries."""

    def __init__(
        self,
        catalog: Catalog,
        entries: Iterable[LockEntry],
        *,
        naming: SubjectNaming | None = None,
    ) -> None:
        self.catalog = catalog
        self.naming = naming or SubjectNaming()
        self._by_id: dict[int, LockEntry] = {}
        self._by_version: dict[tuple[str, int], LockEntry] = {}
        self._subjects: dict[str, list[LockEntry]] = {}
        for e in entries:
            self._by_id[e.schema_id] = e
            self._by_version[(e.event_type, e.version)] = e
            known = e.event_type in catalog.event_types
            subject = (
                self.naming.subject_of(catalog[e.event_type])
                if known
                else self.naming.subject_for(e.event_type)
            )
            self._subjects.setdefault(subject, []).append(e)

    @classmethod
    def load(
        cls, schemas: str | Path = "schemas", *, naming: SubjectNaming | None = None
    ) -> FileRegistry:
        """The file registry of a schemas folder (its catalog and `registry.lock`)."""
        catalog = load_catalog(schemas)
        return cls(catalog, read_lock(Path(schemas) / LOCK_NAME), naming=naming)

    # -- Registry ------------------------------------------------------------------------
    def subjects(self) -> list[str]:
        return sorted(self._subjects)

    def versions(self, subject: str) -> list[int]:
        return list(range(1, len(self._entries(subject)) + 1))

    def get_version(self, subject: str, version: VersionRef) -> RegisteredSchema:
        entries = self._entries(subject)
        n = len(entries) if version == "latest" else int(version)
        if not 1 <= n <= len(entries):
            raise _not_found(codes.VERSION_NOT_FOUND, f"{subject!r} has no version {version}")
        return self._registered(entries[n - 1], subject, n)

    def schema_by_id(self, schema_id: int) -> RegisteredSchema:
        entry = self._by_id.get(schema_id)
        if entry is None:
            raise _not_found(
                codes.SCHEMA_NOT_FOUND, f"no schema with id {schema_id} in {LOCK_NAME}"
            )
        return self._registered(entry, None, None)

    def lookup(self, subject: str, schema: str, schema_type: SchemaType) -> RegisteredSchema | None:
        if subject not in self._subjects:
            return None
        wanted = canonical_form(schema, schema_type)[1]
        for n, entry in enumerate(self._subjects[subject], 1):
            if entry.fingerprint == wanted and schema_type_of(_fmt(entry)) == schema_type:
                return self._registered(entry, subject, n)
        return None

    def get_compatibility(self, subject: str) -> Mode | None:
        entries = self._entries(subject)
        types = {e.event_type for e in entries}
        modes = {self.catalog[t].mode for t in types if t in self.catalog.event_types}
        return modes.pop() if len(modes) == 1 else None

    # -- schema ids for Confluent framing ------------------------------------------------
    def id_for(self, event_type: str, version: int) -> int:
        entry = self._by_version.get((event_type, version))
        if entry is None:
            raise UnknownVersionError(
                f"{event_type} v{version} has no schema id: it is not in {LOCK_NAME}; "
                "run `event-contracts lock` to publish it",
                event_type=event_type,
                from_version=version,
            )
        self._schema(entry)  # refuse a version whose file changed after it was locked
        return entry.schema_id

    def version_for(self, schema_id: int) -> tuple[str, int]:
        entry = self._by_id.get(schema_id)
        if entry is None:
            raise UnknownVersionError(
                f"schema id {schema_id} is not in {LOCK_NAME}: the writer used a version "
                "this package does not know; upgrade the contracts package",
            )
        return entry.event_type, entry.version

    # -- helpers -------------------------------------------------------------------------
    def _entries(self, subject: str) -> list[LockEntry]:
        try:
            return self._subjects[subject]
        except KeyError:
            raise _not_found(codes.SUBJECT_NOT_FOUND, f"subject {subject!r} not found") from None

    def _schema(self, entry: LockEntry) -> SchemaVersion:
        try:
            version = self.catalog[entry.event_type].version(entry.version)
        except KeyError:
            raise _not_found(
                codes.SCHEMA_NOT_FOUND,
                f"{entry.event_type} v{entry.version} (id {entry.schema_id}) is in {LOCK_NAME} "
                "but its schema file is gone; restore it from git history",
            ) from None
        if version.fingerprint != entry.fingerprint:
            raise RegistryError(
                f"{entry.event_type} v{entry.version} changed after it was published: "
                f"{version.source} has fingerprint {version.fingerprint}, {LOCK_NAME} says "
                f"{entry.fingerprint}; restore the published file and add a new version instead"
            )
        return version

    def _registered(self, entry: LockEntry, subject: str | None, n: int | None) -> RegisteredSchema:
        version = self._schema(entry)
        return RegisteredSchema(
            schema_id=entry.schema_id,
            schema=schema_text(version),
            schema_type=schema_type_of(version.format),
            subject=subject,
            version=n,
        )


def _fmt(entry: LockEntry) -> Format:
    return "avro" if entry.format == "avro" else "jsonschema"
