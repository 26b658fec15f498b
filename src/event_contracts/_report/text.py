"""Text for a terminal: findings grouped by event type, a one-line verdict at the end."""

from __future__ import annotations

from event_contracts._gate.model import GateReport
from event_contracts._report.common import (
    change,
    headline,
    location,
    payload,
    registry_phrase,
    scope,
    shown_types,
    versions,
)

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "green": "32"}


def render(report: GateReport, *, color: bool = False) -> str:
    def paint(text: str, what: str) -> str:
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m" if color else text

    lines = [f"event-contracts check: {scope(report)}"]
    lines += [f"note: {n}" for n in report.notes]
    groups: dict[str, list[str]] = {}
    for case in report.cases:
        for f in case.findings:
            out = groups.setdefault(case.event_type, [])
            where = " ".join(x for x in (location(f), f.pointer) if x)
            tags = " ".join(
                x for x in (versions(f), f"({f.direction})" if f.direction != "none" else "") if x
            )
            out.append(
                f"  {paint(f'{f.severity:<7}', f.severity)} {f.rule}"
                + (f"  {tags}" if tags else "")
                + (f"  {where}" if where else "")
            )
            out.append(f"      {f.message}")
            if f.fix and f.fix not in f.message:  # engines often say the fix already
                out.append(f"      fix: {f.fix}")
            if f.counterexample is not None:
                out.append(f"      breaks on: {payload(f.counterexample)}")
            if f.registry_accepts is not None:
                out.append(f"      {registry_phrase(f.registry_accepts)}")
    for type_id in shown_types(report):
        t = report.types.get(type_id)
        header = paint(type_id, "bold")
        if t is not None:
            header += f"  [{change(t)}; {t.mode}]"
            if t.subscribers:
                header += f"  subscribers: {', '.join(t.subscribers)}"
        lines += ["", header, *groups.get(type_id, [f"  {paint('ok', 'green')}"])]
    verdict = paint("PASSED", "green") if report.passed else paint("FAILED", "error")
    lines += ["", f"{verdict}: {headline(report)}"]
    if report.bump_line:
        lines.append(report.bump_line)
    return "\n".join(lines) + "\n"
