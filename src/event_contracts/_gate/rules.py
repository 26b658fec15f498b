"""The gate's own rule ids (beyond the engines'), each with a `### ID` heading in docs/rules.md."""

from __future__ import annotations

from types import MappingProxyType

RULES = MappingProxyType(
    {
        "PUBLISHED_VERSION_EDITED": "a published version changed in a way that affects data",
        "PUBLISHED_VERSION_DOCS_CHANGED": "a published version changed in docs or layout only",
        "VERSION_DELETED": "a published version's file was deleted",
        "VERSION_GAP": "version numbers skip one (a middle version was deleted)",
        "EVENT_TYPE_DELETED": "an event type was deleted without being deprecated first",
        "EVENT_TYPE_REMOVED": "a deprecated event type was removed",
        "EVENT_TYPE_ADDED": "a new event type",
        "SUPERSEDED_BY_NEW_TYPE": "a breaking change declared as a new, superseding type",
        "UNKNOWN_SUPERSEDES": "`supersedes` names no known event type",
        "MODE_CHANGED": "the compatibility mode or policy changed, no weaker",
        "MODE_RELAXED": "the compatibility mode was relaxed",
        "UNION_READS_DIFFER": "an Avro union that Avro's readers resolve differently",
        "JSONSCHEMA_IGNORED_KEYWORD": "a new JSON Schema version uses a keyword its draft ignores",
        "LOCK_MISMATCH": "a version's fingerprint differs from registry.lock",
        "LOCK_REWRITTEN": "registry.lock lines that existed at the base changed",
        "LOCK_ENTRY_MISSING": "a version is not recorded in registry.lock",
        "LOCK_MISSING": "there is no registry.lock",
        "LOCKED_TYPE_MISSING": "without git history, a locked event type is gone",
        "STALE_GENERATED_CODE": "generated code differs from what `generate` would write",
        "UPCAST_CHAIN_BROKEN": "an upcaster that the runtime would reject (gap, cycle, duplicate)",
        "UPCASTER_STUB": "a scaffolded upcaster that was never edited",
        "UPCASTER_MISSING": "a superseded type has no upcaster to the type that supersedes it",
        "UPCASTERS_UNLOADABLE": "the upcaster module cannot be run",
        "SUPERSEDED_TYPE_EVOLVED": "a new version of a superseded or deprecated type",
        "DATA_PROOF_FAILED": "generated data of a writer version does not decode into a reader",
    }
)
