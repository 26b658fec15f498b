"""`registry verify`: does the registry hold exactly what the repository publishes?

Schemas are compared by meaning, not by text: Avro by the fingerprint of its Parsing Canonical
Form, JSON Schema by the SHA-256 of canonical JSON; the same fingerprints the catalog holds.
Drift is any of: a local version not registered, a registered version that differs from the
local one at its place, a registered version or subject the repository does not know, a
subject whose compatibility level is not the type's mode, and a registered version whose id is
not the one `registry.lock` records (Confluent framing with `ids="lock"` would write an id that
names another schema in this registry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from event_contracts._registry import codes
from event_contracts._registry.model import RegisteredSchema, Registry
from event_contracts._registry.naming import SubjectNaming, record_name
from event_contracts._registry.push import subjects_of
from event_contracts._schema.model import Catalog, EventType
from event_contracts.errors import RegistryError

DriftKind = Literal["missing", "different", "unknown-version", "unknown-subject", "mode", "id"]


@dataclass(frozen=True, slots=True)
class Drift:
    kind: DriftKind
    subject: str
    message: str
    event_type: str | None = None
    version: int | None = None
    subject_version: int | None = None
    registry_id: int | None = None
    lock_id: int | None = None


@dataclass(slots=True)
class VerifyReport:
    drifts: list[Drift] = field(default_factory=list)
    checked_versions: int = 0
    checked_subjects: int = 0

    @property
    def in_sync(self) -> bool:
        return not self.drifts


def verify(
    registry: Registry,
    catalog: Catalog,
    *,
    naming: SubjectNaming | None = None,
    types: Iterable[str] = (),
    lock_ids: Mapping[tuple[str, int], int] | None = None,
) -> VerifyReport:
    """Compare the registry with the catalog; `lock_ids` ((type, version) -> id, from
    registry.lock) adds the id comparison (None: ids are not compared)."""
    naming = naming or SubjectNaming()
    types = list(types)
    report = VerifyReport()
    local = subjects_of(catalog, naming, types)
    for subject, (t,) in local.items():
        report.checked_subjects += 1
        _verify_subject(registry, t, subject, report, lock_ids or {})
    if not types:
        modules = frozenset(t.module for t in catalog) | frozenset(catalog.config.modules)
        names = {t.id for t in catalog} | {
            name for t in catalog for v in t.versions if (name := record_name(v)) is not None
        }
        for subject in registry.subjects():
            if subject not in local and naming.owns(subject, modules, names):
                report.drifts.append(
                    Drift(
                        "unknown-subject",
                        subject,
                        f"subject {subject!r} is in the registry but no event type here maps to "
                        "it (a deleted or renamed type, or one pushed from another branch)",
                    )
                )
    return report


def _verify_subject(
    registry: Registry,
    t: EventType,
    subject: str,
    report: VerifyReport,
    lock_ids: Mapping[tuple[str, int], int],
) -> None:
    try:
        numbers = registry.versions(subject)
    except RegistryError as exc:
        if not codes.is_not_found(exc, codes.SUBJECT_NOT_FOUND):
            raise
        numbers = []
    remote = [registry.get_version(subject, n) for n in numbers]
    prints = [_fingerprint(r) for r in remote]
    matched: set[int] = set()
    unmatched_local = []
    for v in t.versions:
        report.checked_versions += 1
        hit = next(
            (i for i, fp in enumerate(prints) if fp == v.fingerprint and i not in matched), None
        )
        if hit is None:
            unmatched_local.append(v)
            continue
        matched.add(hit)
        locked, assigned = lock_ids.get((t.id, v.number)), remote[hit].schema_id
        if locked is not None and locked != assigned:
            report.drifts.append(
                Drift(
                    "id",
                    subject,
                    f"{t.id} v{v.number} has id {assigned} in the registry but {locked} in "
                    "registry.lock: Confluent framing with ids='lock' would write an id that "
                    "names another schema (or none) here. Take ids from the registry "
                    "(RegistryIdResolver), or run verify with --ignore-lock-ids if nothing "
                    "uses the lock's ids",
                    t.id,
                    v.number,
                    remote[hit].version,
                    registry_id=assigned,
                    lock_id=locked,
                )
            )
    unmatched_remote = [i for i in range(len(remote)) if i not in matched]
    # Pair what is left in order: the n-th unmatched local version against the n-th unmatched
    # remote one reads as "differs"; the rest are missing or unknown.
    for v, i in zip(unmatched_local, unmatched_remote, strict=False):
        r = remote[i]
        report.drifts.append(
            Drift(
                "different",
                subject,
                f"{t.id} v{v.number} differs from version {r.version} of {subject!r} (id "
                f"{r.schema_id}): local fingerprint {v.fingerprint}, registry "
                f"{prints[i] or r.schema_type + ' schema'}",
                t.id,
                v.number,
                r.version,
            )
        )
    for v in unmatched_local[len(unmatched_remote) :]:
        report.drifts.append(
            Drift(
                "missing",
                subject,
                f"{t.id} v{v.number} is not registered under {subject!r}; run "
                "`event-contracts registry push`",
                t.id,
                v.number,
            )
        )
    for i in unmatched_remote[len(unmatched_local) :]:
        r = remote[i]
        report.drifts.append(
            Drift(
                "unknown-version",
                subject,
                f"version {r.version} of {subject!r} (id {r.schema_id}) matches no version of "
                f"{t.id} in the repository",
                t.id,
                subject_version=r.version,
            )
        )
    if not numbers:
        return
    mode = registry.get_compatibility(subject)
    if mode is not t.mode:
        now = mode.value if mode is not None else "not set (the global default applies)"
        report.drifts.append(
            Drift(
                "mode",
                subject,
                f"{subject!r} compatibility is {now}, but {t.id} declares {t.mode.value}; "
                "`event-contracts registry push` sets it",
                t.id,
            )
        )


def _fingerprint(r: RegisteredSchema) -> str | None:
    """The registered schema's fingerprint; None for a schema we cannot read (never equal)."""
    try:
        return r.fingerprint()
    except RegistryError:
        return None
