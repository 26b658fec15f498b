"""Base catalog vs head catalog: which event types and versions changed.

Only changed types need the full compatibility check; an unchanged type (same versions, same
file text, same mode) is settled by comparing fingerprints, which is what keeps a pull request
in a repository of a thousand types fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from event_contracts._gate.model import TypeStatus
from event_contracts._schema.docs_free import docs_free
from event_contracts._schema.model import Catalog, EventType, SchemaVersion

VersionStatus = Literal["new", "same", "reformatted", "edited", "deleted"]
"""`reformatted`: the text changed but not the data (docs, whitespace, key order);
`edited`: the canonical form or a data-affecting attribute changed."""


@dataclass(frozen=True, slots=True)
class VersionChange:
    number: int
    status: VersionStatus
    head: SchemaVersion | None
    base: SchemaVersion | None


@dataclass(frozen=True, slots=True)
class TypeChange:
    """One event type's change; `head` is None when removed, `base` None when added."""

    id: str
    status: TypeStatus
    head: EventType | None
    base: EventType | None
    versions: tuple[VersionChange, ...] = ()

    @property
    def mode_changed(self) -> bool:
        if self.head is None or self.base is None:
            return False
        return (self.head.mode, self.head.policy) != (self.base.mode, self.base.policy)

    @property
    def new_versions(self) -> tuple[int, ...]:
        return tuple(v.number for v in self.versions if v.status == "new")

    def by_status(self, *status: VersionStatus) -> tuple[VersionChange, ...]:
        return tuple(v for v in self.versions if v.status in status)


def plan(base: Catalog | None, head: Catalog) -> tuple[TypeChange, ...]:
    """Every event type in either catalog, sorted by id, with its status against the base.

    Without a base every head type is `unknown` and all its versions count as new, so its
    whole version chain gets checked.
    """
    if base is None:
        return tuple(
            TypeChange(
                t.id,
                "unknown",
                t,
                None,
                tuple(VersionChange(v.number, "new", v, None) for v in t.versions),
            )
            for t in head
        )
    out: list[TypeChange] = []
    for type_id in sorted(set(head.event_types) | set(base.event_types)):
        h = head.event_types.get(type_id)
        b = base.event_types.get(type_id)
        if b is None:
            assert h is not None
            news = tuple(VersionChange(v.number, "new", v, None) for v in h.versions)
            out.append(TypeChange(type_id, "added", h, None, news))
        elif h is None:
            gone = tuple(VersionChange(v.number, "deleted", None, v) for v in b.versions)
            out.append(TypeChange(type_id, "removed", None, b, gone))
        elif h is b:  # an unchanged folder: the base took the working tree's type
            same = tuple(VersionChange(v.number, "same", v, v) for v in h.versions)
            out.append(TypeChange(type_id, "unchanged", h, b, same))
        else:
            out.append(_compare(h, b))
    return tuple(out)


def _compare(h: EventType, b: EventType) -> TypeChange:
    head_v = {v.number: v for v in h.versions}
    base_v = {v.number: v for v in b.versions}
    changes: list[VersionChange] = []
    for n in sorted(set(head_v) | set(base_v)):
        hv, bv = head_v.get(n), base_v.get(n)
        if bv is None:
            changes.append(VersionChange(n, "new", hv, None))
        elif hv is None:
            changes.append(VersionChange(n, "deleted", None, bv))
        else:
            changes.append(VersionChange(n, version_status(hv, bv), hv, bv))
    meta_same = (h.mode, h.policy, h.supersedes, h.format) == (
        b.mode,
        b.policy,
        b.supersedes,
        b.format,
    )
    same = meta_same and all(c.status == "same" for c in changes)
    return TypeChange(h.id, "unchanged" if same else "changed", h, b, tuple(changes))


def version_status(head: SchemaVersion, base: SchemaVersion) -> VersionStatus:
    """Compare one published version with its file in the working tree."""
    if head is base or head.text == base.text:  # `is`: an unchanged type's versions, unread
        return "same"
    if head.format != base.format or head.fingerprint != base.fingerprint:
        return "edited"
    if docs_free(head.schema, head.format) != docs_free(base.schema, base.format):
        return "edited"  # e.g. an Avro default or alias: outside the canonical form, yet read
    return "reformatted"
