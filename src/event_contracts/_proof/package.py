"""The event types a proof needs, generated from the working tree into a temporary package.

The package gets a name of its own (`_ec_proof_<random>`), so it never collides with the
contracts package the process may have imported; it holds exactly the generator's output for
those types (the same text `generate` commits) and a `_schemas/` copy of their folders (and of
the lock). The
working tree's upcasters run against it through a registry of their own (`steps.rehome`).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

from event_contracts._codegen.writer import expected_tree
from event_contracts._runtime.schemas import clear_cache
from event_contracts._schema.filehash import folder_ids
from event_contracts._schema.lock import LOCK_NAME
from event_contracts._schema.model import Catalog

PREFIX = "_ec_proof_"


@contextmanager
def proof_package(head: Catalog, type_ids: Collection[str]) -> Iterator[str]:
    """Generate `type_ids` of `head` into a temporary importable package; yield its name."""
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    config = dataclasses.replace(head.config, package=name)
    # the head's own types and files, not copies: its files' ids are known and nothing in the
    # process writes the schemas folder while the gate runs
    types = {t: head[t] for t in sorted(type_ids)}
    ids = head.file_ids if head.file_ids is not None else folder_ids(head.root)
    folders = tuple(f"{t.module}/{t.name}/" for t in types.values())
    schema_ids = {
        rel: sha for rel, sha in ids.items() if rel.startswith(folders) or rel == LOCK_NAME
    }
    catalog = Catalog(head.root, config, MappingProxyType(types), schema_ids)
    with tempfile.TemporaryDirectory(prefix="ec-proof-") as tmp:
        pkg = Path(tmp) / "pkg" / name
        tree = expected_tree(catalog, config, pkg, schema_ids=schema_ids)
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
