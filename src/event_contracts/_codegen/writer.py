"""Build the expected package tree, compare it with the disk, write or report the difference.

The generator owns exactly: `.py` files whose first line is its header, the `_schemas/` mirror
of the schemas folder, and `_generated.json` (the manifest). Everything else in the package
(`upcasters.py`, `__init__.py` at the top, `py.typed`, helpers) is never written or removed.

The manifest records, per version file, a hash of its inputs and the git blob id of the text
written, so a run where nothing changed renders nothing and reads almost nothing: the ids of
unchanged tracked files come from git's index (`_schema/filehash.py`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from event_contracts._codegen import naming, reuse
from event_contracts._codegen.json_bundle import external_files
from event_contracts._codegen.output import check_compiles, swap_in
from event_contracts._codegen.package import (
    VersionRef,
    check_module,
    check_names,
    index,
    module_events,
    module_init,
)
from event_contracts._codegen.plan import VersionPlan
from event_contracts._codegen.render import HEADER, HEADER_PREFIX, exported, render_version
from event_contracts._codegen.rendered import Rendered, for_cache
from event_contracts._schema import helper
from event_contracts._schema.config import load_config
from event_contracts._schema.filehash import Folders, blob_id, folder_ids, read_as
from event_contracts._schema.model import Catalog, Config, EventType, SchemaVersion
from event_contracts._schema.stored import StoredVersion
from event_contracts.errors import CodegenError, SchemaError

GENERATOR_VERSION = "2"
"""Written into the manifest; entries also depend on the generator's own source (`_code_hash`)."""
MANIFEST = "_generated.json"
SCHEMAS_DIR = "_schemas"
_NOT_OURS = frozenset({"__pycache__"})


@dataclass
class Tree:
    """The generated package as it should be: path relative to the package dir → bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, dict[str, str]] = field(default_factory=dict)
    same: dict[str, str] = field(default_factory=dict)
    """Files known to be on disk as they should be, by git blob id: never read or rewritten."""
    copies: dict[str, tuple[Path, str]] = field(default_factory=dict)
    """Files that are copies of a schema file (path, blob id): read only when written."""


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    """Relative to the project root, POSIX separators."""
    kind: str  # "create" | "update" | "delete"
    old: bytes | None
    content: bytes | None
    source: Path | None = None
    """The new bytes are this file's (the `_schemas/` mirror): read when asked, so a run that
    writes every file does not hold the schemas' bytes twice."""
    source_id: str | None = None
    """The blob id `source` had when the run began (the manifest records it): checked on read."""

    @property
    def new(self) -> bytes | None:
        return read_as(self.source, self.source_id) if self.source is not None else self.content


def package_dir(project_root: Path, config: Config) -> Path:
    return project_root / config.package_dir / config.package


def changes(
    project_root: str | Path, *, include_manifest: bool = True, catalog: Catalog | None = None
) -> list[Change]:
    """Every file `generate` would create, update or delete, sorted by path.

    The manifest is a cache: with `include_manifest=False` (what `--check` uses) a manifest
    that differs only in its cache keys does not make the package stale. `catalog`: the
    project's catalog when the caller has loaded it already (the gate), to skip a second scan.
    """
    root = Path(project_root)
    config = load_config(root)
    pkg = package_dir(root, config)
    schemas = root / config.schemas
    ids = catalog.file_ids if catalog is not None else None
    dirs: Folders = {}
    if ids is None:
        ids = folder_ids(schemas, dirs=dirs) if schemas.is_dir() else {}
    digest = inputs_digest(schemas, config, ids=ids)
    on_disk = folder_ids(pkg, skip_dirs=_NOT_OURS) if pkg.is_dir() else {}
    manifest = _manifest(pkg)
    recorded = _recorded_outputs(manifest)
    existing = owned_files(pkg, on_disk, recorded)
    if _unchanged_since_manifest(manifest, digest, existing, on_disk, recorded):
        return []
    rendered = for_cache()
    if catalog is None:
        from event_contracts._schema.loader import scan  # only when there is work to do

        _warm(root, config, pkg, ids, dirs, rendered)
        # every check `validate` makes: generate refuses what validate refuses (a file that
        # passed them before, by its blob id, is not read again: `stored.py`)
        catalog, problems = scan(root / config.schemas, config=config, ids=ids, dirs=dirs)
        if problems:
            raise SchemaError(problems)
    tree = expected_tree(
        catalog, config, pkg, digest=digest, on_disk=on_disk, schema_ids=ids, rendered=rendered
    )
    del catalog  # the parsed schemas are not needed past here: their memory goes to the writes
    for rel, content in _starter_files(config.package).items():
        # written once for a new package; afterwards they belong to the project
        if rel in existing or not (pkg / rel).exists():
            tree.files[rel] = content
    out: list[Change] = []
    prefix = pkg.relative_to(root).as_posix()
    present = pkg.is_dir()  # no package yet: no file to look for
    for rel in sorted((set(tree.files) | set(tree.copies) | existing) - set(tree.same)):
        new = tree.files.get(rel)
        source, sha = tree.copies.get(rel, (None, None))
        if new is not None:
            sha = blob_id(new)
        if sha is not None and on_disk.get(rel) == sha:
            continue  # the same bytes are on disk (known without reading the file)
        path = pkg / rel
        old = path.read_bytes() if present and path.is_file() else None
        if rel == MANIFEST and not include_manifest:
            continue
        wanted = sha is not None  # the file belongs in the package
        if old is None and not wanted:
            continue
        if old is not None and wanted and old == (source.read_bytes() if source else new):
            continue
        if wanted and old is not None and rel not in existing:
            raise CodegenError(
                f"{path} exists and was not written by the generator (no header line); "
                "move it away or rename the event/module it collides with"
            )
        kind = "delete" if not wanted else "create" if old is None else "update"
        out.append(Change(f"{prefix}/{rel}", kind, old, new, source, sha if source else None))
    check_compiles(out)
    rendered.save()
    return out


def _warm(
    root: Path, config: Config, pkg: Path, ids: Mapping[str, str], dirs: Folders, rendered: Rendered
) -> None:
    """On a cold cache, check, render and compile the version files in two processes
    (`_schema/helper.py`); the ordinary run after it finds the results cached. Only results:
    what fails here is left for that run to report."""
    from event_contracts._schema.loader import cold_types, scan_types

    cold = cold_types(ids) if rendered.folder is not None else []  # no cache: nothing to fill
    if not cold:
        return
    schemas = root / config.schemas
    schemas_rel = Path(config.schemas).as_posix()
    old_manifest = _read_manifest(pkg)

    def work(part: Sequence[str]) -> list[tuple[str, bytes, list[str]]]:
        out = []
        for event in scan_types(schemas, config, part, ids=ids, dirs=dirs).values():
            for version in event.versions:
                ref = _ref(event, version)
                rel = f"{event.module}/{ref.file_module}.py"
                resource = version.source.relative_to(schemas).as_posix()
                source = f"{schemas_rel}/{resource}"
                try:
                    key = _input_key(source, event, version, ids.get(resource))
                    entry = old_manifest.get(rel)
                    if (entry and entry.get("input") == key) or rendered.find(key) is not None:
                        continue  # the ordinary run reuses the file, or the cached text
                    content, names = _render(event, version, ref, resource, source)
                    check_compiles([Change(rel, "create", None, content)])
                except Exception:  # the ordinary run meets it and says what
                    continue
                out.append((key, content, names))
        return out

    for done in helper.in_two(cold, work):
        for key, content, names in done:
            rendered.keep(key, content, names)


def stale_files(project_root: str | Path, catalog: Catalog | None = None) -> list[str]:
    """Paths (relative to the project root) that `generate` would change; empty when fresh."""
    return [c.path for c in changes(project_root, include_manifest=False, catalog=catalog)]


def write(project_root: str | Path, todo: list[Change]) -> None:
    """Apply `todo`: the package becomes the new one whole, or stays the old one."""
    if not todo:
        return
    root = Path(project_root)
    swap_in(root, package_dir(root, load_config(root)), todo)


def diff(todo: list[Change]) -> str:
    out: list[str] = []
    for change in todo:
        old = (change.old or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = (change.new or b"").decode("utf-8", "replace").splitlines(keepends=True)
        a = "/dev/null" if change.old is None else f"a/{change.path}"
        b = "/dev/null" if change.new is None else f"b/{change.path}"
        out.extend(difflib.unified_diff(old, new, a, b))
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
    return "".join(out)


def owned_files(
    pkg: Path, on_disk: dict[str, str], recorded: dict[str, str] | None = None
) -> set[str]:
    """Files under the package the generator owns (relative paths). A `.py` file the manifest
    lists as written (`recorded`) with those very bytes needs no look at its header."""
    recorded = recorded or {}
    return {
        rel
        for rel, sha in on_disk.items()
        if rel == MANIFEST
        or rel.startswith(f"{SCHEMAS_DIR}/")
        or (rel.endswith(".py") and (recorded.get(rel) == sha or _has_header(pkg / rel)))
    }


def _has_header(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.readline().startswith(HEADER_PREFIX.encode())


def inputs_digest(schemas: Path, config: Config, *, ids: Mapping[str, str] | None = None) -> str:
    """One hash of everything the output depends on: schema files, config, generator source.
    `ids`: the schema files' blob ids, when the caller has them already."""
    digest = hashlib.sha256(f"{_code_hash()}\0{config.package}\0{config.schemas}".encode())
    if ids is None:
        ids = folder_ids(schemas) if schemas.is_dir() else {}
    digest.update("".join(f"\0{rel}\0{sha}" for rel, sha in sorted(ids.items())).encode())
    return digest.hexdigest()


def _manifest(pkg: Path) -> object:
    """The manifest as read (None when it is missing or not JSON)."""
    try:
        return json.loads((pkg / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _recorded_outputs(data: object) -> dict[str, str]:
    if not isinstance(data, dict) or data.get("generator") != GENERATOR_VERSION:
        return {}
    outputs = data.get("outputs")
    if not isinstance(outputs, dict):
        return {}
    if all(type(v) is str for v in outputs.values()):  # as written (JSON keys are strings)
        return outputs
    return {str(k): str(v) for k, v in outputs.items()}


def _unchanged_since_manifest(
    data: object, digest: str, existing: set[str], on_disk: dict[str, str], outputs: dict[str, str]
) -> bool:
    """Fast path: same inputs as the manifest records, and every output file as written (by
    content id: from git's index where git knows a file is unchanged, else hashed)."""
    if not isinstance(data, dict) or data.get("inputs") != digest or not outputs:
        return False
    if existing - outputs.keys() - {MANIFEST, "__init__.py"}:
        return False
    if not all(rel in on_disk for rel in ("__init__.py", "py.typed")):
        return False
    return on_disk.items() >= outputs.items()  # each output on disk with the id recorded


def expected_tree(
    catalog: Catalog,
    config: Config,
    pkg: Path,
    *,
    digest: str = "",
    on_disk: Mapping[str, str] | None = None,
    schema_ids: Mapping[str, str] | None = None,
    rendered: Rendered | None = None,
) -> Tree:
    """The package as it should be. `on_disk`: the blob ids of the package's files
    (`folder_ids`); a file the manifest says was made from the same inputs and that is on disk
    as written goes into `tree.same`, unread. `schema_ids`: the schema files' ids, likewise for
    the `_schemas/` mirror. `rendered`: version files rendered before, by input key."""
    tree = Tree()
    if rendered is None:
        rendered = Rendered(None)
    old_manifest = _read_manifest(pkg)
    known = on_disk or {}
    package = config.package
    schemas_rel = Path(config.schemas).as_posix()
    by_module: dict[str, list[VersionRef]] = {}
    if schema_ids is None:
        schema_ids = folder_ids(catalog.root) if catalog.root.is_dir() else {}
    for event in catalog:
        check_names(event)
        for version in event.versions:
            ref = _ref(event, version)
            rel = f"{event.module}/{ref.file_module}.py"
            resource = version.source.relative_to(catalog.root).as_posix()
            source = f"{schemas_rel}/{resource}"
            key = _input_key(source, event, version, schema_ids.get(resource))
            entry = old_manifest.get(rel)
            output = known.get(rel)
            if output is not None and entry == {"input": key, "output": output}:
                names = reuse.exported_names(pkg / rel, output)
                tree.same[rel] = output
            else:
                content = _reuse(pkg / rel, entry, key)
                if content is not None:
                    names = reuse.exported(content)
                elif (found := rendered.find(key)) is not None:
                    content, names = found
                else:
                    content, names = _render(event, version, ref, resource, source)
                    rendered.keep(key, content, names)
                output = blob_id(content)
                tree.files[rel] = content
            nested = tuple(n for n in names if n != ref.class_name)
            by_module.setdefault(event.module, []).append(dataclasses.replace(ref, nested=nested))
            tree.manifest[rel] = {"input": key, "output": output}
    for module, refs in sorted(by_module.items()):
        check_module(module, pkg, refs)
        source = f"{schemas_rel}/{module}"
        inputs = repr((_code_hash(), package, module, source, refs))
        for rel, render in (("__init__.py", module_init), ("_events.py", module_events)):
            if not _known(tree, f"{module}/{rel}", inputs, known):
                content = render(package, module, source, refs).encode()
                _put(tree, f"{module}/{rel}", inputs, content, remember=on_disk is not None)
    all_refs = [r for refs in by_module.values() for r in refs]
    inputs = repr((_code_hash(), package, schemas_rel, all_refs))
    if not _known(tree, "_index.py", inputs, known):
        content = index(package, schemas_rel, all_refs).encode()
        _put(tree, "_index.py", inputs, content, remember=on_disk is not None)
    for name, sha in sorted(schema_ids.items()):
        rel = f"{SCHEMAS_DIR}/{name}"
        if known.get(rel) == sha:
            tree.same[rel] = sha
        elif on_disk is not None:  # generate: copied when written
            tree.copies[rel] = (catalog.root / name, sha)
        else:
            tree.files[rel] = (catalog.root / name).read_bytes()
    outputs = {rel: blob_id(content) for rel, content in tree.files.items()}
    copied = {rel: sha for rel, (_, sha) in tree.copies.items()}
    outputs = dict(sorted({**outputs, **tree.same, **copied}.items()))
    manifest = {
        "generator": GENERATOR_VERSION,
        "files": tree.manifest,
        "inputs": digest,
        "outputs": outputs,
    }
    tree.files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    return tree


def _starter_files(package: str) -> dict[str, bytes]:
    init = (
        f"{HEADER.format(source='schemas')}\n"
        f'"""{package}: the integration events of this project, generated from its schemas.\n\n'
        "Import events from their module (`from <package>.<module> import <EventName>`). Replace\n"
        'this file with your own (without the header line) to add package-level code."""\n'
    )
    return {"__init__.py": init.replace("<package>", package).encode(), "py.typed": b""}


def _known(tree: Tree, rel: str, inputs: str, on_disk: Mapping[str, str]) -> bool:
    """A module file known (by the cache) to be on disk as `inputs` render it: into `same`."""
    if reuse.known_output(rel, inputs, on_disk.get(rel)):
        tree.same[rel] = on_disk[rel]
        return True
    return False


def _put(tree: Tree, rel: str, inputs: str, content: bytes, *, remember: bool) -> None:
    tree.files[rel] = content
    if remember:  # a package on disk, not a throwaway one (the gate's proof)
        reuse.remember_output(rel, inputs, content)


def _ref(event: EventType, version: SchemaVersion) -> VersionRef:
    return VersionRef(
        type_id=event.id,
        module=event.module,
        event_name=event.name,
        version=version.number,
        fingerprint=version.fingerprint,
        file_module=naming.module_file(event.name, version.number),
        class_name=naming.version_class(event.name, version.number),
        latest=version is event.latest,
    )


def _render(
    event: EventType, version: SchemaVersion, ref: VersionRef, resource: str, source: str
) -> tuple[bytes, list[str]]:
    """The version file's text and the names it exports (its `__all__`)."""
    try:
        plan = _plan(event, version, ref, resource, source)
        return render_version(plan).encode(), exported(plan)
    except RecursionError:
        raise CodegenError(
            f"{source} ({event.id} v{version.number}): the schema nests too deeply to turn "
            "into Python; define nested types once and refer to them by name"
        ) from None


def _plan(
    event: EventType, version: SchemaVersion, ref: VersionRef, resource: str, source: str
) -> VersionPlan:
    # the planners (and pydantic, jsonschema under them) load only when a file is rendered
    from event_contracts._codegen.avro import plan_avro
    from event_contracts._codegen.jsonschema import plan_jsonschema

    where = f"{source} ({event.id} v{version.number})"
    if version.format == "avro":
        definitions, model = plan_avro(version.schema, event_class=ref.class_name, where=where)
    else:
        definitions, model = plan_jsonschema(
            version.schema, event_class=ref.class_name, where=where, source=version.source
        )
    notes = [model.doc or event.description]
    if event.deprecated is not None:
        notes.append(f"Deprecated: {event.deprecated or 'do not publish new events of this type.'}")
    model = dataclasses.replace(model, doc="\n\n".join(n for n in notes if n) or None)
    return VersionPlan(
        type_id=event.id,
        version=version.number,
        format=version.format,
        fingerprint=version.fingerprint,
        resource=resource,
        source=source,
        definitions=definitions,
        event=model,
    )


@functools.cache
def _code_hash() -> str:
    """Hash of the generator's source: a changed generator re-renders every file once."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _input_key(source: str, event: EventType, version: SchemaVersion, blob: str | None) -> str:
    """What a version file is rendered from. `source`: the schema's path as its header names
    it (the schemas folder's name included); `blob`: the version file's git blob id (its
    content, known without reading it). Not the package's name: no version file mentions it,
    so a proof's temporary package takes the renders `generate` made."""
    parts = [_code_hash(), source, event.id, str(version.number), version.fingerprint]
    parts += [event.description, "-" if event.deprecated is None else f"+{event.deprecated}"]
    parts.append(blob or blob_id(version.source.read_bytes()))
    digest = hashlib.sha256("\0".join(parts).encode())
    # files it references are inputs too: none for a version loaded from the cache (a JSON
    # Schema whose refs reach files is never remembered), nor without a "$ref" key, which the
    # file's text would spell out or hide behind a \u escape
    if version.format != "avro" and not isinstance(version, StoredVersion):
        text = version.text
        if "$ref" in text or "\\u" in text:
            for path in external_files(version.schema, version.source):
                digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()


def _reuse(path: Path, entry: dict[str, str] | None, key: str) -> bytes | None:
    """The file on disk when the manifest says it was generated from these very inputs."""
    if entry is None or entry.get("input") != key or not path.is_file():
        return None
    content = path.read_bytes()
    return content if blob_id(content) == entry.get("output") else None


def _read_manifest(pkg: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((pkg / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("generator") != GENERATOR_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}
