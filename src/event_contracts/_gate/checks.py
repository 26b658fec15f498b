"""One function per check of one event type; each returns `CheckCase`s (JUnit test cases).

Checks judge a `TypeChange` from the plan and never read git or the lock file themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from event_contracts._compat.model import CompatResult, Finding, Mode, Policy
from event_contracts._gate.model import CheckCase
from event_contracts._gate.plan import TypeChange, VersionChange
from event_contracts._schema.docs_free import docs_free
from event_contracts._schema.event_toml import toml_line
from event_contracts._schema.model import EventType, SchemaVersion


class PairChecker(Protocol):
    """`check_against_versions`'s shape: the gate takes any such callable (tests pass a fake)."""

    def __call__(
        self,
        new: Any,
        earlier: Sequence[Any],
        *,
        mode: Mode | str = ...,
        format: Any = ...,
        policy: Policy | str = ...,
    ) -> CompatResult: ...


@dataclass(frozen=True, slots=True)
class Where:
    """Turns schema files (also those of the base, in a temporary folder) into repo paths."""

    schemas_rel: str = "schemas"

    def file(self, t: EventType, name: str) -> str:
        return f"{self.schemas_rel}/{t.module}/{t.name}/{name}"

    def version(self, t: EventType, v: SchemaVersion) -> str:
        return self.file(t, v.source.name)


def chain_cases(
    tc: TypeChange, checker: PairChecker, where: Where, *, recheck_all: bool = False
) -> list[CheckCase]:
    """Each new version against the earlier ones under the type's mode (transitive: all).

    When the mode itself changed, every version is re-checked under the new mode.
    """
    t = tc.head
    if t is None:
        return []
    recheck_all = recheck_all or tc.mode_changed
    published = {v.number: v for v in tc.versions}
    cases: list[CheckCase] = []
    for i, v in enumerate(t.versions):
        if i == 0 or not (recheck_all or published[v.number].status == "new"):
            continue
        # Earlier versions as published: an edited one is judged separately (immutability),
        # and the new version must still be readable alongside what consumers really have.
        earlier = [_published(published[e.number]) for e in t.versions[:i]]
        result = checker(
            v.source,
            [e.source for e in earlier],
            mode=t.mode,
            format=t.format,
            policy=t.policy,
        )
        findings = tuple(_in_context(f, t, v, earlier, where) for f in result.findings)
        cases.append(CheckCase(t.id, f"compatibility v{v.number}", findings))
    return cases


def _published(vc: VersionChange) -> SchemaVersion:
    if vc.status == "edited" and vc.base is not None:
        return vc.base
    assert vc.head is not None
    return vc.head


def _in_context(
    f: Finding, t: EventType, new: SchemaVersion, earlier: list[SchemaVersion], where: Where
) -> Finding:
    old = earlier[f.old_version - 1] if f.old_version and f.old_version <= len(earlier) else None
    side = old if f.pointer_side == "old" and old is not None else new
    return replace(
        f,
        event_type=t.id,
        old_version=old.number if old is not None else f.old_version,
        new_version=new.number,
        file=f.file or where.version(t, side),
        subscribers=f.subscribers or t.subscribers,
    )


def mode_cases(tc: TypeChange, where: Where) -> list[CheckCase]:
    """A changed mode or policy: relaxing it is how a breaking change could slip through."""
    if not tc.mode_changed or tc.head is None or tc.base is None:
        return []
    h, b = tc.head, tc.base
    relaxed = not set(b.mode.directions) <= set(h.mode.directions) or (
        b.mode.transitive and not h.mode.transitive
    )
    finding = Finding(
        rule="MODE_RELAXED" if relaxed else "MODE_CHANGED",
        severity="warning" if relaxed else "info",
        message=f"{h.id} changes its compatibility mode from {b.mode} ({b.policy}) to "
        f"{h.mode} ({h.policy}); every version was re-checked under the new mode"
        + ("; consumers relying on the old guarantee may break" if relaxed else ""),
        fix="keep the mode; a breaking change belongs in a new event type that supersedes this one"
        if relaxed
        else "",
        event_type=h.id,
        file=where.file(h, "event.toml"),
        line=toml_line(h.path / "event.toml", "mode"),
        subscribers=h.subscribers,
    )
    return [CheckCase(h.id, "mode", (finding,))]


def immutability_cases(tc: TypeChange, where: Where) -> list[CheckCase]:
    """Published versions never change, except in their documentation."""
    changed = tc.by_status("edited", "reformatted")
    if not changed:
        return []
    findings = []
    for vc in changed:
        h, b = vc.head, vc.base
        assert h is not None and b is not None and tc.head is not None
        t = tc.head
        common = Finding(
            rule="",
            message="",
            event_type=t.id,
            old_version=vc.number,
            new_version=vc.number,
            file=where.version(t, h),
            line=_first_difference(b.text, h.text),
            subscribers=t.subscribers,
        )
        if vc.status == "reformatted":
            findings.append(
                replace(
                    common,
                    rule="PUBLISHED_VERSION_DOCS_CHANGED",
                    severity="info",
                    message=f"v{vc.number} of {t.id} is published; only its documentation or "
                    f"formatting changed (fingerprint {h.fingerprint} unchanged)",
                )
            )
            continue
        if h.fingerprint == b.fingerprint:
            what = (
                "attributes that readers use but the fingerprint leaves out changed "
                "(defaults, aliases, logical types or other properties)"
            )
        elif h.format == b.format and docs_free(h.schema, h.format) == docs_free(
            b.schema, b.format
        ):
            what = (
                f"only its documentation changed, but its fingerprint moves from {b.fingerprint} "
                f"to {h.fingerprint} (JSON Schema fingerprints cover the whole document), so "
                "payloads and registries that know it by fingerprint would no longer find it"
            )
        else:
            what = f"its data changed: fingerprint {b.fingerprint} → {h.fingerprint}"
        findings.append(
            replace(
                common,
                rule="PUBLISHED_VERSION_EDITED",
                message=f"v{vc.number} of {t.id} is published and must not change: {what}",
                fix=f"restore {where.version(t, h)} as it was, and put the change in a new "
                f"version v{len(t.versions) + 1} (or, if it is breaking, a new event type "
                "that supersedes this one)",
            )
        )
    assert tc.head is not None
    return [CheckCase(tc.head.id, "immutability", tuple(findings))]


def presence_cases(tc: TypeChange, where: Where) -> list[CheckCase]:
    """Deleted versions are breaking; a deleted type is breaking unless deprecated at the base."""
    if tc.status == "removed":
        b = tc.base
        assert b is not None
        subs = ", ".join(b.subscribers) or "none declared"
        if b.deprecated:
            finding = Finding(
                rule="EVENT_TYPE_REMOVED",
                severity="info",
                message=f"{b.id} was removed; it was deprecated at the base ({b.deprecated}); "
                f"its subscribers ({subs}) must have migrated",
                event_type=b.id,
                old_version=b.latest.number,
                file=where.file(b, "event.toml"),
                subscribers=b.subscribers,
            )
        else:
            finding = Finding(
                rule="EVENT_TYPE_DELETED",
                message=f"{b.id} was deleted without being deprecated first; its subscribers "
                f"({subs}) still read it",
                fix=f'restore {where.file(b, "")}, set deprecated = "why, and what to publish '
                'instead" in its event.toml, merge that, and remove the type in a later change',
                event_type=b.id,
                old_version=b.latest.number,
                file=where.file(b, "event.toml"),
                subscribers=b.subscribers,
            )
        return [CheckCase(b.id, "presence", (finding,))]
    deleted = tc.by_status("deleted")
    if not deleted or tc.head is None:
        return []
    t = tc.head
    findings = []
    for vc in deleted:
        assert vc.base is not None
        findings.append(
            Finding(
                rule="VERSION_DELETED",
                message=f"v{vc.number} of {t.id} is published and was deleted; data written "
                "with it may still be in flight or stored",
                fix=f"restore {where.version(t, vc.base)} from the base branch",
                event_type=t.id,
                old_version=vc.number,
                file=where.version(t, vc.base),
                subscribers=t.subscribers,
            )
        )
    return [CheckCase(t.id, "presence", tuple(findings))]


def new_type_cases(tc: TypeChange, lookup: dict[str, EventType], where: Where) -> list[CheckCase]:
    """A new type: info, and for one that `supersedes` another, who must migrate."""
    t = tc.head
    if t is None or tc.status not in ("added", "changed"):
        return []
    newly_superseding = t.supersedes is not None and (
        tc.base is None or tc.base.supersedes != t.supersedes
    )
    if tc.status == "changed" and not newly_superseding:
        return []
    toml = t.path / "event.toml"
    if newly_superseding:
        assert t.supersedes is not None
        old = lookup.get(t.supersedes)
        if old is None:
            unknown = Finding(
                rule="UNKNOWN_SUPERSEDES",
                message=f"{t.id} supersedes {t.supersedes}, which is not an event type here "
                "or at the base",
                fix="name the event type this one replaces as <module>.<EventName>",
                event_type=t.id,
                file=where.file(t, "event.toml"),
                line=toml_line(toml, "supersedes"),
            )
            return [CheckCase(t.id, "supersedes", (unknown,))]
        subs = old.subscribers
        listed = ", ".join(subs) if subs else "none declared"
        finding = Finding(
            rule="SUPERSEDED_BY_NEW_TYPE",
            severity="info",
            message=f"breaking change declared as new type {t.id}, superseding {t.supersedes}; "
            f"subscribers that must migrate: {listed}",
            fix=f'mark {t.supersedes} deprecated = "publish {t.id} instead" once producers switch',
            event_type=t.id,
            file=where.file(t, "event.toml"),
            line=toml_line(toml, "supersedes"),
            subscribers=subs,
        )
        return [CheckCase(t.id, "supersedes", (finding,))]
    finding = Finding(
        rule="EVENT_TYPE_ADDED",
        severity="info",
        message=f"new event type {t.id} ({t.format}, {t.mode}) with {len(t.versions)} version(s)",
        event_type=t.id,
        new_version=t.latest.number,
        file=where.file(t, "event.toml"),
        subscribers=t.subscribers,
    )
    return [CheckCase(t.id, "added", (finding,))]


def _first_difference(old: str, new: str) -> int:
    """1-based line of the first difference between two texts (in the new one)."""
    a, b = old.splitlines(), new.splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return i
    return min(len(a), len(b)) + 1 if len(b) > len(a) else max(len(b), 1)
