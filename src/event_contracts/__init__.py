"""event-contracts: integration events defined once, checked for compatibility, shipped typed.

The public API is what `__all__` lists; everything under a leading-underscore module is private.
"""

from event_contracts._compat.api import check_against_versions, check_compatibility
from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
from event_contracts._runtime.base import EventMetadata, IntegrationEvent
from event_contracts._runtime.decode import decode
from event_contracts._runtime.encode import encode
from event_contracts._runtime.envelope import from_cloudevent, from_kafka, to_cloudevent, to_kafka
from event_contracts._runtime.ids import SchemaIdResolver
from event_contracts._runtime.upcast import UpcasterRegistry, upcaster
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.model import Catalog, Config, EventType, SchemaVersion
from event_contracts.errors import (
    CodegenError,
    ConfigError,
    ContractError,
    DecodeError,
    EventError,
    GitError,
    PayloadValidationError,
    Problem,
    RegistryError,
    SchemaError,
    UnknownEventTypeError,
    UnknownVersionError,
    UpcastChainError,
    UpcastError,
    UsageError,
)

__all__ = [
    "Catalog",
    "CodegenError",
    "CompatResult",
    "Config",
    "ConfigError",
    "ContractError",
    "DecodeError",
    "EventError",
    "EventMetadata",
    "EventType",
    "Finding",
    "GitError",
    "IntegrationEvent",
    "Mode",
    "PayloadValidationError",
    "Policy",
    "Problem",
    "RegistryError",
    "SchemaError",
    "SchemaIdResolver",
    "SchemaVersion",
    "UnknownEventTypeError",
    "UnknownVersionError",
    "UpcastChainError",
    "UpcastError",
    "UpcasterRegistry",
    "UsageError",
    "check_against_versions",
    "check_compatibility",
    "decode",
    "encode",
    "from_cloudevent",
    "from_kafka",
    "load_catalog",
    "to_cloudevent",
    "to_kafka",
    "upcaster",
]
