"""The hook for "stale generated code": asks codegen which generated files are out of date.

The gate calls `event_contracts._codegen.stale_files(project_root, head)` (looked up at run
time, so a test can stand in for it) when the contracts package (`package-dir`/`package` in the
config) exists: a project that does not generate code is not told its code is missing. It
returns the generated files (project-relative paths) that differ from what `event-contracts
generate` would write now; each becomes a STALE_GENERATED_CODE finding. Passing the head
catalog the gate already loaded spares codegen a second scan.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from event_contracts._compat.model import Finding
from event_contracts._gate.model import CheckCase
from event_contracts._schema.model import Catalog, Config

HOOK_MODULE = "event_contracts._codegen"
HOOK_NAME = "stale_files"
CASE = "generated code"

StaleHook = Callable[[Path, Catalog], Sequence[str]]
"""(project root, the head catalog the gate already loaded) -> stale project-relative paths."""


def find_hook() -> StaleHook | None:
    try:
        module: Any = importlib.import_module(HOOK_MODULE)
    except ImportError:
        return None
    hook = getattr(module, HOOK_NAME, None)
    return hook if callable(hook) else None


def stale_cases(
    root: Path, config: Config, hook: StaleHook | None, head: Catalog, *, prefix: str = "."
) -> list[CheckCase]:
    """`prefix`: the project root relative to the repository's top, for the findings' paths."""
    if hook is None or not (root / config.package_dir / config.package).is_dir():
        return []
    findings = tuple(
        Finding(
            rule="STALE_GENERATED_CODE",
            message=f"{path} is out of date with the schemas",
            fix="run `event-contracts generate` and commit the result",
            file=str(path) if prefix in ("", ".") else f"{prefix}/{path}",
        )
        for path in hook(root, head)
    )
    return [CheckCase(CASE, "up to date", findings)]
