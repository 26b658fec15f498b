"""The demo's modular monolith (examples/monolith, seed 001) runs as the demo runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_identity_publishes_and_notifications_handles_in_memory() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "examples"),
        "EVENT_CONTRACTS_TRANSPORT": "memory",
    }
    done = subprocess.run(
        [sys.executable, "-m", "monolith.main"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "transport: memory" in done.stdout
    assert "notifications: welcome e-mail to ada@example.com (Hello Ada!)" in done.stdout
