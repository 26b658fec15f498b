"""The head's upcaster chain, judged by the runtime's own `Chain`: every problem that would
raise at run time is an error finding here, with the same words and the fix.

Also: a scaffolded step never edited (`UPCASTER_STUB`), a superseded type with no step to its
successor (`UPCASTER_MISSING`), and a new version of a superseded or deprecated type
(`SUPERSEDED_TYPE_EVOLVED`, a warning saying what it implies).
"""

from __future__ import annotations

from collections.abc import Collection
from types import MappingProxyType

from event_contracts._authoring.upcaster_stub import STUB_MARK
from event_contracts._compat.model import Finding
from event_contracts._gate.model import CheckCase
from event_contracts._gate.plan import TypeChange
from event_contracts._proof.steps import Loaded, is_stub, line_of
from event_contracts._runtime.schemas import PackageSchemas
from event_contracts._runtime.upcast import Chain
from event_contracts._schema.model import Catalog

CASE = "upcasters"


def head_chain(head: Catalog, package: str, loaded: Loaded) -> Chain:
    schemas = PackageSchemas.of_catalog(package, head, MappingProxyType({}))
    return Chain.build(schemas, list(loaded.steps))


def chain_cases(
    head: Catalog,
    chain: Chain,
    loaded: Loaded,
    changes: tuple[TypeChange, ...],
    *,
    file: str,
    has_package: bool,
) -> list[CheckCase]:
    """`file`: the upcaster module's path as findings show it; `has_package`: the project
    generates a contracts package (only then is a missing step a finding)."""
    found: dict[str, list[Finding]] = {}

    def add(type_id: str, finding: Finding) -> None:
        found.setdefault(type_id, []).append(finding)

    if loaded.error is not None:
        add(
            CASE,
            Finding(
                rule="UPCASTERS_UNLOADABLE",
                message=f"{file} cannot be run: {loaded.error}; no upcaster of the package "
                "would register, so every step across versions and types is missing",
                fix=f"fix {file} so that it imports",
                file=file,
            ),
        )
    for p in chain.problems:
        add(
            p.event_type,
            Finding(
                rule="UPCAST_CHAIN_BROKEN",
                message=f"{p.message}; at run time every decode of {p.event_type} raises "
                "UpcastChainError",
                fix=p.fix,
                event_type=p.event_type,
                old_version=p.step.from_version,
                new_version=p.step.to_version,
                file=file,
                line=line_of(p.step),
            ),
        )
    for s in loaded.steps:
        if is_stub(s):
            add(
                s.event_type,
                Finding(
                    rule="UPCASTER_STUB",
                    message=f"upcaster {s} is the stub `new event` wrote and was never edited: "
                    f"it passes {s.event_type} v{s.from_version} data through unchanged",
                    fix=f"map the fields of {s.event_type} v{s.from_version} to "
                    f"{s.target_type} v{s.to_version}, then delete the `# {STUB_MARK}` line",
                    event_type=s.event_type,
                    old_version=s.from_version,
                    new_version=s.to_version,
                    file=file,
                    line=line_of(s),
                ),
            )
    touched = {tc.id for tc in changes if tc.status in ("added", "changed")}
    if has_package:
        for f in _missing_steps(head, chain, touched, file):
            add(f.event_type or CASE, f)
    for tc in changes:
        evolved = _evolved(tc, chain)
        if evolved is not None:
            add(tc.id, evolved)
    return [CheckCase(type_id, CASE, tuple(fs)) for type_id, fs in sorted(found.items())]


def _missing_steps(
    head: Catalog, chain: Chain, touched: Collection[str], file: str
) -> list[Finding]:
    crossing = {s.event_type for s in chain.by_hop.values() if s.crosses}
    crossing |= {p.event_type for p in chain.problems if p.step.crosses}
    out = []
    for new in head:
        old = head.event_types.get(new.supersedes) if new.supersedes else None
        if old is None or old.id in crossing or not {old.id, new.id} & set(touched):
            continue
        out.append(
            Finding(
                rule="UPCASTER_MISSING",
                message=f"{new.id} supersedes {old.id}, but no upcaster maps {old.id} "
                f"v{old.latest.number} to {new.id}: consumers of {new.id} cannot decode "
                f"{old.id} events still in flight or stored",
                fix=f'add a step: @upcaster("{old.id}", {old.latest.number}, '
                f'{new.latest.number}, target_type="{new.id}") in {file}',
                event_type=old.id,
                old_version=old.latest.number,
                file=file,
            )
        )
    return out


def _evolved(tc: TypeChange, chain: Chain) -> Finding | None:
    t = tc.head
    if t is None or tc.status != "changed" or not tc.new_versions:
        return None
    successor = chain.schemas.superseded_by.get(t.id)
    if successor is None and t.deprecated is None:
        return None
    added = ", ".join(f"v{n}" for n in tc.new_versions)
    if successor is not None:
        implies = (
            f"{t.id} is superseded by {successor}; new version {added} must also reach "
            f"{successor}, so the upcaster across types has to start at v{t.latest.number} "
            f"and map its fields, and every consumer of {successor} receives it through that step"
        )
        fix = (
            f"publish the change in {successor} instead; if {t.id} must change, move the step "
            f"to {successor} so it starts at v{t.latest.number}"
        )
    else:
        implies = (
            f"{t.id} is deprecated ({t.deprecated}); new version {added} prolongs a type "
            "consumers are migrating away from"
        )
        fix = "publish the change in the type that replaces it"
    return Finding(
        rule="SUPERSEDED_TYPE_EVOLVED",
        severity="warning",
        message=implies,
        fix=fix,
        event_type=t.id,
        new_version=t.latest.number,
        file=None,
        subscribers=t.subscribers,
    )
