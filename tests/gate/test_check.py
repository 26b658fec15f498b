"""`event-contracts check` end to end, in temporary git repositories (planning and rules of
the gate; the pair verdicts come from a stand-in engine here, real ones in test_engines.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.gate.conftest import PYPROJECT, Repo, make_repo, order_v1, product_v1, product_v2

from event_contracts import load_catalog

pytestmark = pytest.mark.usefixtures("fake_engine")


def product_v3_breaking() -> dict[str, object]:
    schema = product_v2()
    schema["fields"].append({"name": "price", "type": "double"})  # no default
    return schema


def test_nothing_changed_passes_with_fingerprint_comparisons_only(repo: Repo) -> None:
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.err
    data = run.json()
    assert data["passed"] is True
    assert data["summary"]["changed_event_types"] == 0
    assert {c["name"] for c in data["checks"]} == {"fingerprints"}


def test_compatible_new_version_passes(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    assert repo.run("lock").code == 0  # a version the lock does not record is out of date
    repo.commit()
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.out
    data = run.json()
    checks = {(c["event_type"], c["name"]): c["passed"] for c in data["checks"]}
    assert checks[("catalog.ProductAdded", "compatibility v3")] is True
    assert data["summary"]["changed_event_types"] == 1


def test_field_without_default_fails_naming_rule_and_subscribers(repo: Repo) -> None:
    repo.write("schemas/catalog/ProductAdded/v3.avsc", product_v3_breaking())
    run = repo.run("check")  # uncommitted changes count too: the working tree is checked
    assert run.code == 1
    assert "FAKE_FIELD_NO_DEFAULT" in run.out
    assert "subscribers: orders, analytics" in run.out
    assert "schemas/catalog/ProductAdded/v3.avsc" in run.out
    data = repo.run("check", "--format", "json").json()
    errors = [f for f in data["findings"] if f["rule"] == "FAKE_FIELD_NO_DEFAULT"]
    # FULL_TRANSITIVE: v3 is judged against v1 and against v2.
    assert sorted(f["old_version"] for f in errors) == [1, 2]
    for f in errors:
        assert f["event_type"] == "catalog.ProductAdded"
        assert f["new_version"] == 3
        assert f["subscribers"] == ["orders", "analytics"]
        assert f["pointer"] == "/fields/3"


def test_transitive_mode_checks_every_earlier_version(repo: Repo) -> None:
    repo2 = make_repo(repo.root.parent / "other")
    repo2.event("catalog.ProductAdded", [product_v1(), product_v2()])
    repo2.commit()
    v3 = product_v2()
    v3["fields"].append({"name": "price", "type": "double"})
    repo2.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    data = repo2.run("check", "--against", "HEAD", "--format", "json").json()
    olds = sorted(f["old_version"] for f in data["findings"] if f["severity"] == "error")
    assert olds == [1, 2]


def test_edited_published_version_fails(repo: Repo) -> None:
    v1 = product_v1()
    v1["fields"][1]["type"] = "bytes"
    path = repo.write("schemas/catalog/ProductAdded/v1.avsc", v1)
    repo.commit()
    data = repo.run("check", "--format", "json").json()
    assert data["exit_code"] == 1
    rules = {f["rule"] for f in data["findings"]}
    assert "PUBLISHED_VERSION_EDITED" in rules
    assert "LOCK_MISMATCH" in rules  # the lock catches it too, independently of git
    edited = next(f for f in data["findings"] if f["rule"] == "PUBLISHED_VERSION_EDITED")
    assert edited["file"] == "schemas/catalog/ProductAdded/v1.avsc"
    lines = path.read_text().splitlines()
    assert lines[edited["line"] - 1].strip() == '"type": "bytes",'  # the first edited line
    assert edited["old_version"] == edited["new_version"] == 1


def test_docs_only_edit_of_avro_version_is_info(repo: Repo) -> None:
    v1 = product_v1()
    v1["doc"] = "A product was added to a catalog (clearer wording)."
    v1["fields"][1]["doc"] = "Shown to buyers, in their language."
    repo.write("schemas/catalog/ProductAdded/v1.avsc", json.dumps(v1))  # reformatted too
    run = repo.run("check", "--format", "json")
    assert run.code == 0, run.out
    [f] = [f for f in run.json()["findings"] if f["rule"].startswith("PUBLISHED")]
    assert f["rule"] == "PUBLISHED_VERSION_DOCS_CHANGED"
    assert f["severity"] == "info"


def test_changed_default_is_an_edit_though_the_fingerprint_stays(repo: Repo) -> None:
    v2 = product_v2()
    v2["fields"][2]["default"] = "acme"
    v2["fields"][2]["type"] = ["string", "null"]
    v2_same_fp = product_v2()
    v2_same_fp["fields"][2]["aliases"] = ["maker"]  # aliases: outside the canonical form
    repo.write("schemas/catalog/ProductAdded/v2.avsc", v2_same_fp)
    data = repo.run("check", "--format", "json").json()
    [f] = [f for f in data["findings"] if f["rule"].startswith("PUBLISHED")]
    assert f["rule"] == "PUBLISHED_VERSION_EDITED"
    assert "fingerprint leaves out" in f["message"]
    assert not any(f["rule"] == "LOCK_MISMATCH" for f in data["findings"])


def test_json_schema_description_edit_changes_its_fingerprint(repo: Repo) -> None:
    v1 = order_v1()
    v1["properties"]["orderId"]["description"] = "The order id."
    repo.write("schemas/orders/OrderPlaced/v1.json", v1)
    data = repo.run("check", "--format", "json").json()
    [f] = [f for f in data["findings"] if f["rule"] == "PUBLISHED_VERSION_EDITED"]
    assert "only its documentation changed" in f["message"]


def test_deleted_version_fails(repo: Repo) -> None:
    (repo.root / "schemas/catalog/ProductAdded/v2.avsc").unlink()
    repo.commit()
    run = repo.run("check")
    assert run.code == 1
    assert "VERSION_DELETED" in run.out
    assert "v2 of catalog.ProductAdded is published" in run.out


def test_deleted_first_version_leaves_a_gap_and_fails(repo: Repo) -> None:
    (repo.root / "schemas/catalog/ProductAdded/v1.avsc").unlink()
    data = repo.run("check", "--format", "json").json()
    assert data["exit_code"] == 1
    assert {"VERSION_DELETED", "VERSION_GAP"} <= {f["rule"] for f in data["findings"]}


def test_new_type_with_supersedes_passes_and_names_who_must_migrate(repo: Repo) -> None:
    listed = product_v1()
    listed["name"] = "ProductListed"
    listed["fields"].append({"name": "price", "type": "string"})
    repo.event(
        "catalog.ProductListed",
        [listed],
        subscribers=["orders"],
        supersedes="catalog.ProductAdded",
    )
    assert repo.run("lock").code == 0
    repo.commit()
    run = repo.run("check")
    assert run.code == 0, run.out
    assert (
        "breaking change declared as new type catalog.ProductListed, "
        "superseding catalog.ProductAdded" in run.out
    )
    data = repo.run("check", "--format", "json").json()
    [f] = [f for f in data["findings"] if f["rule"] == "SUPERSEDED_BY_NEW_TYPE"]
    assert f["subscribers"] == ["orders", "analytics"]  # the old type's readers must migrate
    assert f["severity"] == "info"
    assert f["line"] == 3  # the supersedes line of event.toml


def test_deprecated_type_may_be_removed(repo: Repo) -> None:
    toml = repo.root / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text(toml.read_text() + 'deprecated = "use catalog.ProductListed"\n')
    repo.commit("deprecate")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")
    repo.git("checkout", "-q", "-b", "remove")
    shutil.rmtree(repo.root / "schemas/catalog/ProductAdded")
    repo.commit("remove")
    data = repo.run("check", "--format", "json").json()
    assert data["exit_code"] == 0
    [f] = [f for f in data["findings"] if f["event_type"] == "catalog.ProductAdded"]
    assert f["rule"] == "EVENT_TYPE_REMOVED"


def test_type_deleted_without_deprecation_fails(repo: Repo) -> None:
    shutil.rmtree(repo.root / "schemas/catalog/ProductAdded")
    run = repo.run("check")
    assert run.code == 1
    assert "EVENT_TYPE_DELETED" in run.out
    assert "orders, analytics" in run.out


def test_relaxing_the_mode_is_a_warning_and_rechecks_the_chain(repo: Repo) -> None:
    toml = repo.root / "schemas/catalog/ProductAdded/event.toml"
    toml.write_text(toml.read_text() + 'mode = "BACKWARD"\n')
    data = repo.run("check", "--format", "json").json()
    [f] = [f for f in data["findings"] if f["rule"] == "MODE_RELAXED"]
    assert f["severity"] == "warning"
    assert ("catalog.ProductAdded", "compatibility v2") in {
        (c["event_type"], c["name"]) for c in data["checks"]
    }


def test_against_a_folder(repo: Repo, tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(repo.root / "schemas", base / "schemas")
    repo.write("schemas/catalog/ProductAdded/v3.avsc", product_v3_breaking())
    run = repo.run("check", "--against", str(base))
    assert run.code == 1
    assert f"folder {base}" in run.out  # the base is named in the headline
    data = repo.run("check", "--against", str(base), "--format", "json").json()
    assert data["base"] == f"folder {base}"
    assert {f["new_version"] for f in data["findings"] if f["severity"] == "error"} == {3}


def test_unknown_ref_is_exit_2_with_the_fix(repo: Repo) -> None:
    run = repo.run("check", "--against", "origin/nope")
    assert run.code == 2
    assert "fetch the base branch" in run.err
    assert "Traceback" not in run.err


def test_shallow_clone_without_the_base_branch_is_exit_2(repo: Repo, tmp_path: Path) -> None:
    repo.write("schemas/catalog/ProductAdded/v3.avsc", product_v3_breaking())
    repo.commit()
    clone = tmp_path / "clone"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "pr",
            "--single-branch",
            repo.root.as_uri(),
            str(clone),
        ],
        check=True,
        capture_output=True,
    )
    run = Repo(clone).run("check")
    assert run.code == 2
    assert "fetch the base branch" in run.err
    assert "Traceback" not in run.err


def test_without_git_history_checks_lock_and_each_chain(repo: Repo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    v1 = product_v1()
    v1["fields"][1]["type"] = "bytes"
    Repo(plain).write("schemas/catalog/ProductAdded/v1.avsc", v1)
    data = Repo(plain).run("check", "--format", "json").json()
    assert data["base"] is None
    assert any("no git history" in n for n in data["notes"])
    [f] = [f for f in data["findings"] if f["rule"] == "LOCK_MISMATCH"]
    assert f["file"] == "schemas/catalog/ProductAdded/v1.avsc"
    locked = next(
        line.split()[-1]
        for line in (plain / "schemas/registry.lock").read_text().splitlines()
        if " catalog.ProductAdded 1 " in line
    )
    head = load_catalog(plain / "schemas")["catalog.ProductAdded"].version(1).fingerprint
    assert locked != head
    assert locked in f["message"] and head in f["message"]
    assert ("catalog.ProductAdded", "compatibility v2") in {
        (c["event_type"], c["name"]) for c in data["checks"]
    }


def test_lock_rewrite_is_caught(repo: Repo) -> None:
    lock = repo.root / "schemas/registry.lock"
    lines = lock.read_text().splitlines(keepends=True)
    lock.write_text("".join(line for line in lines if "ProductAdded 1" not in line))
    data = repo.run("check", "--format", "json").json()
    assert "LOCK_REWRITTEN" in {f["rule"] for f in data["findings"]}
    assert data["exit_code"] == 1


def test_schema_problems_are_exit_2(repo: Repo) -> None:
    repo.write("schemas/catalog/ProductAdded/v3.avsc", "{not json")
    run = repo.run("check")
    assert run.code == 2
    assert "MALFORMED_JSON" in run.err


def test_invalid_json_schema_in_a_changed_type_is_exit_2(repo: Repo) -> None:
    v2 = order_v1()
    v2["properties"]["note"] = {"type": "text"}
    repo.write("schemas/orders/OrderPlaced/v2.json", v2)
    run = repo.run("check")
    assert run.code == 2
    assert "JSONSCHEMA_INVALID" in run.err


def test_report_dir_writes_every_format(repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "compat-report"
    run = repo.run("check", "--report-dir", str(out))
    assert run.code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["annotations.txt", "junit.xml", "report.json", "report.md", "report.txt"]
    assert json.loads((out / "report.json").read_text())["passed"] is True


def test_supersedes_naming_no_known_type_fails(repo: Repo) -> None:
    listed = product_v1()
    listed["name"] = "ProductListed"
    repo.event("catalog.ProductListed", [listed], supersedes="catalog.ProductAddd")
    data = repo.run("check", "--format", "json").json()
    assert data["exit_code"] == 1
    [f] = [f for f in data["findings"] if f["rule"] == "UNKNOWN_SUPERSEDES"]
    assert f["event_type"] == "catalog.ProductListed" and f["line"] == 3


def test_against_head_before_the_first_commit_checks_without_a_base(tmp_path: Path) -> None:
    fresh = make_repo(tmp_path / "fresh")
    fresh.event("catalog.ProductAdded", [product_v1(), product_v2()])
    run = fresh.run("check", "--against", "HEAD", "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["base"] is None


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    outer = make_repo(tmp_path / "mono")
    (outer.root / "pyproject.toml").unlink()
    inner = Repo(outer.root / "services" / "contracts")
    inner.write("pyproject.toml", PYPROJECT)
    inner.event("catalog.ProductAdded", [product_v1(), product_v2()])
    outer.commit()
    (inner.root / "schemas/catalog/ProductAdded/v2.avsc").unlink()
    run = inner.run("check", "--format", "json")
    assert run.code == 1
    [f] = [f for f in run.json()["findings"] if f["rule"] == "VERSION_DELETED"]
    assert f["file"] == "services/contracts/schemas/catalog/ProductAdded/v2.avsc"  # from the top


def test_the_report_states_the_package_version_bump(repo: Repo) -> None:
    v3 = product_v2()
    v3["fields"].append({"name": "color", "type": ["null", "string"], "default": None})
    repo.write("schemas/catalog/ProductAdded/v3.avsc", v3)
    data = repo.run("check", "--format", "json").json()
    assert data["version_bump"]["level"] == "minor"
    assert [r["kind"] for r in data["version_bump"]["reasons"]] == ["added-version"]
    assert "package version: minor bump needed (new version catalog.ProductAdded v3)" in (
        repo.run("check").out
    )
    assert "Package version: minor bump needed" in repo.run("check", "--format", "markdown").out


def test_no_change_needs_no_bump(repo: Repo) -> None:
    data = repo.run("check", "--format", "json").json()
    assert data["version_bump"] == {"level": "none", "reasons": []}


def test_report_dir_that_is_a_file_is_a_usage_error(repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("keep me", encoding="utf-8")
    run = repo.run("check", "--report-dir", str(out))
    assert run.code == 2
    assert "is a file; pass a folder" in run.err and "Traceback" not in run.err
    assert out.read_text(encoding="utf-8") == "keep me"
