"""`event-contracts publish`: upload the built contracts distribution to a package index."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from event_contracts._cli.common import project
from event_contracts._dist.meta import contracts
from event_contracts._dist.publish import URL_ENV, USER_ENV, Index, distribution_files, upload


def register(sub: Any) -> None:
    p = sub.add_parser(
        "publish",
        help="upload the contracts distribution to a package index (twine)",
        description="Upload the contracts wheel and sdist that `event-contracts build` wrote "
        "(or the files named) to a package index, with twine. Credentials come from the "
        "environment and are never printed.",
    )
    p.add_argument("files", nargs="*", type=Path, help="files to upload (default: this version's)")
    p.add_argument("--url", help=f"the index's upload URL (default: ${URL_ENV})")
    p.add_argument(
        "--user",
        help=f"user name (default: ${USER_ENV}); the password only from "
        "$EVENT_CONTRACTS_INDEX_PASSWORD",
    )
    p.add_argument("--dist", default="dist", help="where `build` wrote the files (default dist)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    index = Index.from_env(args.url, args.user)
    files = list(args.files) or distribution_files(
        contracts(proj.root, proj.config), proj.root / args.dist
    )
    output = upload(index, files)
    if output:
        print(output)
    print(f"published {len(files)} file(s) to {index.url}")
    return 0
