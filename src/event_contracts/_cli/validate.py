"""`event-contracts validate`: every problem in the schemas folder, at once; writes nothing."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from event_contracts._bus.coverage import coverage
from event_contracts._cli.common import project
from event_contracts._schema.filehash import Folders, folder_ids
from event_contracts._schema.ignored_keywords import keyword_warnings
from event_contracts._schema.loader import scan
from event_contracts.errors import Problem


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check layout, names, metadata and schema validity")
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="github: annotations on the files in a GitHub Actions run",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    # a file that passed every check before (by its git blob id) is not read again
    dirs: Folders = {}
    ids = folder_ids(proj.schemas, dirs=dirs) if proj.schemas.is_dir() else None
    catalog, problems = scan(proj.schemas, config=proj.config, ids=ids, dirs=dirs)
    # Handler coverage of the bus (`handlers` in [tool.event-contracts]), read from the code.
    missing, warnings = coverage(proj.root, catalog)
    warnings = [*keyword_warnings(catalog), *warnings]
    problems = [relative_to(p, proj.root) for p in [*problems, *missing]]
    warnings = [relative_to(p, proj.root) for p in warnings]
    if args.format == "json":
        data = {
            "valid": not problems,
            "event_types": len(catalog),
            "versions": sum(len(t.versions) for t in catalog),
            "problems": [
                {
                    "code": p.code,
                    "file": str(p.file) if p.file else None,
                    "line": p.line,
                    "column": p.column,
                    "pointer": p.pointer,
                    "message": p.message,
                    "fix": p.fix,
                }
                for p in problems
            ],
            "warnings": [
                {
                    "code": p.code,
                    "file": str(p.file) if p.file else None,
                    "line": p.line,
                    "column": p.column,
                    "pointer": p.pointer,
                    "message": p.message,
                    "fix": p.fix,
                }
                for p in warnings
            ],
        }
        print(json.dumps(data, indent=2))
    elif args.format == "github":
        from event_contracts._report.github import problems as annotations

        ok = f"{len(catalog)} event types, {sum(len(t.versions) for t in catalog)} versions"
        sys.stdout.write(annotations(problems, ok, warnings))
    else:
        for p in problems:
            print(f"{p.location()}: {p.code}: {p.message}")
            if p.fix:
                print(f"    fix: {p.fix}")
        for p in warnings:
            print(f"{p.location()}: warning: {p.code}: {p.message}")
            if p.fix:
                print(f"    fix: {p.fix}")
        if problems:
            print(f"{len(problems)} problem(s) found", file=sys.stderr)
        else:
            n = sum(len(t.versions) for t in catalog)
            print(f"ok: {len(catalog)} event types, {n} versions")
    return 1 if problems else 0


def relative_to(problem: Problem, root: Path) -> Problem:
    """Show paths relative to the project root, as a user typed them."""
    if problem.file is None:
        return problem
    try:
        return replace(problem, file=problem.file.relative_to(root))
    except ValueError:
        return problem
