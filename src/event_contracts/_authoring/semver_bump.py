"""The package version a schema change needs (Semantic Versioning), computed from two catalogs.

major  an event type or a version removed, or a published version changed on the wire
minor  a new event type (superseding ones included), a new version, a deprecation
patch  docs or metadata only: the schemas read and write exactly the same data
none   nothing changed
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from event_contracts._schema.docs_free import docs_free
from event_contracts._schema.model import Catalog, EventType
from event_contracts.errors import UsageError

if TYPE_CHECKING:
    import semver

Level = Literal["none", "patch", "minor", "major"]
LEVELS: tuple[Level, ...] = ("none", "patch", "minor", "major")
Kind = Literal[
    "added-type",
    "added-version",
    "removed-type",
    "removed-version",
    "changed-wire",
    "changed-docs",
    "changed-metadata",
    "deprecated",
]


@dataclass(frozen=True, slots=True)
class Change:
    """One reason for a bump."""

    level: Level
    kind: Kind
    event_type: str
    version: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


@dataclass(frozen=True, slots=True)
class Bump:
    """The bump a change needs: the highest level among its reasons."""

    level: Level
    reasons: tuple[Change, ...]

    def next_version(self, current: str) -> str:
        return next_version(current, self.level)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON reports."""
        return {
            "level": self.level,
            "reasons": [
                {
                    "level": c.level,
                    "kind": c.kind,
                    "event_type": c.event_type,
                    "version": c.version,
                    "message": c.message,
                }
                for c in self.reasons
            ],
        }


def suggest_bump(base: Catalog | None, head: Catalog) -> Bump:
    """Compare the catalog at the base ref (None: no schemas there) with the working tree."""
    before = dict(base.event_types) if base is not None else {}
    after = dict(head.event_types)
    changes: list[Change] = []
    for type_id in sorted(before.keys() - after.keys()):
        changes.append(
            Change(
                "major",
                "removed-type",
                type_id,
                None,
                f"event type {type_id} removed: consumers importing it break",
            )
        )
    for type_id in sorted(after.keys() - before.keys()):
        t = after[type_id]
        also = f", superseding {t.supersedes}" if t.supersedes else ""
        changes.append(
            Change("minor", "added-type", type_id, None, f"new event type {type_id}{also}")
        )
    for type_id in sorted(before.keys() & after.keys()):
        old, new = before[type_id], after[type_id]
        if old is not new:  # the same object: a type the gate took from the working tree
            changes += _compare_type(old, new)
    level: Level = "none"
    for c in changes:
        if LEVELS.index(c.level) > LEVELS.index(level):
            level = c.level
    return Bump(level, tuple(changes))


def _compare_type(old: EventType, new: EventType) -> list[Change]:
    out: list[Change] = []
    old_v = {v.number: v for v in old.versions}
    new_v = {v.number: v for v in new.versions}
    tid = new.id
    for n in sorted(old_v.keys() - new_v.keys()):
        out.append(Change("major", "removed-version", tid, n, f"{tid} v{n} removed"))
    for n in sorted(new_v.keys() - old_v.keys()):
        out.append(Change("minor", "added-version", tid, n, f"new version {tid} v{n}"))
    for n in sorted(old_v.keys() & new_v.keys()):
        a, b = old_v[n], new_v[n]
        if a is b or a.text == b.text:  # the common case: not touched, nothing to compare
            continue
        if a.format != b.format or docs_free(a.schema, a.format) != docs_free(b.schema, b.format):
            out.append(
                Change(
                    "major",
                    "changed-wire",
                    tid,
                    n,
                    f"published {tid} v{n} changed on the wire (the gate rejects this; "
                    "add a version instead)",
                )
            )
        else:
            out.append(Change("patch", "changed-docs", tid, n, f"docs of {tid} v{n} changed"))
    if new.deprecated and not old.deprecated:
        out.append(Change("minor", "deprecated", tid, None, f"{tid} deprecated: {new.deprecated}"))
    meta = [
        name
        for name, a, b in (
            ("description", old.description, new.description),
            ("subscribers", old.subscribers, new.subscribers),
            ("mode", old.mode, new.mode),
            ("supersedes", old.supersedes, new.supersedes),
        )
        if a != b
    ]
    if old.deprecated and new.deprecated != old.deprecated:
        meta.append("deprecation notice" if new.deprecated else "no longer deprecated")
    if meta:
        out.append(
            Change(
                "patch",
                "changed-metadata",
                tid,
                None,
                f"{tid} metadata changed ({', '.join(meta)})",
            )
        )
    return out


# --- versions ----------------------------------------------------------------------------------

_PEP440 = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[.\-_]?(.*))?$")


def parse_version(text: str) -> semver.Version:
    """A package version as semver: `1.2.3`, `1.2`, and PEP 440 spellings like `1.3.0rc1`."""
    import semver  # tooling extra: imported only when a version is needed

    try:
        return semver.Version.parse(text.strip(), optional_minor_and_patch=True)
    except (ValueError, TypeError):
        pass
    m = _PEP440.match(text.strip())
    if not m:
        raise UsageError(
            f"version {text!r} is not a version number; use MAJOR.MINOR.PATCH, e.g. 0.2.0"
        )
    pre = re.sub(r"[^0-9A-Za-z.\-]", "", m.group(4) or "") or None
    return semver.Version(
        int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0), prerelease=pre
    )


def next_version(current: str, level: Level) -> str:
    """`current` bumped by `level` (a pre-release counts as its release: 1.0.0rc1 -> 1.0.0)."""
    v = parse_version(current).finalize_version()
    if level == "major":
        return str(v.bump_major())
    if level == "minor":
        return str(v.bump_minor())
    if level == "patch":
        return str(v.bump_patch())
    return str(v)


@dataclass(frozen=True, slots=True)
class VersionCheck:
    ok: bool
    message: str
    required: str


def check_version(base_version: str | None, head_version: str, bump: Bump) -> VersionCheck:
    """Was `head_version` bumped at least `bump.level` from `base_version`?"""
    head = parse_version(head_version).finalize_version()
    if base_version is None:
        return VersionCheck(True, f"no base version to compare with; {head_version} is fine", "")
    base = parse_version(base_version).finalize_version()
    required = next_version(base_version, bump.level)
    if head < base:
        return VersionCheck(
            False,
            f"version {head_version} is lower than the base's {base_version}; "
            f"set it to {required} or higher",
            required,
        )
    if bump.level == "none" or head >= parse_version(required):
        return VersionCheck(
            True,
            f"version {head_version} covers the {bump.level} change since {base_version}",
            required,
        )
    return VersionCheck(
        False,
        f"version {head_version} is not bumped enough: this change needs a {bump.level} bump "
        f'since {base_version}; set [project] version = "{required}" in pyproject.toml',
        required,
    )
