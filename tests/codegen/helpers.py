"""Build throwaway projects with given schemas, generate them, import the result."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from event_contracts._cli.main import main


def make_project(root: Path, schemas: dict[str, Any], *, package: str | None = None) -> str:
    """`schemas` maps `module/EventName/vN.avsc|json` to a schema; returns the package name."""
    package = package or f"gen_{uuid.uuid4().hex[:10]}"
    (root / "pyproject.toml").write_text(
        f'[tool.event-contracts]\npackage = "{package}"\npackage-dir = "src"\n'
    )
    for rel, schema in schemas.items():
        path = root / "schemas" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        toml = path.parent / "event.toml"
        if not toml.exists():
            toml.write_text('description = "test event"\n')
        if isinstance(schema, dict) and rel.endswith(".json"):
            schema = {"title": path.parent.name, **schema}
        path.write_text(schema if isinstance(schema, str) else json.dumps(schema, indent=1))
    (root / "src" / package).mkdir(parents=True, exist_ok=True)
    return package


def run_cli(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return code, out.getvalue(), err.getvalue()


def import_generated(root: Path, module: str) -> Any:
    src = str(root / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    importlib.invalidate_caches()
    return importlib.import_module(module)
