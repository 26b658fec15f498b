"""`event-contracts version`: the semver bump a schema change needs, checked against pyproject.

--suggest    (default) the bump, its reasons, and the next version
--check      exit 1 when the contracts' version is not bumped at least that much
--changelog  prepend a Keep-a-Changelog section for the release to CHANGELOG.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from event_contracts._authoring.changelog import prepend, section
from event_contracts._authoring.gitfiles import file_at, relative_to_repo
from event_contracts._authoring.semver_bump import (
    Bump,
    check_version,
    next_version,
    parse_version,
    suggest_bump,
)
from event_contracts._cli.common import Project, against, project
from event_contracts._dist.meta import contracts_version
from event_contracts._schema.gitref import default_base, resolve_ref, schemas_at
from event_contracts._schema.loader import load_catalog, scan
from event_contracts._schema.model import Catalog
from event_contracts.errors import ConfigError, GitError, UsageError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "version",
        help="the package version bump a schema change needs (--suggest, --check, --changelog)",
        description="Compare the schemas with the base ref and state the semver bump the change "
        "needs: major (a type or version removed), minor (a new type, version or superseding "
        "type), patch (docs only).",
    )
    p.add_argument("--suggest", action="store_true", help="print the bump (the default)")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 unless the contracts' version ([tool.event-contracts] version) is bumped "
        "at least that much",
    )
    p.add_argument(
        "--changelog",
        action="store_true",
        help="prepend a Keep-a-Changelog section for this release to CHANGELOG.md",
    )
    p.add_argument(
        "--against",
        metavar="REF",
        default=None,
        help="base git ref (default: merge base of HEAD with the main branch)",
    )
    p.add_argument("--date", default=None, help="release date for --changelog (default: today)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


@dataclass(frozen=True)
class Base:
    ref: str
    commit: str
    catalog: Catalog | None
    version: str | None


def run(args: argparse.Namespace) -> int:
    if args.date is not None:
        _check_date(args.date)  # before any git work, and even when nothing changed
    proj = project(args)
    head = load_catalog(proj.schemas, config=proj.config)
    base = load_base(proj, against(args.against))
    bump = suggest_bump(base.catalog, head)
    try:
        head_version: str | None = read_version(proj.root / "pyproject.toml")
    except (ConfigError, UsageError):
        if args.check or args.changelog:
            raise
        head_version = None  # --suggest still states the bump without a static version
    start = base.version or head_version
    nxt = next_version(start, bump.level) if start else None
    result: dict[str, Any] = {
        **bump.as_dict(),
        "base_ref": base.ref,
        "base_version": base.version,
        "version": head_version,
        "next_version": nxt,
    }
    status = 0
    if args.check:
        assert head_version is not None
        verdict = check_version(base.version, head_version, bump)
        result["check"] = {"ok": verdict.ok, "message": verdict.message}
        status = 0 if verdict.ok else 1
    if args.changelog:
        assert head_version is not None
        result["changelog"] = write_changelog(proj, bump, head, base, head_version, args.date)
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        _print_text(result, bump, base)
    return status


def _print_text(result: dict[str, Any], bump: Bump, base: Base) -> None:
    where = f"{base.ref} ({base.commit[:8]})"
    print(f"bump: {bump.level}  (schemas compared with {where})")
    for c in bump.reasons:
        print(f"  {c.level:<5}  {c.message}")
    start = base.version or result["version"]
    if start:
        print(f"next version: {result['next_version']} ({bump.level} bump of {start})")
    else:
        print(
            "next version: unknown (no version under [tool.event-contracts] or [project] "
            "in pyproject.toml)"
        )
    if "check" in result:
        ok = result["check"]["ok"]
        stream = sys.stdout if ok else sys.stderr
        print(f"{'ok' if ok else 'error'}: {result['check']['message']}", file=stream)
    if "changelog" in result:
        print(result["changelog"])


def read_version(pyproject: Path, text: str | None = None) -> str:
    """The contracts distribution's version: `[tool.event-contracts] version`, else
    `[project] version`; statically declared (a dynamic version cannot be checked)."""
    version = contracts_version(pyproject, text)
    parse_version(version)
    return version


def load_base(proj: Project, against: str | None) -> Base:
    try:
        repo, schemas_rel = relative_to_repo(proj.schemas)
    except GitError as exc:
        raise GitError(
            f"{exc}; `event-contracts version` compares the schemas with a git ref, so run it "
            "in a git clone of the project"
        ) from None
    pyproject_rel = (proj.root / "pyproject.toml").resolve().relative_to(repo.resolve()).as_posix()
    ref = against or default_base(repo, proj.config.main_branch)
    commit = resolve_ref(repo, ref)
    with schemas_at(repo, commit, schemas_rel) as folder:
        catalog = scan(folder, config=proj.config, deep=False)[0] if folder else None
    text = file_at(repo, commit, pyproject_rel)
    version = None
    if text is not None:
        try:
            version = read_version(Path(f"{ref}:{pyproject_rel}"), text)
        except (ConfigError, UsageError):
            version = None  # the base had no usable version: nothing to compare against
    return Base(
        ref if against else f"merge base with {proj.config.main_branch}", commit, catalog, version
    )


def write_changelog(
    proj: Project, bump: Bump, head: Catalog, base: Base, head_version: str, date: str | None
) -> str:
    path = proj.root / "CHANGELOG.md"
    if bump.level == "none":
        return f"nothing changed since {base.ref}: {path.name} left as it is"
    bumped = base.version is None or parse_version(head_version) > parse_version(base.version)
    label = head_version if bumped else "Unreleased"
    day = date or dt.datetime.now(dt.UTC).date().isoformat()
    prepend(path, section(label, day, bump, head), label)
    return f"added [{label}] to {path.name}"


def _check_date(day: str) -> None:
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        raise UsageError(f"--date {day!r} is not a date; use YYYY-MM-DD") from None
