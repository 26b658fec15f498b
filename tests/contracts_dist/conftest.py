"""A small project of its own (one Avro event type, generated and locked) for build/publish."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from event_contracts._cli.main import main

PYPROJECT = """\
[project]
name = "shop-contracts-repo"
version = "9.9.9"

[tool.event-contracts]
package = "shop_events"
distribution = "shop-events"
version = "1.4.0"
modules = ["shop", "billing"]
"""

ITEM_SOLD = {
    "type": "record",
    "name": "ItemSold",
    "namespace": "shop",
    "doc": "An item was sold.",
    "fields": [
        {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"},
    ],
}


def make_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    folder = root / "schemas" / "shop" / "ItemSold"
    folder.mkdir(parents=True)
    (folder / "event.toml").write_text(
        'description = "An item was sold."\nsubscribers = ["billing"]\n', encoding="utf-8"
    )
    (folder / "v1.avsc").write_text(json.dumps(ITEM_SOLD, indent=2) + "\n", encoding="utf-8")
    for command in (["lock"], ["generate"]):
        assert main(["--root", str(root), *command]) == 0
    return root


@pytest.fixture
def shop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = make_project(tmp_path / "shop")
    capsys.readouterr()  # what lock and generate printed
    return root


@contextmanager
def serve_index(folder: Path) -> Iterator[str]:
    """A package index (pypiserver, no authentication) on a free 127.0.0.1 port; its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    serve = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(
        [*serve, "-a", ".", "-P", ".", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "simple/", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("pypiserver did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
