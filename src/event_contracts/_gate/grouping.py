"""What a reviewer reads: one entry per change, and what is merely out of date.

The engines judge every version pair in every direction the mode asks for, so one new required
field in v3 under FULL_TRANSITIVE is a finding for v1 → v3 and another for v2 → v3. `group`
folds findings about the same change (same type, rule, severity and new version, at the same
place in the new schema, or saying the same thing about an old one) into one `Change` that lists
the pairs and directions it breaks; the findings themselves are kept, unchanged, for JSON and
JUnit.

Stale generated code and versions missing from `registry.lock` are not breaking changes: they
are chores with one exact command each (`OUT_OF_DATE`). They still fail the gate (exit 1: the
pull request must carry the result), but the reports list them apart, as `OutOfDate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from event_contracts._compat.model import Direction, Finding

OUT_OF_DATE: Mapping[str, str] = MappingProxyType(
    {
        # rule id -> the subcommand that brings it up to date, in the order to run them
        # (`generate` ships the lock file inside the package, so `lock` comes first)
        "LOCK_ENTRY_MISSING": "lock",
        "STALE_GENERATED_CODE": "generate",
    }
)


@dataclass(frozen=True, slots=True)
class Pair:
    """One version pair and direction a change breaks (or concerns)."""

    old_version: int | None
    new_version: int | None
    direction: Direction


@dataclass(frozen=True, slots=True)
class Change:
    """One change as a reviewer sees it: the first finding speaks for all of them."""

    findings: tuple[Finding, ...]
    """Every version pair and direction the engines reported for this change, in report order."""

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def pairs(self) -> tuple[Pair, ...]:
        seen = dict.fromkeys(Pair(f.old_version, f.new_version, f.direction) for f in self.findings)
        return tuple(seen)

    @property
    def other_messages(self) -> tuple[tuple[Direction, str], ...]:
        """What another direction says when it words the change differently (rare)."""
        first = self.first.message
        seen = dict.fromkeys((f.direction, f.message) for f in self.findings if f.message != first)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class OutOfDate:
    """A chore the pull request has left undone: run `command` and commit the result."""

    rule: str
    command: str
    """The exact command, e.g. `event-contracts lock` (with `--root` for a project in a
    subfolder)."""
    items: tuple[str, ...]
    """What is out of date: versions (`catalog.ProductAdded v3`) or generated files."""
    findings: tuple[Finding, ...]


def group(findings: Iterable[Finding]) -> tuple[Change, ...]:
    """Fold findings about the same change into one `Change`, in order of first appearance.

    Within one event type, rule, severity and new version, two findings are the same change
    when they point at the same place of the new schema; when one points into the new schema
    and the other into an old one at the same pointer (the two directions of one edit); or when
    they say the same thing about old schemas (which differ per version, so their pointers may).
    """
    items = list(findings)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_key: dict[tuple[object, ...], int] = {}
    for i, f in enumerate(items):
        for key in _keys(f):
            j = first_by_key.setdefault(key, i)
            if j != i:
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(items):
        groups.setdefault(root(i), []).append(f)
    return tuple(Change(tuple(fs)) for _, fs in sorted(groups.items()))


def _keys(f: Finding) -> list[tuple[object, ...]]:
    bucket = (f.event_type, f.rule, f.severity, f.new_version)
    if f.pointer_side == "new" and f.pointer:
        return [(*bucket, "at", f.file, f.pointer), (*bucket, "pointer", f.pointer)]
    if f.pointer_side == "new":
        return [(*bucket, "says", f.file, f.message)]
    keys: list[tuple[object, ...]] = [(*bucket, "said of an old schema", f.message)]
    if f.pointer:  # the other direction of an edit at the same place of the new schema
        keys.append((*bucket, "pointer", f.pointer))
    return keys


def is_out_of_date(f: Finding) -> bool:
    return f.rule in OUT_OF_DATE


def out_of_date(findings: Iterable[Finding], root: str = ".") -> tuple[OutOfDate, ...]:
    """The chores among `findings`, one per command, in the order to run them.

    `root`: the project's folder relative to where the command is run (the repository's top);
    the commands carry `--root` when it is not `.`.
    """
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if is_out_of_date(f):
            by_rule.setdefault(f.rule, []).append(f)
    return tuple(
        OutOfDate(
            rule=rule,
            command=command(OUT_OF_DATE[rule], root),
            items=tuple(dict.fromkeys(_item(f) for f in by_rule[rule])),
            findings=tuple(by_rule[rule]),
        )
        for rule in OUT_OF_DATE
        if rule in by_rule
    )


def command(subcommand: str, root: str = ".") -> str:
    where = "" if root in ("", ".") else f"--root {root} "
    return f"event-contracts {where}{subcommand}"


def _item(f: Finding) -> str:
    if f.event_type and f.new_version:
        return f"{f.event_type} v{f.new_version}"
    return f.file or f.event_type or f.rule
