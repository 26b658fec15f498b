"""A pull request's check reads what the change touches, and says the same with the schema
cache cold, warm, or deleted in the middle of a run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, product_v2, reads

from event_contracts._gate import plan as plan_module

MONEY = {"type": "object", "properties": {"cents": {"type": "integer"}}}


def _shipped(money: dict[str, Any] | None) -> dict[str, Any]:
    schema = {**order_v1(), "title": "OrderShipped"}
    if money is not None:
        schema["$defs"] = {"Money": money}
    return schema


def _placed_with_ref() -> dict[str, Any]:
    schema = order_v1()
    schema["properties"] = {
        **schema["properties"],
        "total": {"$ref": "../OrderShipped/v1.json#/$defs/Money"},
    }
    return schema


def _published(root: Path) -> Repo:
    r = make_repo(root)
    r.event("catalog.ProductAdded", [product_v1(), product_v2()])
    r.event("orders.OrderShipped", [_shipped(MONEY)], fmt="json", subscribers=["billing"])
    r.event("orders.OrderPlaced", [_placed_with_ref()], fmt="json", subscribers=["billing"])
    assert r.run("lock").code == 0
    r.commit("published")
    r.git("checkout", "-q", "-b", "pr")
    return r


def _verdict(r: Repo) -> tuple[int, str, str]:
    run = r.run("check", "--no-proof", "--format", "json")
    return run.code, run.out, run.err


# Each edit is a pull request; the verdicts must not depend on what the cache holds.
EDITS = {
    "a new compatible version": lambda r: r.event(
        "catalog.ProductAdded", [product_v1(), product_v2(), product_v2()]
    ),
    "an edited published version": lambda r: r.write(
        "schemas/catalog/ProductAdded/v1.avsc", {**product_v1(), "doc": "x", "fields": []}
    ),
    # OrderPlaced's file is untouched, but what its $ref names is gone: still exit 2
    "a $ref target removed under an unchanged file": lambda r: r.write(
        "schemas/orders/OrderShipped/v1.json", _shipped(None)
    ),
    "a broken event.toml": lambda r: r.write(
        "schemas/catalog/ProductAdded/event.toml", 'description = ""\n'
    ),
    # what git's index cannot show: the folders are read from the disk (exit 2 both)
    "an empty folder in a type folder": lambda r: (
        (r.root / "schemas/catalog/ProductAdded/junk").mkdir(),
        r.write("schemas/orders/README.md", "so that there is a commit\n"),
    ),
    "a type's files deleted, its folder kept": lambda r: [
        p.unlink() for p in (r.root / "schemas/orders/OrderShipped").iterdir()
    ],
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_verdicts_are_the_same_cold_warm_and_deleted_mid_run(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    r = _published(tmp_path / "repo")
    assert _verdict(r)[0] == 0  # the untouched branch, which also fills the cache
    EDITS[edit](r)
    monkeypatch.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
    uncached = _verdict(r)
    if edit.startswith(("an empty folder", "a type's files")):
        assert uncached[0] == 2, uncached  # BAD_VERSION_FILE, NO_VERSIONS
    monkeypatch.delenv("EVENT_CONTRACTS_NO_CACHE")
    assert _verdict(r) == uncached  # entries of the files before the edit
    assert _verdict(r) == uncached  # warm with the edit too
    shutil.rmtree(cache_dir)
    assert _verdict(r) == uncached  # cold
    r.commit("the edit")
    assert _verdict(r) == uncached  # committed: the ids come from git's index

    real_plan = plan_module.plan

    def plan_then_delete(*args: Any) -> Any:
        shutil.rmtree(cache_dir, ignore_errors=True)
        return real_plan(*args)

    monkeypatch.setattr(plan_module, "plan", plan_then_delete)
    assert _verdict(r) == uncached  # deleted in the middle of the run
    assert _verdict(r) == uncached  # and after it


def _repository(root: Path, types: int) -> Repo:
    """`types` event types on main; the branch adds a version to the first one."""
    r = make_repo(root)
    for i in range(types):
        name = f"Thing{i}Happened"
        r.event(f"catalog.{name}", [{**product_v1(), "name": name}])
    assert r.run("lock").code == 0
    r.commit("published")
    r.git("checkout", "-q", "-b", "pr")
    first = {**product_v1(), "name": "Thing0Happened"}
    second = {**product_v2(), "name": "Thing0Happened"}
    r.event("catalog.Thing0Happened", [first, second])
    assert r.run("lock").code == 0
    r.commit("a new version")
    return r


def _schema_reads(r: Repo, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The schema files (.avsc, .json) one `check` reads, with a warm cache."""
    assert r.run("check", "--no-proof").code == 0  # warms the cache
    with reads(monkeypatch) as seen:
        run = r.run("check", "--no-proof")
    assert run.code == 0, run.out + run.err
    return [
        # base: a temporary copy
        f"{'head' if path.is_relative_to(r.root) else 'base'} "
        + "/".join(path.parts[path.parts.index("schemas") :])
        for path in seen
        if path.suffix in (".avsc", ".json") and "schemas" in path.parts
    ]


def test_a_pull_request_reads_what_it_changes_not_the_repository(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _schema_reads(_repository(tmp_path / "small", 3), monkeypatch)
    large = _schema_reads(_repository(tmp_path / "large", 30), monkeypatch)
    assert small == large
    changed_type = "schemas/catalog/Thing0Happened/"
    assert large and all(read.split(" ")[1].startswith(changed_type) for read in large)
