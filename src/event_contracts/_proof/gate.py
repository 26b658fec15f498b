"""What `check` adds to the schema checks: the head's upcaster chain (`check_upcasters`), then
the data proof for the event types the change touches (`with_proof`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from event_contracts._compat.model import Finding
from event_contracts._gate.gate import sort_cases
from event_contracts._gate.model import CheckCase, GateReport
from event_contracts._gate.plan import TypeChange
from event_contracts._gate.timing import phase
from event_contracts._proof.budget import Budget
from event_contracts._proof.chain import chain_cases, head_chain
from event_contracts._proof.steps import Loaded, load_steps, rehome, upcasters_path
from event_contracts._schema.model import Catalog, Config
from event_contracts.errors import ContractError

CASE = "data proof"


@dataclass
class Upcasters:
    """The working tree's upcasters as loaded, and what the chain check found."""

    loaded: Loaded
    cases: list[CheckCase]


def check_upcasters(
    root: Path, config: Config, head: Catalog, changes: tuple[TypeChange, ...], *, prefix: str
) -> Upcasters:
    """`prefix`: the project root as findings show it (relative to the repository's top)."""
    package_dir = root / config.package_dir / config.package
    path = upcasters_path(package_dir)
    shown = path.relative_to(root).as_posix()
    shown = shown if prefix in ("", ".") else f"{prefix}/{shown}"
    with phase("upcaster chain"):
        loaded = load_steps(path, config.package)
        chain = head_chain(head, config.package, loaded)
        cases = chain_cases(
            head, chain, loaded, changes, file=shown, has_package=package_dir.is_dir()
        )
    return Upcasters(loaded, cases)


def with_proof(
    report: GateReport,
    head: Catalog,
    changes: tuple[TypeChange, ...],
    loaded: Loaded,
    budget: Budget,
    *,
    schemas_rel: str,
) -> GateReport:
    """`report` with the data proof of the types `changes` touches (and those linked to them
    by `supersedes`); pairs the verdict already reports as breaking are not proved again."""
    touched = {tc.id for tc in changes if tc.status in ("added", "changed") and tc.head}
    # A type with a version gap (a deleted version: its own finding) cannot be loaded.
    types = {t for t in _linked(head, touched) if _contiguous(head, t)}
    if not types:
        return report
    try:
        from event_contracts._proof.package import proof_package
        from event_contracts._proof.prove import prove
    except ImportError as exc:
        note = (
            f"data proof skipped: {exc.name or exc} is not installed "
            "(pip install 'event-contracts[tools]')"
        )
        return replace(report, notes=(*report.notes, note))
    where = {
        (t, v.number): f"{schemas_rel}/{head[t].module}/{head[t].name}/{v.source.name}"
        for t in types
        for v in head[t].versions
    }
    known = _breaking_pairs(report)
    fresh = {
        (tc.id, vc.number)
        for tc in changes
        for vc in tc.versions
        if vc.status in ("new", "edited") or tc.mode_changed
    }
    try:
        with phase("data proof"), proof_package(head, types) as name:
            registry = rehome(loaded.steps, name)
            cases, stats = prove(
                name,
                [head[t] for t in types],
                registry,
                budget,
                where=where,
                known=known,
                fresh=fresh,
            )
    except ContractError as exc:  # e.g. a schema the generator refuses: `generate` says so too
        finding = Finding(
            rule="DATA_PROOF_FAILED",
            message=f"the data proof could not run: {exc}",
            fix="run `event-contracts generate` and fix what it reports",
        )
        return replace(report, cases=sort_cases([*report.cases, CheckCase(CASE, CASE, (finding,))]))
    # Not a failure (nothing was shown to break), but nothing was proved either: said up front.
    unproved = tuple(
        f"data proof: no example of {u['event_type']} v{u['version']} was run ({u['reason']}); "
        f"its {u['pairs']} writer/reader pair(s) are not proved"
        for u in stats.no_example
    )
    return replace(
        report,
        cases=sort_cases([*report.cases, *cases]),
        notes=(*report.notes, *unproved),
        proof=MappingProxyType(stats.as_dict()),
    )


def _breaking_pairs(report: GateReport) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """(writer, reader) pairs a compatibility finding already reports as breaking."""
    out = set()
    for f in report.findings:
        if not f.breaking or f.event_type is None or not (f.old_version and f.new_version):
            continue
        old, new = (f.event_type, f.old_version), (f.event_type, f.new_version)
        if f.direction == "backward":
            out.add((old, new))
        elif f.direction == "forward":
            out.add((new, old))
    return out


def _linked(head: Catalog, touched: set[str]) -> set[str]:
    """`touched` and every type linked to one of them by `supersedes`, either way, transitively."""
    neighbours: dict[str, set[str]] = {}
    for t in head:
        if t.supersedes is not None and t.supersedes in head.event_types:
            neighbours.setdefault(t.id, set()).add(t.supersedes)
            neighbours.setdefault(t.supersedes, set()).add(t.id)
    out = set()
    todo = [t for t in touched if t in head.event_types]
    while todo:
        at = todo.pop()
        if at not in out:
            out.add(at)
            todo += neighbours.get(at, ())
    return out


def _contiguous(head: Catalog, type_id: str) -> bool:
    numbers = [v.number for v in head[type_id].versions]
    return numbers == list(range(1, len(numbers) + 1))
