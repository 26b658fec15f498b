"""`registry push`: set each subject's compatibility level, then register versions in order.

Idempotent: a version the subject already holds is looked up, not registered again, and a level
that already matches is left alone. Stops at the first version the registry refuses, with the
registry's reasons and our own engine's findings for the same pair, side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from event_contracts._compat.model import Finding, Mode
from event_contracts._registry import codes
from event_contracts._registry.model import (
    CompatibilityCheck,
    Registry,
    SchemaType,
    VersionRef,
    schema_text,
    schema_type_of,
)
from event_contracts._registry.naming import SubjectNaming
from event_contracts._schema.model import Catalog, EventType, SchemaVersion
from event_contracts.errors import ContractError, RegistryError, UsageError

Action = Literal["registered", "present", "would-register", "mode-set", "would-set-mode"]


class WritableRegistry(Registry, Protocol):
    def register(self, subject: str, schema: str, schema_type: SchemaType) -> int: ...

    def set_compatibility(self, subject: str, mode: Mode | str) -> Mode: ...

    def check_compatibility(
        self, subject: str, schema: str, schema_type: SchemaType, version: VersionRef | None = ...
    ) -> CompatibilityCheck: ...


@dataclass(frozen=True, slots=True)
class Step:
    """One thing push did (or, with --dry-run, would do)."""

    action: Action
    event_type: str
    subject: str
    version: int | None = None
    schema_id: int | None = None
    subject_version: int | None = None
    mode: Mode | None = None
    previous_mode: Mode | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """The registry refused a version: its reasons next to our engine's."""

    event_type: str
    subject: str
    version: int
    mode: Mode
    registry_messages: tuple[str, ...]
    local_findings: tuple[Finding, ...]
    local_error: str | None = None
    """Why the local engine could not judge the pair, when it could not."""


@dataclass(slots=True)
class PushReport:
    steps: list[Step] = field(default_factory=list)
    rejection: Rejection | None = None
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(s.action in ("registered", "mode-set") for s in self.steps)

    def count(self, action: Action) -> int:
        return sum(1 for s in self.steps if s.action == action)


def subjects_of(
    catalog: Catalog, naming: SubjectNaming, types: Iterable[str] = ()
) -> dict[str, list[EventType]]:
    """Subject -> event types it holds, refusing several types (or modes) in one subject."""
    wanted = list(types)
    unknown = [t for t in wanted if t not in catalog.event_types]
    if unknown:
        raise UsageError(f"unknown event type(s): {', '.join(unknown)}; see `event-contracts list`")
    chosen = [catalog[t] for t in wanted] if wanted else list(catalog)
    out: dict[str, list[EventType]] = {}
    for t in chosen:
        out.setdefault(naming.subject_of(t), []).append(t)
    for subject, ts in out.items():
        if len(ts) > 1:
            raise UsageError(
                f"{naming.strategy.value} puts {len(ts)} event types into subject {subject!r} "
                f"({', '.join(t.id for t in ts[:3])}{', ...' if len(ts) > 3 else ''}); choose "
                "one with --type, or use RecordNameStrategy / TopicRecordNameStrategy"
            )
    return out


def push(
    registry: WritableRegistry,
    catalog: Catalog,
    *,
    naming: SubjectNaming | None = None,
    types: Iterable[str] = (),
    dry_run: bool = False,
) -> PushReport:
    naming = naming or SubjectNaming()
    report = PushReport(dry_run=dry_run)
    for subject, (event_type,) in subjects_of(catalog, naming, types).items():
        if not _push_type(registry, event_type, subject, report):
            break
    return report


def _push_type(registry: WritableRegistry, t: EventType, subject: str, report: PushReport) -> bool:
    """Push one event type; False when the registry refused a version (push stops)."""
    pending: list[SchemaVersion] = []
    for v in t.versions:
        found = registry.lookup(subject, schema_text(v), schema_type_of(v.format))
        if found is None:
            pending.append(v)
        elif pending:
            # A later version is registered but an earlier one is not: registering the
            # earlier one now would put versions out of order in the subject.
            raise RegistryError(
                f"{t.id} v{v.number} is registered under {subject!r} but earlier version(s) "
                f"{', '.join(f'v{p.number}' for p in pending)} are not; the subject's history "
                "differs from the repository's: run `event-contracts registry verify`"
            )
        else:
            report.steps.append(
                Step("present", t.id, subject, v.number, found.schema_id, found.version)
            )
    present = len(t.versions) - len(pending)
    remote = _remote_versions(registry, subject)
    if len(remote) > present:
        # Appending to a subject that holds versions we do not know would interleave
        # someone else's history with ours: a human must look first.
        raise RegistryError(
            f"subject {subject!r} holds {len(remote) - present} version(s) that match no "
            f"version of {t.id}; nothing pushed for it. Run `event-contracts registry verify` "
            "to see the drift, and remove them or choose another subject naming strategy"
        )
    current = registry.get_compatibility(subject)
    if current is not t.mode:
        action: Action = "would-set-mode" if report.dry_run else "mode-set"
        if not report.dry_run:
            registry.set_compatibility(subject, t.mode)
        report.steps.append(Step(action, t.id, subject, mode=t.mode, previous_mode=current))
    subject_exists = bool(remote)
    for v in pending:
        earlier = [e for e in t.versions if e.number < v.number]
        # A dry run can ask the registry only about the first new version: the later ones
        # would be judged against versions it has not really registered.
        ask = subject_exists and (not report.dry_run or v is pending[0])
        if ask:
            check = _check(registry, subject, v)
            if not check.is_compatible:
                report.rejection = _rejection(t, subject, v, earlier, check.messages)
                return False
        if report.dry_run:
            report.steps.append(Step("would-register", t.id, subject, v.number))
            continue
        try:
            schema_id = registry.register(subject, schema_text(v), schema_type_of(v.format))
        except RegistryError as exc:
            if not codes.is_incompatible(exc):
                raise
            report.rejection = _rejection(t, subject, v, earlier, exc.messages)
            return False
        subject_exists = True
        found = registry.lookup(subject, schema_text(v), schema_type_of(v.format))
        report.steps.append(
            Step(
                "registered",
                t.id,
                subject,
                v.number,
                schema_id,
                found.version if found is not None else None,
            )
        )
    return True


def _check(registry: WritableRegistry, subject: str, v: SchemaVersion) -> CompatibilityCheck:
    """Check against every version as registering would; fall back to `latest` on registries
    without the all-versions endpoint (a bare 404/405 carrying no Confluent error code)."""
    text, kind = schema_text(v), schema_type_of(v.format)
    try:
        return registry.check_compatibility(subject, text, kind, version=None)
    except RegistryError as exc:
        if exc.status not in (404, 405) or exc.error_code not in (None, 404, 405):
            raise
    return registry.check_compatibility(subject, text, kind, version="latest")


def _remote_versions(registry: WritableRegistry, subject: str) -> list[int]:
    try:
        return registry.versions(subject)
    except RegistryError as exc:
        if codes.is_not_found(exc, codes.SUBJECT_NOT_FOUND):
            return []
        raise


def _rejection(
    t: EventType,
    subject: str,
    v: SchemaVersion,
    earlier: list[SchemaVersion],
    messages: Iterable[str],
) -> Rejection:
    from event_contracts._compat.api import check_against_versions

    findings: list[Finding] = []
    error = None
    try:
        # Paths, not parsed schemas, so findings carry line numbers.
        result = check_against_versions(
            v.source, [e.source for e in earlier], mode=t.mode, format=v.format, policy=t.policy
        )
    except ContractError as exc:  # e.g. an engine that is not available
        error = str(exc)
    else:
        for f in result.findings:
            if not f.breaking:
                continue
            side = v if f.pointer_side == "new" or not f.old_version else earlier[f.old_version - 1]
            findings.append(replace(f, event_type=t.id, file=f.file or str(side.source)))
    return Rejection(t.id, subject, v.number, t.mode, tuple(messages), tuple(findings), error)
