"""What commands write under hostile conditions: registry.lock without its final newline or
near the id limit, links under schemas/ and output folders, a generate that fails halfway,
schemas whose code Python could not parse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from event_contracts._codegen import output, writer
from event_contracts._schema.lock import MAX_SCHEMA_ID, read_lock

from .project import project, refused, snapshot, thing
from .test_files import AVSC, nested_arrays

LOCK = "schemas/registry.lock"


def test_lock_after_a_lock_file_without_its_final_newline_keeps_lines_apart(
    tmp_path: Path,
) -> None:
    repo = project(tmp_path / "p")
    assert repo.run("lock").code == 0
    path = repo.root / LOCK
    path.write_text(path.read_text().rstrip("\n"))  # saved by an editor that drops it
    repo.write("schemas/catalog/Thing/v2.avsc", json.dumps(thing(doc="Second.")))
    assert repo.run("lock").code == 0
    assert [(e.schema_id, e.version) for e in read_lock(path)] == [(1, 1), (2, 2)]
    assert repo.run("lock", "--check").code == 0


def test_lock_never_hands_out_an_id_past_what_confluent_framing_carries(tmp_path: Path) -> None:
    repo = project(tmp_path / "p")
    assert repo.run("lock").code == 0
    path = repo.root / LOCK
    path.write_text(path.read_text().replace("\n1 ", f"\n{MAX_SCHEMA_ID} "))
    repo.write("schemas/catalog/Thing/v2.avsc", json.dumps(thing(doc="Second.")))
    before = snapshot(repo.root)
    run = repo.run("lock")
    assert run.code == 2 and "2147483648" in run.err and "Traceback" not in run.err
    assert snapshot(repo.root) == before
    path.write_text(path.read_text().replace(f"\n{MAX_SCHEMA_ID} ", f"\n{MAX_SCHEMA_ID + 1} "))
    run = repo.run("lock")
    assert run.code == 2 and "BAD_LOCK_LINE" in run.err and "outside 1..2147483647" in run.err
    path.write_text(path.read_text().replace(f"\n{MAX_SCHEMA_ID + 1} ", "\n" + "9" * 5000 + " "))
    assert repo.run("lock").code == 2


@pytest.mark.parametrize("what", ["type folder", "module folder", "registry.lock", "v1.avsc"])
def test_links_under_schemas_that_leave_the_project_are_refused(tmp_path: Path, what: str) -> None:
    outside = project(tmp_path / "outside")
    assert outside.run("lock").code == 0
    repo = project(tmp_path / "p")
    target, link = {
        "type folder": ("schemas/catalog/Thing", "schemas/catalog/Other"),
        "module folder": ("schemas/catalog", "schemas/orders"),
        "registry.lock": (LOCK, LOCK),
        "v1.avsc": ("schemas/catalog/Thing/v1.avsc", "schemas/catalog/Thing/v2.avsc"),
    }[what]
    (repo.root / link).symlink_to(outside.root / target)
    for run in refused(repo, [("validate",), ("lock",), ("generate",), ("check",)]).values():
        assert "LINK_OUTSIDE_PROJECT" in run.err + run.out


def test_links_inside_the_project_are_followed(tmp_path: Path) -> None:
    repo = project(tmp_path / "p")
    (repo.root / "schemas/catalog/Thing/v2.avsc").symlink_to(repo.root / AVSC)
    assert repo.run("validate").code == 0


def test_outputs_are_never_written_through_a_link(tmp_path: Path) -> None:
    repo = project(tmp_path / "p")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = repo.root / "docs/catalog"
    out.mkdir(parents=True)
    (out / "catalog.md").symlink_to(victim)
    run = repo.run("catalog", "--no-git-dates")
    assert run.code == 2 and "symbolic link" in run.err
    assert victim.read_text() == "precious"
    (out / "catalog.md").unlink()
    assert repo.run("catalog", "--no-git-dates", "--out", str(tmp_path / "anywhere")).code == 0
    (tmp_path / "linked").symlink_to(tmp_path / "anywhere")
    run = repo.run("catalog", "--no-git-dates", "--out", str(tmp_path / "linked"))
    assert run.code == 2 and "symbolic link" in run.err
    repo.commit("one")
    reports = repo.root / "reports"
    reports.mkdir()
    (reports / "report.json").symlink_to(victim)
    run = repo.run("check", "--report-dir", str(reports))
    assert run.code == 2 and "symbolic link" in run.err and victim.read_text() == "precious"
    run = repo.run("check", "--report-dir", str(tmp_path / "linked"))
    assert run.code == 2 and "symbolic link" in run.err


def generated(repo_root: Path) -> dict[str, str]:
    pkg = repo_root / "src/integration_events"
    return snapshot(pkg) if pkg.exists() else {}


def imports(root: Path, statement: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", statement], cwd=root / "src", capture_output=True, text=True
    )


def test_code_python_cannot_parse_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    repo = project(tmp_path / "p")
    assert repo.run("generate").code == 0
    before = generated(repo.root)
    repo.write(AVSC, nested_arrays(210))  # 210 nested tuple[...]: past the parser's 200 levels
    assert repo.run("validate").code == 0
    run = repo.run("generate")
    assert run.code == 2 and "would not import" in run.err and "Nothing was written" in run.err
    assert generated(repo.root) == before
    repo.write(AVSC, nested_arrays(150))
    assert repo.run("generate").code == 0
    done = imports(repo.root, "from integration_events.catalog import ThingV1; print(ThingV1)")
    assert done.returncode == 0, done.stderr


def test_a_union_of_3000_records_generates_code_that_imports(tmp_path: Path) -> None:
    branches = [
        {"type": "record", "name": f"R{i}", "fields": [{"name": f"f{i}", "type": "int"}]}
        for i in range(3000)
    ]
    schema = thing(fields=[{"name": "a", "type": branches}])
    repo = project(tmp_path / "p", {AVSC: json.dumps(schema)})
    assert repo.run("generate").code == 0
    done = imports(
        repo.root,
        "from integration_events.catalog._thing_v1 import ThingV1, R2999\n"
        "from event_contracts import decode, encode\n"
        "e = ThingV1(a=R2999.model_validate({'f2999': 7}))\n"
        "assert decode(encode(e), into=ThingV1) == e",
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_a_generate_that_fails_halfway_leaves_the_old_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = project(tmp_path / "p")
    assert repo.run("generate").code == 0
    before = generated(repo.root)
    repo.write("schemas/catalog/Thing/v2.avsc", json.dumps(thing(doc="Second.")))
    calls = []
    real = output._write  # every file generate writes goes through it

    def failing(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(output, "_write", failing)
    run = repo.run("generate")
    assert run.code == 2 and "No space left" in run.err
    monkeypatch.undo()
    assert generated(repo.root) == before
    leftovers = [p.name for p in (repo.root / "src").iterdir() if p.name != "integration_events"]
    assert leftovers == []
    assert repo.run("generate").code == 0
    assert generated(repo.root) != before
    assert writer.stale_files(repo.root) == []


def test_new_never_creates_a_type_through_a_module_link_leading_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    repo = project(tmp_path / "p")
    (repo.root / "schemas/orders").symlink_to(outside)
    run = repo.run("new", "event", "orders.Shipped", "--subscribers", "catalog")
    assert run.code == 2 and "outside the project" in run.err
    assert list(outside.iterdir()) == []
