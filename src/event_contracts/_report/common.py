"""Small phrases every renderer shares, so the formats say the same thing the same way."""

from __future__ import annotations

import json

from event_contracts._compat.model import Finding
from event_contracts._gate.model import GateReport, TypeSummary


def versions(f: Finding) -> str:
    """`v2 → v3`, `v3`, or '' for findings not about versions."""
    if f.old_version and f.new_version and f.old_version != f.new_version:
        return f"v{f.old_version} → v{f.new_version}"
    n = f.new_version or f.old_version
    return f"v{n}" if n else ""


def location(f: Finding) -> str:
    where = f.file or ""
    if where and f.line:
        where += f":{f.line}"
    return where


def change(t: TypeSummary) -> str:
    """`changed (new: v3)`, `added`, `removed`, `unchanged`, `checked (no base)`."""
    if t.status == "unknown":
        return "checked (no base)"
    if t.new_versions and t.status == "changed":
        return "changed (new: " + ", ".join(f"v{n}" for n in t.new_versions) + ")"
    return t.status


def headline(report: GateReport) -> str:
    e, w, i = report.count("error"), report.count("warning"), report.count("info")
    verdict = "no breaking changes" if report.passed else f"{e} breaking finding(s)"
    return f"{verdict}; {e} error(s), {w} warning(s), {i} info"


def scope(report: GateReport) -> str:
    n = len(report.types)
    if report.base is None:
        return f"{n} event type(s), each checked along its own version chain (no base)"
    changed = len(report.changed)
    return f"{n} event type(s), {changed} changed against {report.base}"


def payload(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def shown_types(report: GateReport) -> list[str]:
    """The types a summary lists: changed ones and any with findings, in id order."""
    with_findings = {c.event_type for c in report.cases if c.findings}
    ids = {t.id for t in report.changed if t.status != "unknown"} | with_findings
    return sorted(ids)


def registry_phrase(accepts: bool) -> str:
    """Registry parity in a few words (a finding's `registry_accepts`)."""
    if accepts:
        return "Confluent Schema Registry would accept this change (this gate is stricter)"
    return "Confluent Schema Registry would reject this change too"
