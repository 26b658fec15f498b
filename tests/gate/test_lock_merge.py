"""Parallel pull requests: two branches each append to registry.lock; after merging main into a
branch, `event-contracts lock --rebase` keeps main's entries and re-appends the branch's."""

from __future__ import annotations

import subprocess
import sys

from tests.gate.conftest import Repo, order_v1, product_v2

LOCK = "schemas/registry.lock"


def _entries(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line and not line.startswith("#")]


def _parallel_branches(repo: Repo) -> str:
    """`pr` adds catalog.ProductAdded v3 and `main` adds orders.OrderPlaced v2, each locked
    (both as schema id 4); returns main's lock text."""
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    assert repo.run("lock").code == 0
    repo.commit("pr: ProductAdded v3")
    repo.git("checkout", "-q", "main")
    v2 = order_v1()
    v2["properties"]["note"] = {"type": "string"}
    repo.write("schemas/orders/OrderPlaced/v2.json", v2)
    assert repo.run("lock").code == 0
    repo.commit("main: OrderPlaced v2 (merged first)")
    main_lock = (repo.root / LOCK).read_text()
    repo.git("checkout", "-q", "pr")
    return main_lock


def _merge_main(repo: Repo) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "merge", "-q", "--no-edit", "main"],
        cwd=repo.root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_lock_rebase_resolves_a_conflicted_lock_after_merging_main(repo: Repo) -> None:
    main_lock = _parallel_branches(repo)
    assert _merge_main(repo).returncode != 0  # both appended id 4: git cannot merge the lock
    assert "<<<<<<<" in (repo.root / LOCK).read_text()

    for command in (("check",), ("lock",), ("lock", "--check")):
        run = repo.run(*command)
        assert run.code == 2, command
        assert "LOCK_CONFLICT" in run.err and "Traceback" not in run.err
        assert "run `event-contracts lock --rebase`" in run.err
        assert "never edit" not in run.err and "run `event-contracts validate`" not in run.err

    run = repo.run("lock", "--rebase")
    assert run.code == 0, run.err
    assert "kept the 4 entries of MERGE_HEAD as they are" in run.out
    assert "re-appended catalog.ProductAdded v3 as schema id 5" in run.out
    assert "event-contracts generate" in run.out
    text = (repo.root / LOCK).read_text()
    assert text.startswith(main_lock)  # main's entries, byte for byte
    assert [e[:3] for e in _entries(text)[4:]] == [["5", "catalog.ProductAdded", "3"]]

    repo.commit("merge main")
    assert repo.run("lock", "--check").code == 0
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.out
    assert repo.run("lock", "--rebase").out.count("re-appended") == 1  # idempotent
    assert (repo.root / LOCK).read_text() == text


def test_lock_rebase_without_a_merge_uses_the_main_branch(repo: Repo) -> None:
    main_lock = _parallel_branches(repo)
    # A merge resolved by taking this branch's lock: ids 4 twice, main's line lost.
    assert _merge_main(repo).returncode != 0
    repo.git("checkout", "--ours", LOCK)
    repo.commit("merge main, badly")
    assert repo.run("check").code == 1  # main's lock line was removed: LOCK_REWRITTEN
    run = repo.run("lock", "--rebase")
    assert run.code == 0 and "kept the 4 entries of main" in run.out
    assert (repo.root / LOCK).read_text().startswith(main_lock)
    assert repo.run("check").code == 0


def test_the_same_version_on_both_branches_is_a_mismatch(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    repo.run("lock")
    repo.commit("pr: v3 with color")
    repo.git("checkout", "-q", "main")
    v3["fields"][-1]["name"] = "size"
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    repo.run("lock")
    repo.commit("main: v3 with size")
    repo.git("checkout", "-q", "pr")
    assert _merge_main(repo).returncode != 0
    repo.git("checkout", "--ours", "schemas/catalog/ProductAdded/v3.avsc")
    run = repo.run("lock", "--rebase")
    assert run.code == 1
    assert "mismatch: catalog.ProductAdded v3" in run.out


def test_lock_rebase_usage_errors(repo: Repo) -> None:
    run = repo.run("lock", "--rebase", "--onto", "no-such-branch")
    assert run.code == 2 and "does not exist" in run.err
    assert repo.run("lock", "--onto", "main").code == 2
    assert repo.run("lock", "--rebase", "--check").code == 2


def _install_driver(repo: Repo) -> None:
    """The documented .gitattributes line and git config, with this interpreter's CLI."""
    repo.write(".gitattributes", "schemas/registry.lock merge=event-contracts-lock\n")
    code = "import sys; from event_contracts._cli.main import main; sys.exit(main())"
    cli = f"{sys.executable} -c '{code}'"
    repo.git("config", "merge.event-contracts-lock.name", "registry.lock: keep main's entries")
    repo.git("config", "merge.event-contracts-lock.driver", f"{cli} lock --merge-driver %O %A %B")


def test_the_merge_driver_merges_main_into_a_branch_without_conflict(repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    _install_driver(repo)
    repo.commit("merge driver")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    main_lock = _parallel_branches(repo)
    done = _merge_main(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo.root / LOCK).read_text()
    assert text.startswith(main_lock)
    assert [e[:3] for e in _entries(text)[4:]] == [["5", "catalog.ProductAdded", "3"]]
    assert repo.run("check").code == 0


def test_the_merge_driver_keeps_main_when_a_branch_is_merged_into_it(repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    _install_driver(repo)
    repo.commit("merge driver")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    main_lock = _parallel_branches(repo)
    repo.git("checkout", "-q", "main")
    done = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "pr"], cwd=repo.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo.root / LOCK).read_text()
    assert text.startswith(main_lock)  # main's ids stay: they are published
    assert [e[:3] for e in _entries(text)[4:]] == [["5", "catalog.ProductAdded", "3"]]
