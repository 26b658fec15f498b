"""A schema file saved again while a command runs (an editor's save during `validate`, a
watcher): what the command read is remembered by the id it took for the file *before* reading
it, so the new text must never be remembered under the old id. Before, a valid save over an
invalid file taught the cache that the invalid text was valid, and every later run trusted it.
Now the read is refused, the command exits 2 and asks to run again, and the cache is clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.codegen.helpers import make_project, run_cli

from event_contracts._cli import validate as validate_cli
from event_contracts._codegen import reuse, writer
from event_contracts._schema import cache
from event_contracts._schema.filehash import blob_id, folder_ids
from event_contracts._schema.loader import scan
from event_contracts._schema.stored import StoredVersion
from event_contracts.errors import ContractError

FILE = "orders/ThingHappened/v1.avsc"


def thing(default: object) -> dict[str, Any]:
    field = {"name": "a", "type": "int", "default": default}
    return {"type": "record", "name": "ThingHappened", "namespace": "orders", "fields": [field]}


INVALID, VALID = thing("not an int"), thing(1)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "p"
    root.mkdir()
    make_project(root, {FILE: INVALID})
    return root


def save(root: Path, rel: str, text: object) -> None:
    (root / "schemas" / rel).write_text(text if isinstance(text, str) else json.dumps(text))


def saved_after_hashing(
    monkeypatch: pytest.MonkeyPatch, root: Path, rel: str, text: object
) -> None:
    """`validate` takes the files' ids, then the user saves `rel` (once), then it reads."""
    real = validate_cli.folder_ids
    saved = []

    def ids_then_save(*args: Any, **kwargs: Any) -> dict[str, str]:
        found = real(*args, **kwargs)
        if not saved:
            save(root, rel, text)
            saved.append(rel)
        return found

    monkeypatch.setattr(validate_cli, "folder_ids", ids_then_save)


def test_a_version_file_saved_while_validate_reads_is_refused_and_not_remembered(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        saved_after_hashing(m, project, FILE, VALID)
        code, _, err = run_cli(project, "validate")
    assert code == 2 and "changed while event-contracts was reading" in err and FILE in err
    cache.current().save()
    save(project, FILE, INVALID)  # undone: the text the first run took the id of
    code, out, err = run_cli(project, "validate")
    assert code == 1 and "AVRO_BAD_DEFAULT" in out + err


def test_an_event_toml_saved_while_validate_reads_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = "orders/ThingHappened/event.toml"
    save(project, FILE, VALID)
    save(project, toml, 'description = "x"\nmode = "nonsense"\n')
    with monkeypatch.context() as m:
        saved_after_hashing(m, project, toml, 'description = "x"\n')
        code, _, err = run_cli(project, "validate")
    assert code == 2 and "changed while" in err and "event.toml" in err
    cache.current().save()
    save(project, toml, 'description = "x"\nmode = "nonsense"\n')
    code, out, err = run_cli(project, "validate")
    assert code == 1 and "nonsense" in out + err


def test_a_remembered_version_read_later_must_be_the_text_it_was_remembered_as(
    project: Path,
) -> None:
    """A shallow load (the gate's) takes a remembered version's fingerprint from the cache and
    reads its text only when a check asks: by then the file must still be that text."""
    save(project, FILE, VALID)
    schemas = project / "schemas"
    ids = folder_ids(schemas)
    assert not scan(schemas, deep=False, ids=ids)[1]  # remembered
    (version,) = scan(schemas, deep=False, ids=ids)[0]["orders.ThingHappened"].versions
    assert isinstance(version, StoredVersion)  # from the cache: the text is not read yet
    save(project, FILE, {**VALID, "doc": "saved since"})
    with pytest.raises(ContractError, match="changed while"):
        _ = version.schema
    (version,) = scan(schemas, deep=False, ids=folder_ids(schemas))[0][
        "orders.ThingHappened"
    ].versions
    assert version.schema["doc"] == "saved since"  # by its own id, the new text reads


def test_generated_names_are_remembered_only_for_the_bytes_read(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_bytes(b'__all__ = ["A"]\n')
    first = blob_id(module.read_bytes())
    module.write_bytes(b'__all__ = ["B"]\n')
    with pytest.raises(ContractError, match="changed while"):
        reuse.exported_names(module, first)
    assert cache.current().find(f"codegen-all:{first}") is None
    assert reuse.exported_names(module, blob_id(module.read_bytes())) == ["B"]


def test_a_schema_saved_before_generate_copies_it_leaves_the_package_as_it_was(
    project: Path,
) -> None:
    """`generate` copies each schema into the package's `_schemas/` after checking and
    rendering it; a save in between would ship a text no class was made from."""
    save(project, FILE, VALID)
    todo = writer.changes(project)
    save(project, FILE, {**VALID, "doc": "saved since"})
    with pytest.raises(ContractError, match="changed while"):
        writer.write(project, todo)
    package = project / "src"
    assert not any(p.is_file() for p in package.rglob("*"))  # nothing written
    writer.write(project, writer.changes(project))  # run again: the new text, whole
    (mirror,) = package.rglob("v1.avsc")
    assert json.loads(mirror.read_text())["doc"] == "saved since"
