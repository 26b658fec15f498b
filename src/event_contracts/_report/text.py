"""Text for a terminal: one entry per change, grouped by event type; what is merely out of date
(with the command that fixes it) apart; a one-line verdict at the end."""

from __future__ import annotations

from collections.abc import Callable

from event_contracts._gate.grouping import Change
from event_contracts._gate.model import GateReport
from event_contracts._report.common import (
    OUT_OF_DATE_TITLE,
    breaks,
    change,
    chore,
    headline,
    location,
    payload,
    registry_phrase,
    scope,
    shown_types,
)

_COLOURS = {"error": "31", "warning": "33", "info": "36", "bold": "1", "green": "32"}


def render(report: GateReport, *, color: bool = False) -> str:
    def paint(text: str, what: str) -> str:
        return f"\x1b[{_COLOURS[what]}m{text}\x1b[0m" if color else text

    lines = [f"event-contracts check: {scope(report)}"]
    lines += [f"note: {n}" for n in report.notes]
    for type_id in shown_types(report):
        t = report.types.get(type_id)
        header = paint(type_id, "bold")
        if t is not None:
            header += f"  [{change(t)}; {t.mode}]"
            if t.subscribers:
                header += f"  subscribers: {', '.join(t.subscribers)}"
        entries = [line for c in report.changes_for(type_id) for line in _entry(c, paint)]
        lines += ["", header, *(entries or [f"  {paint('ok', 'green')}"])]
    if report.out_of_date:
        lines += ["", paint(OUT_OF_DATE_TITLE + ":", "bold")]
        lines += [f"  run `{item.command}`: {chore(item)}" for item in report.out_of_date]
        lines.append(f"  fix: {report.fix_command}, then commit the result")
    verdict = paint("PASSED", "green") if report.passed else paint("FAILED", "error")
    lines += ["", f"{verdict}: {headline(report)}"]
    if report.bump_line:
        lines.append(report.bump_line)
    if report.proof_line:
        lines.append(report.proof_line)
    return "\n".join(lines) + "\n"


def _entry(c: Change, paint: Callable[[str, str], str]) -> list[str]:
    f = c.first
    where = " ".join(x for x in (location(f), f.pointer) if x)
    tags = breaks(c)
    out = [
        f"  {paint(f'{f.severity:<7}', f.severity)} {f.rule}"
        + (f"  {tags}" if tags else "")
        + (f"  {where}" if where else "")
    ]
    out.append(f"      {f.message}")
    out += [f"      {direction}: {message}" for direction, message in c.other_messages]
    if f.fix and f.fix not in f.message:  # engines often say the fix already
        out.append(f"      fix: {f.fix}")
    if f.counterexample is not None:
        out.append(f"      breaks on: {payload(f.counterexample)}")
    if f.registry_accepts is not None:
        out.append(f"      {registry_phrase(f.registry_accepts)}")
    return out
