"""`event-contracts check`: the pull-request gate. Exit 0 clean, 1 breaking findings, 2 bad input.

event-contracts check [--against REF|DIR] [--format text|json|markdown|junit|github]
                      [--report-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from event_contracts._cli.common import against, project, shown
from event_contracts._compat.model import Finding
from event_contracts._gate import stale, timing
from event_contracts._gate.gate import run_gate
from event_contracts._gate.lockcheck import Lock
from event_contracts._gate.model import CheckCase, GateReport
from event_contracts._gate.plan import plan
from event_contracts._gate.source import deep_problems, load_head, open_base
from event_contracts._report import FORMATS, render, write_reports
from event_contracts._schema.gitref import repo_root
from event_contracts._schema.lock import LOCK_NAME
from event_contracts.errors import GitError, Problem, SchemaError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="the pull-request gate: judge the schemas against a base (default: merge base "
        "with the main branch) and the lock file",
    )
    p.add_argument(
        "--against",
        metavar="REF|DIR",
        default=None,
        help="git ref or folder to compare with (default: the merge base of HEAD and the main "
        "branch from [tool.event-contracts] main-branch)",
    )
    p.add_argument("--format", choices=tuple(FORMATS), default="text", help="output on stdout")
    p.add_argument(
        "--report-dir",
        type=Path,
        default=None,
        help="also write every format into this folder (e.g. compat-report)",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="re-check every version chain, not only the changed event types",
    )
    p.add_argument("--timings", action="store_true", help="print where the time went (stderr)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    timing.reset()
    args.against = against(args.against)
    folder = None if args.report_dir is None else Path.cwd() / args.report_dir
    if folder is not None and folder.is_symlink():
        raise UsageError(
            f"--report-dir {folder} is a symbolic link; reports are never written through a "
            "link: pass the folder it points to"
        )
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UsageError(f"--report-dir {folder} is a file; pass a folder")
    report = gate(args)
    if folder is not None:
        try:
            write_reports(report, folder)
        except OSError as exc:
            raise UsageError(f"--report-dir {folder}: cannot write the reports: {exc}") from None
    color = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(render(report, args.format, color=color))
    if args.timings:
        for name, seconds in timing.SPENT.items():
            print(f"{name}: {seconds:.3f} s", file=sys.stderr)
    return report.exit_code


def gate(args: argparse.Namespace) -> GateReport:
    proj = project(args)
    head, tolerated = load_head(proj.schemas, proj.config)
    # Paths in findings are relative to the repository's top (where CI annotations point),
    # or to the project root outside git.
    top = _top(proj.root)
    schemas_rel = shown(proj.schemas, top)
    project_rel = shown(proj.root, top)
    lock = Lock.read(proj.schemas / LOCK_NAME)
    with open_base(proj.root, proj.schemas, proj.config, args.against, head, lock) as base:
        changes = plan(base.catalog, head)
        problems = deep_problems(changes, everything=args.full)
        if problems:
            raise SchemaError(problems)
        extra = _problem_cases(tolerated, proj.schemas, schemas_rel)
        hook = stale.find_hook()
        if hook is not None:
            with timing.phase("generated code"):
                extra += stale.stale_cases(proj.root, proj.config, hook, head, prefix=project_rel)
        return run_gate(
            head,
            base.catalog,
            lock=lock,
            base_lock=base.lock,
            base_label=base.label,
            schemas_rel=schemas_rel,
            extra=extra,
            notes=base.notes,
            changes=changes,
            full=args.full,
        )


def _top(root: Path) -> Path:
    try:
        return repo_root(root)
    except GitError:
        return root


def _problem_cases(problems: list[Problem], schemas: Path, schemas_rel: str) -> list[CheckCase]:
    """Tolerated load problems (a version gap: a deleted version) as findings of their type."""
    cases = []
    for p in problems:
        folder = p.file.resolve() if p.file else schemas.resolve()
        try:
            module, name = folder.relative_to(schemas.resolve()).parts[:2]
        except ValueError:
            module, name = "?", "?"
        type_id = f"{module}.{name}"
        finding = Finding(
            rule=p.code,
            message=p.message,
            fix=p.fix,
            event_type=type_id,
            file=f"{schemas_rel}/{module}/{name}",
        )
        cases.append(CheckCase(type_id, "layout", (finding,)))
    return cases
