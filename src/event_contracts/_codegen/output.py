"""Putting the generated package on disk: checked first, then swapped in whole.

Every changed module is compiled before anything is written, so a schema whose code Python
cannot parse (brackets nested past the parser's limit, an expression too deep for the
compiler) is refused with a `CodegenError` and the old package stays. The new package is built
in a temporary sibling folder (a copy of the old one with the changes applied) and renamed
into place, so a failure halfway leaves the old package, never a mix of the two.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from event_contracts.errors import CodegenError


class _Change(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def new(self) -> bytes | None: ...


def check_compiles(todo: Sequence[_Change]) -> None:
    """Refuse generated modules Python could not import (syntax, nesting, encoding)."""
    for change in todo:
        if change.new is None or not change.path.endswith(".py"):
            continue
        try:
            compile(change.new, change.path, "exec", dont_inherit=True)
        except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
            detail = exc.msg if isinstance(exc, SyntaxError) else str(exc) or type(exc).__name__
            raise CodegenError(
                f"{change.path}: the generated code would not import ({detail}); the schema "
                "nests types too deeply or has too many union branches for Python: define "
                "nested types once as named records and refer to them by name. Nothing was "
                "written."
            ) from None


def swap_in(root: Path, pkg: Path, todo: Sequence[_Change]) -> None:
    """Apply `todo` (paths relative to `root`, all under `pkg`) to a copy of `pkg`, then
    rename the copy into place. `todo` comes from `changes`, which ran `check_compiles`."""
    if pkg.is_symlink():
        raise CodegenError(f"{pkg} is a symbolic link; generate never writes through a link")
    pkg.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{pkg.name}.new-", dir=pkg.parent))
    try:
        if pkg.is_dir():
            shutil.copytree(
                pkg,
                stage,
                symlinks=True,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
        else:
            umask = os.umask(0)
            os.umask(umask)
            stage.chmod(0o777 & ~umask)
        rel_pkg = pkg.relative_to(root).as_posix()
        for change in todo:
            path = stage / Path(change.path).relative_to(rel_pkg)
            if path.is_symlink():  # copied from the old package: replace it, never follow it
                path.unlink()
                if change.new is None:
                    continue
            if change.new is None:
                path.unlink()
                _prune(path.parent, stage)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(change.new)
        _replace(stage, pkg)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _replace(stage: Path, pkg: Path) -> None:
    if not pkg.exists():
        stage.rename(pkg)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{pkg.name}.old-", dir=pkg.parent))
    old.rmdir()
    pkg.rename(old)
    try:
        stage.rename(pkg)
    except BaseException:
        old.rename(pkg)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by deletions, up to (not including) `top`."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
