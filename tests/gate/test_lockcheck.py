"""The lock-file checks, each finding the gate can raise from registry.lock alone."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.gate.conftest import Repo, product_v2

LOCK = "schemas/registry.lock"


def _plain(repo: Repo, tmp_path: Path) -> Repo:
    """The same project without git history: only the lock knows what was published."""
    plain = tmp_path / "plain"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    return Repo(plain)


def _findings(repo: Repo, rule: str) -> list[dict[str, Any]]:
    data = repo.run("check", "--format", "json").json()
    return [f for f in data["findings"] if f["rule"] == rule]


def test_a_deleted_lock_is_a_rewrite(repo: Repo) -> None:
    (repo.root / LOCK).unlink()
    [f] = _findings(repo, "LOCK_REWRITTEN")
    assert f["severity"] == "error" and "was deleted" in f["message"]


def test_no_lock_at_all_is_info(repo: Repo, tmp_path: Path) -> None:
    plain = _plain(repo, tmp_path)
    (plain.root / LOCK).unlink()
    [f] = _findings(plain, "LOCK_MISSING")
    assert f["severity"] == "info" and "event-contracts lock" in f["fix"]


def test_a_locked_type_gone_without_history_is_a_warning(repo: Repo, tmp_path: Path) -> None:
    plain = _plain(repo, tmp_path)
    shutil.rmtree(plain.root / "schemas/orders/OrderPlaced")
    [f] = _findings(plain, "LOCKED_TYPE_MISSING")
    assert f["severity"] == "warning" and f["event_type"] == "orders.OrderPlaced"
    lines = (plain.root / LOCK).read_text().splitlines()
    assert " orders.OrderPlaced 1 " in lines[f["line"] - 1]


def test_a_locked_version_file_gone_without_history_is_deleted(repo: Repo, tmp_path: Path) -> None:
    plain = _plain(repo, tmp_path)
    (plain.root / "schemas/catalog/ProductAdded/v2.avsc").unlink()
    [f] = _findings(plain, "VERSION_DELETED")
    assert f["file"] == "schemas/catalog/ProductAdded/v2.avsc"
    assert f["fix"] == "restore schemas/catalog/ProductAdded/v2.avsc"


def test_an_entry_added_on_this_branch_can_be_redone(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    path = repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    assert repo.run("lock").code == 0
    v3["fields"][-1]["type"] = ["null", "long"]  # edited after locking, before merging
    repo.write(path.relative_to(repo.root).as_posix(), v3)
    [f] = _findings(repo, "LOCK_MISMATCH")
    assert "not published yet" in f["fix"] and "run `event-contracts lock` again" in f["fix"]


def test_versions_missing_from_the_lock(repo: Repo) -> None:
    lines = (repo.root / LOCK).read_text().splitlines(keepends=True)
    repo.write(LOCK, "".join(line for line in lines if " orders.OrderPlaced " not in line))
    repo.commit("forgot to lock")
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    found = _findings(repo, "LOCK_ENTRY_MISSING")
    published = [f for f in found if f["severity"] == "warning"]
    assert [(f["event_type"], f["new_version"]) for f in published] == [("orders.OrderPlaced", 1)]
    [note] = [f for f in found if f["severity"] == "info"]
    assert "catalog.ProductAdded v3" in note["message"]
