"""The embedded registry (schemas/ + registry.lock) and the cached id resolver."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from event_contracts import Catalog, RegistryError, UnknownVersionError
from event_contracts._registry.confluent import ConfluentClient
from event_contracts._registry.file import FileRegistry
from event_contracts._registry.model import Registry, schema_text, schema_type_of
from event_contracts._registry.naming import SubjectNameStrategy, SubjectNaming
from event_contracts._registry.push import push
from event_contracts._registry.resolver import RegistryIdResolver
from event_contracts._schema.lock import LOCK_NAME, LockEntry, append_lock, pending_entries

from .conftest import ROOT
from .fake_registry import FakeRegistry


@pytest.fixture
def locked(catalog: Catalog) -> list[LockEntry]:
    return pending_entries(catalog, [])


def test_ids_and_versions_come_from_the_lock(catalog: Catalog, locked: list[LockEntry]) -> None:
    reg = FileRegistry(catalog, locked)
    assert isinstance(reg, Registry)
    assert reg.subjects() == sorted(SubjectNaming().subject_of(t) for t in catalog)
    added = catalog["catalog.ProductAdded"]
    assert reg.versions(added.id) == [v.number for v in added.versions]
    entry = next(e for e in locked if (e.event_type, e.version) == (added.id, 2))
    assert reg.id_for(added.id, 2) == entry.schema_id
    assert reg.version_for(entry.schema_id) == (added.id, 2)
    got = reg.get_version(added.id, "latest")
    assert (got.schema_id, got.version, got.schema_type) == (entry.schema_id, 2, "AVRO")
    assert got.fingerprint() == added.version(2).fingerprint
    assert reg.schema_by_id(entry.schema_id).schema == got.schema
    assert reg.get_compatibility(added.id) is added.mode


def test_lookup_finds_a_version_by_meaning(catalog: Catalog, locked: list[LockEntry]) -> None:
    reg = FileRegistry(catalog, locked)
    t = catalog["communications.IncomingMetaMessageReceived"]
    v1 = t.version(1)
    found = reg.lookup(t.name, schema_text(v1), schema_type_of(v1.format))  # its title
    assert found is not None and found.version == 1
    assert reg.lookup(t.name, '{"type":"object"}', "JSON") is None
    assert reg.lookup("nobody.Here", schema_text(v1), "JSON") is None


def test_unlocked_versions_have_no_id(catalog: Catalog, locked: list[LockEntry]) -> None:
    only_v1 = [e for e in locked if not (e.event_type == "catalog.ProductAdded" and e.version == 2)]
    reg = FileRegistry(catalog, only_v1)
    assert reg.versions("catalog.ProductAdded") == [1]
    with pytest.raises(UnknownVersionError, match="event-contracts lock"):
        reg.id_for("catalog.ProductAdded", 2)
    with pytest.raises(UnknownVersionError):
        reg.version_for(9999)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda r: r.versions("nobody.Here"), 40401),
        (lambda r: r.get_version("catalog.ProductAdded", 7), 40402),
        (lambda r: r.schema_by_id(9999), 40403),
    ],
)
def test_errors_use_confluents_codes(
    catalog: Catalog, locked: list[LockEntry], call: object, code: int
) -> None:
    reg = FileRegistry(catalog, locked)
    with pytest.raises(RegistryError) as info:
        call(reg)  # type: ignore[operator]
    assert info.value.error_code == code


def test_a_version_edited_after_locking_is_refused(
    catalog: Catalog, locked: list[LockEntry]
) -> None:
    tampered = [
        LockEntry(e.schema_id, e.event_type, e.version, e.format, "0" * 16)
        if e.event_type == "orders.OrderPlaced" and e.version == 1
        else e
        for e in locked
    ]
    reg = FileRegistry(catalog, tampered)
    with pytest.raises(RegistryError, match="changed after it was published"):
        reg.id_for("orders.OrderPlaced", 1)


def test_load_reads_the_lock_file(tmp_path: Path, catalog: Catalog) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (schemas / LOCK_NAME).unlink(missing_ok=True)
    entries = pending_entries(catalog, [])
    append_lock(schemas / LOCK_NAME, entries[:3])
    reg = FileRegistry.load(schemas)
    assert sum(len(reg.versions(s)) for s in reg.subjects()) == 3
    assert reg.id_for(entries[0].event_type, entries[0].version) == entries[0].schema_id


def test_subjects_follow_the_naming_strategy(catalog: Catalog, locked: list[LockEntry]) -> None:
    naming = SubjectNaming(SubjectNameStrategy.TOPIC_RECORD, "events")
    reg = FileRegistry(catalog, locked, naming=naming)
    assert "events-orders.OrderPlaced" in reg.subjects()


def test_resolver_over_a_confluent_registry_caches_answers(
    catalog: Catalog, client: ConfluentClient, fake: FakeRegistry
) -> None:
    push(client, catalog)
    resolver = RegistryIdResolver(client, catalog)
    fake.requests.clear()
    sid = resolver.id_for("orders.OrderPlaced", 2)
    assert sid == fake.subjects["orders.OrderPlaced"][1]
    assert resolver.id_for("orders.OrderPlaced", 2) == sid
    assert resolver.version_for(sid) == ("orders.OrderPlaced", 2)  # learnt from id_for
    other = fake.subjects["identity.UserRegistered"][0]
    assert resolver.version_for(other) == ("identity.UserRegistered", 1)
    assert resolver.version_for(other) == ("identity.UserRegistered", 1)
    assert resolver.id_for("identity.UserRegistered", 1) == other
    assert len(fake.requests) == 2  # one lookup, one get-by-id; the rest came from the cache


def test_resolver_errors(catalog: Catalog, client: ConfluentClient, fake: FakeRegistry) -> None:
    resolver = RegistryIdResolver(client, catalog)
    with pytest.raises(UnknownVersionError, match="registry push") as info:
        resolver.id_for("orders.OrderPlaced", 1)  # nothing registered yet
    assert (info.value.event_type, info.value.from_version) == ("orders.OrderPlaced", 1)
    with pytest.raises(UnknownVersionError):
        resolver.id_for("orders.OrderPlaced", 99)
    with pytest.raises(UnknownVersionError, match="not in the registry"):
        resolver.version_for(12345)
    foreign = fake.put("someone.Else", '"string"')
    with pytest.raises(UnknownVersionError, match="does not know"):
        resolver.version_for(foreign)


def test_resolver_over_the_file_registry(catalog: Catalog, locked: list[LockEntry]) -> None:
    resolver = RegistryIdResolver(FileRegistry(catalog, locked), ROOT / "schemas")
    entry = locked[4]
    assert resolver.id_for(entry.event_type, entry.version) == entry.schema_id
    assert resolver.version_for(entry.schema_id) == (entry.event_type, entry.version)
