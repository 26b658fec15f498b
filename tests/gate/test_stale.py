"""The stale-generated-code hook: findings when codegen says files are stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.gate.conftest import Repo, product_v2

import event_contracts._codegen


def test_stale_generated_files_fail_the_gate(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []

    def stale_files(root: Path, catalog: object = None) -> list[str]:
        seen.append(root)
        return ["src/integration_events/catalog/_product_added.py"]

    monkeypatch.setattr(event_contracts._codegen, "stale_files", stale_files, raising=False)
    assert repo.run("check").code == 0  # no contracts package here: nothing to be stale
    (repo.root / "src/integration_events").mkdir(parents=True)
    run = repo.run("check", "--format", "json")
    assert run.code == 1
    [f] = [f for f in run.json()["findings"] if f["rule"] == "STALE_GENERATED_CODE"]
    assert f["file"] == "src/integration_events/catalog/_product_added.py"
    assert "event-contracts generate" in f["fix"]
    assert seen and seen[-1].resolve() == repo.root.resolve()


def test_the_real_hook_catches_a_schema_edited_after_generate(repo: Repo) -> None:
    assert repo.run("generate").code == 0
    assert not [
        f
        for f in repo.run("check", "--format", "json").json()["findings"]
        if f["rule"] == "STALE_GENERATED_CODE"
    ]
    toml = repo.root / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text(toml.read_text().replace("description = ", "description = 'New.'\n#", 1))
    run = repo.run("check", "--format", "json")
    stale = [f for f in run.json()["findings"] if f["rule"] == "STALE_GENERATED_CODE"]
    assert stale and all(f["file"].startswith("src/integration_events/") for f in stale)
    assert run.code == 1


def test_a_version_gap_is_a_finding_even_with_generated_code(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    assert repo.run("generate").code == 0
    repo.commit("v3")
    (repo.root / "schemas/catalog/ProductAdded/v2.avsc").unlink()  # v1, v3: a gap
    run = repo.run("check", "--format", "json")
    assert run.code == 1, run.err  # judged, not refused as invalid schemas
    rules = {f["rule"] for f in run.json()["findings"]}
    assert {"VERSION_GAP", "STALE_GENERATED_CODE"} <= rules
