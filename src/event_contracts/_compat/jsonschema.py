"""JSON Schema compatibility with Confluent Schema Registry's semantics, offline and explained.

`check_jsonschema` gives the verdict the registry would give for a pair of schemas. It walks both
schemas the way Confluent's `SchemaDiff` does (`json_walk`), judges each difference with the
policy's set of allowed changes (`json_rules`), and for each breaking one searches for a JSON
document the writer accepts and the reader rejects (`json_data`).

Direction: Confluent compares the writer (its `original`) with the reader (its `update`).
BACKWARD: the new schema reads old data, so writer = old, reader = new. FORWARD swaps them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from event_contracts._compat.json_data import Checker, Generator
from event_contracts._compat.json_nodes import Loader, Node
from event_contracts._compat.json_rules import LENIENT, RULE_BY_ID, RULES, STRICT
from event_contracts._compat.json_walk import Difference, Walker
from event_contracts._compat.model import CompatResult, Direction, Finding, Mode, Policy

__all__ = ["RULES", "check_jsonschema", "diff_jsonschema"]

RULES: Mapping[str, str] = RULES
Side = Literal["old", "new"]

SEARCH_SECONDS = 0.25  # time bound for the counterexample search, per direction
SEARCH_CANDIDATES = 400  # and the most candidate documents tried per finding


class _Side:
    """One schema, loaded once: its loader and root node."""

    def __init__(self, raw: Any, base: Path | None) -> None:
        self.loader = Loader()
        self.doc = self.loader.document(raw, base)
        self.root: Node = self.loader.node(raw, "", self.doc)


def _allowed(policy: Policy) -> frozenset[str]:
    return LENIENT if policy is Policy.LENIENT else STRICT


def diff_jsonschema(
    writer: Any,
    reader: Any,
    *,
    policy: Policy = Policy.STRICT,
    writer_base: Path | None = None,
    reader_base: Path | None = None,
) -> list[Difference]:
    """Confluent's list of differences (compatible ones included) from writer to reader."""
    w, r = _Side(writer, writer_base), _Side(reader, reader_base)
    return Walker(_allowed(policy), w.loader, r.loader).run(w.root, r.root)


def check_jsonschema(
    old: Any,
    new: Any,
    mode: Mode,
    *,
    policy: Policy = Policy.STRICT,
    old_base: Path | None = None,
    new_base: Path | None = None,
) -> CompatResult:
    """The registry's verdict on `new` following `old` under `mode`, with explained findings."""
    policy = Policy(str(policy).upper())
    allowed = _allowed(policy)
    old_side, new_side = _Side(old, old_base), _Side(new, new_base)
    findings: list[Finding] = []
    for direction in mode.directions:
        writer, reader = (old_side, new_side) if direction == "backward" else (new_side, old_side)
        diffs = Walker(allowed, writer.loader, reader.loader).run(writer.root, reader.root)
        breaking = [d for d in diffs if d.rule not in allowed]
        tolerated = [d for d in diffs if d.rule in allowed and d.rule not in STRICT]
        findings.extend(_explain(breaking, tolerated, direction, writer, reader))
    return CompatResult(mode, tuple(findings))


def _explain(
    breaking: list[Difference],
    tolerated: list[Difference],
    direction: Direction,
    writer: _Side,
    reader: _Side,
) -> list[Finding]:
    if not breaking and not tolerated:
        return []
    old_new = ("the old schema", "the new schema")
    names = old_new if direction == "backward" else (old_new[1], old_new[0])
    w_name, r_name = names
    out: list[Finding] = []
    search = _Search(writer, reader) if breaking else None
    seen: set[tuple[str, str | None, str | None]] = set()
    for diff in breaking:
        key = (diff.rule, diff.writer_ptr, diff.reader_ptr)
        if key in seen:  # the same change reached twice through a recursive $ref
            continue
        seen.add(key)
        assert search is not None
        found, doc = search.run(diff)
        text = _message(diff, w_name, r_name)
        if found and doc is None:  # `counterexample` None means "none": say it here instead
            text += f" Counterexample: the document null is valid under {w_name}"
            text += f" and invalid under {r_name}."
        elif not found:
            text += (
                " No counterexample document was found within the search bound "
                f"({SEARCH_CANDIDATES} candidates or {SEARCH_SECONDS:.2f} s); the verdict "
                "follows Confluent's rule."
            )
        out.append(_finding(diff, direction, text, doc if found else None, "error", names))
    for diff in tolerated:
        text = _message(diff, w_name, r_name) + " Accepted only because the policy is LENIENT."
        out.append(_finding(diff, direction, text, None, "warning", names))
    return out


def _finding(
    diff: Difference,
    direction: Direction,
    text: str,
    doc: Any,
    severity: str,
    names: tuple[str, str],
) -> Finding:
    rule = RULE_BY_ID.get(diff.rule)
    # Point where the change is visible: what the reader lacks is shown in the writer, the rest
    # in the reader (whose text is what the author just edited, under BACKWARD).
    only_in_writer = diff.rule.startswith(("PROPERTY_REMOVED", "ITEM_REMOVED", "SCHEMA_REMOVED"))
    on_writer = diff.reader_ptr is None or (only_in_writer and diff.writer_ptr is not None)
    ptr = diff.writer_ptr if on_writer else diff.reader_ptr
    if ptr is None or "#" in ptr:  # absent, or inside a sibling file: use Confluent's path
        ptr = "/" + diff.path if diff.path else ""
    writer_side: Side = "old" if direction == "backward" else "new"
    reader_side: Side = "new" if direction == "backward" else "old"
    return Finding(
        rule=diff.rule,
        message=text,
        direction=direction,
        severity="error" if severity == "error" else "warning",
        pointer=ptr,
        pointer_side=writer_side if on_writer else reader_side,
        fix=rule.fix_for(direction, *names) if rule is not None else "",
        counterexample=doc,
    )


_KEYWORDS = frozenset(
    [
        "maxLength",
        "minLength",
        "pattern",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "multipleOf",
        "maxProperties",
        "minProperties",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "enum",
        "const",
    ]
)


def _where(path: str) -> str:
    """The schema location a Confluent path names, in words."""
    parts = path.split("/") if path else []
    if parts and parts[-1] in _KEYWORDS and (len(parts) < 2 or parts[-2] != "properties"):
        parts = parts[:-1]  # "the keyword at X" reads as "at X"
        path = "/".join(parts)
    if len(parts) >= 2 and parts[-2] in ("properties", "required", "dependencies"):
        name = parts[-1]
        parent = "/".join(parts[:-2])
        return f"property '{name}'" + (f" (under /{parent})" if parent else "")
    if len(parts) >= 2 and parts[-2] == "items" and parts[-1].isdigit():
        return f"item {parts[-1]} of the array at /{'/'.join(parts[:-2])}"
    return f"/{path}" if path else "the root"


def _message(diff: Difference, writer: str, reader: str) -> str:
    rule = RULE_BY_ID.get(diff.rule)
    template = rule.explain if rule is not None else diff.rule
    text = template.format(writer=writer, reader=reader, where=_where(diff.path))
    return text[0].upper() + text[1:]


class _Search:
    """The bounded counterexample search for one direction."""

    def __init__(self, writer: _Side, reader: _Side) -> None:
        self.writer, self.reader = writer, reader
        self.deadline = time.perf_counter() + SEARCH_SECONDS
        self.cache: dict[str, tuple[bool, Any]] = {}

    def run(self, diff: Difference) -> tuple[bool, Any]:
        if diff.path not in self.cache:
            try:
                self.cache[diff.path] = self._search(diff)
            except Exception:  # a schema jsonschema cannot apply: the verdict stands without one
                self.cache[diff.path] = (False, None)
        return self.cache[diff.path]

    def _search(self, diff: Difference) -> tuple[bool, Any]:
        checker = Checker(self.writer.doc, self.reader.doc)
        gen = Generator(self.writer.loader, self.reader.loader, checker.writer, self.deadline)
        focus = [p for p in diff.path.split("/") if p] if diff.path else []
        docs = gen.documents(self.writer.root, self.reader.root, focus)
        return checker.search(docs, self.deadline, SEARCH_CANDIDATES)
