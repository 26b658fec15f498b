"""A stand-in contracts package (`rt_events`) built in a temporary folder for the runtime tests.

It follows the generator's contract: hand-written classes deriving from IntegrationEvent, and
`_schemas/` holding a copy of the bundled `schemas/` with a registry.lock. It is built when this
file is imported, so test modules can import `rt_events` at the top.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

from event_contracts._schema.loader import LOCK_FILE, scan
from event_contracts._schema.lock import append_lock, pending_entries, read_lock
from event_contracts._schema.model import Config

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixture" / "rt_events"


def build_package(root: Path) -> Path:
    """Copy the stand-in package under `root`, with `_schemas/` and a registry.lock."""
    pkg = root / "rt_events"
    shutil.copytree(FIXTURE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    schemas = pkg / "_schemas"
    shutil.copytree(REPO / "schemas", schemas)
    lock = schemas / LOCK_FILE
    catalog = scan(schemas, config=Config(), deep=False)[0]
    append_lock(lock, pending_entries(catalog, read_lock(lock)))
    return pkg


if "rt_events" not in sys.modules:
    _ROOT = Path(tempfile.mkdtemp(prefix="rt_events_"))
    atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
    build_package(_ROOT)
    sys.path.insert(0, str(_ROOT))
