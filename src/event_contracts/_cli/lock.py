"""`event-contracts lock [--check | --rebase [--onto REF]]`: record newly published versions in
schemas/registry.lock.

Appends one line per version not yet in the lock (never rewrites a line). With `--check` it
writes nothing and exits 1 when versions are missing from the lock or a locked fingerprint no
longer matches its file (an edited published version). With `--rebase`, after merging the main
branch into a branch, it rewrites the lock as the main branch's lock (kept as it is) plus this
branch's versions appended with fresh schema ids; a lock with git conflict markers is fine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from event_contracts._cli.common import project, shown
from event_contracts._schema.gitref import repo_root, resolve_ref, run_git
from event_contracts._schema.loader import load_catalog
from event_contracts._schema.lock import (
    LOCK_NAME,
    append_lock,
    mismatched_versions,
    pending_entries,
    read_lock,
)
from event_contracts._schema.lock_rebase import merge_locks, rebase_lock
from event_contracts.errors import GitError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("lock", help="record newly published versions in schemas/registry.lock")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the lock is missing versions or disagrees with a file",
    )
    p.add_argument(
        "--rebase",
        action="store_true",
        help="after merging the main branch in: keep its lock entries as they are and re-append "
        "this branch's versions with fresh schema ids (resolves a conflicted lock)",
    )
    p.add_argument(
        "--onto",
        metavar="REF",
        default=None,
        help="with --rebase: the branch whose entries to keep (default: the branch being merged "
        "in, else origin/<main-branch>, else <main-branch>)",
    )
    p.add_argument(
        "--merge-driver",
        nargs=3,
        metavar=("ANCESTOR", "OURS", "THEIRS"),
        default=None,
        help="run by git as a merge driver for registry.lock (%%O %%A %%B): the side that holds "
        "the main branch's lock keeps its entries, the other side's are re-appended with fresh "
        "ids; writes the result to OURS (docs/gate.md)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.merge_driver is not None:
        return merge_driver(args)
    if args.onto is not None and not args.rebase:
        raise UsageError("--onto goes with --rebase")
    if args.rebase and args.check:
        raise UsageError("pass --rebase or --check, not both")
    if args.rebase:
        return rebase(args)
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


def rebase(args: argparse.Namespace) -> int:
    proj = project(args)
    catalog = load_catalog(proj.schemas, config=proj.config)
    path = proj.schemas / LOCK_NAME
    rel = f"{proj.config.schemas}/{LOCK_NAME}"
    onto = args.onto or _default_onto(proj.root, proj.config.main_branch)
    resolve_ref(proj.root, onto)
    lock_in_git = shown(path, proj.root)
    try:
        base_text: str | None = run_git(proj.root, "show", f"{onto}:./{lock_in_git}").decode()
    except GitError:
        base_text = None  # no lock on that branch yet
    rebased = rebase_lock(base_text, catalog, Path(f"{onto}:{rel}"))
    mismatches = mismatched_versions(catalog, rebased.entries, rel)
    for line in mismatches:
        print(f"mismatch: {line}")
    try:
        path.write_text(rebased.text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {rel}: {exc.strerror}") from None
    print(f"kept the {len(rebased.kept)} entries of {onto} as they are")
    for e in rebased.appended:
        print(
            f"re-appended {e.event_type} v{e.version} as schema id {e.schema_id} ({e.fingerprint})"
        )
    print(
        "next: run `event-contracts generate` (the package ships the lock file), then "
        f"`git add {rel}` and commit"
    )
    return 1 if mismatches else 0


def merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: exit 0 with the merged lock in OURS, 1 (markers in OURS) on a
    real conflict: the same version with two fingerprints."""
    _, ours_path, theirs_path = (Path(p) for p in args.merge_driver)
    ours = ours_path.read_text(encoding="utf-8")
    theirs = theirs_path.read_text(encoding="utf-8")
    proj = project(args)
    main = _main_lock(proj.root, proj.schemas / LOCK_NAME, proj.config.main_branch)
    merged = merge_locks(ours, theirs, main, Path(LOCK_NAME))
    if merged is None:
        ours_path.write_text(
            f"<<<<<<< ours\n{ours}=======\n{theirs}>>>>>>> theirs\n", encoding="utf-8"
        )
        print(
            f"{LOCK_NAME}: both branches added the same version with different schemas; keep "
            "the published one, renumber yours, then run `event-contracts lock --rebase`",
            file=sys.stderr,
        )
        return 1
    ours_path.write_text(merged, encoding="utf-8")
    return 0


def _main_lock(root: Path, path: Path, main_branch: str) -> str | None:
    """The main branch's lock text, or None when it cannot be found."""
    try:
        lock = shown(path, repo_root(root))
    except GitError:
        return None
    for ref in (f"origin/{main_branch}", main_branch):
        try:
            return run_git(root, "show", f"{ref}:{lock}").decode()
        except GitError:
            continue
    return None


def _default_onto(root: Path, main_branch: str) -> str:
    """The branch being merged in (MERGE_HEAD), else the main branch, remote first."""
    for candidate in ("MERGE_HEAD", f"origin/{main_branch}", main_branch):
        try:
            resolve_ref(root, candidate)
        except GitError:
            continue
        return candidate
    raise UsageError(
        f"cannot find the main branch {main_branch!r} (no merge in progress, no "
        f"origin/{main_branch}, no {main_branch}); pass --onto REF"
    )
