"""GitHub Actions workflow commands: one annotation per change (and one per out-of-date chore,
with its command) on the files, at most 10 per kind.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest are counted in
a closing summary rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from event_contracts._gate.grouping import Change, OutOfDate
from event_contracts._gate.model import GateReport
from event_contracts._report.common import breaks, chore, headline
from event_contracts.errors import Problem

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


def problems(found: Sequence[Problem], ok: str, warnings: Sequence[Problem] = ()) -> str:
    """`validate`'s problems as error annotations and its warnings as warning annotations (at
    most LIMIT in all), then a closing notice.

    `ok` is the notice when nothing is wrong (e.g. "12 event types, 19 versions")."""
    shown = [("error", p) for p in found[:LIMIT]]
    shown += [("warning", p) for p in warnings[: LIMIT - len(shown)]]
    lines = []
    for level, p in shown:
        props = []
        if p.file is not None:
            props.append(f"file={_prop(str(p.file))}")
            if p.line is not None:
                props.append(f"line={p.line}")
                if p.column is not None:
                    props.append(f"col={p.column}")
        props.append(f"title={_prop(p.code)}")
        message = f"{p.message} ({p.pointer})" if p.pointer else p.message
        if p.fix:
            message += f"\nfix: {p.fix}"
        lines.append(f"::{level} {','.join(props)}::{_data(message)}")
    if not found:
        summary = f"event-contracts validate: ok, {ok}"
    else:
        summary = f"event-contracts validate: {len(found)} problem(s)"
        if len(found) > LIMIT:
            summary += f"; {len(found) - LIMIT} not annotated (limit {LIMIT}): run it locally"
    if warnings:
        summary += f"; {len(warnings)} warning(s)"
    lines.append(f"::notice title=event-contracts::{_data(summary)}")
    return "\n".join(lines) + "\n"
