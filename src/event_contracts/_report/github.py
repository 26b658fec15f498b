"""GitHub Actions workflow commands: annotations on the files, at most 10 per kind.

GitHub shows at most 10 error and 10 warning annotations per step, so the rest are counted in
a closing summary rather than silently dropped.
"""

from __future__ import annotations

from event_contracts._compat.model import Finding
from event_contracts._gate.model import GateReport
from event_contracts._report.common import headline, versions

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
