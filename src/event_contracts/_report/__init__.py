"""Renderers for the gate's `GateReport`: one module per named format, all pure functions.

text.py      grouped by event type, for a terminal (colour only when asked)
jsonout.py   the stable, documented shape (docs/report-format.md)
markdown.py  a pull-request comment: summary table, Mermaid diagram, details; < 64 KB
junit.py     one test case per event type and check
github.py    workflow annotations, at most 10 per kind, then a summary
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from event_contracts._fs import real_folder, write_text
from event_contracts._gate.model import GateReport
from event_contracts._report import github, jsonout, junit, markdown, text

FORMATS: dict[str, Callable[[GateReport], str]] = {
    "text": text.render,
    "json": jsonout.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "github": github.render,
}
README = "README.md"
"""A committed file that explains the reports (compat-report/README.md): never written here."""
FILES = {
    "text": "report.txt",
    "json": "report.json",
    "markdown": "report.md",
    "junit": "junit.xml",
    "github": "annotations.txt",
}


def render(report: GateReport, fmt: str, *, color: bool = False) -> str:
    if fmt == "text":
        return text.render(report, color=color)
    return FORMATS[fmt](report)


def write_reports(report: GateReport, folder: Path) -> list[Path]:
    """Write every format into `folder` (created if needed); returns the files written.
    Neither the folder nor a file in it is written through a symbolic link.

    Only the files in `FILES` are (over)written; nothing is deleted, so a committed
    `README.md` beside them (or anything else) stays as it is.
    """
    real_folder(folder, "--report-dir")
    assert README not in FILES.values()
    written = []
    for fmt, name in FILES.items():
        path = folder / name
        write_text(path, render(report, fmt))
        written.append(path)
    return written
