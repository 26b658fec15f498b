"""JUnit XML: one test case per event type and check; errors fail it, the rest is output.

Within a case, each change is described once with the version pairs it breaks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from event_contracts._gate.grouping import Change, group
from event_contracts._gate.model import GateReport
from event_contracts._report.common import breaks, location, payload


def render(report: GateReport) -> str:
    failures = sum(1 for c in report.cases if not c.passed)
    suites = ET.Element(
        "testsuites",
        name="event-contracts check",
        tests=str(len(report.cases)),
        failures=str(failures),
        errors="0",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="event-contracts",
        tests=str(len(report.cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    if report.base:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="base", value=report.base)
    for case in report.cases:
        tc = ET.SubElement(suite, "testcase", classname=case.event_type, name=case.name)
        first_file = next((f.file for f in case.findings if f.file), None)
        if first_file:
            tc.set("file", first_file)
        errors = group(f for f in case.findings if f.breaking)
        others = group(f for f in case.findings if not f.breaking)
        if errors:
            first = errors[0].first
            failure = ET.SubElement(tc, "failure", type=first.rule, message=first.message)
            failure.text = "\n".join(_detail(f) for f in errors)
        if others:
            ET.SubElement(tc, "system-out").text = "\n".join(_detail(f) for f in others)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _detail(c: Change) -> str:
    f = c.first
    parts = [f"{f.severity}: {f.rule} {breaks(c)} {location(f)} {f.pointer}".rstrip()]
    parts.append(f"  {f.message}")
    parts += [f"  {direction}: {message}" for direction, message in c.other_messages]
    if f.fix:
        parts.append(f"  fix: {f.fix}")
    if f.counterexample is not None:
        parts.append(f"  breaks on: {payload(f.counterexample)}")
    return "\n".join(parts)
