"""`event-contracts new event|version`: scaffolding; prints the path of the schema to edit.

stdout carries only that path (so `$EDITOR "$(event-contracts new version x.Y)"` works);
what else was written, and what to do next, goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from event_contracts._authoring.handler_stub import new_subscriber
from event_contracts._authoring.scaffold import (
    Created,
    Workspace,
    new_event,
    new_version,
    supersede,
)
from event_contracts._cli.common import project, shown
from event_contracts._schema.model import Format

_FORMATS: dict[str, Format] = {"avro": "avro", "json": "jsonschema", "jsonschema": "jsonschema"}


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="scaffold a new event type or version (never overwrites)")
    what = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    ev = what.add_parser(
        "event",
        help="a new event type: folder, event.toml and v1",
        description="Create schemas/<module>/<EventName>/ with event.toml and a v1 schema.",
    )
    ev.add_argument("type_id", metavar="MODULE.EventName")
    ev.add_argument(
        "--format",
        choices=sorted(_FORMATS),
        default=None,
        help="avro (default) or json (JSON Schema 2020-12); a superseding type keeps the old one's",
    )
    ev.add_argument(
        "--subscribers",
        default=None,
        help="comma-separated consuming modules (with --supersedes: default the old type's)",
    )
    ev.add_argument("--description", default=None, help="what fact the event records")
    ev.add_argument(
        "--supersedes",
        metavar="MODULE.OldName",
        default=None,
        help="the breaking-change path: start v1 as a copy of the old type's latest version "
        "and append a stub upcaster to the upcaster module",
    )
    ev.set_defaults(func=run_event)
    ver = what.add_parser(
        "version",
        help="copy the latest version of a type as the next one",
        description="Copy the latest version file of an event type as the next version.",
    )
    ver.add_argument("type_id", metavar="MODULE.EventName")
    ver.set_defaults(func=run_version)
    subp = what.add_parser(
        "subscriber",
        help="a bus handler stub for an event type in a consuming module's handler folder",
        description="Write <handlers folder of MODULE>/<event_name>.py (never overwrites); the "
        "folder comes from `handlers` under [tool.event-contracts].",
    )
    subp.add_argument("type_id", metavar="MODULE.EventName")
    subp.add_argument("--module", required=True, help="the consuming module")
    subp.set_defaults(func=run_subscriber)


def run_event(args: argparse.Namespace) -> int:
    proj = project(args)
    ws = Workspace(proj.root, proj.config)
    fmt = _FORMATS[args.format] if args.format else None
    subs = _split(args.subscribers)
    if args.supersedes:
        created = supersede(
            ws,
            args.type_id,
            args.supersedes,
            subscribers=subs,
            description=args.description,
            fmt=fmt,
        )
    else:
        created = new_event(
            ws,
            args.type_id,
            fmt=fmt or "avro",
            subscribers=subs or (),
            description=args.description,
        )
    return _report(created)


def run_version(args: argparse.Namespace) -> int:
    proj = project(args)
    return _report(new_version(Workspace(proj.root, proj.config), args.type_id))


def run_subscriber(args: argparse.Namespace) -> int:
    proj = project(args)
    path, notes = new_subscriber(proj.root, proj.config, args.type_id, args.module)
    print(shown(path))
    for note in notes:
        print(note, file=sys.stderr)
    return 0


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [s.strip() for s in text.split(",") if s.strip()]


def _report(created: Created) -> int:
    print(shown(created.schema))
    for path in created.others:
        print(f"created {shown(path)}", file=sys.stderr)
    for note in created.notes:
        print(note, file=sys.stderr)
    return 0
