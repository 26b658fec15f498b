"""`event-contracts build`: the contracts alone, reproducibly, never from stale inputs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from event_contracts._cli.main import main
from event_contracts._dist.meta import engine_requirement


def _build(root: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--root", str(root), "build", "--out", str(out), "--format", "json"]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_build_writes_the_contracts_alone_with_their_own_name_and_version(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop / "src" / "shop_events" / "upcasters.py").write_text("# hand-written steps\n")
    result = _build(shop, tmp_path / "dist", capsys)
    assert (result["name"], result["version"]) == ("shop-events", "1.4.0")
    [wheel] = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == "shop_events-1.4.0-py3-none-any.whl"
    assert [p.name for p in (tmp_path / "dist").glob("*.tar.gz")] == ["shop_events-1.4.0.tar.gz"]
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read("shop_events-1.4.0.dist-info/METADATA").decode()
    # the classes, the hand-written upcasters, the schemas and the lock; no engine, no cache
    assert {"shop_events/shop/__init__.py", "shop_events/upcasters.py"} <= names
    assert {"shop_events/_schemas/shop/ItemSold/v1.avsc", "shop_events/_schemas/registry.lock"} <= (
        names
    )
    assert not any(n.startswith("event_contracts/") or "_generated.json" in n for n in names)
    [requires] = [line for line in metadata.splitlines() if line.startswith("Requires-Dist")]
    assert requires.startswith("Requires-Dist: event-contracts") and "[" not in requires


def test_the_same_inputs_give_the_same_bytes(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(shop, tmp_path / "a", capsys)
    _build(shop, tmp_path / "b", capsys)
    for built in (tmp_path / "a").iterdir():
        assert built.read_bytes() == (tmp_path / "b" / built.name).read_bytes(), built.name


def test_stale_generated_code_is_refused(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = shop / "schemas" / "shop" / "ItemSold" / "v2.avsc"
    v1 = json.loads((schema.parent / "v1.avsc").read_text())
    v1["fields"].append({"name": "note", "type": "string", "default": ""})
    schema.write_text(json.dumps(v1), encoding="utf-8")
    assert main(["--root", str(shop), "build", "--out", str(tmp_path / "dist")]) == 2
    assert "run `event-contracts lock`" in capsys.readouterr().err
    assert main(["--root", str(shop), "lock"]) == 0
    assert main(["--root", str(shop), "build", "--out", str(tmp_path / "dist")]) == 2
    assert "run `event-contracts generate`" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        ("0.1.0", "event-contracts>=0.1.0,<0.2"),
        ("0.7.3", "event-contracts>=0.7.3,<0.8"),
        ("1.4.2", "event-contracts>=1.4.2,<2"),
        ("2.0.0rc1", "event-contracts>=2.0.0rc1,<3"),
        ("3", "event-contracts>=3,<4"),
    ],
)
def test_the_engine_requirement_is_the_release_line_the_code_was_generated_with(
    engine: str, expected: str
) -> None:
    assert engine_requirement(engine) == expected


def test_publish_without_credentials_says_which_to_set(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("EVENT_CONTRACTS_INDEX_USER", "EVENT_CONTRACTS_INDEX_PASSWORD", "TWINE_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TWINE_PASSWORD", raising=False)
    _build(shop, shop / "dist", capsys)
    code = main(["--root", str(shop), "publish", "--url", "http://127.0.0.1:9/"])
    err = capsys.readouterr().err
    assert code == 2 and "EVENT_CONTRACTS_INDEX_PASSWORD" in err
    assert main(["--root", str(shop), "publish"]) == 2  # no index named at all
    assert "EVENT_CONTRACTS_INDEX_URL" in capsys.readouterr().err


def test_index_credentials_never_show_in_errors_or_output() -> None:
    from event_contracts._dist.publish import Index
    from event_contracts._secrets import redact
    from event_contracts.errors import UsageError

    with pytest.raises(UsageError) as info:
        Index.from_env("ftp://ci:s3cret-pw@index.internal/", None, {})
    assert "s3cret-pw" not in str(info.value) and "index.internal" in str(info.value)
    index = Index.from_env(
        "https://index.internal/", "ci", {"EVENT_CONTRACTS_INDEX_PASSWORD": "p@ss/w"}
    )
    echoed = "Authorization: Basic Y2k6cEBzcy93, url p%40ss%2Fw, json p@ss/w"
    assert "p@ss" not in redact(echoed, index.secrets) and "Y2k6" not in redact(
        echoed, index.secrets
    )
