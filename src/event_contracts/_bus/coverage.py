"""Handler coverage, found by reading the code (AST): nothing is imported or run.

With `handlers = { orders = "src/orders/handlers" }` in `[tool.event-contracts]`, every Python
file under each folder is parsed for `@subscriber(Cls, module="...")` (or any `x.subscriber(...)`)
and `x.add(Cls, fn, module="...")`; `Cls` is traced through the file's imports to
`<package>.<producer>.<EventName>[V<n>]`, i.e. to an event type. Then:

- HANDLER_MISSING: a module declared as a subscriber in event.toml has no handler for the type
  (a handler of a type that supersedes it counts: it receives the old events too);
- HANDLER_UNDECLARED: a module handles a type whose event.toml does not list it (an undeclared
  dependency);
- HANDLER_ON_DEPRECATED (warning): a handler of a deprecated type.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.model import Catalog, Config, EventType
from event_contracts.errors import Problem

_VERSIONED = re.compile(r"^(?P<name>[A-Z][A-Za-z0-9]*?)V[1-9][0-9]*$")


@dataclass(frozen=True, slots=True)
class FoundHandler:
    module: str
    event_type: str
    file: Path
    line: int


def handler_file(root: Path, config: Config, module: str, event: EventType) -> Path:
    """Where `new subscriber` writes, and `HANDLER_MISSING` points: <folder>/<event_name>.py."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", event.name).lower()
    return root / config.handlers[module] / f"{snake}.py"


def find_handlers(root: Path, catalog: Catalog) -> list[FoundHandler]:
    out: list[FoundHandler] = []
    for module, folder in catalog.config.handlers.items():
        base = root / folder
        for path in sorted(base.rglob("*.py")) if base.is_dir() else ():
            out.extend(_in_file(path, module, catalog))
    return out


def coverage(root: Path, catalog: Catalog) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of handler coverage; nothing when no `handlers` are configured."""
    config = catalog.config
    if not config.handlers:
        return [], []
    found = find_handlers(root, catalog)
    handled = {(h.module, h.event_type) for h in found}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for t in catalog:
        covered_by = {t.id} | _superseding(catalog, t.id)
        for module in t.subscribers:
            if module not in config.handlers:
                continue
            if not any((module, c) in handled for c in covered_by):
                path = handler_file(root, config, module, t)
                errors.append(
                    Problem(
                        "HANDLER_MISSING",
                        path,
                        f"{module} subscribes to {t.id} (event.toml) but has no handler for it "
                        f"under {config.handlers[module]}",
                        f"event-contracts new subscriber {t.id} --module {module}",
                    )
                )
    for h in found:
        t = catalog.event_types.get(h.event_type)
        if t is None:
            continue
        declared = {h.module} & set(t.subscribers)
        if not declared and not any(
            o in catalog.event_types and h.module in catalog[o].subscribers
            for o in _superseded(catalog, t.id)
        ):
            errors.append(
                Problem(
                    "HANDLER_UNDECLARED",
                    h.file,
                    f"{h.module} handles {t.id}, which does not list {h.module} as a subscriber "
                    "(an undeclared dependency)",
                    f"add {h.module!r} to subscribers in {t.path / 'event.toml'}",
                    line=h.line,
                )
            )
        if t.deprecated is not None:
            warnings.append(
                Problem(
                    "HANDLER_ON_DEPRECATED",
                    h.file,
                    f"{h.module} handles deprecated {t.id}: {t.deprecated}",
                    "handle the type that supersedes it (its handler also receives the old events)",
                    line=h.line,
                )
            )
    return errors, warnings


def _superseding(catalog: Catalog, type_id: str) -> set[str]:
    """Types that (transitively) supersede `type_id`."""
    out: set[str] = set()
    frontier = {type_id}
    while frontier:
        frontier = {t.id for t in catalog if t.supersedes in frontier} - out
        out |= frontier
    return out


def _superseded(catalog: Catalog, type_id: str) -> list[str]:
    out: list[str] = []
    t = catalog.event_types.get(type_id)
    while t is not None and t.supersedes is not None and t.supersedes not in out:
        out.append(t.supersedes)
        t = catalog.event_types.get(t.supersedes)
    return out


def _in_file(path: Path, module: str, catalog: Catalog) -> Iterator[FoundHandler]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return
    names = _imported_names(tree, catalog.config.package)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if attr not in ("subscriber", "add"):
            continue
        target = _dotted(node.args[0])
        if target is None:
            continue
        event_type = _event_type(target, names, catalog)
        if event_type is None:
            continue
        owner = module
        for kw in node.keywords:
            if kw.arg == "module" and isinstance(kw.value, ast.Constant):
                owner = str(kw.value.value)
        yield FoundHandler(owner, event_type, path, node.lineno)


def _imported_names(tree: ast.Module, package: str) -> dict[str, str]:
    """Local name -> dotted origin for imports from the contracts package."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == package:
                for alias in node.names:
                    out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package:
                    local = alias.asname or alias.name.split(".")[0]
                    out[local] = alias.name if alias.asname else alias.name.split(".")[0]
    return out


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner is not None else None
    return None


def _event_type(target: str, names: dict[str, str], catalog: Catalog) -> str | None:
    head, _, rest = target.partition(".")
    origin = names.get(head)
    if origin is None:
        return None
    full = f"{origin}.{rest}" if rest else origin
    parts = full.split(".")
    if len(parts) < 3:
        return None
    class_name = parts[-1]
    m = _VERSIONED.match(class_name)
    for name in (class_name, m.group("name") if m else None):
        type_id = f"{parts[1]}.{name}"
        if name is not None and type_id in catalog.event_types:
            return type_id
    return None
