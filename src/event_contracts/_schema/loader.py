"""Walk `schemas/<module>/<EventName>/`, collect every problem, build the frozen catalog.

One folder at a time here; `event_toml.py` reads a type's metadata, `version_file.py` one
version file, `scan_state.py` holds what the walk collects."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from event_contracts._schema import helper
from event_contracts._schema.config import find_project_root, load_config
from event_contracts._schema.event_toml import _event_toml, _toml_line
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog, Config, EventType, Format, SchemaVersion
from event_contracts._schema.names import (
    EVENT_NAME,
    MODULE_NAME,
    did_you_mean,
    pascal_case,
    snake_case,
)
from event_contracts._schema.scan_state import ScanState as _Scan
from event_contracts._schema.stored import (
    StoredVersion,
    nested_types,
    remember_type,
    stored_type,
    type_key,
    unknown_types,
)
from event_contracts._schema.version_file import _at, _load_version
from event_contracts._vocab import Mode, Policy
from event_contracts.errors import Problem, SchemaError, UsageError

VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.(avsc|json)$")
IGNORED = frozenset({"README.md", ".gitkeep", ".DS_Store"})
LOCK_FILE = LOCK_NAME  # the name `_runtime` imports from here


def load_catalog(root: str | Path = "schemas", *, config: Config | None = None) -> Catalog:
    """Load every event type under `root`; raise `SchemaError` listing every problem."""
    catalog, problems = scan(root, config=config)
    if problems:
        raise SchemaError(problems)
    return catalog


def scan(
    root: str | Path = "schemas",
    *,
    config: Config | None = None,
    deep: bool = True,
    ids: Mapping[str, str] | None = None,
    dirs: Mapping[str, Mapping[str, bool]] | None = None,
) -> tuple[Catalog, list[Problem]]:
    """The catalog of everything that loaded, and every problem found on the way.

    `deep=False` skips meta-schema and cross-type checks (parse and fingerprint only), for
    callers that already validated the tree, such as the gate on unchanged types. `ids`: the
    git blob ids of the files under `root` (`filehash.folder_ids`); with them a scan reads
    only the files it has not loaded (as deep) before (`stored.py`), the others when asked for.
    `dirs`: what the folders git vouches for hold (`folder_ids(dirs=)`), so they are not
    listed again; any other folder is read from the disk.
    """
    root = Path(root)
    if not root.is_dir():
        raise UsageError(
            f"schemas folder {root} does not exist; run inside the project, or pass --root DIR"
        )
    if config is None:
        config = load_config(find_project_root(root.resolve().parent))
    if deep and ids is not None and (cold := cold_types(ids)):
        # a cold cache (a fresh machine, an upgrade): check them in two processes; the walk
        # below takes them from the cache and reports every problem itself

        def check(part: Sequence[str]) -> None:  # what it found stays in the cache, not sent
            scan_types(root, config, part, ids=ids, dirs=dirs)

        helper.in_two(cold, check)
    s = _new_scan(root, config, deep, ids, dirs)
    for module_dir in sorted(p for p in root.iterdir() if p.name not in IGNORED):
        if s.leaves(module_dir):
            continue
        if module_dir.is_file():
            if module_dir.name != LOCK_FILE:
                s.problem(
                    "STRAY_FILE",
                    module_dir,
                    "files at the top of schemas/ are not read",
                    f"move it into a module folder or remove it (only {LOCK_FILE} belongs here)",
                )
            continue
        if module_dir.name.startswith("."):
            continue
        _scan_module(s, module_dir)
    if deep:
        _cross_checks(s)
    catalog = Catalog(root, config, MappingProxyType(dict(sorted(s.types.items()))), ids)
    return catalog, s.problems


SHARED_AT = 100
"""Types a cold cache must check before the work is shared with a helper process."""


def cold_types(ids: Mapping[str, str]) -> list[str]:
    """The type folders (`module/Name`) a deep load must check afresh, when there are enough
    of them (`SHARED_AT`) and this process may share the work (`helper.available`); else
    none."""
    if not helper.available():
        return []
    cold = unknown_types(ids)
    return cold if len(cold) >= SHARED_AT else []


def scan_types(
    root: Path,
    config: Config,
    folders: Sequence[str],
    *,
    ids: Mapping[str, str] | None = None,
    dirs: Mapping[str, Mapping[str, bool]] | None = None,
) -> dict[str, EventType]:
    """The types in `folders` (`module/Name` under `root`), loaded as deep as `scan` loads
    them, without the checks across types; problems are dropped. For work that only fills the
    cache (`helper.in_two`): the `scan` after it reports, from the cache, what this met."""
    s = _new_scan(root, config, True, ids, dirs)
    for rel in folders:
        _scan_event(s, rel.partition("/")[0], root / rel)
    return s.types


def _new_scan(
    root: Path,
    config: Config,
    deep: bool,
    ids: Mapping[str, str] | None,
    dirs: Mapping[str, Mapping[str, bool]] | None,
) -> _Scan:
    s = _Scan(root, config, deep, ids=ids, dirs=dirs)
    real = root.resolve()
    s.top = find_project_root(real) or real
    return s


def scan_event_type(
    root: Path, config: Config, type_id: str
) -> tuple[EventType | None, list[Problem]]:
    """One event type's folder (`<module>/<EventName>` under `root`), parsed and fingerprinted
    only (as `scan(deep=False)`): the runtime loads the types it meets, not the whole tree.
    (None, []) when the folder does not exist."""
    module, _, name = type_id.partition(".")
    event_dir = root / module / name
    if not (MODULE_NAME.match(module) and name and event_dir.is_dir()):
        return None, []
    s = _Scan(root, config, deep=False)
    _scan_event(s, module, event_dir)
    return s.types.get(type_id), s.problems


class _Entry(NamedTuple):  # a tuple: a scan makes one per file (20,000 at 5,000 types)
    name: str
    path: Path
    link: bool
    file: bool
    """A regular file, or a link to one (as `Path.is_file`)."""


def _listing(folder: Path, s: _Scan, rel: str) -> list[_Entry]:
    """The folder's entries by name, typed from the listing itself (no `stat` per entry where
    the file system says what each is); `rel`: the folder's path under the schemas folder.
    A folder git vouches for (`s.dirs`) is not read: it holds regular files and folders."""
    known = s.dirs.get(rel) if s.dirs is not None else None
    if known is not None:
        return [_Entry(name, _child(folder, name), False, known[name]) for name in sorted(known)]
    with os.scandir(folder) as found:
        entries = [(e.name, e.is_symlink(), e.is_file()) for e in found]
    return [_Entry(name, _child(folder, name), link, file) for name, link, file in sorted(entries)]


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a name from a listing (one part, no separator), without parsing it
    again where pathlib offers that (a scan makes one per file: 20,000 at 5,000 types)."""
    make = getattr(folder, "_make_child_relpath", None)
    return make(name) if make is not None else folder / name


def _scan_module(s: _Scan, module_dir: Path) -> None:
    module = module_dir.name
    if not MODULE_NAME.match(module):
        s.problem(
            "BAD_MODULE_NAME",
            module_dir,
            f"module folder {module!r} is not lower_snake_case",
            f"rename it to {snake_case(module)!r}",
        )
        return
    if s.config.modules and module not in s.config.modules:
        s.problem(
            "UNKNOWN_MODULE",
            module_dir,
            f"module {module!r} is not a known module",
            "add it to `modules` under [tool.event-contracts] in pyproject.toml"
            + did_you_mean(module, s.config.modules),
        )
    for entry in _listing(module_dir, s, module):
        event_dir = entry.path
        if entry.name in IGNORED or (entry.link and s.leaves(event_dir)):
            continue
        if entry.file:
            s.problem(
                "STRAY_FILE",
                event_dir,
                "a module folder holds only event type folders",
                "move the file into an event type folder or remove it",
            )
            continue
        _scan_event(s, module, event_dir)


def _rename(name: str) -> str:
    """The fix for a folder name that is not PascalCase: a name that is, when one follows."""
    suggested = pascal_case(name)
    if suggested != name and EVENT_NAME.match(suggested):
        return f"rename the folder to {suggested!r} (PascalCase, past tense: ProductAdded)"
    return (
        "rename the folder to a PascalCase name with a lower-case letter, in the past tense "
        "(ProductAdded)"
    )


def _scan_event(s: _Scan, module: str, event_dir: Path) -> None:
    name = event_dir.name
    type_id = f"{module}.{name}"
    if not EVENT_NAME.match(name):
        s.problem(
            "BAD_EVENT_NAME",
            event_dir,
            f"event name {name!r} is not PascalCase",
            _rename(name),
        )
        return
    other = s.folded.get(type_id.lower())
    if other is not None:
        s.problem(
            "DUPLICATE_EVENT_TYPE",
            event_dir,
            f"event type {type_id} is also defined as {other}",
            "keep one folder; names differing only in case collide on many systems",
        )
        return
    s.declared.add(type_id)
    rel = f"{module}/{name}"
    # a folder git vouches for whole, loaded before without a problem: one look-up
    key = None
    if s.dirs is not None and s.ids is not None and not s.deep:
        known = s.dirs.get(rel)
        key = type_key(type_id, rel, known, s.ids) if known is not None else None
    record = stored_type(key)
    if record is not None:
        kept, stored = record
        suffix = ".avsc" if stored[0][1] == "avro" else ".json"
        ids = s.ids or {}  # the record's key holds every file's id: a text read must match
        found = []
        for n, f, fp in stored:
            name = f"v{n}{suffix}"
            blob = ids.get(f"{rel}/{name}")
            found.append(StoredVersion(n, f, _child(event_dir, name), fp, blob=blob))
        _add_type(s, type_id, event_dir, stored[0][1], kept, found)
        return
    before = len(s.problems)
    listing = _listing(event_dir, s, rel)
    leaving = {e.name for e in listing if e.link and s.leaves(e.path)}
    inside = [e for e in listing if e.name not in leaving]
    meta = None if "event.toml" in leaving else _event_toml(s, type_id, event_dir)
    files: dict[int, Path] = {}
    formats: set[Format] = set()
    for entry in inside:
        path = entry.path
        if entry.name in IGNORED or entry.name == "event.toml":
            continue
        m = VERSION_FILE.match(entry.name)
        if not m or not entry.file:
            s.problem(
                "BAD_VERSION_FILE",
                path,
                f"{path.name!r} is not a version file",
                "name version files v1.avsc, v2.avsc ... (Avro) or v1.json, v2.json ... "
                "(JSON Schema), and keep nothing else here but event.toml",
            )
            continue
        formats.add("avro" if m.group(2) == "avsc" else "jsonschema")
        files[int(m.group(1))] = path
    if len(formats) > 1:
        s.problem(
            "MIXED_FORMATS",
            event_dir,
            f"{type_id} has both .avsc and .json versions",
            "keep one format per event type; a new format means a new event type",
        )
        return
    if not files:
        s.problem(
            "NO_VERSIONS", event_dir, f"{type_id} has no version files", "add v1.avsc or v1.json"
        )
        return
    numbers = sorted(files)
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        # the first few gaps only: `v99...9.avsc` (250 digits) must not build a huge range
        present = set(numbers)
        last = min(numbers[-1], len(numbers) + 11)
        missing = [n for n in range(1, last) if n not in present][:10]
        s.problem(
            "VERSION_GAP",
            event_dir,
            f"{type_id} skips version(s) {', '.join(f'v{n}' for n in missing)}",
            "number versions 1, 2, 3 ... without gaps",
        )
    fmt: Format = formats.pop()
    versions = []
    for n in numbers:
        v = _load_version(s, type_id, n, fmt, files[n])
        if v is not None:
            versions.append(v)
    if meta is None or len(versions) != len(numbers):
        return
    _add_type(s, type_id, event_dir, fmt, meta, versions)
    if key is not None and len(s.problems) == before:
        blobs = [s.blob(type_id, files[v.number].name) for v in versions]
        remember_type(key, type_id, s.blob(type_id, "event.toml"), versions, blobs)


def _add_type(
    s: _Scan,
    type_id: str,
    event_dir: Path,
    fmt: Format,
    meta: Mapping[str, Any],
    versions: Sequence[SchemaVersion],
) -> None:
    module, _, name = type_id.partition(".")
    mode_value = meta.get("mode")
    policy_value = meta.get("policy")
    deprecated = meta.get("deprecated")
    s.folded[type_id.lower()] = type_id
    s.types[type_id] = EventType(
        id=type_id,
        module=module,
        name=name,
        format=fmt,
        mode=Mode(mode_value) if mode_value else s.config.mode_for(fmt),
        description=str(meta.get("description", "")),
        subscribers=tuple(meta.get("subscribers", ())),
        versions=tuple(versions),
        path=event_dir,
        supersedes=meta.get("supersedes"),
        deprecated=(deprecated if isinstance(deprecated, str) else "deprecated")
        if deprecated
        else None,
        policy=Policy(policy_value) if policy_value else s.config.jsonschema_policy,
        mode_explicit=bool(mode_value),
        partition_key=meta.get("partition-key"),
    )


def _cross_checks(s: _Scan) -> None:
    producers = {d.split(".", 1)[0] for d in s.declared}
    known = set(s.config.modules) | producers
    for t in s.types.values():
        toml = t.path / "event.toml"
        for sub in t.subscribers:
            if sub not in known:
                s.problem(
                    "UNKNOWN_SUBSCRIBER",
                    toml,
                    f"subscriber {sub!r} is not a known module",
                    "add it to `modules` under [tool.event-contracts]"
                    + did_you_mean(sub, sorted(known)),
                    line=_toml_line(toml, "subscribers"),
                )
        if t.supersedes is not None:
            if t.supersedes == t.id:
                s.problem(
                    "BAD_SUPERSEDES",
                    toml,
                    f"{t.id} cannot supersede itself",
                    "name the event type this one replaces",
                    line=_toml_line(toml, "supersedes"),
                )
            elif t.supersedes not in s.declared:
                s.problem(
                    "UNKNOWN_SUPERSEDES",
                    toml,
                    f"supersedes {t.supersedes!r}, which is not an event type here",
                    "name an existing event type as <module>.<EventName>"
                    + did_you_mean(t.supersedes, sorted(s.declared - {t.id})),
                    line=_toml_line(toml, "supersedes"),
                )
        if t.partition_key is not None and t.partition_key not in _top_fields(t.latest):
            s.problem(
                "BAD_EVENT_VALUE",
                toml,
                f"partition-key {t.partition_key!r} is not a field of {t.id} v{t.latest.number}",
                "name a top-level field of the latest version: "
                + ", ".join(sorted(_top_fields(t.latest)))
                + did_you_mean(t.partition_key, sorted(_top_fields(t.latest))),
                line=_toml_line(toml, "partition-key"),
            )
        if t.format == "avro":
            for v in t.versions:
                for full, ptr in nested_types(v):
                    if full in s.types and full != t.id:
                        s.problem(
                            "DUPLICATE_EVENT_TYPE",
                            v.source,
                            f"a nested type redefines event type {full}",
                            "give the nested type another name or namespace",
                            pointer=ptr,
                            **_at(v.text, ptr),
                        )


def _top_fields(v: SchemaVersion) -> set[str]:
    """Names of the top-level fields of a version: Avro record fields, JSON properties."""
    schema = v.schema
    if not isinstance(schema, dict):
        return set()
    if v.format == "avro":
        fields = schema.get("fields")
        return {f["name"] for f in fields or () if isinstance(f, dict) and "name" in f}
    props = schema.get("properties")
    return set(props) if isinstance(props, dict) else set()
