"""`event-contracts lock [--check]`: record newly published versions in schemas/registry.lock.

Appends one line per version not yet in the lock (never rewrites a line). With `--check` it
writes nothing and exits 1 when versions are missing from the lock or a locked fingerprint no
longer matches its file (an edited published version).
"""

from __future__ import annotations

import argparse
from typing import Any

from event_contracts._cli.common import project
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.lock import (
    LOCK_NAME,
    append_lock,
    mismatched_versions,
    pending_entries,
    read_lock,
)


def register(sub: Any) -> None:
    p = sub.add_parser("lock", help="record newly published versions in schemas/registry.lock")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the lock is missing versions or disagrees with a file",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    proj = project(args)
    catalog = load_catalog(proj.schemas, config=proj.config)
    path = proj.schemas / LOCK_NAME
    existing = read_lock(path)
    rel = f"{proj.config.schemas}/{LOCK_NAME}"
    mismatches = mismatched_versions(catalog, existing, rel)
    for line in mismatches:
        print(f"mismatch: {line}")
    pending = pending_entries(catalog, existing)
    if args.check:
        for e in pending:
            print(f"not locked: {e.event_type} v{e.version} ({e.fingerprint})")
        if pending:
            print(f"run `event-contracts lock` to record {len(pending)} version(s) in {rel}")
        elif not mismatches:
            print(f"ok: {rel} records all {len(existing)} version(s)")
        return 1 if pending or mismatches else 0
    append_lock(path, pending)
    for e in pending:
        print(f"locked {e.event_type} v{e.version} as schema id {e.schema_id} ({e.fingerprint})")
    if not pending:
        print(f"nothing to lock: {rel} already records every version")
    return 1 if mismatches else 0
