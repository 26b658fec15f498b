"""One difference between a writer and a reader schema, and where it is in each."""

from __future__ import annotations

from dataclasses import dataclass

from event_contracts._compat.json_nodes import Node
from event_contracts._schema.jsonpos import escape


@dataclass(frozen=True, slots=True)
class Difference:
    """One change Confluent would list: rule id, Confluent path, and where it is in each schema."""

    rule: str
    path: str  # Confluent's path without the leading "#/", e.g. "properties/foo"
    writer_ptr: str | None
    reader_ptr: str | None

    def confluent(self) -> str:
        return f"{self.rule} #/{self.path}"


Diffs = list[Difference]


def at(ptr: str, *tokens: str | int) -> str:
    for t in tokens:
        t = str(t)
        ptr += "/" + (escape(t) if "~" in t or "/" in t else t)
    return ptr


def kw(node: Node, word: str) -> str | None:
    """Pointer of keyword `word` in `node`'s own object, or None if it is not written there."""
    if isinstance(node.raw, dict) and word in node.raw:
        return at(node.ptr, word)
    return None
