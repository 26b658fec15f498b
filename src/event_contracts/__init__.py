"""event-contracts: integration events defined once, checked for compatibility, shipped typed.

The public API is what `__all__` lists; everything under a leading-underscore module is private.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from event_contracts.errors import (
    BusError,
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

if TYPE_CHECKING:
    from event_contracts._compat.api import check_against_versions, check_compatibility
    from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
    from event_contracts._registry.confluent import ConfluentClient
    from event_contracts._registry.file import FileRegistry
    from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
    from event_contracts._registry.resolver import RegistryIdResolver
    from event_contracts._registry.settings import RegistrySettings
    from event_contracts._runtime.base import EventMetadata, IntegrationEvent
    from event_contracts._runtime.decode import decode
    from event_contracts._runtime.encode import encode
    from event_contracts._runtime.envelope import (
        from_cloudevent,
        from_kafka,
        to_cloudevent,
        to_kafka,
    )
    from event_contracts._runtime.ids import SchemaIdResolver
    from event_contracts._runtime.upcast import UpcasterRegistry, upcaster
    from event_contracts._schema.loader import load_catalog
    from event_contracts._schema.model import Catalog, Config, EventType, SchemaVersion

# Heavy parts load on first use, so that importing one generated event class (which imports
# `event_contracts._runtime.base`, and so this package) costs little more than pydantic; and
# the registry client needs httpx (the `tools` extra), which services never import.
_LAZY = {
    "Catalog": "event_contracts._schema.model",
    "CompatResult": "event_contracts._compat.model",
    "Config": "event_contracts._schema.model",
    "ConfluentClient": "event_contracts._registry.confluent",
    "EventMetadata": "event_contracts._runtime.base",
    "EventType": "event_contracts._schema.model",
    "FileRegistry": "event_contracts._registry.file",
    "Finding": "event_contracts._compat.model",
    "IntegrationEvent": "event_contracts._runtime.base",
    "Mode": "event_contracts._compat.model",
    "Policy": "event_contracts._compat.model",
    "RegistryIdResolver": "event_contracts._registry.resolver",
    "RegistrySettings": "event_contracts._registry.settings",
    "SchemaIdResolver": "event_contracts._runtime.ids",
    "SchemaVersion": "event_contracts._schema.model",
    "SubjectNameStrategy": "event_contracts._registry.naming",
    "SubjectNaming": "event_contracts._registry.naming",
    "UpcasterRegistry": "event_contracts._runtime.upcast",
    "check_against_versions": "event_contracts._compat.api",
    "check_compatibility": "event_contracts._compat.api",
    "decode": "event_contracts._runtime.decode",
    "encode": "event_contracts._runtime.encode",
    "from_cloudevent": "event_contracts._runtime.envelope",
    "from_kafka": "event_contracts._runtime.envelope",
    "load_catalog": "event_contracts._schema.loader",
    "to_cloudevent": "event_contracts._runtime.envelope",
    "to_kafka": "event_contracts._runtime.envelope",
    "upcaster": "event_contracts._runtime.upcast",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "BusError",
    "Catalog",
    "CodegenError",
    "CompatResult",
    "Config",
    "ConfigError",
    "ConfluentClient",
    "ContractError",
    "DecodeError",
    "EventError",
    "EventMetadata",
    "EventType",
    "FileRegistry",
    "Finding",
    "GitError",
    "IntegrationEvent",
    "Mode",
    "PayloadValidationError",
    "Policy",
    "Problem",
    "RegistryError",
    "RegistryIdResolver",
    "RegistrySettings",
    "SchemaError",
    "SchemaIdResolver",
    "SchemaVersion",
    "SubjectNameStrategy",
    "SubjectNaming",
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
