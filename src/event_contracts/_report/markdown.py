"""A pull-request comment: verdict, summary table, Mermaid diagram, what is out of date (with
the command), then one entry per change, by event type.

GitHub refuses comments over 65,536 characters; the report stays under `BUDGET` by listing
details until the budget is spent and summarising the rest (the JSON report has everything).
"""

from __future__ import annotations

import re

from event_contracts._gate.grouping import Change
from event_contracts._gate.model import GateReport, TypeSummary
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

BUDGET = 60_000
MAX_DIAGRAM_TYPES = 30
MAX_TABLE_ROWS = 200
_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
SEVERITIES = ("error", "warning", "info")


def render(report: GateReport) -> str:
    icon = "✅" if report.passed else "❌"
    out = [f"## {icon} event-contracts check: {headline(report)}", "", _esc(scope(report)) + "."]
    out += [f"> {_esc(n)}" for n in report.notes]
    if report.bump_line:
        out += ["", _esc(report.bump_line[0].upper() + report.bump_line[1:]) + "."]
    if report.proof_line:
        out += ["", _esc(report.proof_line[0].upper() + report.proof_line[1:]) + "."]
    ids = shown_types(report)
    if ids:
        out += ["", *_table(report, ids)]
        diagram = _diagram(report, ids)
        if diagram:
            out += ["", "### Changed event types", "", *diagram]
    else:
        out += ["", "No event type changed."]
    out += _out_of_date(report)
    head = "\n".join(out) + "\n"
    details, skipped = _details(report, ids, BUDGET - len(head))
    tail = ""
    if skipped:
        tail = (
            f"\n_… and {skipped} more finding(s) not shown to keep this comment short; "
            "see `report.json` in the compat-report artifact._\n"
        )
    return head + details + tail


def _table(report: GateReport, ids: list[str]) -> list[str]:
    rows = [
        "| Event type | Change | Mode | Errors | Warnings | Info | Subscribers |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for type_id in ids[:MAX_TABLE_ROWS]:
        found = report.changes_for(type_id)
        t = report.types.get(type_id)
        counts = [sum(1 for c in found if c.first.severity == s) for s in SEVERITIES]
        mark = "❌ " if counts[0] else ""
        rows.append(
            f"| {mark}`{type_id}` | {change(t) if t else '-'} | {t.mode if t else '-'} | "
            f"{counts[0]} | {counts[1]} | {counts[2]} | "
            f"{', '.join(t.subscribers) if t and t.subscribers else '-'} |"
        )
    if len(ids) > MAX_TABLE_ROWS:
        rows.append(f"| … {len(ids) - MAX_TABLE_ROWS} more | | | | | | |")
    return rows


def _node(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", text)


def _diagram(report: GateReport, ids: list[str]) -> list[str]:
    """Producer → event type → subscribers, for the changed types; failing ones in red."""
    types: list[TypeSummary] = [report.types[i] for i in ids if i in report.types]
    if not types:
        return []
    lines = ["```mermaid", "flowchart LR"]
    modules: set[str] = set()
    for t in types[:MAX_DIAGRAM_TYPES]:
        failed = any(c.first.breaking for c in report.changes_for(t.id))
        label = f"{t.id}<br/>{change(t)}".replace('"', "#quot;")
        node = "e_" + _node(t.id)
        lines.append(f'  {node}["{label}"]' + (":::breaking" if failed else ""))
        lines.append(f"  m_{_node(t.producer)} -->|publishes| {node}")
        modules.add(t.producer)
        for sub in t.subscribers:
            lines.append(f"  {node} --> m_{_node(sub)}")
            modules.add(sub)
    for m in sorted(modules):
        lines.append(f'  m_{_node(m)}(["{m}"])')
    lines.append("  classDef breaking fill:#fdd,stroke:#c00")
    lines.append("```")
    if len(types) > MAX_DIAGRAM_TYPES:
        lines.append(f"_{len(types) - MAX_DIAGRAM_TYPES} more changed type(s) not drawn._")
    return lines


def _out_of_date(report: GateReport) -> list[str]:
    if not report.out_of_date:
        return []
    title, _, why = OUT_OF_DATE_TITLE.partition(" (")
    out = ["", f"### ⏳ {title}", "", f"{why.rstrip(')').capitalize()}:", ""]
    out += [f"- `{item.command}`: {_esc(chore(item))}" for item in report.out_of_date]
    out += ["", "```console", f"$ {report.fix_command}", "```"]
    return out


def _details(report: GateReport, ids: list[str], budget: int) -> tuple[str, int]:
    parts: list[str] = []
    used = 0
    skipped = 0
    started = False
    for type_id in ids:
        found = report.changes_for(type_id)
        if not found:
            continue
        block = [f"\n#### {'❌' if any(c.first.breaking for c in found) else '✅'} `{type_id}`\n"]
        block += [_item(f) for f in found]
        text = "\n".join(block) + "\n"
        if used + len(text) > budget:
            skipped += len(found)
            continue
        if not started:
            parts.append("\n### Details\n")
            started = True
        parts.append(text)
        used += len(text)
    return "".join(parts), skipped


def _item(c: Change) -> str:
    f = c.first
    where = location(f)
    bits = [f"{_ICON[f.severity]} **{f.severity}** `{f.rule}`"]
    if breaks(c):
        bits.append(breaks(c))
    if where:
        bits.append(f"`{where}`")
    if f.pointer:
        bits.append(f"`{f.pointer}`")
    line = "- " + " ".join(bits) + f": {_esc(f.message)}"
    for direction, message in c.other_messages:
        line += f"  \n  {direction.capitalize()}: {_esc(message)}"
    if f.fix and f.fix not in f.message:
        line += f"  \n  Fix: {_esc(f.fix)}"
    if f.subscribers and f.breaking:
        line += f"  \n  Subscribers affected: {', '.join(f.subscribers)}"
    if f.counterexample is not None:
        data = payload(f.counterexample).replace("`", "'")
        line += f"  \n  Breaks on: `{data}`"
    if f.registry_accepts is not None:
        line += f"  \n  {registry_phrase(f.registry_accepts)}."
    return line


def _esc(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
