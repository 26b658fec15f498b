"""`event-contracts build`: the contracts distribution's wheel and sdist, in dist/."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from event_contracts._cli.common import project, shown
from event_contracts._dist.build import build, refuse_stale
from event_contracts._dist.meta import contracts
from event_contracts._schema.loader import load_catalog


def register(sub: Any) -> None:
    p = sub.add_parser(
        "build",
        help="build the contracts distribution (wheel and sdist) into dist/",
        description="Build the contracts distribution: the generated classes, the hand-written "
        "upcasters, the schemas and the lock, depending on the engine's runtime only. The same "
        "inputs give the same bytes; stale generated code or a stale lock is refused.",
    )
    p.add_argument(
        "--out", default="dist", help="output folder, relative to the project root (default dist)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    catalog = load_catalog(proj.schemas, config=proj.config)
    refuse_stale(proj.root, proj.config, catalog)
    dist = contracts(proj.root, proj.config)
    files = build(dist, catalog, proj.root / Path(args.out))
    if args.format == "json":
        import json

        print(
            json.dumps(
                {
                    "name": dist.name,
                    "version": dist.version,
                    "requires": dist.requires,
                    "files": [shown(f, proj.root) for f in files],
                },
                indent=2,
            )
        )
    else:
        print(f"built {dist.name} {dist.version} (requires {dist.requires}):")
        for f in files:
            print(f"  {shown(f, proj.root)}")
    return 0
