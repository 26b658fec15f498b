"""Build both distributions, publish them to a real index on 127.0.0.1 (pypiserver), install the
contracts alone into a fresh virtual environment, and decode an event there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.contracts_dist.conftest import ITEM_SOLD, make_project, serve_index

REPO = Path(__file__).resolve().parents[2]
RUNTIME = ["pydantic>=2.7,<3", "fastavro>=1.9,<2", "jsonschema>=4.21,<5"]
BUILD_WHEEL = [sys.executable, "-m", "build", "--wheel", "--no-isolation"]
SECRET = "pa55-word-that-must-not-show"

CONSUMER = """
import importlib.util, uuid
from shop_events.shop import ItemSold, ItemSoldV1
from event_contracts import decode, encode
old = ItemSoldV1(event_id=uuid.uuid4(), sku="mug", quantity=2)
new = decode(encode(old), into=ItemSold)
assert (new.EVENT_VERSION, new.sku, new.quantity, new.gift_wrap) == (2, "mug", 2, False)
tooling = ("httpx", "semver", "build", "hatchling", "twine", "hypothesis")
assert [m for m in tooling if importlib.util.find_spec(m)] == []
print("ok")
"""


@pytest.fixture
def index(tmp_path: Path) -> Iterator[str]:
    with serve_index(tmp_path / "index") as url:
        yield url


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "EVENT_CONTRACTS_INDEX_USER": "ci",
        "EVENT_CONTRACTS_INDEX_PASSWORD": SECRET,
    }
    return subprocess.run(
        [sys.executable, "-m", "event_contracts", "--root", str(root), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_publish_then_install_the_contracts_alone_and_decode(tmp_path: Path, index: str) -> None:
    shop = make_project(tmp_path / "shop")
    v2 = {**ITEM_SOLD, "fields": [*ITEM_SOLD["fields"]]}  # type: ignore[list-item]
    v2["fields"].append({"name": "gift_wrap", "type": "boolean", "default": False})
    (shop / "schemas/shop/ItemSold/v2.avsc").write_text(json.dumps(v2), encoding="utf-8")
    for step in (["lock"], ["generate"], ["build"]):
        done = _cli(shop, *step)
        assert done.returncode == 0, done.stderr
    engine = tmp_path / "engine"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(engine),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    [engine_wheel] = engine.glob("event_contracts-*.whl")

    for files in ([str(engine_wheel)], []):  # the engine's runtime, then the contracts
        done = _cli(shop, "publish", "--url", index, *files)
        assert done.returncode == 0, done.stderr
        assert SECRET not in done.stdout + done.stderr
    again = _cli(shop, "publish", "--url", index)
    assert again.returncode == 2 and "failed" in again.stderr  # an index keeps what it has
    assert SECRET not in again.stdout + again.stderr

    env_dir = tmp_path / "service"
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    # the runtime's own dependencies from this machine's usual index, then the rest from ours
    subprocess.run(
        [*pip, "pydantic>=2.7,<3", "fastavro>=1.9,<2", "jsonschema>=4.21,<5"], check=True
    )
    subprocess.run([*pip, "--index-url", f"{index}simple/", "shop-events"], check=True)
    out = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", CONSUMER],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "ok"
