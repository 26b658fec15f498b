"""A new package is written by two threads (`output.THREADED_AT`): the same files as one
writer, and a failure in either leaves no package and no staging folder behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.codegen.helpers import make_project

from event_contracts._codegen import output, writer
from event_contracts.errors import ContractError


def _schemas(n: int) -> dict[str, Any]:
    def avro(i: int) -> dict[str, Any]:
        fields = [{"name": "id", "type": "string"}, {"name": "n", "type": "int", "default": i}]
        return {"type": "record", "name": f"Thing{i}Happened", "namespace": "m", "fields": fields}

    return {f"m/Thing{i}Happened/v1.avsc": avro(i) for i in range(n)}


def _written(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _new_package(tmp: Path, name: str) -> tuple[Path, Path]:
    root = tmp / name
    root.mkdir()
    package = make_project(root, _schemas(12), package="gen_writers")
    pkg = root / "src" / package
    pkg.rmdir()  # no package yet: built aside, renamed in
    return root, pkg


def test_two_writers_write_what_one_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = []
    for name, at in (("one", 10**9), ("two", 1)):
        monkeypatch.setattr(output, "THREADED_AT", at)
        root, pkg = _new_package(tmp_path, name)
        writer.write(root, writer.changes(root))
        written.append(_written(pkg))
    assert written[0] == written[1] and len(written[0]) > 30


def test_a_failing_writer_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "THREADED_AT", 1)
    root, pkg = _new_package(tmp_path, "p")
    todo = writer.changes(root)
    schema = root / "schemas/m/Thing7Happened/v1.avsc"  # saved again before its copy is made
    schema.write_text(json.dumps({**json.loads(schema.read_text()), "doc": "saved since"}))
    with pytest.raises(ContractError, match="changed while"):
        writer.write(root, todo)
    assert not pkg.exists() and list(pkg.parent.iterdir()) == []
