"""Walk `schemas/<module>/<EventName>/`, collect every problem, build the frozen catalog."""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from event_contracts._schema import avro as avro_schema
from event_contracts._schema import cache
from event_contracts._schema import jsonschema as json_schema
from event_contracts._schema.config import find_project_root, load_config
from event_contracts._schema.jsonpos import positions
from event_contracts._schema.jsonrefs import ref_problems
from event_contracts._schema.jsontext import json_int, lone_surrogate
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog, Config, EventType, Format, SchemaVersion
from event_contracts._schema.names import (
    EVENT_NAME,
    MODULE_NAME,
    did_you_mean,
    pascal_case,
    snake_case,
)
from event_contracts._schema.stored import (
    remember_toml,
    remember_version,
    stored_toml,
    stored_version,
)
from event_contracts._vocab import Mode, Policy
from event_contracts.errors import Problem, SchemaError, UsageError

VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.(avsc|json)$")
EVENT_KEYS = (
    "description",
    "subscribers",
    "mode",
    "policy",
    "supersedes",
    "deprecated",
    "partition-key",
)
IGNORED = frozenset({"README.md", ".gitkeep", ".DS_Store"})
LOCK_FILE = LOCK_NAME  # the name `_runtime` imports from here


@dataclass
class _Scan:
    root: Path
    config: Config
    deep: bool
    problems: list[Problem] = field(default_factory=list)
    types: dict[str, EventType] = field(default_factory=dict)
    # Every well-named type folder, loaded or not, so one broken file does not make
    # references to its type look dangling.
    declared: set[str] = field(default_factory=set)
    # Loaded type ids by their lower-case form: a case-only clash is one look-up, not a scan.
    folded: dict[str, str] = field(default_factory=dict)
    top: Path | None = None
    """The folder no symbolic link under the schemas folder may lead out of (the project)."""
    ids: Mapping[str, str] | None = None
    """Blob ids of the files (relative POSIX path → id) when a shallow scan may take the
    results of files it loaded before from the cache (`stored.py`)."""

    def blob(self, type_id: str, file: str) -> str | None:
        """The blob id of a file of an event type, for a shallow scan given ids."""
        if self.ids is None or self.deep:
            return None
        return self.ids.get(f"{type_id.replace('.', '/', 1)}/{file}")

    def leaves(self, path: Path) -> bool:
        """True (and a problem) when `path` is a symbolic link to outside the project: files
        there are not the project's, and writes through the link would land elsewhere."""
        if self.top is None or not path.is_symlink():
            return False
        target = path.resolve()
        if target.is_relative_to(self.top):
            return False
        self.problem(
            "LINK_OUTSIDE_PROJECT",
            path,
            f"a symbolic link to {target}, outside the project {self.top}; it is not read",
            "copy the files into the project, or link only to folders inside it",
        )
        return True

    def problem(
        self, code: str, file: Path | None, message: str, fix: str = "", **where: Any
    ) -> None:
        self.problems.append(Problem(code, file, message, fix, **where))


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
) -> tuple[Catalog, list[Problem]]:
    """The catalog of everything that loaded, and every problem found on the way.

    `deep=False` skips meta-schema and cross-type checks (parse and fingerprint only), for
    callers that already validated the tree, such as the gate on unchanged types. `ids`: the
    git blob ids of the files under `root` (`filehash.folder_ids`); with them a shallow scan
    reads only the files it has not loaded before (`stored.py`), the others when asked for.
    """
    root = Path(root)
    if not root.is_dir():
        raise UsageError(
            f"schemas folder {root} does not exist; run inside the project, or pass --root DIR"
        )
    if config is None:
        config = load_config(find_project_root(root.resolve().parent))
    s = _Scan(root, config, deep, ids=ids)
    real = root.resolve()
    s.top = find_project_root(real) or real
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


@dataclass(frozen=True, slots=True)
class _Entry:
    path: Path
    link: bool
    file: bool
    """A regular file, or a link to one (as `Path.is_file`)."""


def _listing(folder: Path) -> list[_Entry]:
    """The folder's entries by name, typed from the listing itself (no `stat` per entry where
    the file system says what each is)."""
    with os.scandir(folder) as found:
        entries = [(e.name, e.is_symlink(), e.is_file()) for e in found]
    return [_Entry(folder / name, link, file) for name, link, file in sorted(entries)]


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
    for entry in _listing(module_dir):
        event_dir = entry.path
        if event_dir.name in IGNORED or (entry.link and s.leaves(event_dir)):
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


def _scan_event(s: _Scan, module: str, event_dir: Path) -> None:
    name = event_dir.name
    type_id = f"{module}.{name}"
    if not EVENT_NAME.match(name):
        s.problem(
            "BAD_EVENT_NAME",
            event_dir,
            f"event name {name!r} is not PascalCase",
            f"rename the folder to {pascal_case(name)!r} (PascalCase, past tense: ProductAdded)",
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
    listing = _listing(event_dir)
    leaving = {e.path.name for e in listing if e.link and s.leaves(e.path)}
    inside = [e for e in listing if e.path.name not in leaving]
    meta = None if "event.toml" in leaving else _event_toml(s, type_id, event_dir)
    files: dict[int, Path] = {}
    formats: set[Format] = set()
    for entry in inside:
        path = entry.path
        if path.name in IGNORED or path.name == "event.toml":
            continue
        m = VERSION_FILE.match(path.name)
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


def _event_toml(s: _Scan, type_id: str, event_dir: Path) -> dict[str, Any] | None:
    blob = s.blob(type_id, "event.toml")
    found = stored_toml(blob)
    if found is None:
        found = _read_event_toml(s, event_dir)
        if found is not None:
            remember_toml(blob, found)
    return found


def _read_event_toml(s: _Scan, event_dir: Path) -> dict[str, Any] | None:
    path = event_dir / "event.toml"
    if not path.is_file():
        s.problem(
            "MISSING_EVENT_TOML",
            path,
            "every event type needs an event.toml",
            'create it with at least: description = "..." and subscribers = []',
        )
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        s.problem("UNREADABLE_FILE", path, f"cannot read the file: {exc}", "save it as UTF-8 text")
        return None
    except RecursionError:
        s.problem(
            "MALFORMED_TOML",
            path,
            "the TOML nests too deeply to read",
            "flatten the nested arrays or tables",
            line=1,
        )
        return None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (len(text.splitlines()), None)
        s.problem(
            "MALFORMED_TOML",
            path,
            f"not valid TOML: {exc}",
            "fix the TOML syntax",
            line=line,
            column=column,
        )
        return None
    except ValueError as exc:  # an integer of more digits than Python converts (4300)
        s.problem("MALFORMED_TOML", path, f"not readable TOML: {exc}", "shorten the number")
        return None
    ok = True
    for key in sorted(set(data) - set(EVENT_KEYS)):
        s.problem(
            "UNKNOWN_EVENT_KEY",
            path,
            f"unknown key {key!r} in event.toml",
            f"known keys: {', '.join(EVENT_KEYS)}" + did_you_mean(key, EVENT_KEYS),
            line=_toml_line(path, key),
        )
        ok = False
    checks: list[tuple[str, bool, str]] = [
        ("description", isinstance(data.get("description", ""), str), "a string"),
        (
            "subscribers",
            isinstance(data.get("subscribers", []), list)
            and all(isinstance(x, str) for x in data.get("subscribers", [])),
            "a list of module names",
        ),
        (
            "mode",
            data.get("mode") is None or str(data.get("mode")) in Mode.__members__,
            "one of " + ", ".join(Mode.__members__),
        ),
        (
            "policy",
            data.get("policy") is None or str(data.get("policy")) in Policy.__members__,
            "STRICT or LENIENT",
        ),
        (
            "supersedes",
            data.get("supersedes") is None or isinstance(data.get("supersedes"), str),
            "an event type id such as catalog.ProductAdded",
        ),
        (
            "deprecated",
            isinstance(data.get("deprecated", False), (bool, str)),
            "true, false or a notice string",
        ),
        (
            "partition-key",
            data.get("partition-key") is None
            or (isinstance(data.get("partition-key"), str) and bool(data["partition-key"])),
            "the name of a top-level field of the event (the bus's message key)",
        ),
    ]
    for key, good, what in checks:
        if not good:
            s.problem(
                "BAD_EVENT_VALUE",
                path,
                f"{key} = {data.get(key)!r} is not {what}",
                f"set {key} to {what}",
                line=_toml_line(path, key),
            )
            ok = False
    if "description" not in data or not str(data.get("description", "")).strip():
        s.problem(
            "MISSING_DESCRIPTION",
            path,
            "event.toml has no description",
            'add description = "what fact this event records and when it is published"',
            line=1,
        )
        ok = False
    return data if ok else None


def _toml_line(path: Path, key: str) -> int:
    """`toml_line`, or 1 for a key spelled with escapes, which a line scan cannot match."""
    return toml_line(path, key) or 1


def toml_line(path: Path, key: str) -> int | None:
    """The line defining `key`: `key = ...`, a quoted or dotted key, or a `[key]` table."""
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = re.compile(rf"^\s*(?:\[\[?\s*{name}\s*[\].]|{name}\s*[=.])")
    try:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.match(line):
                return i
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _load_version(s: _Scan, type_id: str, n: int, fmt: Format, path: Path) -> SchemaVersion | None:
    blob = s.blob(type_id, path.name)
    stored = stored_version(type_id, n, fmt, path, blob)
    if stored is not None:
        return stored
    v = _read_version(s, type_id, n, fmt, path)
    if v is not None:
        remember_version(type_id, v, blob)
    return v


def _read_version(s: _Scan, type_id: str, n: int, fmt: Format, path: Path) -> SchemaVersion | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        s.problem("UNREADABLE_FILE", path, f"cannot read the file: {exc}", "save it as UTF-8 text")
        return None
    if not text.strip():
        s.problem("EMPTY_FILE", path, "the file is empty", "write the schema, or delete the file")
        return None
    try:
        schema = json.loads(text, parse_constant=_not_json, parse_int=json_int)
    except RecursionError:
        s.problem(
            "MALFORMED_JSON",
            path,
            "the JSON nests too deeply to read (Python's limit is about 1000 levels)",
            "flatten the schema: define nested types once and refer to them by name",
            line=1,
            column=1,
        )
        return None
    except json.JSONDecodeError as exc:
        line, column = (exc.lineno, exc.colno) if exc.doc else _locate_constant(text)
        s.problem(
            "MALFORMED_JSON",
            path,
            f"not valid JSON: {exc.msg}",
            "fix the JSON syntax at that position",
            line=line,
            column=column,
        )
        return None
    surrogate = lone_surrogate(text, schema)
    if surrogate is not None:
        s.problem(
            "MALFORMED_JSON",
            path,
            f"the string {surrogate!r} holds a lone surrogate escape, which is not Unicode text",
            "remove the \\uD8xx-\\uDFxx escape, or pair it as a valid UTF-16 surrogate pair",
            line=1,
            column=1,
        )
        return None
    before = len(s.problems)
    try:
        if fmt == "avro":
            _check_avro(s, type_id, path, text, schema)
        else:
            _check_jsonschema(s, type_id, n, path, text, schema)
    except RecursionError:  # the checks walk the schema recursively, as every parser does
        del s.problems[before:]
        s.problem(
            "AVRO_INVALID" if fmt == "avro" else "JSONSCHEMA_INVALID",
            path,
            "the schema nests too deeply to check (Python's limit is about 1000 levels)",
            "flatten the schema: define nested types once and refer to them by name",
            line=1,
            column=1,
        )
    if len(s.problems) > before:
        return None
    try:
        if fmt == "avro":
            canonical, fp = cache.current().get(
                "avro-canonical",
                text,
                lambda: avro_schema.canonical_and_fingerprint(schema, checked=s.deep),
                cache.pair,
            )
        else:
            canonical, fp = json_schema.canonical_and_fingerprint(schema)
    except Exception as exc:  # a schema fastavro cannot canonicalise is a problem, not a crash
        s.problem(
            "AVRO_INVALID",
            path,
            f"cannot compute the canonical form: {exc}",
            "correct the schema so it follows the Avro specification",
        )
        return None
    return SchemaVersion(n, fmt, schema, path, text, fp, canonical)


# Python's json reads NaN, Infinity and -Infinity; JSON (RFC 8259) and other tools do not.
# A string, or what the JSON reader refuses outside one: NaN, infinities, an integer past
# Python's default conversion limit of 4300 digits.
_CONSTANT = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|(-?Infinity|NaN|-?[0-9]{4301,})')


def _not_json(word: str) -> Any:
    raise json.JSONDecodeError(f"{word} is not a JSON value (write a number or null)", "", 0)


def _locate_constant(text: str) -> tuple[int, int]:
    """Where the NaN/Infinity or over-long integer `_not_json`/`_int` refused sits."""
    for m in _CONSTANT.finditer(text):
        if m.group(1):
            line = text.count("\n", 0, m.start()) + 1
            return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return 1, 1


def _at(text: str, ptr: str) -> dict[str, Any]:
    table = positions(text)
    while ptr not in table and ptr:
        ptr = ptr.rsplit("/", 1)[0]
    line, col = table.get(ptr, (None, None))
    return {"line": line, "column": col}


def _check_avro(s: _Scan, type_id: str, path: Path, text: str, schema: Any) -> None:
    if not (isinstance(schema, dict) and schema.get("type") == "record"):
        s.problem(
            "AVRO_NOT_A_RECORD",
            path,
            "an event schema must be an Avro record",
            f'make the top level {{"type": "record", "name": "{type_id}", "fields": [...]}}',
            line=1,
            column=1,
        )
        return
    # A shallow scan (the gate, which checks what changed deeply itself) reads names and
    # fingerprints only; the canonical form still refuses what fastavro cannot parse.
    if s.deep:
        issues = cache.current().get("avro-check", text, lambda: _avro_issues(schema), _issues)
        for code, pointer, message, fix in issues:
            s.problem(code, path, message, fix, pointer=pointer, **_at(text, pointer))
    full = avro_schema.record_fullname(schema)
    if full != type_id:
        s.problem(
            "NAME_MISMATCH",
            path,
            f"the record's full name is {full!r} but the folder says {type_id!r}",
            f'set "name": "{type_id.rsplit(".", 1)[1]}" and "namespace": '
            f'"{type_id.rsplit(".", 1)[0]}" (or "name": "{type_id}")',
            pointer="/name",
            **_at(text, "/name"),
        )


def _avro_issues(schema: Any) -> list[tuple[str, str, str, str]]:
    return [(i.code, i.pointer, i.message, i.fix) for i in avro_schema.check(schema)]


def _issues(value: Any) -> list[tuple[str, str, str, str]]:
    return [(str(c), str(p), str(m), str(f)) for c, p, m, f in value]


def _check_jsonschema(s: _Scan, type_id: str, n: int, path: Path, text: str, schema: Any) -> None:
    module, name = type_id.split(".")
    if not isinstance(schema, dict):
        s.problem(
            "JSONSCHEMA_NOT_OBJECT",
            path,
            "an event schema must be a JSON object",
            '{"type": "object", "title": "...", "properties": {...}}',
            line=1,
            column=1,
        )
        return
    try:
        json_schema.draft_of(schema)
    except KeyError:
        s.problem(
            "JSONSCHEMA_UNSUPPORTED_DRAFT",
            path,
            f"$schema {schema['$schema']!r} is not supported",
            f'use "{json_schema.DRAFT_2020_12}" or "{json_schema.DRAFT_07}"',
            pointer="/$schema",
            **_at(text, "/$schema"),
        )
        return
    if s.deep:
        found = cache.current().get(
            "jsonschema-meta", text, lambda: list(json_schema.meta_errors(schema)), cache.pairs
        )
        for ptr, message in found:
            s.problem(
                "JSONSCHEMA_INVALID",
                path,
                f"invalid JSON Schema: {message}",
                "correct the keyword so the schema follows its draft's meta-schema",
                pointer=ptr,
                **_at(text, ptr),
            )
    refs = _may_hold_refs(text)
    for ptr, why in (
        ref_problems(schema, path, s.root, json_schema.draft_of(schema)) if refs else ()
    ):
        if why:
            s.problem(
                "JSONSCHEMA_BAD_REF",
                path,
                why,
                "use a local ref (#/$defs/...) or a relative path to a file under schemas/",
                pointer=ptr,
                **_at(text, ptr),
            )
    if schema.get("type") != "object":
        s.problem(
            "JSONSCHEMA_NOT_OBJECT",
            path,
            'an event schema must have "type": "object"',
            'set "type": "object"',
            pointer="/type",
            **_at(text, "/type"),
        )
    if schema.get("title") != name:
        s.problem(
            "NAME_MISMATCH",
            path,
            f"the title is {schema.get('title')!r} but the folder says {name!r}",
            f'set "title": "{name}"',
            pointer="/title",
            **_at(text, "/title"),
        )
    sid = schema.get("$id")
    if sid is not None and not _id_agrees(str(sid), module, name, n):
        s.problem(
            "NAME_MISMATCH",
            path,
            f"$id {sid!r} does not name {type_id} version {n}",
            f'use an $id ending in "{module}/{name}/v{n}.json", or remove it',
            pointer="/$id",
            **_at(text, "/$id"),
        )


def _may_hold_refs(text: str) -> bool:
    """False when no key of the JSON `text` can be `$ref` or `$dynamicRef` (neither is
    written, and no `\\u` escape could spell one): most files, and a walk saved."""
    return "$ref" in text or "$dynamicRef" in text or "\\u" in text


def _id_agrees(sid: str, module: str, name: str, n: int) -> bool:
    base = sid.split("#", 1)[0].rstrip("/")
    return base.endswith(
        (
            f"{module}/{name}/v{n}.json",
            f"{module}.{name}",
            f"{module}.{name}.v{n}",
            f"{module}/{name}/v{n}",
        )
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
                for full, ptr in avro_schema.named_types(v.schema):
                    if ptr and full in s.types and full != t.id:
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
