"""What can be wrong with one registered upcaster, judged against a package's catalog.

Each problem belongs to the event type the step starts from: at run time it breaks that type
only (`Chain.check`), and the gate reports it as a finding with the same words and fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from event_contracts._runtime.schemas import PackageSchemas
    from event_contracts._runtime.upcast import Step


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """One broken link: the step at fault, what is wrong, and what to do."""

    event_type: str
    step: Step
    message: str
    fix: str
    kind: str = "invalid"
    """`gap`, `duplicate`, `cycle`, `unknown`, `supersedes` or `invalid`."""


def step_problem(schemas: PackageSchemas, s: Step) -> ChainProblem | None:
    catalog = schemas.catalog.event_types

    def found(kind: str, message: str, fix: str) -> ChainProblem:
        return ChainProblem(s.event_type, s, message, fix, kind)

    src = catalog.get(s.event_type)
    if src is None:
        return found(
            "unknown",
            f"upcaster {s} names event type {s.event_type!r}, which does not exist",
            "name an event type of the package, or delete the step",
        )
    known = [v.number for v in src.versions]
    if s.from_version not in known:
        return found(
            "unknown",
            f"upcaster {s} starts at {s.event_type} v{s.from_version}, which does not exist",
            f"start the step at an existing version ({', '.join(map(str, known))})",
        )
    dst = catalog.get(s.target_type)
    if dst is None:
        return found(
            "unknown",
            f"upcaster {s} targets event type {s.target_type!r}, which does not exist",
            "target an event type of the package",
        )
    if s.to_version not in [v.number for v in dst.versions]:
        return found(
            "unknown",
            f"upcaster {s} targets {s.target_type} v{s.to_version}, which does not exist",
            f"target an existing version of {s.target_type}",
        )
    if not s.crosses:
        if s.to_version <= s.from_version:
            return found(
                "cycle",
                f"upcaster {s} goes from v{s.from_version} back to v{s.to_version}: a cycle; "
                "upcasters only go to a later version",
                "make the step go to a later version",
            )
        return None
    if dst.supersedes != s.event_type:
        return found(
            "supersedes",
            f"upcaster {s} crosses to {s.target_type}, which does not declare "
            f"supersedes = {s.event_type!r} in its event.toml",
            f'declare supersedes = "{s.event_type}" in {s.target_type}\'s event.toml',
        )
    last = src.latest.number
    if s.from_version != last:
        return found(
            "gap",
            f"upcaster {s} leaves a gap: {s.event_type} "
            f"v{s.from_version + 1}..v{last} cannot reach {s.target_type}; "
            f"start the step at v{last}",
            f'start the step at v{last}: @upcaster("{s.event_type}", {last}, {s.to_version}, '
            f'target_type="{s.target_type}"), mapping the fields of v{last}',
        )
    return None


def successors(schemas: PackageSchemas, type_id: str) -> set[str]:
    """The types that supersede `type_id`, directly or not."""
    out: set[str] = set()
    at = type_id
    while at in schemas.superseded_by and schemas.superseded_by[at] not in out:
        at = schemas.superseded_by[at]
        out.add(at)
    return out
