"""Code generation: schemas → frozen pydantic classes in the contracts package.

parse (`avro.py`, `jsonschema.py`) → plan (`plan.py`) → render (`render.py`, `package.py`);
`writer.py` compares the result with the disk. `stale_files` is what the gate calls.
"""

from event_contracts._codegen.writer import Change, changes, diff, stale_files, write

__all__ = ["Change", "changes", "diff", "stale_files", "write"]
