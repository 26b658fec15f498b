"""The contracts this repository holds, whatever they are: teams adopt the repository as a
template and change `schemas/` and `src/integration_events/upcasters.py`, so these tests read
what is there and never name an event type. (Tests of the engine use their own fixtures.)"""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

from event_contracts import load_catalog
from event_contracts._cli.main import main
from event_contracts._codegen import stale_files
from event_contracts._runtime.upcast import DEFAULT_REGISTRY
from event_contracts._schema.lock import read_lock
from event_contracts.testing import verify_upcasters

REPO = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(REPO / "schemas")
PACKAGE = CATALOG.config.package


def test_the_generated_package_is_fresh() -> None:
    assert stale_files(REPO) == [], "run `event-contracts generate` and commit the result"


def test_the_lock_records_every_version_with_its_fingerprint() -> None:
    locked = {
        (e.event_type, e.version): e.fingerprint
        for e in read_lock(REPO / "schemas" / "registry.lock")
    }
    for t in CATALOG:
        for v in t.versions:
            assert locked.get((t.id, v.number)) == v.fingerprint, (
                f"{t.id} v{v.number}: run `event-contracts lock` (or restore the published file)"
            )


def test_every_hand_written_upcaster_is_verified() -> None:
    importlib.import_module(f"{PACKAGE}.upcasters")  # registers the hand-written steps
    written = {
        (s.event_type, s.from_version, s.target_type, s.to_version)
        for s in DEFAULT_REGISTRY.steps
        if s.package == PACKAGE
    }
    checked = verify_upcasters(PACKAGE, max_examples=40)
    assert {(s.event_type, s.from_version, s.target_type, s.to_version) for s in checked} == written


def test_the_catalog_renders_every_event_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "catalog"
    assert main(["--root", str(REPO), "catalog", "--out", str(out), "--no-git-dates"]) == 0
    md = (out / "catalog.md").read_text(encoding="utf-8")
    html = (out / "catalog.html").read_text(encoding="utf-8")
    assert f"{len(CATALOG)} event types" in md
    for t in CATALOG:
        assert f"### {t.id}" in md
        assert f'id="t-{t.id}"' in html
        for v in t.versions:
            assert f"{t.id} v{v.number}" in md


def test_the_changelog_has_a_section_for_the_package_version() -> None:
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[({re.escape(version)}|Unreleased)\]", text, re.MULTILINE), (
        f"CHANGELOG.md has no section for {version}: `event-contracts version --changelog`"
    )
