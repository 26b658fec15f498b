"""Small phrases every renderer shares, so the formats say the same thing the same way."""

from __future__ import annotations

import json

from event_contracts._compat.model import Finding
from event_contracts._gate.grouping import Change, OutOfDate, is_out_of_date
from event_contracts._gate.model import GateReport, TypeSummary


def versions(f: Finding) -> str:
    """`v2 → v3`, `v3`, or '' for findings not about versions."""
    if f.old_version and f.new_version and f.old_version != f.new_version:
        return f"v{f.old_version} → v{f.new_version}"
    n = f.new_version or f.old_version
    return f"v{n}" if n else ""


def breaks(change: Change) -> str:
    """The pairs and directions a change concerns: `v1, v2 → v3 (backward, forward)`,
    `v1 → v3 (backward); v2 → v3 (forward)`, `v2`, or ''."""
    by_direction: dict[str, dict[int, list[int]]] = {}
    plain: list[str] = []
    for f in change.findings:
        if f.old_version and f.new_version and f.old_version != f.new_version:
            olds = by_direction.setdefault(f.direction, {}).setdefault(f.new_version, [])
            if f.old_version not in olds:
                olds.append(f.old_version)
        elif versions(f) and versions(f) not in plain:
            plain.append(versions(f))
    phrases: dict[str, list[str]] = {}
    for direction, news in by_direction.items():
        arrows = "; ".join(
            ", ".join(f"v{o}" for o in sorted(olds)) + f" → v{new}" for new, olds in news.items()
        )
        phrases.setdefault(arrows, []).append(direction)
    parts = [
        arrows + (f" ({', '.join(ds)})" if ds != ["none"] else "") for arrows, ds in phrases.items()
    ]
    return "; ".join(parts + plain)


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
    """`2 breaking change(s), 0 warning(s), 1 info; out of date: run `...``."""
    e, w, i = (report.count_changes(s) for s in ("error", "warning", "info"))
    verdict = f"{e} breaking change(s)" if e else "no breaking changes"
    line = f"{verdict}, {w} warning(s), {i} info"
    if report.fix_command:
        line += f"; out of date: run `{report.fix_command}`"
    return line


def chore(item: OutOfDate) -> str:
    """`2 version(s) not in registry.lock: a v3, b v1` / `3 generated file(s) differ: ...`."""
    shown = ", ".join(item.items[:10])
    if len(item.items) > 10:
        shown += f" and {len(item.items) - 10} more"
    if item.rule == "LOCK_ENTRY_MISSING":
        what = f"{len(item.items)} version(s) not recorded in registry.lock"
    else:
        what = f"{len(item.items)} generated file(s) differ from what `generate` writes"
    return f"{what}: {shown}"


OUT_OF_DATE_TITLE = "Out of date (not breaking; the check fails until the result is committed)"


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
    with_findings = {
        c.event_type for c in report.cases if any(not is_out_of_date(f) for f in c.findings)
    }
    ids = {t.id for t in report.changed if t.status != "unknown"} | with_findings
    return sorted(ids)


def registry_phrase(accepts: bool) -> str:
    """Registry parity in a few words (a finding's `registry_accepts`)."""
    if accepts:
        return "Confluent Schema Registry would accept this change (this gate is stricter)"
    return "Confluent Schema Registry would reject this change too"
