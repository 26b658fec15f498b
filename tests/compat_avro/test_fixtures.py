"""One fixture folder per Avro rule, asserting the exact findings (buf's testdata layout)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_contracts import check_compatibility
from event_contracts._compat.avro import RULES

from .replay import replay_fails, replayable

FIXTURES = Path(__file__).parent.parent / "fixtures" / "compat" / "avro"
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def test_every_rule_has_a_fixture_folder_and_every_folder_is_a_rule() -> None:
    assert {p.name for p in FOLDERS} == set(RULES)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_fixture_gives_exactly_the_expected_findings(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text())
    result = check_compatibility(folder / "old.avsc", folder / "new.avsc", mode=expected["mode"])
    assert result.compatible is expected["compatible"]
    got = [
        {"rule": f.rule, "direction": f.direction, "pointer": f.pointer} for f in result.findings
    ]
    assert got == expected["findings"]
    assert any(f["rule"] == folder.name for f in got)
    for f in result.findings:
        assert f.counterexample is not None, f.message
        assert f.line is not None and f.line > 1
        assert f.pointer_side == ("new" if f.direction == "backward" else "old")
        assert f.fix and f.fix in f.message
        old, new = (json.loads((folder / n).read_text()) for n in ("old.avsc", "new.avsc"))
        writer, reader = (old, new) if f.direction == "backward" else (new, old)
        if replayable(f, writer):
            assert replay_fails(f, writer, reader), f.counterexample
