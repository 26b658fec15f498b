"""Append a stub upcaster (old type's latest version -> new type's v1) to the upcaster module.

The module is hand-written: we only ever append to it, or create it when it does not exist.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from event_contracts._schema.names import snake_case
from event_contracts.errors import UsageError

HEADER = '''"""Hand-written upcasters: the steps schema resolution cannot make on its own.

Each function takes a payload (a plain dict) of one event type and version and returns the
payload of the next; `target_type` crosses to the event type that supersedes it.
"""

from __future__ import annotations

from typing import Any

from event_contracts import upcaster
'''


LINE_LENGTH = 100
STUB_MARK = "event-contracts:stub"
"""Marks a step as scaffolded and unedited: `check` reports it (UPCASTER_STUB) until replaced."""


@dataclass(frozen=True, slots=True)
class Stub:
    path: Path
    function: str
    text: str
    created: bool


def plan_stub(path: Path, old_id: str, old_version: int, new_id: str, new_version: int = 1) -> Stub:
    """Work out what to append (refusing before anything is written when it cannot be done)."""
    existing = ""
    exists = path.exists()
    if exists:
        if not path.is_file():
            raise UsageError(f"{path} exists and is not a file; move it away first")
        existing = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(existing, filename=str(path))
    except SyntaxError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}: the upcaster module does not parse ({exc.msg}); fix it first"
        ) from None
    bound = _module_names(tree)
    old_mod, old_name = old_id.split(".")
    new_mod, new_name = new_id.split(".")
    function = f"{snake_case(old_name)}_v{old_version}_to_{snake_case(new_name)}_v{new_version}"
    if function in bound:
        qualified = f"{old_mod}_{function.replace('_to_', f'_to_{new_mod}_', 1)}"
        if qualified in bound:
            raise UsageError(
                f"{path} already defines {function} and {qualified}; "
                "an upcaster for this step exists already: edit it instead"
            )
        function = qualified
    imports: list[str] = []
    if existing:
        # Imports the stub needs but the module lacks: appended (we never insert above).
        if "Any" not in bound:
            imports.append("from typing import Any  # noqa: E402")
        if "upcaster" not in bound:
            imports.append("from event_contracts import upcaster  # noqa: E402")
    stub = _stub_source(old_id, old_version, new_id, new_version, function)
    if not existing.strip():
        return Stub(path, function, HEADER + "\n\n" + stub, created=not exists)
    # Two blank lines before each appended top-level block, as ruff format wants.
    trailing = len(existing) - len(existing.rstrip("\n"))
    text = "\n" * max(0, 3 - trailing)
    if imports:
        text += "\n".join(imports) + "\n\n\n"
    text += stub
    return Stub(path, function, text, created=False)


def _stub_source(old_id: str, old_v: int, new_id: str, new_v: int, function: str) -> str:
    """The stub, laid out as `ruff format` lays it out (line length 100)."""
    args = [json.dumps(old_id), str(old_v), str(new_v), f"target_type={json.dumps(new_id)}"]
    one_line = f"@upcaster({', '.join(args)})"
    if len(one_line) <= LINE_LENGTH:
        decorator = one_line
    elif len("    " + ", ".join(args)) <= LINE_LENGTH:
        decorator = "@upcaster(\n    " + ", ".join(args) + "\n)"
    else:
        decorator = "@upcaster(\n" + "".join(f"    {a},\n" for a in args) + ")"
    signature = f"def {function}(data: dict[str, Any]) -> dict[str, Any]:"
    if len(signature) > LINE_LENGTH:
        signature = f"def {function}(\n    data: dict[str, Any],\n) -> dict[str, Any]:"
    return (
        f"{decorator}\n{signature}\n"
        f'    """TODO: map {old_id} v{old_v} to {new_id} v{new_v}."""\n'
        f"    # {STUB_MARK}: the gate fails until this step maps the data; then delete this line\n"
        "    return dict(data)\n"
    )


def write_stub(stub: Stub) -> None:
    stub.path.parent.mkdir(parents=True, exist_ok=True)
    mode = "x" if stub.created else "a"
    with stub.path.open(mode, encoding="utf-8") as fh:
        fh.write(stub.text)


def _module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level (imports, functions, classes, assignments)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names
