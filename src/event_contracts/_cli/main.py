"""`event-contracts`: thin commands over the façade. Exit 0 clean, 1 findings, 2 bad input."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from event_contracts._schema import cache, helper
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
    "build",
    "publish",
)


EXIT_CODES = """exit codes:
  0  clean
  1  findings (breaking changes, problems, stale or out-of-date files)
  2  bad input or usage (unreadable schema, unknown ref, missing extra); never a traceback"""

# Top-level packages of the optional extras, so a missing one is a hint, not a traceback.
EXTRA_OF = {
    "httpx": "tools",
    "semver": "tools",
    "build": "tools",
    "hatchling": "tools",
    "twine": "publish",
}


_NAMES = {"list_cmd": "list"}  # module -> command, where they differ
_MODULES = {_NAMES.get(m, m): m for m in COMMANDS}  # command -> module


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command `argv` runs, or None (help, a typo: every command is needed)."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--root":
            next(tokens, None)
        elif not (token.startswith("--root=") or token in ("-q", "--quiet", "-v", "--verbose")):
            return _MODULES.get(token)
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The CLI's parser. Given the arguments, only the command they name is registered: the
    other commands' modules are not imported (about 30 ms of every run)."""
    parser = argparse.ArgumentParser(
        prog="event-contracts",
        description="Define, check and ship integration events between modules.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--root",
        default=None,
        help="project root holding pyproject.toml and schemas/ (default: the nearest folder "
        "at or above the current one with a pyproject.toml)",
    )
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing on stdout: the exit code and errors on stderr only",
    )
    talk.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="on an error, also print the Python traceback (for bug reports)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = _command_module(argv) if argv is not None else None
    for name in COMMANDS if chosen is None else (chosen,):
        importlib.import_module(f"event_contracts._cli.{name}").register(sub)
    _document(sub)
    return parser


def _document(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every (sub)command's help opens with its one-line summary and ends with the exit codes."""
    summaries = {action.dest: action.help for action in sub._choices_actions}
    for name, command in sub.choices.items():
        command.description = command.description or summaries.get(name)
        command.epilog = EXIT_CODES
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _document(action)


def _version() -> str:
    from event_contracts._schema.cache import dist_version

    return dist_version("event-contracts") or "unknown"  # "unknown": a source tree


@contextlib.contextmanager
def _stdout_silenced(quiet: bool) -> Iterator[None]:
    if not quiet:
        yield
        return
    with Path(os.devnull).open("w") as devnull, contextlib.redirect_stdout(devnull):
        yield


YOUNG_OBJECTS = 100_000
"""Allocations between two collections of the youngest generation while a command runs
(Python's default is 700). A command builds a catalog of long-lived objects (parsed schemas,
versions, results) and ends: at the default, `check --full` of 5,000 types spent a quarter of
its CPU scanning them again and again for cycles. Cycles are still collected, less often."""


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_OBJECTS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def main(argv: Sequence[str] | None = None) -> int:
    with _fewer_collections():
        return _main(argv)


def console() -> NoReturn:
    """The `event-contracts` script and `python -m event_contracts`: `main`, then exit.

    Before exiting, every object the command built is frozen (`gc.freeze`): the interpreter's
    last cycle collection would walk them all only to free memory the exit frees anyway, 0.1 s
    of a pull request's `check` at 5,000 types. Exit handlers and output flushing still run."""
    status = main()
    gc.freeze()
    sys.exit(status)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.root is None:
        args.root = str(find_project_root(Path.cwd()) or Path.cwd())
    cached = cache.open_user_cache()
    try:
        # the CLI's own process: a cold `generate` may fork a helper (`_schema/helper.py`)
        with _stdout_silenced(args.quiet), helper.allowed():
            status = int(args.func(args))
        if status in (0, 1):  # a refused command (2) leaves nothing behind, not even a cache
            cached.save()
        return status
    except ModuleNotFoundError as exc:
        extra = EXTRA_OF.get((exc.name or "").partition(".")[0])
        if extra is None:
            raise
        _trace(args)
        print(
            f"error: `{args.command}` needs {exc.name}, which the `{extra}` extra installs: "
            f"pip install 'event-contracts[{extra}]'",
            file=sys.stderr,
        )
        return 2
    except SchemaError as exc:
        _trace(args)
        for p in exc.problems:
            print(f"error: {p}", file=sys.stderr)
        if any(p.code != "LOCK_CONFLICT" for p in exc.problems):  # that one says its fix
            print(
                "the schemas must be valid first: run `event-contracts validate`", file=sys.stderr
            )
        return 2
    except ContractError as exc:
        _trace(args)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `event-contracts list | head`: the reader left, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a tool killed by SIGPIPE reports
    except OSError as exc:  # a folder that is a file, no permission, a full disk: not a bug
        _trace(args)
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            f"error: {where}{exc.strerror or exc}; check the path and its permissions",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


def _trace(args: argparse.Namespace) -> None:
    if args.verbose:
        traceback.print_exc(file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    console()
