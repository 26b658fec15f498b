"""Build the expected package tree, compare it with the disk, write or report the difference.

The generator owns exactly: `.py` files whose first line is its header, the `_schemas/` mirror
of the schemas folder, and `_generated.json` (the manifest). Everything else in the package
(`upcasters.py`, `__init__.py` at the top, `py.typed`, helpers) is never written or removed.

The manifest records, per version file, a hash of its inputs and of the text written, so a run
where nothing changed renders nothing: it only hashes files.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import json
import keyword
from dataclasses import dataclass, field
from pathlib import Path

from event_contracts._codegen import naming
from event_contracts._codegen.avro import plan_avro
from event_contracts._codegen.json_bundle import external_files
from event_contracts._codegen.jsonschema import plan_jsonschema
from event_contracts._codegen.package import (
    UNION_NAME,
    VersionRef,
    index,
    module_events,
    module_init,
)
from event_contracts._codegen.plan import VersionPlan
from event_contracts._codegen.render import HEADER, HEADER_PREFIX, render_version
from event_contracts._schema.config import load_config
from event_contracts._schema.loader import scan
from event_contracts._schema.model import Catalog, Config, EventType, SchemaVersion
from event_contracts.errors import CodegenError, SchemaError

GENERATOR_VERSION = "1"
"""Written into the manifest; entries also depend on the generator's own source (`_code_hash`)."""
MANIFEST = "_generated.json"
SCHEMAS_DIR = "_schemas"


@dataclass
class Tree:
    """The generated package as it should be: path relative to the package dir → bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    """Relative to the project root, POSIX separators."""
    kind: str  # "create" | "update" | "delete"
    old: bytes | None
    new: bytes | None


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
    digest = inputs_digest(root / config.schemas, config)
    existing = owned_files(pkg)
    if _unchanged_since_manifest(pkg, digest, existing):
        return []
    if catalog is None:
        catalog, problems = scan(root / config.schemas, config=config, deep=False)
        if problems:
            raise SchemaError(problems)
    tree = expected_tree(catalog, config, pkg, digest=digest)
    for rel, content in _starter_files(config.package).items():
        # written once for a new package; afterwards they belong to the project
        if rel in existing or not (pkg / rel).exists():
            tree.files[rel] = content
    out: list[Change] = []
    prefix = pkg.relative_to(root).as_posix()
    for rel in sorted(set(tree.files) | existing):
        new = tree.files.get(rel)
        path = pkg / rel
        old = path.read_bytes() if path.is_file() else None
        if old == new or (rel == MANIFEST and not include_manifest):
            continue
        if new is not None and old is not None and rel not in existing:
            raise CodegenError(
                f"{path} exists and was not written by the generator (no header line); "
                "move it away or rename the event/module it collides with"
            )
        kind = "delete" if new is None else "create" if old is None else "update"
        out.append(Change(f"{prefix}/{rel}", kind, old, new))
    return out


def stale_files(project_root: str | Path, catalog: Catalog | None = None) -> list[str]:
    """Paths (relative to the project root) that `generate` would change; empty when fresh."""
    return [c.path for c in changes(project_root, include_manifest=False, catalog=catalog)]


def write(project_root: str | Path, todo: list[Change]) -> None:
    root = Path(project_root)
    for change in todo:
        path = root / change.path
        if change.new is None:
            path.unlink()
            _prune(path.parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change.new)


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


def owned_files(pkg: Path) -> set[str]:
    """Files under the package the generator owns (relative paths)."""
    owned: set[str] = set()
    if not pkg.is_dir():
        return owned
    for path in pkg.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(pkg).as_posix()
        if (
            rel == MANIFEST
            or rel.startswith(f"{SCHEMAS_DIR}/")
            or (path.suffix == ".py" and _has_header(path))
        ):
            owned.add(rel)
    return owned


def _has_header(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.readline().startswith(HEADER_PREFIX.encode())


def _prune(folder: Path) -> None:
    while folder.is_dir() and not any(p for p in folder.iterdir() if p.name != "__pycache__"):
        for cache in folder.glob("__pycache__"):
            for f in cache.iterdir():
                f.unlink()
            cache.rmdir()
        folder.rmdir()
        folder = folder.parent


def inputs_digest(schemas: Path, config: Config) -> str:
    """One hash of everything the output depends on: schema files, config, generator source."""
    digest = hashlib.sha256(f"{_code_hash()}\0{config.package}\0{config.schemas}".encode())
    for path in _schema_files(schemas):
        digest.update(f"\0{path.relative_to(schemas).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _schema_files(schemas: Path) -> list[Path]:
    if not schemas.is_dir():
        return []
    return sorted(
        p
        for p in schemas.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(schemas).parts)
    )


def _unchanged_since_manifest(pkg: Path, digest: str, existing: set[str]) -> bool:
    """Fast path: same inputs as the manifest records, and every output file as written."""
    try:
        data = json.loads((pkg / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("inputs") != digest:
        return False
    outputs = data.get("outputs")
    if not isinstance(outputs, dict) or existing - set(outputs) - {MANIFEST, "__init__.py"}:
        return False
    if not all((pkg / rel).exists() for rel in ("__init__.py", "py.typed")):
        return False
    for rel, sha in outputs.items():
        path = pkg / rel
        if not path.is_file() or _sha(path.read_bytes()) != sha:
            return False
    return True


def expected_tree(catalog: Catalog, config: Config, pkg: Path, *, digest: str = "") -> Tree:
    tree = Tree()
    old_manifest = _read_manifest(pkg)
    package = config.package
    schemas_rel = Path(config.schemas).as_posix()
    by_module: dict[str, list[VersionRef]] = {}
    for event in catalog:
        _check_names(event)
        for version in event.versions:
            ref = _ref(event, version)
            by_module.setdefault(event.module, []).append(ref)
            rel = f"{event.module}/{ref.file_module}.py"
            resource = version.source.relative_to(catalog.root).as_posix()
            source = f"{schemas_rel}/{resource}"
            key = _input_key(package, event, version)
            content = _reuse(pkg / rel, old_manifest.get(rel), key)
            if content is None:
                content = render_version(_plan(event, version, ref, resource, source)).encode()
            tree.files[rel] = content
            tree.manifest[rel] = {"input": key, "output": _sha(content)}
    for module, refs in sorted(by_module.items()):
        _check_module(module, pkg, refs)
        source = f"{schemas_rel}/{module}"
        tree.files[f"{module}/__init__.py"] = module_init(package, module, source, refs).encode()
        tree.files[f"{module}/_events.py"] = module_events(package, module, source, refs).encode()
    all_refs = [r for refs in by_module.values() for r in refs]
    tree.files["_index.py"] = index(package, schemas_rel, all_refs).encode()
    for path in _schema_files(catalog.root):
        tree.files[f"{SCHEMAS_DIR}/{path.relative_to(catalog.root).as_posix()}"] = path.read_bytes()
    outputs = {rel: _sha(content) for rel, content in sorted(tree.files.items())}
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


def _plan(
    event: EventType, version: SchemaVersion, ref: VersionRef, resource: str, source: str
) -> VersionPlan:
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


def _input_key(package: str, event: EventType, version: SchemaVersion) -> str:
    parts = [_code_hash(), package, event.id, str(version.number), version.fingerprint]
    parts += [event.description, "-" if event.deprecated is None else f"+{event.deprecated}"]
    digest = hashlib.sha256("\0".join(parts).encode())
    digest.update(version.text.encode())
    if version.format != "avro":  # files it references are inputs too
        for path in external_files(version.schema, version.source):
            digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()


def _reuse(path: Path, entry: dict[str, str] | None, key: str) -> bytes | None:
    """The file on disk when the manifest says it was generated from these very inputs."""
    if entry is None or entry.get("input") != key or not path.is_file():
        return None
    content = path.read_bytes()
    return content if _sha(content) == entry.get("output") else None


def _read_manifest(pkg: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((pkg / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("generator") != GENERATOR_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _check_names(event: EventType) -> None:
    classes = {event.name} | {naming.version_class(event.name, v.number) for v in event.versions}
    if UNION_NAME in classes:
        raise CodegenError(f"{event.id}: the name {UNION_NAME} is reserved for the union")


def _check_module(module: str, pkg: Path, refs: list[VersionRef]) -> None:
    if keyword.iskeyword(module) or keyword.issoftkeyword(module):
        raise CodegenError(f"module {module!r} is a Python keyword and cannot be a package")
    if (pkg / f"{module}.py").exists():
        raise CodegenError(f"{pkg / module}.py is hand-written and collides with module {module!r}")
    names: dict[str, str] = {}
    for r in refs:
        for name in (r.class_name, r.event_name) if r.latest else (r.class_name,):
            other = names.setdefault(name, r.type_id)
            if other != r.type_id:
                raise CodegenError(
                    f"{r.type_id} and {other} both want the name {module}.{name}; rename one"
                )
