"""`event-contracts list`: event types, formats, versions, modes and subscribers."""

from __future__ import annotations

import argparse
import json
from typing import Any

from event_contracts._cli.common import project
from event_contracts._schema.loader import load_catalog


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list event types, versions, modes and subscribers")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    catalog = load_catalog(proj.schemas, config=proj.config)
    rows = [
        {
            "id": t.id,
            "format": t.format,
            "versions": [v.number for v in t.versions],
            "mode": t.mode.value,
            "subscribers": list(t.subscribers),
            "supersedes": t.supersedes,
            "deprecated": t.deprecated,
        }
        for t in catalog
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    width = max((len(r["id"]) for r in rows), default=10)
    print(f"{'EVENT TYPE':<{width}}  FORMAT      VERSIONS  MODE                 SUBSCRIBERS")
    for r in rows:
        versions = ",".join(f"v{n}" for n in r["versions"])
        notes = ""
        if r["supersedes"]:
            notes += f"  (supersedes {r['supersedes']})"
        if r["deprecated"]:
            notes += "  (deprecated)"
        print(
            f"{r['id']:<{width}}  {r['format']:<10}  {versions:<8}  {r['mode']:<19}  "
            f"{', '.join(r['subscribers']) or '-'}{notes}"
        )
    return 0
