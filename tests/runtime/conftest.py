"""A stand-in contracts package (`rt_events`) built in a temporary folder for the runtime tests.

It follows the generator's contract: hand-written classes deriving from IntegrationEvent, and
`_schemas/` holding a copy of the bundled `schemas/` with a registry.lock.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from event_contracts._runtime.schemas import clear_cache
from event_contracts._schema.loader import LOCK_FILE, scan
from event_contracts._schema.lock import append_lock, pending_entries, read_lock
from event_contracts._schema.model import Config

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixture" / "rt_events"


def build_package(root: Path) -> None:
    pkg = root / "rt_events"
    shutil.copytree(FIXTURE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    schemas = pkg / "_schemas"
    shutil.copytree(REPO / "schemas", schemas)
    lock = schemas / LOCK_FILE
    catalog = scan(schemas, config=Config(), deep=False)[0]
    append_lock(lock, pending_entries(catalog, read_lock(lock)))


@pytest.fixture(scope="session", autouse=True)
def rt_events(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("pkg")
    build_package(root)
    sys.path.insert(0, str(root))
    clear_cache()
    yield root / "rt_events"
    sys.path.remove(str(root))
