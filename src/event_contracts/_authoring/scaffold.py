"""`new event`, `new version`, `new event --supersedes`: the right layout every time.

Everything is checked before the first byte is written, and files are created with exclusive
mode, so nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from event_contracts._authoring import schema_text
from event_contracts._authoring.names import check_module, parse_type_id
from event_contracts._authoring.upcaster_stub import Stub, plan_stub, write_stub
from event_contracts._schema.loader import VERSION_FILE, scan
from event_contracts._schema.model import FORMAT_SUFFIX, Config, Format
from event_contracts._schema.names import did_you_mean
from event_contracts.errors import Problem, UsageError


@dataclass(frozen=True, slots=True)
class Created:
    """What a scaffolding command wrote: the schema to edit first, and everything else."""

    schema: Path
    others: tuple[Path, ...] = ()
    stub: Stub | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Workspace:
    """The project a command writes into."""

    root: Path
    config: Config

    @property
    def schemas(self) -> Path:
        return self.root / self.config.schemas

    @property
    def upcasters(self) -> Path:
        return self.root / self.config.package_dir / self.config.package / "upcasters.py"

    def rel(self, path: Path) -> str:
        """A path as the user sees it: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def new_event(
    ws: Workspace,
    type_id: str,
    *,
    fmt: Format = "avro",
    subscribers: Sequence[str] = (),
    description: str | None = None,
) -> Created:
    module, name = parse_type_id(type_id)
    check_module(module, ws.config.modules)
    _check_subscribers(ws, subscribers, module)
    folder = _free_folder(ws, module, name)
    text = (description or "").strip() or schema_text.TODO_DESCRIPTION
    schema_path = folder / f"v1{FORMAT_SUFFIX[fmt]}"
    files = {
        folder / "event.toml": schema_text.event_toml(text, _unique(subscribers)),
        schema_path: schema_text.starter(fmt, module, name, text),
    }
    _write_new(folder, files, ws.root)
    return Created(schema_path, (folder / "event.toml",))


def new_version(ws: Workspace, type_id: str) -> Created:
    module, name = parse_type_id(type_id)
    folder = ws.schemas / module / name
    if not folder.is_dir():
        raise UsageError(
            f"event type {type_id} does not exist (no folder {folder})"
            + did_you_mean(type_id, _existing_ids(ws))
            + f"; create it with `event-contracts new event {type_id}`"
        )
    versions = _version_files(folder, type_id)
    latest_n = max(versions)
    fmt, latest = versions[latest_n]
    target = folder / f"v{latest_n + 1}{FORMAT_SUFFIX[fmt]}"
    try:
        text = latest.read_text(encoding="utf-8")
        schema = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            f"cannot copy {latest}: {exc}; fix it first (`event-contracts validate`)"
        ) from None
    new_text = schema_text.next_version_text(fmt, text, schema, module, name, latest_n)
    _create(target, new_text)
    notes = [f"copied {latest.name}; edit {target.name}, then run `event-contracts check`"]
    if fmt == "avro":
        notes.append("give every new field a default, or old data cannot be read")
    return Created(target, notes=tuple(notes))


def supersede(
    ws: Workspace,
    type_id: str,
    old_id: str,
    *,
    subscribers: Sequence[str] | None = None,
    description: str | None = None,
    fmt: Format | None = None,
) -> Created:
    module, name = parse_type_id(type_id)
    parse_type_id(old_id)
    check_module(module, ws.config.modules)
    catalog, problems = scan(ws.schemas, config=ws.config, deep=False)
    if old_id not in catalog.event_types:
        broken = [
            p for p in problems if p.file and _inside(p.file, ws.schemas / old_id.replace(".", "/"))
        ]
        if broken:
            raise UsageError(
                f"{old_id} does not load ({broken[0]}); fix it first (`event-contracts validate`)"
            )
        raise UsageError(
            f"cannot supersede {old_id}: no such event type"
            + did_you_mean(old_id, catalog.event_types)
            + "; name an existing type as <module>.<EventName>"
        )
    old = catalog[old_id]
    if fmt is not None and fmt != old.format:
        raise UsageError(
            f"{old_id} is {old.format}; a superseding type starts as a copy of it, so it keeps "
            f"the format (drop --format, or create a new type without --supersedes)"
        )
    subs = list(old.subscribers) if subscribers is None else list(subscribers)
    _check_subscribers(ws, subs, module)
    folder = _free_folder(ws, module, name)
    latest = old.latest
    stub = plan_stub(ws.upcasters, old_id, latest.number, type_id)
    text = (description or "").strip() or f"Replaces {old_id}. {schema_text.TODO_DESCRIPTION}"
    schema_path = folder / f"v1{FORMAT_SUFFIX[old.format]}"
    schema = schema_text.renamed_copy(
        old.format, latest.schema, (old.module, old.name, latest.number), module, name
    )
    files = {
        folder / "event.toml": schema_text.event_toml(text, _unique(subs), supersedes=old_id),
        schema_path: schema,
    }
    _write_new(folder, files, ws.root)
    write_stub(stub)
    notes = [
        f"v1 starts as a copy of {old_id} v{latest.number}: make the breaking change there",
        f"{'created' if stub.created else 'appended to'} {ws.rel(stub.path)}: "
        f"fill in {stub.function}",
    ]
    if not old.deprecated:
        notes.append(
            f'when consumers can move, set deprecated = "Publish {type_id} instead." '
            f"in {ws.rel(old.path / 'event.toml')}"
        )
    notes += [f"warning: {p}" for p in _problems_in(ws, folder)]
    return Created(schema_path, (folder / "event.toml",), stub, tuple(notes))


def _check_subscribers(ws: Workspace, subscribers: Sequence[str], module: str) -> None:
    known = set(ws.config.modules)
    if known:
        known.add(module)
        if ws.schemas.is_dir():
            known.update(p.name for p in ws.schemas.iterdir() if p.is_dir())
    for sub in subscribers:
        check_module(sub, known, what="subscriber")


def _free_folder(ws: Workspace, module: str, name: str) -> Path:
    """The new type's folder, refusing when it (or a name differing only in case) exists."""
    folder = ws.schemas / module / name
    if folder.exists():
        raise UsageError(
            f"{folder} already exists; nothing was written. To evolve {module}.{name}, run "
            f"`event-contracts new version {module}.{name}`"
        )
    module_dir = ws.schemas / module
    if module_dir.is_dir():
        for other in module_dir.iterdir():
            if other.name.lower() == name.lower():
                raise UsageError(
                    f"{module}.{other.name} exists and differs from {module}.{name} only in "
                    "case, which collides on many systems; choose another name"
                )
    return folder


def _version_files(folder: Path, type_id: str) -> dict[int, tuple[Format, Path]]:
    found: dict[int, tuple[Format, Path]] = {}
    for path in folder.iterdir():
        m = VERSION_FILE.match(path.name)
        if m and path.is_file():
            found[int(m.group(1))] = ("avro" if m.group(2) == "avsc" else "jsonschema", path)
    if not found:
        raise UsageError(f"{type_id} has no version files to copy; add v1.avsc or v1.json")
    if len({f for f, _ in found.values()}) > 1:
        raise UsageError(
            f"{type_id} mixes .avsc and .json versions; keep one format "
            "(see `event-contracts validate`)"
        )
    return found


def _write_new(folder: Path, files: dict[Path, str], root: Path) -> None:
    # the module folder may exist already: never create the type through a link leading out
    parent = folder.parent.resolve()
    if not parent.is_relative_to(root.resolve()):
        raise UsageError(
            f"{folder.parent} leads outside the project (a symbolic link to {parent}); nothing "
            "was written"
        )
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise UsageError(f"{folder} already exists; nothing was written") from None
    for path, text in files.items():
        _create(path, text)


def _create(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; nothing was overwritten") from None


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _existing_ids(ws: Workspace) -> list[str]:
    if not ws.schemas.is_dir():
        return []
    return [f"{m.name}.{e.name}" for m in ws.schemas.iterdir() if m.is_dir() for e in m.iterdir()]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _problems_in(ws: Workspace, folder: Path) -> list[Problem]:
    _, problems = scan(ws.schemas, config=ws.config, deep=False)
    return [p for p in problems if p.file is not None and _inside(p.file, folder)]
