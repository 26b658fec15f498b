"""What authoring reads from git: a file at a ref, and when each schema file was first committed."""

from __future__ import annotations

from pathlib import Path

from event_contracts._schema.gitref import repo_root, resolve_ref, run_git
from event_contracts.errors import GitError


def relative_to_repo(path: Path) -> tuple[Path, str]:
    """(repository root, `path` relative to it in git's spelling); GitError outside a repo."""
    root = repo_root(path if path.is_dir() else path.parent)
    return root, path.resolve().relative_to(root.resolve()).as_posix()


def file_at(repo: Path, ref: str, rel: str) -> str | None:
    """The text of `rel` at `ref`, or None when the file did not exist there."""
    commit = resolve_ref(repo, ref)
    try:
        return run_git(repo, "show", f"{commit}:{rel}").decode("utf-8", errors="replace")
    except GitError:
        return None


def first_commit_dates(folder: Path) -> dict[Path, str]:
    """Date (YYYY-MM-DD, committer) when each file under `folder` was first added.

    One `git log` for the whole folder; empty when git or a repository is missing, so the
    catalog falls back to version order.
    """
    try:
        root, rel = relative_to_repo(folder)
    except (GitError, ValueError):
        return {}
    try:
        out = run_git(
            root,
            "log",
            "--diff-filter=A",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            rel or ".",
        ).decode("utf-8", errors="surrogateescape")
    except GitError:
        return {}
    dates: dict[Path, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:]
        elif line.strip() and date:
            dates[(root / line).resolve()] = date  # newest first: the last seen is the first add
    return dates
