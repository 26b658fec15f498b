"""Read the schemas folder as it was at a git ref, without checking anything out."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from event_contracts.errors import GitError


def run_git(repo: Path, *args: str) -> bytes:
    """git's stdout; GitError with git's own message when git is missing or the command fails.

    The one place the package runs git, so every caller gets the same errors.
    """
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


class Started:
    """A git command running in the background (`start_git`); `output()` waits for it and
    gives what `run_git` would have given, errors included. Its output goes to a temporary
    file, so git never waits for a reader."""

    def __init__(self, repo: Path, args: tuple[str, ...]) -> None:
        self.args = args
        # closed by output(), which every caller runs (a `with` block cannot span the two)
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc: subprocess.Popen[bytes] | None = None
        self._error: GitError | None = None
        try:
            self._proc = subprocess.Popen(
                ["git", *args], cwd=repo, stdout=self._out, stderr=self._err
            )
        except OSError as exc:
            self._error = GitError(f"cannot run git: {exc}")

    def output(self) -> bytes:
        try:
            if self._error is not None:
                raise self._error
            assert self._proc is not None
            code = self._proc.wait()
            self._out.seek(0)
            self._err.seek(0)
            out, err = self._out.read(), self._err.read()
        finally:
            self._out.close()
            self._err.close()
        if code != 0:
            raise GitError(err.decode(errors="replace").strip() or f"git {self.args[0]} failed")
        return out


def start_git(repo: Path, *args: str) -> Started:
    """`run_git` in the background: start several, then collect each one's `output()`."""
    return Started(repo, args)


def _git(repo: Path, *args: str) -> str:
    return run_git(repo, *args).decode(errors="replace").strip()


def has_commits(repo: Path) -> bool:
    """Whether HEAD names a commit (false in a fresh `git init`, before the first commit)."""
    try:
        run_git(repo, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError:
        return False
    return True


def repo_root(path: Path) -> Path:
    """The top of the git work tree holding `path`; GitError when it is not in one."""
    try:
        return Path(_git(path, "rev-parse", "--show-toplevel"))
    except GitError:
        raise GitError(f"{path} is not inside a git repository") from None


def resolve_ref(repo: Path, ref: str) -> str:
    """The commit a ref names; a clear GitError (with the fix) when it does not exist."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"git ref {ref!r} does not exist in this clone; fetch the base branch first "
            f"(e.g. `git fetch origin {ref.removeprefix('origin/')}`, or check out with "
            "full history: fetch-depth: 0)"
        ) from None


def default_base(repo: Path, main_branch: str = "main") -> str:
    """The merge base of HEAD with the main branch (remote first, then local)."""
    for candidate in (f"origin/{main_branch}", main_branch):
        try:
            commit = resolve_ref(repo, candidate)
        except GitError:
            continue
        try:
            return _git(repo, "merge-base", "HEAD", commit)
        except GitError:
            raise GitError(
                f"no merge base between HEAD and {candidate}; the clone is probably shallow: "
                "fetch the base branch with its history (git fetch --unshallow, or "
                "fetch-depth: 0 in CI)"
            ) from None
    raise GitError(
        f"cannot find the main branch {main_branch!r} (tried origin/{main_branch} and "
        f"{main_branch}); fetch the base branch, or pass --against REF"
    )


@contextmanager
def schemas_at(repo: Path, ref: str, schemas_rel: str) -> Iterator[Path | None]:
    """A temporary folder holding `schemas_rel` as it was at `ref` (None if absent there)."""
    commit = resolve_ref(repo, ref)
    listing = _git(repo, "ls-tree", "-d", "--name-only", commit, "--", schemas_rel)
    with tempfile.TemporaryDirectory(prefix="event-contracts-base-") as tmp:
        if not listing:
            yield None
            return
        data = run_git(repo, "archive", "--format=tar", commit, "--", schemas_rel)
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp) / schemas_rel
