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


def test_versions_missing_from_the_lock_are_out_of_date_not_breaking(repo: Repo) -> None:
    lines = (repo.root / LOCK).read_text().splitlines(keepends=True)
    repo.write(LOCK, "".join(line for line in lines if " orders.OrderPlaced " not in line))
    repo.commit("forgot to lock")
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    run = repo.run("check", "--format", "json")
    assert run.code == 1  # CI must fail until the lock is committed
    data = run.json()
    found = [f for f in data["findings"] if f["rule"] == "LOCK_ENTRY_MISSING"]
    assert [(f["event_type"], f["new_version"], f["severity"]) for f in found] == [
        ("catalog.ProductAdded", 3, "error"),
        ("orders.OrderPlaced", 1, "error"),
    ]
    assert "published at the base" in found[1]["message"]
    # Apart from the breaking changes, with the exact command.
    assert [c["rule"] for c in data["changes"]] == ["LOCK_REWRITTEN"]  # the removed lines
    assert data["summary"]["breaking_changes"] == 1 and data["summary"]["out_of_date"] == 2
    [chore] = data["out_of_date"]
    assert chore["command"] == "event-contracts lock"
    assert chore["items"] == ["catalog.ProductAdded v3", "orders.OrderPlaced v1"]
    assert data["fix_command"] == "event-contracts lock"
    text = repo.run("check").out
    assert "Out of date (not breaking" in text
    assert "run `event-contracts lock`: 2 version(s) not recorded in registry.lock" in text
    assert "FAILED: 1 breaking change(s)" in text
    assert repo.run("lock").code == 0
    assert _findings(repo, "LOCK_ENTRY_MISSING") == []


def test_a_base_lock_read_through_the_heads_is_what_parsing_it_gives(tmp_path: Path) -> None:
    """The base's lock is taken from the working tree's entries when it is whole lines at
    their start (an append-only history), and parsed when it is anything else."""
    from event_contracts._gate.lockcheck import Lock

    lines = [
        "# header",
        "1 catalog.ProductAdded 1 avro 0011223344556677",
        "",
        "2 catalog.ProductAdded 2 avro 8899aabbccddeeff",
        "3 orders.OrderPlaced 1 jsonschema " + "ab" * 32,
    ]
    head_path = tmp_path / "head.lock"
    head_path.write_text("\n".join(lines) + "\n")
    head = Lock.read(head_path)
    assert head is not None
    bases = {
        "a prefix": "\n".join(lines[:2]) + "\n",
        "a prefix with a blank line": "\n".join(lines[:3]) + "\n",
        "the same": "\n".join(lines) + "\n",
        "no final newline": "\n".join(lines[:4]),
        "cut mid-line": "\n".join(lines[:3]) + "\n2 catalog.ProductAdded 2 avro 88",
        "rewritten": "\n".join([lines[0], lines[3]]) + "\n",
        "CRLF": "\r\n".join(lines[:2]) + "\r\n",
        "empty": "",
    }
    for name, text in bases.items():
        path = tmp_path / "base.lock"
        path.write_bytes(text.encode())
        try:
            alone = Lock.read(path)
        except Exception as exc:  # a line the parser refuses: so must the shortcut
            alone_error = type(exc)
            try:
                Lock.read(path, earlier=head)
            except Exception as again:
                assert type(again) is alone_error, name
                continue
            raise AssertionError(name) from None
        through = Lock.read(path, earlier=head)
        assert alone is not None and through is not None, name
        assert (through.entries, through.lines) == (alone.entries, alone.lines), name
