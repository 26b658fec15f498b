"""A shallow load of a type folder git vouches for is remembered as one record (its entries'
names and blob ids): the next load takes it whole, and any change to the folder is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, product_v2, reads

from event_contracts._schema import cache
from event_contracts._schema.filehash import Folders, folder_ids
from event_contracts._schema.loader import scan
from event_contracts._schema.model import Catalog
from event_contracts.errors import Problem


@pytest.fixture
def r(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    monkeypatch.setattr(cache, "_current", cache.Cache())  # in memory, this test's own
    repo = make_repo(tmp_path / "repo")
    repo.event("catalog.ProductAdded", [product_v1(), product_v2()])
    repo.event("orders.OrderPlaced", [order_v1()], fmt="json")
    repo.commit("published")
    yield repo


def _load(r: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[Catalog, list[Problem], list[str]]:
    """A shallow scan as the gate's head load makes it; (catalog, problems, files read)."""
    schemas = r.root / "schemas"
    dirs: Folders = {}
    ids = folder_ids(schemas, dirs=dirs)
    with reads(monkeypatch) as seen:
        catalog, problems = scan(schemas, deep=False, ids=ids, dirs=dirs)
        view = {
            t.id: (t.description, t.mode, [(v.number, v.fingerprint, v.source) for v in t.versions])
            for t in catalog
        }
    del view  # built inside the spy: whatever the catalog is made of, nothing more is read
    names = sorted(p.relative_to(schemas).as_posix() for p in seen if p.is_relative_to(schemas))
    return catalog, problems, names


def _same(a: Catalog, b: Catalog) -> None:
    assert list(a.event_types) == list(b.event_types)
    for t in a:
        u = b[t.id]
        assert (t.description, t.mode, t.policy, t.subscribers, t.format, t.path) == (
            u.description,
            u.mode,
            u.policy,
            u.subscribers,
            u.format,
            u.path,
        )
        assert [(v.number, v.format, v.fingerprint, v.source) for v in t.versions] == [
            (v.number, v.format, v.fingerprint, v.source) for v in u.versions
        ]
        assert [v.text for v in t.versions] == [v.text for v in u.versions]


def test_a_second_load_reads_nothing_and_gives_the_same_catalog(
    r: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, problems, read = _load(r, monkeypatch)
    assert problems == [] and read  # the first load reads the files
    second, problems, read = _load(r, monkeypatch)
    assert (problems, read) == ([], [])
    _same(first, second)


def test_each_change_to_a_folder_is_read(r: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(r, monkeypatch)
    toml = "schemas/catalog/ProductAdded/event.toml"
    r.write(toml, 'description = "Edited."\nsubscribers = []\nmode = "FULL"\n')
    r.commit()
    catalog, problems, read = _load(r, monkeypatch)
    t = catalog["catalog.ProductAdded"]
    assert (problems, read) == ([], ["catalog/ProductAdded/event.toml"])
    assert (t.description, str(t.mode), t.subscribers) == ("Edited.", "FULL", ())

    r.write("schemas/catalog/ProductAdded/notes.txt", "a stray file\n")  # committed: git vouches
    r.commit()
    _, problems, _ = _load(r, monkeypatch)
    assert [p.code for p in problems] == ["BAD_VERSION_FILE"]

    (r.root / "schemas/catalog/ProductAdded/notes.txt").unlink()
    r.write("schemas/catalog/ProductAdded/v3.avsc", "{ not json")
    r.commit()
    _, problems, _ = _load(r, monkeypatch)
    assert [p.code for p in problems] == ["MALFORMED_JSON"]

    (r.root / "schemas/catalog/ProductAdded/v3.avsc").unlink()  # not committed: git does not vouch
    catalog, problems, read = _load(r, monkeypatch)
    assert problems == [] and len(catalog["catalog.ProductAdded"].versions) == 2


def test_a_damaged_record_is_scanned_again(r: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _, _ = _load(r, monkeypatch)
    entries = cache.current()._entries
    records = [k for k in entries if k.startswith("shallow-type:")]
    assert len(records) == 2
    for k in records:
        entries[k] = [{"description": 1}, [["x", "avro", "f"]]]
    again, problems, read = _load(r, monkeypatch)
    assert problems == [] and read == []  # the files' own entries still serve
    _same(first, again)
