"""The JSON report: a stable shape, documented in docs/report-format.md (bump `version` on
any incompatible change)."""

from __future__ import annotations

import json
from typing import Any

from event_contracts._compat.model import Finding
from event_contracts._gate.grouping import Change, OutOfDate
from event_contracts._gate.model import GateReport
from event_contracts._report.common import breaks

SHAPE_VERSION = 1


def finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "event_type": f.event_type,
        "old_version": f.old_version,
        "new_version": f.new_version,
        "direction": f.direction,
        "file": f.file,
        "line": f.line,
        "pointer": f.pointer,
        "message": f.message,
        "fix": f.fix,
        "counterexample": f.counterexample,
        "registry_accepts": f.registry_accepts,
        "subscribers": list(f.subscribers),
    }


class _Positions:
    """Where each finding sits in `findings`, handed out in order (one object may repeat)."""

    def __init__(self, positions: dict[int, list[int]]) -> None:
        self._left = {k: list(v) for k, v in positions.items()}

    def __getitem__(self, key: int) -> int:
        return self._left[key].pop(0)


def change(c: Change, index: _Positions) -> dict[str, Any]:
    """One change: the first finding's data, the pairs it breaks, its findings' indices."""
    data = finding(c.first)
    del data["old_version"], data["direction"]
    data["breaks"] = [
        {"old_version": p.old_version, "new_version": p.new_version, "direction": p.direction}
        for p in c.pairs
    ]
    data["versions"] = breaks(c)
    data["findings"] = [index[id(f)] for f in c.findings]
    return data


def chore(item: OutOfDate, index: _Positions) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "command": item.command,
        "items": list(item.items),
        "findings": [index[id(f)] for f in item.findings],
    }


def as_data(report: GateReport) -> dict[str, Any]:
    failed = [c for c in report.cases if not c.passed]
    findings = report.findings
    changes = report.changes
    positions: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        positions.setdefault(id(f), []).append(i)
    # Each occurrence of a finding belongs to one change or chore: take positions in order.
    index = _Positions(positions)
    return {
        "version": SHAPE_VERSION,
        "passed": report.passed,
        "exit_code": report.exit_code,
        "base": report.base,
        "summary": {
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "info": report.count("info"),
            "event_types": len(report.types),
            "changed_event_types": len(report.changed),
            "checks": len(report.cases),
            "failed_checks": len(failed),
            "breaking_changes": sum(1 for c in changes if c.first.breaking),
            "changes": len(changes),
            "out_of_date": sum(len(i.items) for i in report.out_of_date),
        },
        "notes": list(report.notes),
        "version_bump": dict(report.version_bump) if report.version_bump is not None else None,
        "data_proof": dict(report.proof) if report.proof is not None else None,
        "findings": [finding(f) for f in findings],
        "changes": [change(c, index) for c in changes],
        "out_of_date": [chore(i, index) for i in report.out_of_date],
        "fix_command": report.fix_command,
        "event_types": [
            {
                "id": t.id,
                "status": t.status,
                "producer": t.producer,
                "subscribers": list(t.subscribers),
                "format": t.format,
                "mode": t.mode,
                "versions": list(t.versions),
                "new_versions": list(t.new_versions),
                "supersedes": t.supersedes,
                "deprecated": t.deprecated,
            }
            for t in report.types.values()
        ],
        "checks": [
            {
                "event_type": c.event_type,
                "name": c.name,
                "passed": c.passed,
                "findings": len(c.findings),
            }
            for c in report.cases
        ],
    }


def render(report: GateReport) -> str:
    return json.dumps(as_data(report), indent=2, default=str, ensure_ascii=False) + "\n"
