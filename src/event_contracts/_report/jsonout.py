"""The JSON report: a stable shape, documented in docs/report-format.md (bump `version` on
any incompatible change)."""

from __future__ import annotations

import json
from typing import Any

from event_contracts._compat.model import Finding
from event_contracts._gate.model import GateReport

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


def as_data(report: GateReport) -> dict[str, Any]:
    failed = [c for c in report.cases if not c.passed]
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
        },
        "notes": list(report.notes),
        "version_bump": dict(report.version_bump) if report.version_bump is not None else None,
        "findings": [finding(f) for f in report.findings],
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
