"""GitHub Actions workflow commands: one annotation per change (and one per out-of-date chore,
with its command) on the files, at most 10 per kind.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest are counted in
a closing summary rather than silently dropped.
"""

from __future__ import annotations

from event_contracts._gate.grouping import Change, OutOfDate
from event_contracts._gate.model import GateReport
from event_contracts._report.common import breaks, chore, headline

LIMIT = 10
_KIND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(c: Change) -> str:
    f = c.first
    subject = " ".join(x for x in (f.event_type or "", breaks(c)) if x)
    message = f"{subject}: {f.message}" if subject else f.message
    for direction, other in c.other_messages:
        message += f"\n{direction}: {other}"
    if f.fix:
        message += f"\nfix: {f.fix}"
    if f.subscribers:
        message += f"\nsubscribers: {', '.join(f.subscribers)}"
    return _command(f.severity, f.file, f.line, f.rule, message)


def chore_annotation(item: OutOfDate) -> str:
    f = item.findings[0]
    message = f"out of date: run `{item.command}` and commit the result; {chore(item)}"
    return _command(f.severity, f.file, None, item.rule, message)


def _command(severity: str, file: str | None, line: int | None, title: str, message: str) -> str:
    props = []
    if file:
        props.append(f"file={_prop(file)}")
        if line:
            props.append(f"line={line}")
    props.append(f"title={_prop(title)}")
    return f"::{_KIND[severity]} {','.join(props)}::{_data(message)}"


def render(report: GateReport) -> str:
    lines: list[str] = []
    left: dict[str, int] = {}
    shown: dict[str, int] = {}
    # The summary is a notice too, so notices leave room for it.
    limits = {"error": LIMIT, "warning": LIMIT, "notice": LIMIT - 1}
    # The chores first: at most two, each fixed by one command.
    annotations = [(i.findings[0].severity, chore_annotation(i)) for i in report.out_of_date]
    annotations += [(c.first.severity, annotation(c)) for c in report.changes]
    for severity, text in annotations:
        kind = _KIND[severity]
        if shown.get(kind, 0) < limits[kind]:
            shown[kind] = shown.get(kind, 0) + 1
            lines.append(text)
        else:
            left[kind] = left.get(kind, 0) + 1
    summary = f"event-contracts check: {headline(report)}"
    if left:
        more = ", ".join(f"{n} {kind}(s)" for kind, n in sorted(left.items()))
        summary += f"; {more} not annotated (limit {LIMIT} per kind): see the job summary"
    lines.append(f"::notice title=event-contracts::{_data(summary)}")
    return "\n".join(lines) + "\n"
