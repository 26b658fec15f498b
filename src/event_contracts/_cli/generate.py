"""`event-contracts generate [--check]`: write the contracts package, or fail when it is stale."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from event_contracts._codegen import changes, diff, write


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="(re)generate the event classes; --check fails if any generated file is stale",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; show a diff and exit 1 when the generated package is stale",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    todo = changes(args.root, include_manifest=not args.check)
    if args.check:
        if not todo:
            print("generated code is up to date")
            return 0
        sys.stdout.write(diff(todo))
        print(
            f"{len(todo)} generated file(s) are stale; run `event-contracts generate`",
            file=sys.stderr,
        )
        return 1
    write(args.root, todo)
    for change in todo:
        print(f"{change.kind:6} {change.path}")
    print(f"{len(todo)} file(s) changed" if todo else "generated code is up to date")
    return 0
