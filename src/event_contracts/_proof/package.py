"""The event types a proof needs, generated from the working tree into a temporary package.

The package gets a name of its own (`_ec_proof_<random>`), so it never collides with the
contracts package the process may have imported; it holds exactly the generator's output for
those types (the same text `generate` commits) and a `_schemas/` copy of their folders. The
working tree's upcasters run against it through a registry of their own (`steps.rehome`).
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import tempfile
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from event_contracts._codegen.writer import expected_tree
from event_contracts._runtime.schemas import clear_cache
from event_contracts._schema.filehash import folder_ids
from event_contracts._schema.loader import scan
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog
from event_contracts.errors import SchemaError

PREFIX = "_ec_proof_"


@contextmanager
def proof_package(head: Catalog, type_ids: Collection[str]) -> Iterator[str]:
    """Generate `type_ids` of `head` into a temporary importable package; yield its name."""
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    config = dataclasses.replace(head.config, package=name)
    with tempfile.TemporaryDirectory(prefix="ec-proof-") as tmp:
        schemas = Path(tmp) / "schemas"
        for type_id in sorted(type_ids):
            t = head[type_id]
            shutil.copytree(t.path, schemas / t.module / t.name)
        lock = head.root / LOCK_NAME
        if lock.is_file():
            shutil.copyfile(lock, schemas / LOCK_NAME)
        catalog, problems = scan(schemas, config=config, deep=False)
        if problems:
            raise SchemaError(problems)
        pkg = Path(tmp) / "pkg" / name
        # a temporary folder, outside any repository: hashed here, no git asked
        tree = expected_tree(catalog, config, pkg, schema_ids=folder_ids(schemas, git=False))
        tree.files.setdefault("__init__.py", b'"""Generated for a proof of the gate."""\n')
        for rel, content in tree.files.items():
            path = pkg / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        sys.path.insert(0, str(pkg.parent))
        # imported once and thrown away: no bytecode to write (and delete again)
        writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True
        try:
            yield name
        finally:
            sys.dont_write_bytecode = writes
            sys.path.remove(str(pkg.parent))
            for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
                del sys.modules[module]
            clear_cache()
