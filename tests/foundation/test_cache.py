"""The schema cache saves time only: cold, warm, deleted mid-run, or edited files under it,
`validate` and `check` say exactly the same."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from event_contracts._cli.main import main
from event_contracts._schema import cache

PYPROJECT = '[tool.event-contracts]\nmodules = ["shop"]\n'
GOOD = {
    "type": "record",
    "name": "ItemSold",
    "namespace": "shop",
    "fields": [{"name": "sku", "type": "string"}],
}
BAD_JSON = {"title": "ItemReturned", "type": "object", "properties": {"n": {"minLength": -1}}}


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT)
    for name, suffix, schema in (("ItemSold", "avsc", GOOD), ("ItemReturned", "json", BAD_JSON)):
        folder = root / "schemas" / "shop" / name
        folder.mkdir(parents=True)
        (folder / "event.toml").write_text('description = "x"\n')
        (folder / f"v1.{suffix}").write_text(json.dumps(schema, indent=2))
    return root


def _validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "validate", "--format", "json"])
    return code, capsys.readouterr().out


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(folder))
    return folder


def test_cold_warm_and_deleted_caches_give_the_same_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], own_cache: Path
) -> None:
    root = _project(tmp_path / "project")
    folder = own_cache
    cold = _validate(root, capsys)
    assert cold[0] == 1 and "minLength" in cold[1]
    assert (folder / cache.FILE).is_file()
    assert sorted(p.name for p in root.iterdir()) == ["pyproject.toml", "schemas"]
    assert _validate(root, capsys) == cold  # warm
    shutil.rmtree(folder)
    assert _validate(root, capsys) == cold  # deleted
    (folder / cache.FILE).write_text("{not json")
    assert _validate(root, capsys) == cold  # damaged


def test_an_edited_file_is_judged_by_its_new_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "project")
    assert _validate(root, capsys)[0] == 1
    fixed = {**BAD_JSON, "properties": {"n": {"minLength": 1}}}
    (root / "schemas/shop/ItemReturned/v1.json").write_text(json.dumps(fixed, indent=2))
    assert _validate(root, capsys)[0] == 0
    (root / "schemas/shop/ItemReturned/v1.json").write_text(json.dumps(BAD_JSON, indent=2))
    assert _validate(root, capsys)[0] == 1


def test_a_cached_entry_is_what_computing_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "project")
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    uncached = _validate(root, capsys)
    assert not (tmp_path / "cache").exists()
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    monkeypatch.setenv("EVENT_CONTRACTS_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert _validate(root, capsys) == uncached
    assert _validate(root, capsys) == uncached
    assert (tmp_path / "elsewhere" / cache.FILE).is_file()


def test_large_kinds_live_in_files_of_their_own(tmp_path: Path) -> None:
    """Canonical texts and codegen's entries are kept beside the main file, so a command
    that needs neither reads a smaller file; every entry comes back from where it went."""
    path = tmp_path / "c" / cache.FILE
    store = cache.Cache(path)
    store.keep("avro-canonical:abc", ["text", "fp"])
    store.keep("codegen-all:def", ["Name"])
    store.keep("shallow-version:ghi", "fp")
    store.save()
    main = json.loads(path.read_text())["entries"]
    assert list(main) == ["shallow-version:ghi"]
    assert (
        "avro-canonical:abc"
        in json.loads(path.with_name("canonical-v1.json").read_text())["entries"]
    )
    again = cache.Cache(path)
    assert again.find("shallow-version:ghi") == "fp"
    assert again.find("avro-canonical:abc") == ["text", "fp"]
    assert again.find("codegen-all:def") == ["Name"]
    assert again.get("avro-canonical", "t", lambda: ("x", "y"), cache.pair) == ("x", "y")
    again.save()
    assert cache.Cache(path).get("avro-canonical", "t", lambda: ("no", "no"), cache.pair) == (
        "x",
        "y",
    )


@pytest.mark.parametrize(
    "name", ["event-contracts", "jsonschema", "fastavro", "pydantic-core", "no-such-dist-x"]
)
def test_dist_version_is_what_importlib_metadata_says(name: str) -> None:
    from importlib import metadata

    try:
        expected: str | None = metadata.version(name)
    except metadata.PackageNotFoundError:
        expected = None
    assert cache.dist_version(name) == expected
