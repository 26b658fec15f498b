"""The base every generated event class derives from, and the metadata it carries.

Contract between the generator and the runtime: a generated class sets the class-level
constants below and declares `metadata: EventMetadata | None = None` as its LAST field
(pydantic orders base-class fields first, so the base cannot declare it). The package it
lives in ships every schema file under `<package>/_schemas/` (a copy of `schemas/`), which the
runtime loads once to know every version, fingerprint and schema id.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, Field


class EventMetadata(BaseModel, frozen=True, extra="forbid", defer_build=True):
    """Trace context that travels with an event in its envelope, outside the payload schema."""

    traceparent: str | None = Field(default=None, description="W3C trace context traceparent")
    tracestate: str | None = Field(default=None, description="W3C trace context tracestate")
    correlation_id: str | None = Field(default=None, description="Id shared by a whole flow")
    causation_id: str | None = Field(default=None, description="Id of the message that caused this")
    tenant_id: str | None = Field(default=None, description="Tenant the event belongs to")


# Configuration as class keywords (not model_config), as in the generated classes: type checkers
# read `frozen` there without the pydantic plugin. defer_build (inherited by every generated
# class): a class builds its validator on first use, not at import, so importing one event
# costs little more than importing pydantic.
class IntegrationEvent(
    BaseModel, frozen=True, extra="forbid", populate_by_name=True, defer_build=True
):
    """Base of every generated event version: frozen, hashable, strict about unknown fields."""

    EVENT_TYPE: ClassVar[str]
    """`<module>.<EventName>`, e.g. `catalog.ProductAdded`."""
    EVENT_VERSION: ClassVar[int]
    SCHEMA_FORMAT: ClassVar[Literal["avro", "jsonschema"]]
    SCHEMA_FINGERPRINT: ClassVar[str]
    """Avro: CRC-64-AVRO of the Parsing Canonical Form (16 hex); JSON Schema: SHA-256 hex."""
    SCHEMA_RESOURCE: ClassVar[str]
    """The schema file relative to `<package>/_schemas/`, e.g. `catalog/ProductAdded/v2.avsc`."""
