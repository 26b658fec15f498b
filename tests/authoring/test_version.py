"""`version --suggest | --check | --changelog` against the base ref, for each kind of change."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from event_contracts import load_catalog
from event_contracts._authoring.semver_bump import next_version, parse_version, suggest_bump

from .conftest import Project


def _suggest(p: Project) -> dict[str, object]:
    r = p.run("version", "--suggest", "--format", "json")
    assert r.code == 0, r.err
    data: dict[str, object] = json.loads(r.out)
    return data


def _kinds(data: dict[str, object]) -> list[tuple[str, str, str]]:
    reasons = data["reasons"]
    assert isinstance(reasons, list)
    return [(c["level"], c["kind"], c["event_type"]) for c in reasons]


def _set_version(p: Project, version: str) -> None:
    path = p.root / "pyproject.toml"
    path.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', path.read_text()))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_nothing_changed_needs_no_bump(git_project: Project) -> None:
    data = _suggest(git_project)
    assert data["level"] == "none" and data["reasons"] == []
    assert data["next_version"] == "0.1.0"
    assert git_project.run("version", "--check").code == 0


def test_a_new_event_type_is_minor(git_project: Project) -> None:
    git_project.run("new", "event", "orders.OrderShipped")
    data = _suggest(git_project)
    assert data["level"] == "minor" and data["next_version"] == "0.2.0"
    assert _kinds(data) == [("minor", "added-type", "orders.OrderShipped")]
    r = git_project.run("version")  # text form; --suggest is the default
    assert "bump: minor" in r.out and "new event type orders.OrderShipped" in r.out
    assert "next version: 0.2.0" in r.out


def test_a_new_version_is_minor(git_project: Project) -> None:
    git_project.run("new", "version", "identity.UserRegistered")
    assert _kinds(_suggest(git_project)) == [("minor", "added-version", "identity.UserRegistered")]


def test_a_superseding_type_is_minor_and_says_so(git_project: Project) -> None:
    git_project.run(
        "new", "event", "catalog.ProductPublished", "--supersedes", "catalog.ProductListed"
    )
    data = _suggest(git_project)
    assert data["level"] == "minor"
    reasons = data["reasons"]
    assert isinstance(reasons, list)
    assert "superseding catalog.ProductListed" in reasons[0]["message"]


def test_a_removed_event_type_is_major(git_project: Project) -> None:
    shutil.rmtree(git_project.schemas / "orders" / "OrderCancelled")
    data = _suggest(git_project)
    assert data["level"] == "major" and data["next_version"] == "1.0.0"
    assert _kinds(data) == [("major", "removed-type", "orders.OrderCancelled")]


def test_a_removed_version_is_major(git_project: Project) -> None:
    (git_project.schemas / "orders" / "OrderPlaced" / "v2.avsc").unlink()
    assert _kinds(_suggest(git_project)) == [("major", "removed-version", "orders.OrderPlaced")]


def test_docs_only_changes_are_patch(git_project: Project) -> None:
    _edit(
        git_project.schemas / "catalog/ProductAdded/v2.avsc",
        "Catalog category slug.",
        "Catalog category slug, lower case.",
    )
    _edit(
        git_project.schemas / "inventory/StockReserved/v1.json",
        "When an unpaid reservation lapses.",
        "When an unpaid reservation lapses (UTC).",
    )
    data = _suggest(git_project)
    assert data["level"] == "patch" and data["next_version"] == "0.1.1"
    assert _kinds(data) == [
        ("patch", "changed-docs", "catalog.ProductAdded"),
        ("patch", "changed-docs", "inventory.StockReserved"),
    ]


def test_a_changed_default_is_not_docs(git_project: Project) -> None:
    # Avro's Parsing Canonical Form drops defaults, yet they change what readers produce.
    _edit(
        git_project.schemas / "catalog/ProductAdded/v2.avsc",
        '"default": "uncategorized"',
        '"default": "misc"',
    )
    assert _kinds(_suggest(git_project)) == [("major", "changed-wire", "catalog.ProductAdded")]


def test_deprecating_is_minor_and_metadata_is_patch(git_project: Project) -> None:
    toml = git_project.schemas / "orders" / "OrderCancelled" / "event.toml"
    toml.write_text(toml.read_text() + 'deprecated = "Publish orders.OrderVoided instead."\n')
    assert _kinds(_suggest(git_project)) == [("minor", "deprecated", "orders.OrderCancelled")]
    git_project.commit("deprecate")
    _edit(toml, '"billing", ', "")
    data = _suggest(git_project)
    assert data["level"] == "minor"  # still compared with main: the deprecation counts
    assert _kinds(data) == [
        ("minor", "deprecated", "orders.OrderCancelled"),
        ("patch", "changed-metadata", "orders.OrderCancelled"),
    ]
    r = git_project.run("version", "--against", "HEAD", "--format", "json")
    assert _kinds(json.loads(r.out)) == [("patch", "changed-metadata", "orders.OrderCancelled")]


def test_check_fails_until_the_version_is_bumped_enough(git_project: Project) -> None:
    git_project.run("new", "event", "orders.OrderShipped")
    r = git_project.run("version", "--check")
    assert r.code == 1
    assert 'set [project] version = "0.2.0"' in r.err
    _set_version(git_project, "0.1.1")
    assert git_project.run("version", "--check").code == 1
    _set_version(git_project, "0.2.0")
    r = git_project.run("version", "--check")
    assert r.code == 0 and "ok:" in r.out
    _set_version(git_project, "1.0.0rc1")  # a pre-release of a higher release also covers it
    assert git_project.run("version", "--check").code == 0


def test_check_refuses_a_lower_version_even_without_changes(git_project: Project) -> None:
    _set_version(git_project, "0.0.9")
    r = git_project.run("version", "--check")
    assert r.code == 1 and "lower than" in r.err


def test_an_unknown_ref_is_a_usage_error(git_project: Project) -> None:
    r = git_project.run("version", "--against", "no-such-branch")
    assert r.code == 2 and "does not exist" in r.err and "Traceback" not in r.err


def test_outside_git_is_a_usage_error(project: Project) -> None:
    r = project.run("version")
    assert r.code == 2 and "not inside a git repository" in r.err and "git clone" in r.err


def test_a_changelog_path_that_cannot_be_written_is_exit_2(git_project: Project) -> None:
    git_project.run("new", "event", "orders.OrderShipped")
    (git_project.root / "CHANGELOG.md").mkdir()
    r = git_project.run("version", "--changelog")
    assert r.code == 2 and "CHANGELOG.md" in r.err and "Traceback" not in r.err


def test_a_bad_date_is_refused_even_when_nothing_changed(git_project: Project) -> None:
    r = git_project.run("version", "--changelog", "--date", "26/11/2026")
    assert r.code == 2 and "use YYYY-MM-DD" in r.err
    assert not (git_project.root / "CHANGELOG.md").exists()


def test_changelog_lists_new_types_and_versions(git_project: Project) -> None:
    git_project.run("new", "event", "orders.OrderShipped", "--description", "An order left.")
    git_project.run("new", "version", "orders.OrderPlaced")
    r = git_project.run("version", "--changelog", "--date", "2026-02-01")
    assert r.code == 0, r.err
    path = git_project.root / "CHANGELOG.md"
    text = path.read_text()
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]\n\n### Added\n\n- `orders.OrderShipped` (v1): An order left.\n" in text
    assert "- `orders.OrderPlaced` v3.\n" in text
    before = path.read_text()
    assert git_project.run("version", "--changelog").code == 2  # [Unreleased] exists: refuse
    assert path.read_text() == before
    # Once the version is bumped, a dated section goes above the older ones.
    path.write_text(before.replace("## [Unreleased]", "## [0.1.0] - 2026-01-15"))
    _set_version(git_project, "0.2.0")
    assert git_project.run("version", "--changelog", "--date", "2026-02-01").code == 0
    text = path.read_text()
    assert text.index("## [0.2.0] - 2026-02-01") < text.index("## [0.1.0] - 2026-01-15")


def test_suggest_bump_is_a_function_the_gate_can_call(project: Project) -> None:
    head = load_catalog(project.schemas)
    assert suggest_bump(head, head).level == "none"
    everything = suggest_bump(None, head)
    assert everything.level == "minor" and len(everything.reasons) == len(head)


@pytest.mark.parametrize(
    ("current", "level", "expected"),
    [
        ("0.1.0", "patch", "0.1.1"),
        ("0.1.3", "minor", "0.2.0"),
        ("1.4.2", "major", "2.0.0"),
        ("1.2", "minor", "1.3.0"),
        ("2.0.0rc1", "patch", "2.0.1"),
        ("1.0.0-beta.2", "none", "1.0.0"),
    ],
)
def test_next_version(current: str, level: str, expected: str) -> None:
    assert next_version(current, level) == expected  # type: ignore[arg-type]


def test_pep440_prereleases_order_below_their_release() -> None:
    assert parse_version("1.0.0rc1") < parse_version("1.0.0")


def test_a_dynamic_version_still_gets_a_suggestion_but_no_check(git_project: Project) -> None:
    path = git_project.root / "pyproject.toml"
    path.write_text(path.read_text().replace('version = "0.1.0"', 'dynamic = ["version"]'))
    git_project.commit("dynamic version")
    git_project.run("new", "event", "orders.OrderShipped")
    r = git_project.run("version")  # the base still had a static version: count from it
    assert r.code == 0 and "next version: 0.2.0 (minor bump of 0.1.0)" in r.out
    r = git_project.run("version", "--against", "HEAD")
    assert r.code == 0 and "bump: minor" in r.out and "next version: unknown" in r.out
    r = git_project.run("version", "--check")
    assert r.code == 2 and "no static contracts version" in r.err
