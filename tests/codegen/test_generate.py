"""`event-contracts generate [--check]`: what it writes, what it never touches, when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.codegen.helpers import import_generated, make_project, run_cli

from event_contracts._codegen import stale_files

REPO = Path(__file__).resolve().parents[2]

AVRO = {
    "type": "record",
    "name": "ThingHappened",
    "namespace": "things",
    "fields": [{"name": "id", "type": "string"}],
}


def test_committed_package_is_fresh() -> None:
    assert stale_files(REPO) == []


def test_generate_writes_the_package_and_is_then_up_to_date(tmp_path: Path) -> None:
    pkg = make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    code, out, _ = run_cli(tmp_path, "generate")
    assert code == 0
    assert f"src/{pkg}/things/_thing_happened_v1.py" in out
    assert (tmp_path / "src" / pkg / "_schemas" / "things" / "ThingHappened" / "v1.avsc").is_file()
    assert run_cli(tmp_path, "generate", "--check")[0] == 0
    code, out, _ = run_cli(tmp_path, "generate")
    assert (code, out.strip()) == (0, "generated code is up to date")


def test_check_shows_a_diff_and_fails_when_a_schema_changed(tmp_path: Path) -> None:
    make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    run_cli(tmp_path, "generate")
    v2 = {**AVRO, "fields": [*AVRO["fields"], {"name": "note", "type": "string", "default": ""}]}
    make_project(tmp_path, {"things/ThingHappened/v2.avsc": v2}, package=_pkg(tmp_path))
    code, out, err = run_cli(tmp_path, "generate", "--check")
    assert code == 1
    assert "+++ b/src/" in out and "_thing_happened_v2.py" in out
    assert "+    note: _pd.StrictStr" in out
    assert "stale" in err
    assert stale_files(tmp_path)


def test_a_hand_edit_of_a_generated_file_is_stale(tmp_path: Path) -> None:
    pkg = make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    run_cli(tmp_path, "generate")
    target = tmp_path / "src" / pkg / "things" / "_thing_happened_v1.py"
    target.write_text(target.read_text() + "x = 1\n")
    assert stale_files(tmp_path) == [f"src/{pkg}/things/_thing_happened_v1.py"]
    run_cli(tmp_path, "generate")
    assert "x = 1" not in target.read_text()


def test_hand_written_files_are_never_touched(tmp_path: Path) -> None:
    pkg = make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    hand = {
        "upcasters.py": "# upcasters\n",
        "__init__.py": '"""mine"""\n',
        "things/helpers.py": "def f() -> int:\n    return 1\n",
    }
    for rel, text in hand.items():
        (tmp_path / "src" / pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "src" / pkg / rel).write_text(text)
    run_cli(tmp_path, "generate")
    (tmp_path / "schemas" / "things" / "ThingHappened" / "v1.avsc").unlink()
    (tmp_path / "schemas" / "things" / "ThingHappened" / "event.toml").unlink()
    (tmp_path / "schemas" / "things" / "ThingHappened").rmdir()
    run_cli(tmp_path, "generate")
    for rel, text in hand.items():
        assert (tmp_path / "src" / pkg / rel).read_text() == text
    assert not (tmp_path / "src" / pkg / "things" / "_thing_happened_v1.py").exists()


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path: Path) -> None:
    pkg = make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    mine = tmp_path / "src" / pkg / "things" / "_thing_happened_v1.py"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own code\n")
    code, _, err = run_cli(tmp_path, "generate")
    assert code == 2
    assert "not written by the generator" in err
    assert mine.read_text() == "# my own code\n"


def test_output_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    trees = []
    for name in ("a", "b"):
        root = tmp_path / name
        root.mkdir()
        make_project(root, {"things/ThingHappened/v1.avsc": AVRO}, package="same_pkg")
        run_cli(root, "generate")
        files = sorted((root / "src").rglob("*"))
        trees.append({p.relative_to(root): p.read_bytes() for p in files if p.is_file()})
    assert trees[0] == trees[1]


def test_a_schema_the_generator_cannot_handle_is_a_clear_error(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"a": {"not": {"type": "string"}}}}
    make_project(tmp_path, {"things/ThingHappened/v1.json": schema})
    code, _, err = run_cli(tmp_path, "generate")
    assert code == 2
    assert "'not'" in err and "/properties/a" in err


def test_generated_classes_import_and_validate(tmp_path: Path) -> None:
    pkg = make_project(tmp_path, {"things/ThingHappened/v1.avsc": AVRO})
    run_cli(tmp_path, "generate")
    module = import_generated(tmp_path, f"{pkg}.things")
    event = module.ThingHappened(id="x")
    assert module.ThingHappened is module.ThingHappenedV1
    assert event.EVENT_TYPE == "things.ThingHappened"
    with pytest.raises(ValueError):
        module.ThingHappened(id=1)


def _pkg(root: Path) -> str:
    text = (root / "pyproject.toml").read_text()
    return text.split('package = "')[1].split('"')[0]
