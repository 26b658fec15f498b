"""Writing output files without following symbolic links.

Output folders may be anywhere the user says (`--out`, `--report-dir`), but a file is never
written through a link: a repository could ship `docs/catalog/catalog.md` as a link to a file
of the user's, and the next `catalog` run would overwrite that file.
"""

from __future__ import annotations

import os
from pathlib import Path

from event_contracts.errors import UsageError


def real_folder(folder: Path, option: str) -> Path:
    """`folder`, created if needed; refused when it (or a file in its place) is a link."""
    if folder.is_symlink():
        raise UsageError(
            f"{option} {folder} is a symbolic link; outputs are never written through a link: "
            "pass the folder it points to"
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder} is a file; pass a folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path`, refusing to follow a link in its place."""
    if path.is_symlink():
        raise UsageError(f"{path} is a symbolic link; outputs are never written through a link")
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
