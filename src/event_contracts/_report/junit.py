"""JUnit XML: one test case per event type and check; errors fail it, the rest is output."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from event_contracts._compat.model import Finding
from event_contracts._gate.model import GateReport
from event_contracts._report.common import location, payload, versions


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
        first = next((f.file for f in case.findings if f.file), None)
        if first:
            tc.set("file", first)
        errors = [f for f in case.findings if f.breaking]
        others = [f for f in case.findings if not f.breaking]
        if errors:
            failure = ET.SubElement(tc, "failure", type=errors[0].rule, message=errors[0].message)
            failure.text = "\n".join(_detail(f) for f in errors)
        if others:
            ET.SubElement(tc, "system-out").text = "\n".join(_detail(f) for f in others)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _detail(f: Finding) -> str:
    parts = [f"{f.severity}: {f.rule} {versions(f)} {location(f)} {f.pointer}".rstrip()]
    parts.append(f"  {f.message}")
    if f.fix:
        parts.append(f"  fix: {f.fix}")
    if f.counterexample is not None:
        parts.append(f"  breaks on: {payload(f.counterexample)}")
    return "\n".join(parts)
