"""Which reader union branch a written value lands in, when a reader resolves older data.

A value keeps the type it was written with where the reader's union has that type, even when
an earlier branch is one it promotes to (`["bytes", "string"]`, `["float", "int"]`), as Apache
Avro's Java reader does; only without its own type does it take the first branch it promotes to.
fastavro takes the first match, promotions included, so these are pinned here rather than
compared with it (`test_avro_differential._shadowing_union`).
"""

from __future__ import annotations

import enum
import io
import uuid
from pathlib import Path
from typing import Any

import fastavro
import pytest
from tests.codegen.helpers import import_generated, make_project, run_cli

import event_contracts as ec

ENUM = {"type": "enum", "name": "E", "symbols": ["A", "B", "C"], "default": "A"}
ENUM_GROWN = {**ENUM, "symbols": ["A", "B", "C", "Z"]}
UUID = {"type": "string", "logicalType": "uuid"}
ADDED = {"name": "added", "type": "int", "default": 0}
U = uuid.UUID("12345678-1234-5678-1234-567812345678")


def _ev(x: Any, *more: Any) -> dict[str, Any]:
    return {
        "type": "record",
        "name": "Ev",
        "namespace": "mod",
        "fields": [{"name": "x", "type": x}, *more],
    }


CASES = [  # writer's x, reader's x, written value, what the reader's class holds
    # the same union, another field added: each value keeps its branch
    (["bytes", "int", "string"], ["bytes", "int", "string"], "", ""),
    (["bytes", "int", "string"], ["bytes", "int", "string"], b"", b""),
    (["string", "bytes"], ["bytes", "string"], "a", "a"),
    (["string", "bytes"], ["bytes", "string"], b"\xff", b"\xff"),
    # a union whose enum grew a symbol: bytes stay bytes (not a string for the uuid branch)
    ([ENUM, "int", UUID, "bytes"], [ENUM_GROWN, "int", UUID, "bytes"], b"\xde\x9f", b"\xde\x9f"),
    ([ENUM, "int", UUID, "bytes"], [ENUM_GROWN, "int", UUID, "bytes"], "C", "C"),
    ([ENUM, "int", UUID, "bytes"], [ENUM_GROWN, "int", UUID, "bytes"], 5, 5),
    ([ENUM, "int", UUID, "bytes"], [ENUM_GROWN, "int", UUID, "bytes"], str(U), U),
    # an enum read by name (the union has an int): a symbol the reader lacks is its default
    ([ENUM, "int"], [{**ENUM, "symbols": ["B", "A"], "default": "A"}, "int"], "C", "A"),
    ([ENUM, "int"], [{**ENUM, "symbols": ["B", "A"], "default": "A"}, "int"], "B", "B"),
    # a plain writer type entering a union
    ("string", ["bytes", "string"], "hi", "hi"),
    ("int", ["float", "int"], 16777217, 16777217),
    ("int", ["double", "long"], 7, 7.0),  # no int branch: the first it promotes to
    (["int", "string"], ["string", "bytes", "long"], 7, 7),
    (["int", "string"], ["string", "bytes", "long"], "a", "a"),
    # promotions outside unions
    ("bytes", "string", b"hi", "hi"),
    ("string", "bytes", "hi", b"hi"),
]


def _classes(tmp: Path, writer: Any, reader: Any) -> Any:
    files = {"mod/Ev/v1.avsc": _ev(writer), "mod/Ev/v2.avsc": _ev(reader, ADDED)}
    package = make_project(tmp, files)
    (tmp / "schemas/mod/Ev/event.toml").write_text('description = "union"\nmode = "NONE"\n')
    code, out, err = run_cli(tmp, "generate")
    assert code == 0, (out, err)
    return import_generated(tmp, f"{package}.mod").EvV2


@pytest.mark.parametrize(("writer", "reader", "written", "held"), CASES)
def test_exact_branch_before_promotion(
    tmp_path: Path, writer: Any, reader: Any, written: Any, held: Any
) -> None:
    cls = _classes(tmp_path, writer, reader)
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(_ev(writer)), {"x": written})
    event = ec.decode(buf.getvalue(), into=cls, event_type="mod.Ev", version=1)
    got = event.x.value if isinstance(event.x, enum.Enum) else event.x
    assert (type(got), got) == (type(held), held)
    # and the class writes it back in that branch
    again = ec.decode(ec.encode(event), into=cls)
    assert again == event
