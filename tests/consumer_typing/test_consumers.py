"""What a consuming service's checkers see: mypy --strict (without the pydantic plugin) and
pyright (strict) accept a correct consumer of a generated package and reject a typo in an import
and an assignment to a frozen event. Neither type checker has a rule against importing from a
private module; every class is public now, and ruff's import-private-name (PLC2701) flags it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.contracts_dist.conftest import make_project

from event_contracts._cli.main import main

ITEM_SOLD_V2 = {
    "type": "record",
    "name": "ItemSold",
    "namespace": "shop",
    "fields": [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"},
        {
            "name": "channel",
            "type": {"type": "enum", "name": "Channel", "symbols": ["WEB", "SHOP"]},
            "default": "WEB",
        },
        {
            "name": "lines",
            "type": {
                "type": "array",
                "items": {
                    "type": "record",
                    "name": "Line",
                    "fields": [{"name": "sku", "type": "string"}, {"name": "n", "type": "int"}],
                },
            },
            "default": [],
        },
    ],
}

CORRECT = """\
from __future__ import annotations

import uuid

from event_contracts import DecodeError, decode, encode
from shop_events.shop import Channel, ItemSold, ItemSoldV1, ItemSoldV2Line, Line


def publish() -> bytes:
    return encode(ItemSoldV1(event_id=uuid.uuid4(), sku="mug", quantity=2))


def handle(data: bytes) -> str:
    try:
        event = decode(data, into=ItemSold)
    except DecodeError as exc:
        raw: bytes | str | None = exc.raw
        kind: str | None = exc.event_type
        return f"{kind}: {raw!r}"
    channel: Channel = event.channel
    lines: tuple[Line, ...] = event.lines
    pinned: tuple[ItemSoldV2Line, ...] = lines
    return f"{channel.value} {len(pinned)} {event.quantity + 1}"
"""

MISTAKES = {
    "typo": ("from shop_events.shop import ItemSlod\n", "ItemSlod"),
    "frozen": (
        "from shop_events.shop import ItemSold\n\n\n"
        "def rename(event: ItemSold) -> None:\n"
        '    event.sku = "other"\n',
        "sku",
    ),
    "private": (
        "from shop_events.shop._item_sold_v1 import ItemSoldV1\n\nprint(ItemSoldV1)\n",
        "_item_sold_v1",
    ),
}


@pytest.fixture(scope="module")
def consumers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("typing") / "shop")
    (root / "schemas/shop/ItemSold/v2.avsc").write_text(json.dumps(ITEM_SOLD_V2))
    for command in (["lock"], ["generate"]):
        assert main(["--root", str(root), *command]) == 0
    service = root / "service"
    service.mkdir()
    (service / "correct.py").write_text(CORRECT)
    for name, (text, _) in MISTAKES.items():
        (service / f"{name}.py").write_text(text)
    (root / "mypy.ini").write_text("[mypy]\nstrict = True\n")  # no pydantic plugin
    (root / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "extraPaths": ["src"], "pythonVersion": "3.11"})
    )
    return root


def _mypy(root: Path, file: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", f"service/{file}"],
        cwd=root,
        env={"MYPYPATH": "src", "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        check=False,
    )


def _pyright(root: Path, file: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, f"service/{file}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("checker", [_mypy, _pyright], ids=["mypy", "pyright"])
def test_a_correct_consumer_passes(consumers: Path, checker: object) -> None:
    done = checker(consumers, "correct.py")  # type: ignore[operator]
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("mistake", ["typo", "frozen"])
@pytest.mark.parametrize("checker", [_mypy, _pyright], ids=["mypy", "pyright"])
def test_a_mistake_fails_both_checkers(consumers: Path, checker: object, mistake: str) -> None:
    done = checker(consumers, f"{mistake}.py")  # type: ignore[operator]
    assert done.returncode != 0 and MISTAKES[mistake][1] in done.stdout, done.stdout


@pytest.mark.slow
def test_a_private_import_fails_the_linter(consumers: Path) -> None:
    ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--preview"]
    done = subprocess.run(
        [*ruff, "--select", "PLC2701", "service/private.py", "service/correct.py"],
        cwd=consumers,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "_item_sold_v1" in done.stdout, done.stdout
    assert "correct.py" not in done.stdout
