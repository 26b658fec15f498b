"""The base's git work runs in a thread beside the head's load: the answer is the same when the
thread fetched the changed folders and when `base_catalog` has to fetch them itself, and a run
whose head never loaded does not wait for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.gate.conftest import Repo, product_v1, product_v2

from event_contracts._gate.source import BaseProbe, load_head, open_base
from event_contracts._schema.config import load_config
from event_contracts._schema.lock import LOCK_NAME


def _base(r: Repo, *, tell_head: bool) -> tuple[list[str], bool, bool]:
    """(the base's types, whether its lock was read, whether the thread had fetched)."""
    from event_contracts._gate.lockcheck import Lock

    config = load_config(r.root)
    schemas = r.root / "schemas"
    probe = BaseProbe(r.root, schemas, config, None)
    head, _ = load_head(schemas, config, probe=probe if tell_head else None)
    lock = Lock.read(schemas / LOCK_NAME)
    fetched = probe.result()[2] is not None
    with open_base(probe, schemas, config, head, lock) as base:
        assert base.catalog is not None
        versions = [f"{t.id} v{len(t.versions)}" for t in base.catalog]
        return versions, base.lock is not None and base.lock is not lock, fetched


@pytest.mark.parametrize("tell_head", [True, False], ids=["fetched beside", "fetched after"])
def test_the_base_is_the_same_fetched_beside_the_head_or_after(
    repo: Repo, tmp_path: Path, tell_head: bool
) -> None:
    repo.event("catalog.ProductAdded", [product_v1(), product_v2(), product_v2()])
    assert repo.run("lock").code == 0  # the lock changes too: read from the base
    versions, base_lock_read, fetched = _base(repo, tell_head=tell_head)
    assert versions == ["catalog.ProductAdded v2", "orders.OrderPlaced v1"]
    assert base_lock_read
    assert fetched is tell_head


def test_a_check_whose_head_does_not_load_stops_at_once(repo: Repo) -> None:
    repo.write("schemas/catalog/ProductAdded/v1.avsc", "{ not json")
    run = repo.run("check")  # the base thread waits for the head's ids: it must be let go
    assert run.code == 2 and "MALFORMED_JSON" in run.out + run.err
