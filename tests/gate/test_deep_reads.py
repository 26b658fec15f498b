"""`validate` and `generate` read the schema files that changed since they last passed every
check, and still report everything: the checks across types see the files they did not read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.gate.conftest import Repo, make_repo, order_v1, product_v1, product_v2, reads


def _thing(i: int) -> dict[str, Any]:
    return {**product_v1(), "name": f"Thing{i}Happened"}


@pytest.fixture
def r(tmp_path: Path, cache_dir: Path) -> Iterator[Repo]:
    repo = make_repo(tmp_path / "repo")
    for i in range(6):
        repo.event(f"catalog.Thing{i}Happened", [_thing(i)])
    repo.event("orders.OrderPlaced", [order_v1()], fmt="json", subscribers=["billing"])
    repo.commit("published")
    yield repo


def _reads(r: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, list[str]]:
    """(exit code, output, the schema files under the project's schemas/ the command read)."""
    schemas = r.root / "schemas"
    with reads(monkeypatch) as seen:
        run = r.run(*args)
    files = {
        p.relative_to(schemas).as_posix()
        for p in seen
        if p.suffix in (".avsc", ".json") and p.is_relative_to(schemas)
    }
    return run.code, run.out + run.err, sorted(files)


def _uncached(r: Repo, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    with monkeypatch.context() as m:
        m.setenv("EVENT_CONTRACTS_NO_CACHE", "1")
        run = r.run(*args)
    return run.code, run.out + run.err


def test_validate_reads_what_changed_and_says_what_an_uncached_run_says(
    r: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _reads(r, monkeypatch, "validate")[0] == 0  # fills the cache
    code, out, reads = _reads(r, monkeypatch, "validate")
    assert (code, reads) == (0, []), out

    r.write("schemas/catalog/Thing2Happened/v2.avsc", {**product_v2(), "name": "Thing2Happened"})
    code, out, reads = _reads(r, monkeypatch, "validate")
    assert (code, out) == _uncached(r, monkeypatch, "validate")
    assert code == 0 and reads == ["catalog/Thing2Happened/v2.avsc"], out

    # a problem in an edited file is found, and still found on the next (warm) run
    bad = {**product_v2(), "name": "Thing2Happened"}
    bad["fields"][-1] = {"name": "brand", "type": ["null", "string"], "default": "none"}
    r.write("schemas/catalog/Thing2Happened/v2.avsc", bad)
    first = _reads(r, monkeypatch, "validate")
    assert first[0] == 1 and "Thing2Happened/v2.avsc" in first[1], first[1]
    again = _reads(r, monkeypatch, "validate")
    assert again[:2] == first[:2] == _uncached(r, monkeypatch, "validate")
    assert again[2] == ["catalog/Thing2Happened/v2.avsc"]  # a file with a problem: read again


def test_a_file_not_read_again_still_takes_part_in_the_checks_across_types(
    r: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thing0Happened nests a record that a later event type's name collides with
    nested = _thing(0)
    nested["fields"].append(
        {
            "name": "supplier",
            "type": {
                "type": "record",
                "name": "SupplierNamed",
                "namespace": "orders",
                "fields": [],
            },
        }
    )
    r.write("schemas/catalog/Thing0Happened/v1.avsc", nested)
    r.commit("a nested record")
    assert _reads(r, monkeypatch, "validate")[0] == 0
    assert _reads(r, monkeypatch, "validate")[::2] == (0, [])  # every file remembered

    supplier = {**order_v1(), "title": "SupplierNamed"}
    r.event("orders.SupplierNamed", [supplier], fmt="json", subscribers=["billing"])
    # Thing0Happened's file loads from the cache (read only for the line of the finding)
    code, out, _ = _reads(r, monkeypatch, "validate")
    assert code == 1 and "a nested type redefines event type orders.SupplierNamed" in out, out
    assert "Thing0Happened/v1.avsc:" in out
    assert (code, out) == _uncached(r, monkeypatch, "validate")


def test_generate_after_one_edit_reads_that_file_and_writes_what_a_cold_run_writes(
    r: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert r.run("generate").code == 0
    r.commit("generated")
    edited = {**_thing(3), "doc": "Thing 3, edited."}
    r.write("schemas/catalog/Thing3Happened/v1.avsc", edited)
    code, out, reads = _reads(r, monkeypatch, "generate")
    assert code == 0, out
    assert reads == ["catalog/Thing3Happened/v1.avsc"]
    assert (
        "Thing 3, edited."
        in (r.root / "src/integration_events/catalog/_thing3_happened_v1.py").read_text()
    )
    # an uncached run finds nothing to change: the same files a cold render writes
    code, out = _uncached(r, monkeypatch, "generate", "--check")
    assert code == 0, out
    manifest = json.loads((r.root / "src/integration_events/_generated.json").read_text())
    assert "catalog/_thing3_happened_v1.py" in manifest["files"]


def test_a_pull_requests_check_never_reads_the_deep_loads(
    r: Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` and `generate` remember deep loads in a file of their own (`deep-v1.json`),
    which a pull request's `check` does not need: it reads a smaller main file."""
    assert r.run("validate").code == 0
    assert (cache_dir / "deep-v1.json").is_file()
    r.git("checkout", "-q", "-b", "pr")
    r.write("schemas/catalog/Thing2Happened/v2.avsc", {**product_v2(), "name": "Thing2Happened"})
    r.commit("a new version")
    with reads(monkeypatch) as seen:
        run = r.run("check", "--no-proof")
    assert run.code == 0, run.out + run.err
    names = {p.name for p in seen}
    assert "schemas-v1.json" in names and "deep-v1.json" not in names
