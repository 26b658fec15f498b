"""A genuinely breaking version: the fake registry refuses it with our own engine's verdict,
and push prints the registry's reasons next to the local findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_contracts import check_against_versions
from event_contracts._cli.main import main

from .fake_registry import FakeRegistry, engine_decide

V1 = {
    "type": "record",
    "name": "ItemSold",
    "namespace": "shop",
    "fields": [{"name": "item_id", "type": "string"}],
}
# v2 adds a field without a default: a v2 reader cannot read v1 data (BACKWARD breaks).
V2 = {**V1, "fields": [*V1["fields"], {"name": "price", "type": "double"}]}


def _engine_available() -> bool:
    try:
        check_against_versions(V2, [V1], mode="BACKWARD", format="avro")
    except Exception:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _engine_available(), reason="the Avro compatibility engine has not landed yet"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.event-contracts]\nschemas = "schemas"\ndefault-mode = "BACKWARD"\n',
        encoding="utf-8",
    )
    folder = tmp_path / "schemas" / "shop" / "ItemSold"
    folder.mkdir(parents=True)
    (folder / "event.toml").write_text(
        'description = "An item was sold."\nsubscribers = []\n', encoding="utf-8"
    )
    (folder / "v1.avsc").write_text(json.dumps(V1), encoding="utf-8")
    (folder / "v2.avsc").write_text(json.dumps(V2), encoding="utf-8")
    return tmp_path


def test_the_registry_and_the_engine_both_refuse_side_by_side(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeRegistry(decide=engine_decide)
    with fake.serve() as server:
        code = main(["--root", str(project), "registry", "push", "--url", server.url])
    out = capsys.readouterr().out
    assert code == 1
    assert "REFUSED: shop.ItemSold: v2 is incompatible under BACKWARD" in out
    registry_part, local_part = out.split("event-contracts says:")
    assert "price" in registry_part  # the registry's reason names the field
    assert "price" in local_part and "v1 → v2" in local_part
    assert fake.subjects == {"shop.ItemSold": [1]}


def test_a_registry_judging_with_our_engine_accepts_the_bundled_catalog(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from .conftest import ROOT

    fake = FakeRegistry(decide=engine_decide)
    with fake.serve() as server:
        code = main(["--root", str(ROOT), "registry", "push", "--url", server.url])
        out = capsys.readouterr().out
        assert code == 0, out
        assert main(["--root", str(ROOT), "registry", "verify", "--url", server.url]) == 0


def test_a_json_schema_refusal(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = project / "schemas" / "shop" / "CartOpened"
    folder.mkdir()
    (folder / "event.toml").write_text(
        'description = "A cart was opened."\nsubscribers = []\nmode = "BACKWARD"\n',
        encoding="utf-8",
    )
    v1 = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "CartOpened",
        "type": "object",
        "properties": {"cart_id": {"type": "string"}},
        "required": ["cart_id"],
        "additionalProperties": False,
    }
    # v2 requires a new property: a v2 reader rejects v1 data that lacks it.
    v2 = {
        **v1,
        "properties": {**v1["properties"], "owner": {"type": "string"}},
        "required": ["cart_id", "owner"],
    }
    (folder / "v1.json").write_text(json.dumps(v1), encoding="utf-8")
    (folder / "v2.json").write_text(json.dumps(v2), encoding="utf-8")
    fake = FakeRegistry(decide=engine_decide)
    with fake.serve() as server:
        code = main(
            ["--root", str(project), "registry", "push", "--url", server.url,
             "--type", "shop.CartOpened"]
        )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1, err
    assert "REFUSED: CartOpened (shop.CartOpened): v2 is incompatible under BACKWARD" in out
    assert "owner" in out.split("event-contracts says:")[1]
    assert fake.subjects["CartOpened"] == [1]  # the title, as JSONSerializer names it
    assert fake.by_id(1).schema_type == "JSON"
