"""event-contracts: integration events defined once, checked for compatibility, shipped typed.

The public API is what `__all__` lists; everything under a leading-underscore module is private.
"""

from typing import TYPE_CHECKING, Any

from event_contracts._compat.api import check_against_versions, check_compatibility
from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
from event_contracts._registry.file import FileRegistry
from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
from event_contracts._registry.resolver import RegistryIdResolver
from event_contracts._registry.settings import RegistrySettings
from event_contracts._runtime.base import EventMetadata, IntegrationEvent
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

if TYPE_CHECKING:
    from event_contracts._registry.confluent import ConfluentClient

__all__ = [
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
    "SchemaVersion",
    "SubjectNameStrategy",
    "SubjectNaming",
    "UnknownEventTypeError",
    "UnknownVersionError",
    "UpcastChainError",
    "UpcastError",
    "UsageError",
    "check_against_versions",
    "check_compatibility",
    "load_catalog",
]


def __getattr__(name: str) -> Any:
    # The registry client needs httpx (the `tools` extra); services that only encode and
    # decode never import it, so it loads on first use.
    if name == "ConfluentClient":
        from event_contracts._registry.confluent import ConfluentClient

        return ConfluentClient
    raise AttributeError(f"module 'event_contracts' has no attribute {name!r}")
