"""A throw-away project (a git repository with one event type) and a way to run every command
on it in-process, asserting the house rule for bad input: exit 2, a message, no traceback."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tests.gate.conftest import Repo, Run, make_repo

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate",),
    ("list",),
    ("lock",),
    ("generate",),
    ("check",),
    ("catalog", "--no-git-dates"),
)
"""Every command that reads the schemas folder."""

TOML = 'description = "A thing happened."\nsubscribers = ["orders"]\n'


def thing(**extra: Any) -> dict[str, Any]:
    schema = {"type": "record", "name": "Thing", "namespace": "catalog", "fields": []}
    return {**schema, **extra}


def project(root: Path, files: Mapping[str, str | bytes] | None = None) -> Repo:
    """A repository holding catalog.Thing (v1, an empty record) unless `files` replace it."""
    repo = make_repo(root)
    base = {
        "schemas/catalog/Thing/event.toml": TOML,
        "schemas/catalog/Thing/v1.avsc": json.dumps(thing()),
    }
    for rel, content in {**base, **(files or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return repo


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` but .git, by content hash: to show nothing was written."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def refused(repo: Repo, commands: Iterable[tuple[str, ...]] = COMMANDS) -> dict[str, Run]:
    """Run each command; each must exit 2 with an `error:` line (`validate` lists problems
    and exits 1), write nothing, and raise nothing (a traceback fails the calling test)."""
    results: dict[str, Run] = {}
    for command in commands:
        before = snapshot(repo.root)
        run = repo.run(*command)
        where = f"{' '.join(command)}: exit {run.code}\n{run.err[-2000:]}"
        if command[0] == "validate" and run.code == 1:
            assert "problem(s) found" in run.err, where
        else:
            assert run.code == 2, where
            assert "error" in run.err, where
        assert "Traceback" not in run.err, where
        assert snapshot(repo.root) == before, f"{' '.join(command)} wrote files"
        results[command[0]] = run
    return results
