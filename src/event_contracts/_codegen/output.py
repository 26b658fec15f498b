"""Putting the generated package on disk: checked first, then swapped in whole.

Every changed module is compiled before anything is written, so a schema whose code Python
cannot parse (brackets nested past the parser's limit, an expression too deep for the
compiler) is refused with a `CodegenError` and the old package stays. A new package is built
in a temporary sibling folder and renamed into place. In an existing package only the changed
files are touched: all are written beside their place first, then renamed in, and a failure
at any point puts the old files back, so a failure halfway leaves the old package, never a
mix of the two. Files whose bytes are the same are never rewritten.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from event_contracts._schema import cache, helper
from event_contracts._schema.filehash import blob_id
from event_contracts.errors import CodegenError


class _Change(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def new(self) -> bytes | None: ...


SHARED_AT = 1 << 20
"""Bytes of text to compile past which the work is shared with a helper (`_schema/helper.py`)."""


def check_compiles(todo: Sequence[_Change]) -> None:
    """Refuse generated modules Python could not import (syntax, nesting, encoding).

    A text this Python compiled before is not compiled again: the schema cache remembers it
    by the text's blob id and the Python version (parser limits change between versions)."""
    known = cache.current()
    python = sys.implementation.name + ".".join(map(str, sys.version_info[:3]))
    pending: list[tuple[str, bytes, str]] = []
    for change in todo:
        if not change.path.endswith(".py"):  # first: a mirror file's `new` reads the schema
            continue
        text = change.new
        if text is None:
            continue
        key = f"codegen-compiles:{python}:{blob_id(text)}"
        if known.find(key) is not True:
            pending.append((change.path, text, key))
    if helper.available() and sum(len(text) for _, text, _ in pending) >= SHARED_AT:
        # largest first, so alternate items split the bytes evenly; what compiles is cached
        helper.in_two(sorted(pending, key=lambda p: -len(p[1])), _compile_all)
    for path, text, key in pending:
        if known.find(key) is True:
            continue
        try:
            compile(text, path, "exec", dont_inherit=True)
            known.keep(key, True)
        except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
            detail = exc.msg if isinstance(exc, SyntaxError) else str(exc) or type(exc).__name__
            raise CodegenError(
                f"{path}: the generated code would not import ({detail}); the schema "
                "nests types too deeply or has too many union branches for Python: define "
                "nested types once as named records and refer to them by name. Nothing was "
                "written."
            ) from None


def _compile_all(pending: Sequence[tuple[str, bytes, str]]) -> None:
    """Compile each, remembering those that compile; the others are `check_compiles`'s to
    report, in order."""
    known = cache.current()
    for path, text, key in pending:
        try:
            compile(text, path, "exec", dont_inherit=True)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            continue
        known.keep(key, True)


def swap_in(root: Path, pkg: Path, todo: Sequence[_Change]) -> None:
    """Apply `todo` (paths relative to `root`, all under `pkg`; from `changes`, which ran
    `check_compiles`). A new package is built aside and renamed into place; an existing one
    gets only its changed files, each staged beside its place, then renamed in."""
    if pkg.is_symlink():
        raise CodegenError(f"{pkg} is a symbolic link; generate never writes through a link")
    rel_pkg = pkg.relative_to(root).as_posix()
    if pkg.is_dir():
        _apply_in_place(pkg, [(Path(c.path).relative_to(rel_pkg), c.new) for c in todo])
        return
    prefix = f"{rel_pkg}/"
    outside = next((c.path for c in todo if not c.path.startswith(prefix)), None)
    if outside is not None:
        raise ValueError(f"{outside} is not under {rel_pkg}")
    pkg.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{pkg.name}.new-", dir=pkg.parent))
    stop = threading.Event()
    try:
        stage.chmod(0o777 & ~_umask())
        if len(todo) < THREADED_AT or (os.cpu_count() or 1) < 2:
            _write_all(stage, len(prefix), todo, stop)
        else:
            _write_in_two(stage, len(prefix), todo, stop)
        stage.rename(pkg)
    except BaseException:
        stop.set()
        shutil.rmtree(stage, ignore_errors=True)
        raise


THREADED_AT = 2000
"""Files past which a new package is written by two threads. Creating files is the kernel's
work, which runs outside the GIL. Measured by hand at 5,000 types (25,000 files): where
creating a file cost 0.3-0.7 ms, one writer 18.0-18.7 s, two 7.9-11.1 s; on a rested disk,
the same files by a bare loop, 2.8 s and 1.6 s. `bench/scaling.py`'s `generate (everything)`
row shows the whole."""


def _write_in_two(stage: Path, skip: int, todo: Sequence[_Change], stop: threading.Event) -> None:
    """`_write_all` of every other folder's files in a second thread, so each writer makes
    its own folders; the first failure is raised once both stopped (`stop` makes the other
    stop at its next file)."""
    folders: dict[str, list[_Change]] = {}
    for change in todo:
        folders.setdefault(change.path.rpartition("/")[0], []).append(change)
    halves: list[list[_Change]] = [[], []]
    for i, group in enumerate(folders.values()):
        halves[i % 2].extend(group)
    failed: list[BaseException] = []

    def run(part: list[_Change]) -> None:
        try:
            _write_all(stage, skip, part, stop)
        except BaseException as exc:  # Ctrl-C too: raised below, once both writers stopped
            failed.append(exc)
            stop.set()

    other = threading.Thread(target=run, args=(halves[1],), name="event-contracts-writer")
    other.start()
    run(halves[0])
    other.join()
    if failed:
        raise failed[0]


def _write_all(stage: Path, skip: int, todo: Sequence[_Change], stop: threading.Event) -> None:
    """Write each change's new bytes under `stage` (its path less the first `skip`
    characters, the package's); strings, not `Path`s, for speed."""
    made = {str(stage)}
    for change in todo:
        if stop.is_set():
            return
        data = change.new  # a mirror file's bytes are read here, once
        if data is not None:
            path = f"{stage}/{change.path[skip:]}"
            folder = path.rpartition("/")[0]
            if folder not in made:
                Path(folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            _write(path, data)


def _apply_in_place(pkg: Path, todo: list[tuple[Path, bytes | None]]) -> None:
    """First every new file is written beside its place (`.<name>.<pid>.new`), then each is
    renamed in, the file it replaces or deletes renamed aside (`.<name>.<pid>.old`) until the
    end: a failure at any point puts every file back. Renames never follow links: a linked
    file is replaced, never written through; a linked folder on the way is refused."""
    tag = os.getpid()
    made: set[Path] = set()
    plain: set[Path] = set()
    staged: list[Path | None] = []
    done: list[tuple[Path, Path | None]] = []  # (path, where its old file went; None: new)
    try:
        for rel, new in todo:
            path = pkg / rel
            _refuse_linked_folders(pkg, path.parent, plain)
            if new is None:
                staged.append(None)
                continue
            if path.parent not in plain:
                _make_dirs(path.parent, made)
            temp = path.with_name(f".{path.name}.{tag}.new")
            staged.append(temp)
            _write(temp, new)
            _keep_mode(path, temp)
        for (rel, _), ready in zip(todo, staged, strict=True):
            path = pkg / rel
            if os.path.lexists(path):
                done.append((path, path.replace(path.with_name(f".{path.name}.{tag}.old"))))
            if ready is not None:
                ready.replace(path)
                done.append((path, None))
    except BaseException:
        for placed, was in reversed(done):
            if was is None:
                placed.unlink()
            else:
                was.replace(placed)
        for leftover in staged:
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        for folder in sorted(made, key=lambda p: len(p.parts), reverse=True):
            _prune(folder, pkg)
        raise
    for placed, was in done:
        if was is not None:
            was.unlink()
            if not os.path.lexists(placed):
                _prune(placed.parent, pkg)


_WRITE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _write(path: str | Path, data: bytes) -> None:
    """`path.write_bytes(data)` in three system calls (open, write, close): no buffer, no
    `fstat` or terminal check per file (a run may write 25,000 files)."""
    fd = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _refuse_linked_folders(pkg: Path, folder: Path, plain: set[Path]) -> None:
    """Refuse a folder between `pkg` and a file that is a link (`plain`: checked already)."""
    while folder != pkg and folder not in plain:
        if folder.is_symlink():
            raise CodegenError(f"{folder} is a symbolic link; generate never writes through a link")
        if folder.is_dir():
            plain.add(folder)
        folder = folder.parent


def _make_dirs(folder: Path, made: set[Path]) -> None:
    """`mkdir -p`, asking the file system once per folder (a run may write thousands)."""
    if folder not in made:
        if not folder.parent.is_dir():
            _make_dirs(folder.parent, made)
        folder.mkdir(exist_ok=True)
        made.add(folder)


def _keep_mode(path: Path, temp: Path) -> None:
    """An updated file keeps the permissions it had."""
    try:
        old = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISREG(old.st_mode) and stat.S_IMODE(old.st_mode) != 0o666 & ~_umask():
        temp.chmod(stat.S_IMODE(old.st_mode))


@functools.cache
def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by deletions, up to (not including) `top`."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
