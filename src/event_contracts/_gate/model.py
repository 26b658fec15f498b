"""What the gate found: frozen data that the renderers in `_report/` turn into text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from event_contracts._compat.model import Finding
from event_contracts._gate.grouping import Change, OutOfDate, group, is_out_of_date, out_of_date

TypeStatus = Literal["added", "removed", "changed", "unchanged", "unknown"]
"""`unknown`: checked without a base (no git history), so nothing is known to be new."""


@dataclass(frozen=True, slots=True)
class CheckCase:
    """One check of one event type (a JUnit test case): its name and what it found."""

    event_type: str
    """An event type id, or `registry.lock` / `generated code` for checks of the whole tree."""
    name: str
    """`compatibility v3`, `immutability`, `presence`, `supersedes`, `lock`, `fingerprints`..."""
    findings: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        return not any(f.breaking for f in self.findings)


@dataclass(frozen=True, slots=True)
class TypeSummary:
    """An event type as the report shows it: who produces it, who reads it, what happened."""

    id: str
    producer: str
    subscribers: tuple[str, ...]
    status: TypeStatus
    format: str
    mode: str
    versions: tuple[int, ...]
    new_versions: tuple[int, ...] = ()
    supersedes: str | None = None
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class GateReport:
    """Everything one `event-contracts check` run found, in a stable order."""

    base: str | None
    """What the working tree was compared with (`merge base abc1234 of origin/main`, a folder),
    or None when there was no base (no git history)."""
    cases: tuple[CheckCase, ...]
    types: Mapping[str, TypeSummary] = field(default_factory=lambda: MappingProxyType({}))
    notes: tuple[str, ...] = ()
    """Plain remarks for the reader (no base found, lock file missing...)."""
    version_bump: Mapping[str, Any] | None = None
    """The package version bump this change needs (`Bump.as_dict()`), None without a base."""
    root: str = "."
    """The project's folder relative to the repository's top, for the commands the report
    tells the reader to run (`event-contracts --root sub lock` in a monorepo)."""
    proof: Mapping[str, Any] | None = None
    """The data proof's counts and budget (`Stats.as_dict()`), None when it did not run."""

    @property
    def proof_line(self) -> str | None:
        """One line saying how much data the proof ran, for the human-readable formats."""
        p = self.proof
        if p is None:
            return None
        failed = f"; {p['failed']} failed" if p["failed"] else ""
        return (
            f"data proof: {p['examples']} examples decoded over {p['pairs']} writer/reader "
            f"pairs of {len(p['types'])} event type(s) in {p['seconds']:.2f} s (budget "
            f"{p['budget_seconds_per_type']} s per type, at most {p['max_examples_per_pair']} "
            f"examples per pair){failed}{not_run(p)}"
        )

    @property
    def bump_line(self) -> str | None:
        """One line saying the bump and its reasons, for the human-readable formats."""
        if self.version_bump is None:
            return None
        level = self.version_bump["level"]
        reasons = [r["message"] for r in self.version_bump["reasons"]]
        shown = "; ".join(reasons[:3]) + (f"; {len(reasons) - 3} more" if len(reasons) > 3 else "")
        if level == "none":
            return "package version: no bump needed"
        return f"package version: {level} bump needed ({shown})"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for c in self.cases for f in c.findings)

    def count(self, severity: str) -> int:
        """Raw findings of a severity (one per version pair and direction)."""
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def changes(self) -> tuple[Change, ...]:
        """One entry per change (out-of-date chores apart), as a reviewer reads them."""
        return group(f for f in self.findings if not is_out_of_date(f))

    def count_changes(self, severity: str) -> int:
        return sum(1 for c in self.changes if c.first.severity == severity)

    @property
    def out_of_date(self) -> tuple[OutOfDate, ...]:
        """Stale generated code and unlocked versions: one command each, in the order to run."""
        return out_of_date(self.findings, self.root)

    @property
    def fix_command(self) -> str | None:
        """The one line that brings everything out of date up to date, or None."""
        chores = self.out_of_date
        return " && ".join(c.command for c in chores) if chores else None

    def changes_for(self, type_id: str) -> tuple[Change, ...]:
        return group(
            f
            for c in self.cases
            if c.event_type == type_id
            for f in c.findings
            if not is_out_of_date(f)
        )

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def changed(self) -> tuple[TypeSummary, ...]:
        """Types whose schemas or metadata changed against the base (all types without one)."""
        return tuple(t for t in self.types.values() if t.status != "unchanged")

    def findings_for(self, type_id: str) -> tuple[Finding, ...]:
        return tuple(f for c in self.cases if c.event_type == type_id for f in c.findings)


def not_run(proof: Mapping[str, Any]) -> str:
    """The pairs the proof left out, by reason: `; 2 pair(s) not run (broken chain)`,
    `; 2 pair(s) not run (no example drawn for demo.Tree v1, v2)` (the notes say why)."""
    undrawn = proof.get("no_example", ())
    chain = proof.get("not_run_broken_chain", proof["not_run"] if not undrawn else 0)
    out = f"; {chain} pair(s) not run (broken chain)" if chain else ""
    if undrawn:
        names: dict[str, list[str]] = {}
        for u in undrawn:
            names.setdefault(u["event_type"], []).append(f"v{u['version']}")
        shown = [f"{t} {', '.join(vs)}" for t, vs in names.items()]
        more = f" and {len(shown) - 3} more type(s)" if len(shown) > 3 else ""
        pairs = sum(u["pairs"] for u in undrawn)
        out += f"; {pairs} pair(s) not run (no example drawn for {'; '.join(shown[:3])}{more})"
    return out
