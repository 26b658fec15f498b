"""JSON Schema compatibility with Confluent Schema Registry's semantics, offline and explained.

`check_jsonschema` walks both schemas the way Confluent's `SchemaDiff` does (`json_walk`), corrects
Confluent's differences with what JSON Schema means where Confluent does not look (`json_sound`),
judges each difference with the policy's set of allowed changes (`json_rules`,
`json_rules_sound`), and for each breaking one searches for a JSON document the writer accepts
and the reader rejects (`json_data`). When the rules find nothing breaking but some constraint
changed, the same search runs as a safety net, within a smaller bound: a document found is an
error (COUNTEREXAMPLE_FOUND). Each finding says whether Confluent Schema Registry itself would
accept the change (`registry_accepts`), from a walk with Confluent's rules alone.

Direction: Confluent compares the writer (its `original`) with the reader (its `update`).
BACKWARD: the new schema reads old data, so writer = old, reader = new. FORWARD swaps them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from event_contracts._compat.json_data import Checker, Generator
from event_contracts._compat.json_nodes import Loader, Node
from event_contracts._compat.json_rules import LENIENT, STRICT, Rule
from event_contracts._compat.json_rules import RULE_BY_ID as CONFLUENT_RULES
from event_contracts._compat.json_rules_sound import CONSERVATIVE, SOUND_OK, SOUND_RULES
from event_contracts._compat.json_sound import METADATA
from event_contracts._compat.json_vacuous import proven_harmless
from event_contracts._compat.json_walk import Difference, Walker
from event_contracts._compat.model import CompatResult, Direction, Finding, Mode, Policy

__all__ = ["RULES", "check_jsonschema", "diff_jsonschema"]

RULE_BY_ID: Mapping[str, Rule] = MappingProxyType(
    {**CONFLUENT_RULES, **{r.id: r for r in SOUND_RULES}}
)
RULES: Mapping[str, str] = MappingProxyType({k: r.purpose for k, r in RULE_BY_ID.items()})
Side = Literal["old", "new"]

SEARCH_SECONDS = 0.25  # time bound for the counterexample search, per direction
SEARCH_CANDIDATES = 400  # and the most candidate documents tried per finding
NET_SECONDS = 0.02  # the safety net's bound, per direction, when the rules find nothing
NET_CANDIDATES = 32


class _Side:
    """One schema, loaded once: its loader and root node."""

    def __init__(self, raw: Any, base: Path | None, *, sound: bool = True) -> None:
        self.raw, self.base = raw, base
        self.loader = Loader(sound=sound)
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
    sound: bool = False,
) -> list[Difference]:
    """Confluent's list of differences (compatible ones included) from writer to reader.

    `sound=True`: the list our verdict is made of, Confluent's corrected by our own rules.
    """
    w = _Side(writer, writer_base, sound=sound)
    r = _Side(reader, reader_base, sound=sound)
    ok = _allowed(policy) | SOUND_OK if sound else _allowed(policy)
    return Walker(ok, w.loader, r.loader, sound=sound).run(w.root, r.root)


def check_jsonschema(
    old: Any,
    new: Any,
    mode: Mode,
    *,
    policy: Policy = Policy.STRICT,
    old_base: Path | None = None,
    new_base: Path | None = None,
) -> CompatResult:
    """Our verdict on `new` following `old` under `mode`, with explained findings.

    Confluent's rules where they hold, what data says where they do not; each finding says
    whether Confluent Schema Registry would accept the change (`registry_accepts`).
    """
    policy = Policy(str(policy).upper())
    allowed = _allowed(policy)
    ok = allowed | SOUND_OK
    old_side, new_side = _Side(old, old_base), _Side(new, new_base)
    findings: list[Finding] = []
    cost = _Cost()
    walks = []
    for direction in mode.directions:
        writer, reader = (old_side, new_side) if direction == "backward" else (new_side, old_side)
        diffs = Walker(ok, writer.loader, reader.loader, sound=True).run(writer.root, reader.root)
        walks.append((direction, writer, reader, diffs))
    # the safety net only runs while the verdict is "compatible": it could not change it otherwise
    settled = any(d.rule not in ok for *_, diffs in walks for d in diffs)
    for direction, writer, reader, diffs in walks:
        breaking = [d for d in diffs if d.rule not in ok]
        tolerated = [d for d in diffs if d.rule in allowed and d.rule not in STRICT]
        if not settled and not tolerated:  # LENIENT accepts what a document would show
            breaking = _safety_net(diffs, writer, reader, cost)
            settled = bool(breaking)
        if not breaking and not tolerated:
            continue
        accepts = _registry_accepts(writer, reader, allowed)
        found = _explain(breaking, tolerated, direction, writer, reader, cost)
        findings.extend(
            replace(f, registry_accepts=accepts or f.severity != "error") for f in found
        )
    return CompatResult(mode, tuple(findings), searched=cost.tried, search_seconds=cost.seconds)


class _Cost:
    """What the counterexample searches of one check cost: documents tried and seconds."""

    def __init__(self) -> None:
        self.tried = 0
        self.seconds = 0.0


def _registry_accepts(writer: _Side, reader: _Side, allowed: frozenset[str]) -> bool:
    """Confluent's verdict for this direction: a walk with its rules alone."""
    w = _Side(writer.raw, writer.base, sound=False)
    r = _Side(reader.raw, reader.base, sound=False)
    diffs = Walker(allowed, w.loader, r.loader).run(w.root, r.root)
    return all(d.rule in allowed for d in diffs)


def _safety_net(
    diffs: list[Difference], writer: _Side, reader: _Side, cost: _Cost
) -> list[Difference]:
    """The rules say compatible: look for a document anyway where a constraint changed."""
    changed = [d for d in diffs if d.rule not in METADATA]
    if writer.doc.judge != reader.doc.judge:  # one keyword may mean two things: look anyway
        changed.append(Difference("COUNTEREXAMPLE_FOUND", "", writer.root.ptr, reader.root.ptr))
    if all(proven_harmless(d, writer.raw, reader.raw) for d in changed):
        return []  # no document can show these changes: nothing to search (json_vacuous.py)
    search = _Search(writer, reader, NET_SECONDS, NET_CANDIDATES, cost)
    for diff in changed:
        found, doc = search.run(diff)
        if found and doc is not None:
            return [Difference("COUNTEREXAMPLE_FOUND", diff.path, diff.writer_ptr, diff.reader_ptr)]
        if search.exhausted():
            break
    return []


def _explain(
    breaking: list[Difference],
    tolerated: list[Difference],
    direction: Direction,
    writer: _Side,
    reader: _Side,
    cost: _Cost,
) -> list[Finding]:
    if not breaking and not tolerated:
        return []
    old_new = ("the old schema", "the new schema")
    names = old_new if direction == "backward" else (old_new[1], old_new[0])
    w_name, r_name = names
    out: list[Finding] = []
    search = _Search(writer, reader, SEARCH_SECONDS, SEARCH_CANDIDATES, cost) if breaking else None
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
            text += _no_witness(diff.rule)
        out.append(_finding(diff, direction, text, doc if found else None, "error", names))
    for diff in tolerated:
        text = _message(diff, w_name, r_name) + " Accepted only because the policy is LENIENT."
        out.append(_finding(diff, direction, text, None, "warning", names))
    return out


def _no_witness(rule: str) -> str:
    bound = f"({SEARCH_CANDIDATES} candidates or {SEARCH_SECONDS:.2f} s)"
    text = f" No counterexample document was found within the search bound {bound}; "
    if rule in CONSERVATIVE:
        return text + (
            "this rule is conservative: the change may be safe, but the checker cannot prove it."
        )
    if rule in CONFLUENT_RULES:
        return text + "the verdict follows Confluent's rule."
    return text + "the rule's verdict stands."


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

    def __init__(
        self, writer: _Side, reader: _Side, seconds: float, candidates: int, cost: _Cost
    ) -> None:
        self.writer, self.reader = writer, reader
        self.started = time.perf_counter()
        self.deadline = self.started + seconds
        self.candidates = candidates
        self.cost = cost
        self.cache: dict[str, tuple[bool, Any]] = {}

    def exhausted(self) -> bool:
        return time.perf_counter() > self.deadline

    def run(self, diff: Difference) -> tuple[bool, Any]:
        if diff.path not in self.cache:
            start = time.perf_counter()
            try:
                self.cache[diff.path] = self._search(diff)
            except Exception:  # a schema jsonschema cannot apply: the verdict stands without one
                self.cache[diff.path] = (False, None)
            self.cost.seconds += time.perf_counter() - start
        return self.cache[diff.path]

    def _search(self, diff: Difference) -> tuple[bool, Any]:
        checker = Checker(self.writer.doc, self.reader.doc)
        gen = Generator(self.writer.loader, self.reader.loader, checker.writer, self.deadline)
        focus = [p for p in diff.path.split("/") if p] if diff.path else []
        docs = gen.documents(self.writer.root, self.reader.root, focus)
        try:
            return checker.search(docs, self.deadline, self.candidates)
        finally:
            self.cost.tried += checker.tried
