"""`event-contracts check`: the pull-request gate. Exit 0 clean, 1 breaking findings, 2 bad input.

event-contracts check [--against REF|DIR] [--format text|json|markdown|junit|github]
                      [--report-dir DIR] [--no-proof] [--proof-seconds S] [--proof-examples N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from event_contracts._cli.common import Project, against, project, shown
from event_contracts._compat.model import Finding
from event_contracts._gate import timing
from event_contracts._gate.model import CheckCase, GateReport
from event_contracts._proof.budget import DEFAULT_EXAMPLES, DEFAULT_SECONDS, Budget
from event_contracts._report import FORMATS, render, write_reports
from event_contracts._schema.gitref import repo_root
from event_contracts._schema.lock import LOCK_NAME
from event_contracts.errors import GitError, Problem, SchemaError, UsageError

if TYPE_CHECKING:
    from event_contracts._gate.source import BaseProbe

# The gate's engine (and through the data proof, the runtime and pydantic) is imported when
# `check` runs, not when the CLI starts: every other command starts faster.


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
    p.add_argument(
        "--no-proof",
        action="store_true",
        help="skip the data proof (the upcaster chain is still checked)",
    )
    p.add_argument(
        "--proof-seconds",
        type=_positive(float),
        default=DEFAULT_SECONDS,
        metavar="S",
        help=f"data proof budget per changed event type (default {DEFAULT_SECONDS})",
    )
    p.add_argument(
        "--proof-examples",
        type=_positive(int),
        default=DEFAULT_EXAMPLES,
        metavar="N",
        help=f"data proof: at most N examples per writer/reader pair (default {DEFAULT_EXAMPLES})",
    )
    p.add_argument("--timings", action="store_true", help="print where the time went (stderr)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    timing.reset()
    started = time.perf_counter()
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
            with timing.phase("report"):
                write_reports(report, folder)
        except OSError as exc:
            raise UsageError(f"--report-dir {folder}: cannot write the reports: {exc}") from None
    color = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    with timing.phase("report"):
        sys.stdout.write(render(report, args.format, color=color))
    if args.timings:
        for name, seconds in timing.SPENT.items():
            print(f"{name}: {seconds:.3f} s", file=sys.stderr)
        total = time.perf_counter() - started
        cpu = time.process_time()  # the whole process, start-up and imports included
        print(f"total: {total:.3f} s (process CPU so far: {cpu:.3f} s)", file=sys.stderr)
    return report.exit_code


def gate(args: argparse.Namespace) -> GateReport:
    from event_contracts._gate.source import BaseProbe
    from event_contracts._schema import filehash

    proj = project(args)
    warm = _import_in_background()
    # git lists the schemas and the generated package, and finds the base and its files,
    # while Python reads what it can
    filehash.prefetch(proj.schemas)
    filehash.prefetch(proj.root / proj.config.package_dir / proj.config.package)
    probe = BaseProbe(proj.root, proj.schemas, proj.config, args.against)
    try:
        return _gate(args, proj, probe)
    finally:
        filehash.forget_prefetched()
        probe.join()
        warm.join()


def _import_in_background() -> threading.Thread:
    """Import pydantic (the upcaster chain and the data proof need it) in a thread: the gate's
    main thread spends part of its time waiting for git. Only third-party modules, which never
    import ours, so the two threads cannot wait on each other's imports."""

    def run() -> None:
        with contextlib.suppress(Exception):  # a failing import fails again where it is needed
            import pydantic

            pydantic.BaseModel  # noqa: B018  (pydantic imports its parts on first access)

    thread = threading.Thread(target=run, name="event-contracts-imports")
    thread.start()
    return thread


def _gate(args: argparse.Namespace, proj: Project, probe: BaseProbe) -> GateReport:
    from event_contracts._gate import stale
    from event_contracts._gate.gate import run_gate
    from event_contracts._gate.lockcheck import Lock
    from event_contracts._gate.plan import plan
    from event_contracts._gate.source import deep_problems, load_head, open_base

    head, tolerated = load_head(proj.schemas, proj.config, probe=probe)
    # Paths in findings are relative to the repository's top (where CI annotations point),
    # or to the project root outside git.
    top = probe.top() or _top(proj.root)
    schemas_rel = shown(proj.schemas, top)
    project_rel = shown(proj.root, top)
    with timing.phase("lock file"):
        lock = Lock.read(proj.schemas / LOCK_NAME)
    with open_base(probe, proj.schemas, proj.config, head, lock) as base:
        with timing.phase("plan (what changed)"):
            changes = plan(base.catalog, head)
        problems = deep_problems(changes, everything=args.full, head=head)
        if problems:
            raise SchemaError(problems)
        extra = _problem_cases(tolerated, proj.schemas, schemas_rel)
        hook = stale.find_hook()
        if hook is not None:
            with timing.phase("generated code"):
                extra += stale.stale_cases(proj.root, proj.config, hook, head, prefix=project_rel)
        # imported here, not above: pydantic's import (in a thread) overlaps git's work
        from event_contracts._proof.gate import check_upcasters, with_proof

        upcasters = check_upcasters(proj.root, proj.config, head, changes, prefix=project_rel)
        extra += upcasters.cases
        report = run_gate(
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
            root=project_rel,
        )
        if args.no_proof:
            return report
        budget = Budget(seconds=args.proof_seconds, examples=args.proof_examples)
        return with_proof(report, head, changes, upcasters.loaded, budget, schemas_rel=schemas_rel)


def _positive(kind: Callable[[str], float]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
        return value

    return parse


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
