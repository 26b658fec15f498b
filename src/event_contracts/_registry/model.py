"""What any schema registry holds, and the read-only interface both implementations share.

A registry stores schemas under *subjects*; each subject has versions 1, 2, ... in the order
they were registered, and every distinct schema has one global *id* (the number Confluent
framing writes in front of each message). This module has no HTTP in it: the runtime may
import it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from event_contracts._compat.model import Mode
from event_contracts._schema import avro as avro_schema
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.model import Format, SchemaVersion
from event_contracts.errors import RegistryError

SchemaType = Literal["AVRO", "JSON", "PROTOBUF"]
VersionRef = int | Literal["latest"]

_TYPE_OF_FORMAT: dict[Format, SchemaType] = {"avro": "AVRO", "jsonschema": "JSON"}


def schema_type_of(fmt: Format) -> SchemaType:
    """Confluent's `schemaType` for one of our formats."""
    return _TYPE_OF_FORMAT[fmt]


def schema_text(version: SchemaVersion) -> str:
    """The schema string we register: compact JSON in the file's own key order.

    Compact and deterministic, so registries that compare strings (not parsed schemas) still
    find it again; docs and defaults are kept, since readers need the defaults.
    """
    return json.dumps(version.schema, separators=(",", ":"), ensure_ascii=False)


def canonical_form(schema: str, schema_type: SchemaType) -> tuple[str, str]:
    """Canonical text and fingerprint of a registered schema string, as our catalog computes them.

    Avro: Parsing Canonical Form and its CRC-64-AVRO; JSON Schema: canonical JSON and SHA-256.
    Raises RegistryError when the string cannot be parsed (a registry holding garbage).
    """
    try:
        parsed: Any = json.loads(schema)
    except json.JSONDecodeError:
        if schema_type == "AVRO":  # Avro allows a bare primitive name such as `string`
            parsed = schema
        else:
            raise RegistryError(
                f"the registry returned a {schema_type} schema that is not JSON"
            ) from None
    try:
        if schema_type == "AVRO":
            return avro_schema.canonical_and_fingerprint(parsed)
        if schema_type == "JSON":
            return json_schema.canonical_and_fingerprint(parsed)
    except Exception as exc:  # fastavro raises several types for a broken schema
        raise RegistryError(
            f"the registry returned an unreadable {schema_type} schema: {exc}"
        ) from None
    raise RegistryError(f"{schema_type} schemas are not supported by event-contracts")


@dataclass(frozen=True, slots=True)
class RegisteredSchema:
    """One schema as a registry returns it; `subject`/`version` are None when fetched by id."""

    schema_id: int
    schema: str
    schema_type: SchemaType = "AVRO"
    subject: str | None = None
    version: int | None = None

    def fingerprint(self) -> str:
        return canonical_form(self.schema, self.schema_type)[1]


@dataclass(frozen=True, slots=True)
class CompatibilityCheck:
    """A registry's verdict on a candidate schema; `messages` only with verbose=true."""

    is_compatible: bool
    messages: tuple[str, ...] = ()


@runtime_checkable
class Registry(Protocol):
    """The reads both the file registry and a Confluent-compatible server answer.

    Errors are RegistryError with Confluent's `error_code` (40401 subject not found, 40402
    version not found, 40403 schema not found) so callers handle both the same way.
    """

    def subjects(self) -> list[str]:
        """Every subject, sorted."""
        ...

    def versions(self, subject: str) -> list[int]:
        """The subject's versions, oldest first."""
        ...

    def get_version(self, subject: str, version: VersionRef) -> RegisteredSchema: ...

    def schema_by_id(self, schema_id: int) -> RegisteredSchema: ...

    def lookup(self, subject: str, schema: str, schema_type: SchemaType) -> RegisteredSchema | None:
        """The subject's version holding this schema, or None when it is not registered there."""
        ...

    def get_compatibility(self, subject: str) -> Mode | None:
        """The subject's own compatibility level; None when only the global default applies."""
        ...
