"""Run every check the plan calls for, in a stable order, and return the `GateReport`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from types import MappingProxyType

from event_contracts._authoring.semver_bump import suggest_bump
from event_contracts._compat import api
from event_contracts._compat.api import check_against_versions
from event_contracts._gate.checks import (
    PairChecker,
    Where,
    chain_cases,
    immutability_cases,
    mode_cases,
    new_type_cases,
    presence_cases,
)
from event_contracts._gate.keywords import keyword_cases
from event_contracts._gate.lockcheck import Lock, lock_cases
from event_contracts._gate.model import CheckCase, GateReport, TypeSummary
from event_contracts._gate.plan import TypeChange, plan
from event_contracts._gate.timing import phase
from event_contracts._gate.union_order import union_order_cases
from event_contracts._gate.verdicts import Remembered, read_texts
from event_contracts._schema.model import Catalog, EventType


def run_gate(
    head: Catalog,
    base: Catalog | None,
    *,
    lock: Lock | None = None,
    base_lock: Lock | None = None,
    base_label: str | None = None,
    checker: PairChecker | None = None,
    schemas_rel: str = "schemas",
    extra: Sequence[CheckCase] = (),
    notes: Sequence[str] = (),
    changes: tuple[TypeChange, ...] | None = None,
    full: bool = False,
    root: str = ".",
) -> GateReport:
    """Judge `head` (the working tree) against `base` (None: no git history).

    Unchanged types cost one fingerprint comparison; changed ones get every check. `checker`
    is the pair check (`check_against_versions` by default; tests inject a fake). `full`
    re-checks every version chain, changed or not; `changes` is `plan(base, head)` if the
    caller already has it. `root` is the project's folder relative to the repository's top,
    for the commands the report tells the reader to run.
    """
    where = Where(schemas_rel)
    if checker is None:
        checker = check_against_versions  # looked up at call time: tests patch it
        if full and checker is api.check_against_versions:  # the real one: keep its verdicts
            checker = Remembered(checker, head.root, head.file_ids, texts=read_texts(head))
    if changes is None:
        changes = plan(base, head)
    lookup: dict[str, EventType] = dict(base.event_types) if base is not None else {}
    lookup.update(head.event_types)
    cases: list[CheckCase] = []
    with phase("checks"):
        for tc in changes:
            if tc.status == "unchanged" and not full:
                cases.append(CheckCase(tc.id, "fingerprints"))
                continue
            cases += presence_cases(tc, where)
            cases += immutability_cases(tc, where)
            cases += mode_cases(tc, where)
            cases += chain_cases(tc, checker, where, recheck_all=full)
            cases += new_type_cases(tc, lookup, where)
            cases += union_order_cases(tc, where)
            cases += keyword_cases(tc, where)
        cases += lock_cases(head, lock, base_lock=base_lock, base=base, where=where)
    cases += extra
    with phase("semver suggestion"):
        bump = suggest_bump(base, head).as_dict() if base is not None else None
    return GateReport(
        base=base_label,
        cases=sort_cases(cases),
        types=MappingProxyType({tc.id: _summary(tc) for tc in changes}),
        notes=tuple(notes),
        version_bump=bump,
        root=root,
    )


def sort_cases(cases: Sequence[CheckCase]) -> tuple[CheckCase, ...]:
    """By event type, then by check (in the order of `_CHECK_ORDER`, versions in order)."""
    return tuple(sorted(cases, key=lambda c: (c.event_type, _order(c.name))))


_CHECK_ORDER = ("presence", "immutability", "mode", "compatibility", "added", "supersedes")


@functools.cache  # a few distinct names (one "fingerprints" case per unchanged type)
def _order(name: str) -> tuple[int, int, str]:
    head, _, rest = name.partition(" ")
    rank = _CHECK_ORDER.index(head) if head in _CHECK_ORDER else len(_CHECK_ORDER)
    number = int(rest[1:]) if rest.startswith("v") and rest[1:].isdigit() else 0
    return rank, number, name


def _summary(tc: TypeChange) -> TypeSummary:
    t = tc.head or tc.base
    assert t is not None
    return TypeSummary(
        id=t.id,
        producer=t.module,
        subscribers=t.subscribers,
        status=tc.status,
        format=t.format,
        mode=t.mode.value,
        versions=tuple(v.number for v in t.versions),
        new_versions=tc.new_versions if tc.status != "unknown" else (),
        supersedes=t.supersedes,
        deprecated=t.deprecated is not None,
    )
