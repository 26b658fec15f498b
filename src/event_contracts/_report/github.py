"""GitHub Actions workflow commands: annotations on the files, at most 10 per kind.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest are counted in
a closing summary rather than silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from event_contracts._compat.model import Finding
from event_contracts._gate.model import GateReport
from event_contracts._report.common import headline, versions
from event_contracts.errors import Problem

LIMIT = 10
_KIND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = []
    if f.file:
        props.append(f"file={_prop(f.file)}")
        if f.line:
            props.append(f"line={f.line}")
    props.append(f"title={_prop(f.rule)}")
    subject = " ".join(x for x in (f.event_type or "", versions(f)) if x)
    message = f"{subject}: {f.message}" if subject else f.message
    if f.fix:
        message += f"\nfix: {f.fix}"
    if f.subscribers:
        message += f"\nsubscribers: {', '.join(f.subscribers)}"
    return f"::{_KIND[f.severity]} {','.join(props)}::{_data(message)}"


def render(report: GateReport) -> str:
    lines: list[str] = []
    left: dict[str, int] = {}
    shown: dict[str, int] = {}
    # The summary is a notice too, so notices leave room for it.
    limits = {"error": LIMIT, "warning": LIMIT, "notice": LIMIT - 1}
    for f in report.findings:
        kind = _KIND[f.severity]
        if shown.get(kind, 0) < limits[kind]:
            shown[kind] = shown.get(kind, 0) + 1
            lines.append(annotation(f))
        else:
            left[kind] = left.get(kind, 0) + 1
    summary = f"event-contracts check: {headline(report)}"
    if left:
        more = ", ".join(f"{n} {kind}(s)" for kind, n in sorted(left.items()))
        summary += f"; {more} not annotated (limit {LIMIT} per kind): see the job summary"
    lines.append(f"::notice title=event-contracts::{_data(summary)}")
    return "\n".join(lines) + "\n"


def problems(found: Sequence[Problem], ok: str) -> str:
    """`validate`'s problems as error annotations (at most LIMIT), then a closing notice.

    `ok` is the notice when nothing is wrong (e.g. "12 event types, 19 versions")."""
    lines = []
    for p in found[:LIMIT]:
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
        lines.append(f"::error {','.join(props)}::{_data(message)}")
    if not found:
        summary = f"event-contracts validate: ok, {ok}"
    else:
        summary = f"event-contracts validate: {len(found)} problem(s)"
        if len(found) > LIMIT:
            summary += f"; {len(found) - LIMIT} not annotated (limit {LIMIT}): run it locally"
    lines.append(f"::notice title=event-contracts::{_data(summary)}")
    return "\n".join(lines) + "\n"
