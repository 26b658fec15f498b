"""`event-contracts lock [--check]`: append-only records of published versions."""

from __future__ import annotations

from tests.gate.conftest import Repo, product_v2


def lines(repo: Repo) -> list[str]:
    text = (repo.root / "schemas/registry.lock").read_text()
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_lock_appends_only_new_versions_with_the_next_ids(repo: Repo) -> None:
    before = lines(repo)
    assert [line.split()[1:3] for line in before] == [
        ["catalog.ProductAdded", "1"],
        ["catalog.ProductAdded", "2"],
        ["orders.OrderPlaced", "1"],
    ]
    assert repo.run("lock", "--check").code == 0
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    check = repo.run("lock", "--check")
    assert check.code == 1
    assert "not locked: catalog.ProductAdded v3" in check.out
    assert lines(repo) == before  # --check writes nothing
    run = repo.run("lock")
    assert run.code == 0
    after = lines(repo)
    assert after[:3] == before
    assert after[3].split()[:3] == ["4", "catalog.ProductAdded", "3"]
    assert repo.run("lock").out.startswith("nothing to lock")
    assert lines(repo) == after


def test_lock_check_reports_an_edited_version(repo: Repo) -> None:
    v2 = product_v2()
    v2["fields"][2]["type"] = ["null", "long"]
    repo.write("schemas/catalog/ProductAdded/v2.avsc", v2)
    run = repo.run("lock", "--check")
    assert run.code == 1
    assert "mismatch: catalog.ProductAdded v2" in run.out


def test_a_corrupt_lock_is_exit_2_naming_the_line(repo: Repo) -> None:
    path = repo.root / "schemas/registry.lock"
    path.write_text(path.read_text() + "5 catalog.ProductAdded three avro ab\n")
    for command in (("lock", "--check"), ("check",)):
        run = repo.run(*command)
        assert run.code == 2, command
        assert "BAD_LOCK_LINE" in run.err and "Traceback" not in run.err
    path.write_bytes(b"\xff\xfe not utf-8\n")
    run = repo.run("lock", "--check")
    assert run.code == 2 and "cannot read it" in run.err
