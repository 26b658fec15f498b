"""Load a working tree's upcaster module (`<package>/upcasters.py`) into a registry of its own.

The module runs under its package's name with `@upcaster` collecting into a fresh registry, so
the steps never mix with those the process itself registered (a test session, a service).
"""

from __future__ import annotations

import functools
import inspect
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path

from event_contracts._authoring.upcaster_stub import STUB_MARK
from event_contracts._runtime.schemas import UPCASTERS_MODULE
from event_contracts._runtime.upcast import Payload, Step, UpcasterRegistry, UpcastFn, collecting


@dataclass(frozen=True, slots=True)
class Loaded:
    path: Path
    steps: tuple[Step, ...]
    error: str | None = None
    """Why the module could not be run (its steps up to the failure are kept)."""


def upcasters_path(package_dir: Path) -> Path:
    return package_dir / f"{UPCASTERS_MODULE}.py"


def load_steps(path: Path, package: str) -> Loaded:
    registry = UpcasterRegistry()
    if not path.is_file():
        return Loaded(path, ())
    # The module may import its own package (`from integration_events.catalog import ...`):
    # its folder's parent goes on the path while it runs, after anything already importable.
    search = str(path.parent.parent)
    added = search not in sys.path
    if added:
        sys.path.append(search)
    try:
        with collecting(registry):
            runpy.run_path(str(path), run_name=f"{package}.{UPCASTERS_MODULE}")
    except Exception as exc:  # the project's own code: any failure is a finding
        return Loaded(path, registry.steps, f"{type(exc).__name__}: {exc}")
    finally:
        if added:
            sys.path.remove(search)
    return Loaded(path, registry.steps)


def is_stub(step: Step) -> bool:
    try:
        source = inspect.getsource(step.fn)
    except (OSError, TypeError):
        return False
    return STUB_MARK in source


def line_of(step: Step) -> int | None:
    code = getattr(step.fn, "__code__", None)
    return code.co_firstlineno if code is not None else None


def rehome(steps: tuple[Step, ...], package: str) -> UpcasterRegistry:
    """A registry with the same steps, owned by `package` (the proof's temporary package)."""
    registry = UpcasterRegistry()
    for s in steps:
        registry.register(
            s.event_type,
            s.from_version,
            s.to_version,
            _owned(s, package),
            target_type=s.target_type,
        )
    return registry


def _owned(step: Step, package: str) -> UpcastFn:
    fn = step.fn

    @functools.wraps(fn)
    def run(data: Payload) -> Payload:
        return fn(data)

    run.__module__ = f"{package}.{UPCASTERS_MODULE}"
    return run
