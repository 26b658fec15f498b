"""`event-contracts`: thin commands over the façade. Exit 0 clean, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from event_contracts._schema.config import find_project_root
from event_contracts.errors import ContractError, SchemaError

# One module per command under event_contracts._cli, each with `register(subparsers)`
# (which sets `func` on its parser) so adding a command never edits another's file.
COMMANDS = (
    "validate",
    "list_cmd",
    "compat",
    "check",
    "lock",
    "generate",
    "new",
    "catalog",
    "version",
    "registry",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="event-contracts",
        description="Define, check and ship integration events between modules.",
    )
    parser.add_argument(
        "--root",
        default=None,
        help="project root holding pyproject.toml and schemas/ (default: the nearest folder "
        "at or above the current one with a pyproject.toml)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"event_contracts._cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.root is None:
        args.root = str(find_project_root(Path.cwd()) or Path.cwd())
    try:
        return int(args.func(args))
    except SchemaError as exc:
        for p in exc.problems:
            print(f"error: {p}", file=sys.stderr)
        if any(p.code != "LOCK_CONFLICT" for p in exc.problems):  # that one says its fix
            print(
                "the schemas must be valid first: run `event-contracts validate`", file=sys.stderr
            )
        return 2
    except ContractError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder that is a file, no permission, a full disk: not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            f"error: {where}{exc.strerror or exc}; check the path and its permissions",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
