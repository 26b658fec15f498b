"""`generate` on a package that exists: only what changed is rendered, checked and written, and
the result is byte for byte what a generate from scratch writes, whatever state the cache is in."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.codegen.helpers import make_project, run_cli

from event_contracts._codegen import rendered, writer
from event_contracts._schema import cache

PACKAGE = "gen_incremental"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip


def avro(
    name: str, doc: str = "Happened.", extra: int = 0, ns: str = "orders"
) -> dict[str, object]:
    fields: list[dict[str, object]] = [{"name": "id", "type": "string"}]
    fields += [{"name": f"f{i}", "type": "int", "default": 0} for i in range(extra)]
    kind = {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}
    fields.append({"name": "kind", "type": kind, "default": "A"})
    return {"type": "record", "name": name, "namespace": ns, "doc": doc, "fields": fields}


def jsonschema(doc: str = "Shipped.", when: str = "date-time") -> dict[str, object]:
    return {
        "type": "object",
        "description": doc,
        "$defs": {"when": {"type": "string", "format": when}},
        "properties": {"id": {"type": "string"}, "at": {"$ref": "#/$defs/when"}},
        "required": ["id"],
    }


SHIPPED_V2 = {  # its input includes v1.json, which it refers to
    "type": "object",
    "properties": {"id": {"type": "string"}, "at": {"$ref": "v1.json#/$defs/when"}},
}
START = {
    "orders/OrderPlaced/v1.avsc": avro("OrderPlaced"),
    "orders/OrderPlaced/v2.avsc": avro("OrderPlaced", extra=1),
    "orders/OrderPaid/v1.avsc": avro("OrderPaid"),
    "shipping/ParcelShipped/v1.json": jsonschema(),
    "shipping/ParcelShipped/v2.json": SHIPPED_V2,
}


def edit(rel: str, schema: object) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / "schemas" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.parent / "event.toml").exists():
            (path.parent / "event.toml").write_text('description = "test event"\n')
        path.write_text(json.dumps(schema, indent=1))

    return apply


def remove(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / "schemas" / rel
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    return apply


EDITS = [
    edit("orders/OrderPlaced/v2.avsc", avro("OrderPlaced", doc="Edited.", extra=1)),
    edit("orders/OrderPlaced/v3.avsc", avro("OrderPlaced", extra=2)),
    edit("shipping/ParcelShipped/v1.json", {"title": "ParcelShipped", **jsonschema(when="date")}),
    lambda root: (root / "schemas/orders/OrderPaid/event.toml").write_text('description = "P"\n'),
    remove("orders/OrderPaid"),
    edit("billing/InvoiceSent/v1.avsc", avro("InvoiceSent", ns="billing")),
]


def files(root: Path) -> dict[str, bytes]:
    pkg = root / "src" / PACKAGE
    return {
        p.relative_to(pkg).as_posix(): p.read_bytes()
        for p in sorted(pkg.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def generate(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(root, "generate", *args)
    cache.current().save()  # as the CLI's entry point does when the command ends
    return result


def from_scratch(tmp: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What a fresh copy of the project's schemas generates with no package and no cache."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    make_project(fresh, {}, package=PACKAGE)
    (fresh / "src" / PACKAGE).rmdir()  # no package at all: built aside and renamed in
    shutil.copytree(project / "schemas", fresh / "schemas")
    with monkeypatch.context() as m:
        m.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp / "no-cache" / os.urandom(4).hex()))
        assert generate(fresh)[0] == 0
    return files(fresh)


def git(root: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    root.mkdir()
    make_project(root, START, package=PACKAGE)
    git(root, "init", "-q", "-b", "main")
    assert generate(root)[0] == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def test_each_incremental_generate_writes_what_a_generate_from_scratch_writes(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert files(project) == from_scratch(tmp_path, project, monkeypatch)
    for number, change in enumerate(EDITS):
        change(project)
        code, out, err = generate(project)
        assert code == 0 and "changed" in out, err
        assert files(project) == from_scratch(tmp_path, project, monkeypatch), number
        assert generate(project, "--check")[0] == 0
        if number % 2:
            git(project, "add", "-A")  # ids from git's index on the next run
            git(project, "commit", "-q", "-m", f"edit {number}")


def damage_cache(how: str, folder: Path) -> None:
    path = folder / cache.FILE
    if how == "deleted":
        shutil.rmtree(folder)
    elif how == "garbage":
        path.write_bytes(b"\x00{not json")
    elif how == "damaged pack":  # the rendered texts: same size, other bytes
        pack = folder / rendered.PACK
        pack.write_bytes(bytes(reversed(pack.read_bytes())))
    else:  # entries of the right keys with wrong values (in whichever file holds them)
        wrong = 0
        for part in sorted(folder.glob("*.json")):
            data = json.loads(part.read_text())
            for key in data["entries"]:
                if key.startswith("codegen-"):
                    data["entries"][key] = [1, 2] if key.startswith("codegen-all") else "yes"
                    wrong += 1
            part.write_text(json.dumps(data))
        assert wrong


@pytest.mark.parametrize("how", ["deleted", "garbage", "wrong entries"])
def test_a_damaged_or_missing_cache_changes_nothing(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    assert (tmp_path / "cache" / cache.FILE).is_file()
    damage_cache(how, tmp_path / "cache")
    EDITS[0](project)
    assert generate(project)[0] == 0
    assert files(project) == from_scratch(tmp_path, project, monkeypatch)


def test_a_cache_deleted_while_generate_runs_changes_nothing(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from event_contracts._codegen import writer

    real = writer.expected_tree

    def deleting(*args: object, **kwargs: object) -> object:
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        cache.current()._read = None  # as a process that had not read it yet
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "expected_tree", deleting)
    EDITS[1](project)
    assert generate(project)[0] == 0
    monkeypatch.undo()
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / "cache"))
    assert files(project) == from_scratch(tmp_path, project, monkeypatch)


def test_only_the_changed_files_are_written(project: Path) -> None:
    pkg = project / "src" / PACKAGE
    before = {p: p.stat().st_ino for p in pkg.rglob("*") if p.is_file()}
    EDITS[0](project)
    code, out, _ = generate(project)
    assert code == 0
    written = {p.relative_to(pkg).as_posix() for p, ino in before.items() if p.stat().st_ino != ino}
    assert written == {
        "_generated.json",
        "_schemas/orders/OrderPlaced/v2.avsc",
        "orders/_order_placed_v2.py",
    }
    assert out.count(f"src/{PACKAGE}/") == 3


def test_a_failure_while_renaming_in_puts_every_file_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files(project)
    EDITS[1](project)
    EDITS[0](project)
    calls: list[Path] = []
    real = Path.replace

    def failing(self: Path, target: str | os.PathLike[str]) -> Path:
        calls.append(self)
        if len(calls) == 5:
            raise OSError(5, "Input/output error")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    code, _, err = generate(project)
    monkeypatch.undo()
    assert code == 2 and "Input/output error" in err
    assert len(calls) > 5  # the failure came while renaming in; the rest put files back
    assert files(project) == before  # no staged or set-aside file left either
    assert generate(project)[0] == 0 and files(project) != before


def test_a_hand_edit_is_caught_where_git_knows_the_file(project: Path) -> None:
    pkg = project / "src" / PACKAGE
    EDITS[0](project)  # something else changed too: the package's files are compared
    assert generate(project)[0] == 0
    mirror = "_schemas/orders/OrderPaid/v1.avsc"
    for rel in ("orders/_order_paid_v1.py", mirror, "orders/__init__.py", "_index.py"):
        target = pkg / rel
        original = target.read_bytes()
        target.write_bytes(original + b"\n")
        code, out, _ = generate(project, "--check")
        assert code == 1 and f"src/{PACKAGE}/{rel}" in out
        assert generate(project)[0] == 0
        assert target.read_bytes() == original


def test_a_linked_folder_in_the_package_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    orders = project / "src" / PACKAGE / "orders"
    shutil.copytree(orders, outside)
    shutil.rmtree(orders)
    orders.symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    EDITS[0](project)
    code, _, err = generate(project)
    assert code == 2 and "symbolic link" in err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_new_package_folder_takes_the_rendered_files_from_the_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = project / "src" / PACKAGE
    before = files(project)
    real = writer._render
    calls: list[object] = []

    def counted(*args: object) -> tuple[bytes, list[str]]:
        calls.append(args)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "_render", counted)
    shutil.rmtree(pkg)  # every file must be written again: none rendered again
    assert generate(project)[0] == 0
    assert files(project) == before and calls == []
    # a damaged pack costs renders, never a wrong file
    damage_cache("damaged pack", tmp_path / "cache")
    shutil.rmtree(pkg)
    assert generate(project)[0] == 0
    assert files(project) == before
    versions = [rel for rel in before if re.fullmatch(r"[^/]+/_\w+_v\d+\.py", rel)]
    assert len(calls) == len(versions) > 0


def test_renaming_the_schemas_folder_renames_it_in_every_header(project: Path) -> None:
    # each version file's header names its schema by path: that path is one of its inputs
    (project / "schemas").rename(project / "contracts")
    config = project / "pyproject.toml"
    config.write_text(config.read_text() + 'schemas = "contracts"\n')
    code, out, _ = generate(project, "--check")
    assert code == 1 and "_order_placed_v1.py" in out
    assert generate(project)[0] == 0
    versions = {
        rel: b.decode() for rel, b in files(project).items() if re.search(r"_v\d+\.py$", rel)
    }
    assert len(versions) == len(START)
    for rel, text in versions.items():
        assert text.startswith("# generated by event-contracts from contracts/"), rel
    assert generate(project, "--check")[0] == 0
