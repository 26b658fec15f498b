"""Content ids from git's index where a file is unchanged, hashed otherwise: the same ids."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from event_contracts._schema import filehash
from event_contracts._schema.filehash import blob_id, folder_ids

ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_blob_id_is_gits_object_id(tmp_path: Path) -> None:
    for content in (b"", b"hello\n", bytes(range(256)) * 3):
        (tmp_path / "f").write_bytes(content)
        assert blob_id(content) == _git(tmp_path, "hash-object", "f")


def test_ids_agree_inside_and_outside_git_and_follow_edits(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.py").write_text("a = 1\n")
    (folder / "sub" / "b.json").write_text("{}\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "a.pyc").write_bytes(b"\0")
    outside = folder_ids(folder, skip_dirs=frozenset({"__pycache__"}))
    assert set(outside) == {"a.py", "sub/b.json"}
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "pkg/a.py", "pkg/sub/b.json")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    assert folder_ids(folder, skip_dirs=frozenset({"__pycache__"})) == outside
    # an edit of a tracked file, a new untracked file: both seen, by content
    (folder / "a.py").write_text("a = 2\n")
    (folder / "c.py").write_text("c = 3\n")
    after = folder_ids(folder, skip_dirs=frozenset({"__pycache__"}))
    assert after["a.py"] == blob_id(b"a = 2\n") and after["c.py"] == blob_id(b"c = 3\n")
    assert after["sub/b.json"] == outside["sub/b.json"]


def test_git_listing_and_walk_see_the_same_files(tmp_path: Path) -> None:
    """Deleted tracked files are gone, ignored and untracked ones count (they are there), dot
    files, skipped folders and links do not: the same answer as walking the folder."""
    folder = tmp_path / "schemas"
    (folder / "m" / "T").mkdir(parents=True)
    for rel, text in {
        "m/T/v1.json": "{}\n",
        "m/T/v2.json": "[]\n",
        "m/T/event.toml": "x\n",
    }.items():
        (folder / rel).write_text(text)
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.tmp\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    (folder / "m" / "T" / "v2.json").unlink()  # deleted, still in the index
    (folder / "m" / "T" / "notes.tmp").write_text("ignored by git, still a file here\n")
    (folder / "m" / "T" / ".hidden").write_text("a dot file\n")
    (folder / "m" / "T" / "link.json").symlink_to(folder / "m" / "T" / "v1.json")
    (folder / "m" / "skip").mkdir()
    (folder / "m" / "skip" / "x.json").write_text("{}\n")
    skip = frozenset({"skip"})
    in_git = folder_ids(folder, skip_dirs=skip)
    assert set(in_git) == {"m/T/v1.json", "m/T/event.toml", "m/T/notes.tmp"}
    shutil.rmtree(tmp_path / ".git")
    assert folder_ids(folder, skip_dirs=skip) == in_git


def test_a_listing_started_early_gives_the_same_ids_and_leaves_no_git(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    (folder / "m").mkdir(parents=True)
    (folder / "m" / "a.json").write_text("{}\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    (folder / "m" / "a.json").write_text("[]\n")  # dirty
    (folder / "m" / "b.json").write_text("1\n")  # untracked
    plain = folder_ids(folder)
    filehash.prefetch(folder)
    assert folder_ids(folder) == plain  # the started listing, consumed
    assert plain == {"m/a.json": blob_id(b"[]\n"), "m/b.json": blob_id(b"1\n")}
    filehash.prefetch(folder)
    filehash.prefetch(tmp_path / "missing")  # nothing to list: nothing started
    filehash.forget_prefetched()  # a run that stopped early waits for what it started
    assert filehash._started == {}
    assert folder_ids(folder) == plain
    shutil.rmtree(tmp_path / ".git")
    filehash.prefetch(folder)  # git fails outside a repository: the walk answers
    assert folder_ids(folder) == plain


def _disk(folder: Path) -> dict[str, dict[str, bool]]:
    """Every folder under `folder` (followed links left out) → its entries → is a file."""
    found: dict[str, dict[str, bool]] = {}
    for top, subdirs, names in os.walk(folder):
        rel = Path(top).relative_to(folder).as_posix()
        key = "" if rel == "." else rel
        found[key] = {n: (Path(top) / n).is_file() for n in [*subdirs, *names]}
    return found


def test_folders_git_vouches_for_hold_what_the_disk_holds(tmp_path: Path) -> None:
    """`folder_ids(dirs=)` names a folder only when git's index lists all of it unchanged:
    an empty folder, a deleted or untracked file, a link, a new folder or a nested repository
    anywhere below makes the folder (and those above it) be read from the disk."""
    folder = tmp_path / "schemas"
    for t in ("A", "B", "C", "D", "E", "F", "G", "H"):
        (folder / "m" / t).mkdir(parents=True)
        (folder / "m" / t / "v1.json").write_text(f'{{"title": "{t}"}}\n')
        (folder / "m" / t / "event.toml").write_text("x\n")
    (folder / "n" / "K").mkdir(parents=True)
    (folder / "n" / "K" / "v1.json").write_text("{}\n")
    (folder / "n" / "K" / ".gitkeep").write_text("")
    (folder / "m" / "H" / "link.json").symlink_to(folder / "m" / "H" / "v1.json")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    clean: dict[str, dict[str, bool]] = {}
    folder_ids(folder, dirs=clean)
    # a link (tracked) makes its folder and those above it be read
    assert set(clean) == set(_disk(folder)) - {"", "m", "m/H"}
    assert all(entries == _disk(folder)[rel] for rel, entries in clean.items())
    (folder / "m" / "A" / "junk").mkdir()  # an empty folder: git lists no file for it
    for name in ("v1.json", "event.toml"):
        (folder / "m" / "B" / name).unlink()  # the folder stays, empty
    (folder / "m" / "C" / "v2.json").write_text("{}\n")  # untracked
    (folder / "m" / "D" / "v1.json").write_text('{"edited": 1}\n')
    (folder / "m" / "New").mkdir()  # a new empty type folder
    (folder / "o").mkdir()  # a new empty module folder
    (folder / "n" / "K" / "inner").mkdir()
    _git(folder / "n" / "K" / "inner", "init", "-q")  # a nested repository
    (folder / "n" / "K" / "inner" / "x.json").write_text("{}\n")
    dirs: dict[str, dict[str, bool]] = {}
    ids = folder_ids(folder, dirs=dirs)
    disk = _disk(folder)
    assert set(dirs) == {"m/E", "m/F", "m/G"}
    for rel, entries in dirs.items():
        assert entries == disk[rel], rel
    assert ids["n/K/inner/x.json"] == blob_id(b"{}\n")
    assert ids["m/C/v2.json"] == blob_id(b"{}\n")


def test_a_wholly_untracked_folder_is_listed_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.py").write_text("a = 1\n")
    (folder / "sub" / "b.json").write_text("{}\n")
    outside = folder_ids(folder)
    _git(tmp_path, "init", "-q")
    dirs: dict[str, dict[str, bool]] = {"stale": {}}
    assert folder_ids(folder, dirs=dirs) == outside == folder_ids(folder / ".." / "pkg")
    assert folder_ids(folder / "sub") == {"b.json": blob_id(b"{}\n")}
    assert dirs == {}
