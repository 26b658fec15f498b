"""A content-addressed cache of what is slow to recompute per schema file.

Entries are keyed by what they are computed from: a schema file's exact text (its git blob id)
and the versions of the code that computes them, so a changed file, a new release of
event-contracts or of jsonschema never reads a stale entry. The cache only saves time: a cold,
warm or deleted cache gives the same results.

The CLI opens it in the user's cache folder (`$XDG_CACHE_HOME/event-contracts`, by default
`~/.cache/event-contracts`: outside the project, so `validate` still writes nothing there and
nothing can be committed; `EVENT_CONTRACTS_CACHE_DIR` moves it, `EVENT_CONTRACTS_NO_CACHE=1`
turns it off) and saves it when the command ends; entries are content-addressed, so projects
share it safely. Library calls use an in-memory cache only. The base side of the gate shares
it with the working tree: an unchanged file is computed once.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from event_contracts._schema.filehash import blob_id

FILE = "schemas-v1.json"
MAX_ENTRIES = 200_000  # past this the file starts afresh: it holds what one repository needs
KIND_PARTS = {
    "avro-canonical": "canonical",
    "codegen-all": "codegen",
    "codegen-compiles": "codegen",
    "codegen-text": "codegen",
    "deep-version": "deep",
}
"""Kinds kept in a file of their own (`Cache.part`): large entries a pull request's `check`
reads only for the types it changed (canonical texts), or never (codegen's, and the deep
loads of `validate` and `generate`), so its one read of the main file is of what every
command needs (at 5,000 types, 4.4 MB instead of 6.1 MB: about 0.15 s less per `check` in
ten interleaved runs by hand)."""
T = TypeVar("T")


@functools.cache
def _code_version() -> str:
    return "/".join(dist_version(d) or "?" for d in ("event-contracts", "jsonschema", "fastavro"))


def dist_version(name: str) -> str | None:
    """The installed version of distribution `name` (None: not installed), as
    `importlib.metadata.version` finds it: the first `sys.path` folder that has it. Read from
    the `<name>-<version>.dist-info` folder's name, which costs a folder listing where
    importing `importlib.metadata` costs 25-60 ms; anything else (an `.egg-info`) asks it."""
    prefix = re.sub(r"[-_.]+", "_", name).lower() + "-"
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                names = [(e.name, e.is_dir()) for e in listing]
        except OSError:
            continue
        for found, is_dir in names:
            low = found.lower()
            if not low.startswith(prefix):
                continue
            if low.endswith(".dist-info") and is_dir:
                return found[len(prefix) : -len(".dist-info")]
            if low.endswith(".egg-info") or low.endswith(".egg"):
                return _metadata_version(name)
    return _metadata_version(name)


def _metadata_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree never installed
        return None


class Cache:
    """Read on first use, so a command (or an importing service) that never asks pays nothing."""

    def __init__(self, path: Path | None = None, *, routed: bool = True) -> None:
        self.path = path
        self._read: dict[str, Any] | None = None
        self._dirty = False
        self._parts: dict[str, Cache] = {}
        self._routed = routed
        self._journal: dict[str, Any] | None = None

    def _home(self, key: str) -> Cache:
        """The cache that holds `key`: a part for the kinds in `KIND_PARTS`, else this one."""
        if self._routed:
            name = KIND_PARTS.get(key.partition(":")[0])
            if name is not None:
                return self.part(name)
        return self

    def part(self, name: str) -> Cache:
        """A cache of its own in a file beside this one (`<name>-v1.json`), read on first use
        and saved with this one: for entries only some commands ask for (the pair verdicts of
        `check --full`), so the others never read them."""
        found = self._parts.get(name)
        if found is None:
            path = None if self.path is None else self.path.with_name(f"{name}-v1.json")
            found = self._parts[name] = Cache(path, routed=False)
        return found

    @property
    def _entries(self) -> dict[str, Any]:
        if self._read is None:
            self._read = {}
            if self.path is not None:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = None
                if isinstance(data, dict) and data.get("code") == _code_version():
                    entries = data.get("entries")
                    self._read = entries if isinstance(entries, dict) else {}
        return self._read

    def journal(self) -> dict[str, Any]:
        """A dict that receives, from now on, every entry `get` and `keep` write: what a
        helper process computed, for its parent to `keep` (`helper.in_two`)."""
        self._journal = {}
        return self._journal

    def preload(self) -> None:
        """Read the file now (it is read on first use anyway): for a caller with time to fill,
        such as the gate waiting for git."""
        self._entries  # noqa: B018

    def get(self, kind: str, text: str, compute: Callable[[], T], decode: Callable[[Any], T]) -> T:
        """The cached result of `compute()` for `text`, else computed and remembered.
        `decode` turns the JSON form back (tuples were written as lists)."""
        key = f"{kind}:{blob_id(text.encode('utf-8'))}"
        home = self._home(key)
        found = home._entries.get(key)
        if found is not None:
            try:
                return decode(found)
            except (TypeError, ValueError):
                pass  # a damaged entry: compute it again
        value = compute()
        home._entries[key] = value
        home._dirty = True
        if self._journal is not None:
            self._journal[key] = value
        return value

    def find(self, key: str) -> Any:
        """The entry stored under `key` by `keep` (None if there is none): for keys the caller
        builds from content ids it already has, such as git's blob ids, without the text."""
        return self._home(key)._entries.get(key)

    def keep(self, key: str, value: Any) -> None:
        home = self._home(key)
        if home._entries.get(key) != value:
            home._entries[key] = value
            home._dirty = True
            if self._journal is not None:
                self._journal[key] = value

    def save(self) -> None:
        for part in self._parts.values():
            part.save()
        if self.path is None or not self._dirty:
            return
        entries = self._entries if len(self._entries) <= MAX_ENTRIES else {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"code": _code_version(), "entries": entries}, fh, separators=(",", ":"))
            Path(tmp).replace(self.path)  # atomic: a concurrent reader sees old or new
        except OSError:
            return  # a read-only checkout: the cache only saves time
        self._dirty = False


def pair(value: Any) -> tuple[str, str]:
    """`decode` for a cached pair of strings (JSON keeps it as a list)."""
    first, second = value
    return str(first), str(second)


def pairs(value: Any) -> list[tuple[str, str]]:
    """`decode` for a cached list of pairs of strings."""
    return [pair(item) for item in value]


_current = Cache()


def current() -> Cache:
    return _current


def folder() -> Path:
    """Where the CLI keeps the cache: $EVENT_CONTRACTS_CACHE_DIR, else the user's cache folder."""
    configured = os.environ.get("EVENT_CONTRACTS_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "event-contracts"


def open_user_cache() -> Cache:
    """Use the user's cache folder for this process (the CLI calls this once)."""
    global _current
    try:
        path = None if os.environ.get("EVENT_CONTRACTS_NO_CACHE") else folder() / FILE
    except RuntimeError:  # no home folder to find: work without a cache on disk
        path = None
    _current = Cache(path)
    return _current
